#!/usr/bin/env bash
# GUI tests of codes as people handle them and of the plots (issue 12, items 3 and 4): the real program under X,
# driven with xdotool at the positions its --test-report gives.
#   codes_test.sh APP CLI SCENARIO
#   seed      typing a seed shows its code (checked against seed_code.py, computed apart from the program) and
#             changes the image; Back, Forward and Alt+Left/Right walk the history of codes
#   seed_cli  a seed typed in the window gives the image `latentlab-cli sample --seed` gives for it
#   pad       dragging the 2D pad moves its two dimensions (the two most used) and nothing else; one history entry
#   gan       a GAN: truncation psi changes the image but not the code; no beta field, no test-loss legend,
#             d_real and d_fake explained; a VAE shows the beta field and the legend (the checks can fail)
#   plots     round ticks on the loss plot, event labels that never overlap, the KL bar under the mouse, the
#             manifold on the two most used dimensions, a VAE's test-loss legend
set -euo pipefail
app=$(realpath "$1") cli=$(realpath "$2") scenario=$3
here=$(dirname "$(realpath "$0")")
source "$(dirname "$(realpath "$0")")/gui_test_lib.sh"

start() {  # start ARGS...: the window, until its sliders are there
  "$app" --no-layout "$@" --test-report "$report" >"$work/app.log" 2>&1 &
  pid=$!
  wait_for "'slider0' in r.get('items', {}) and 'seed_input' in r['items'] and len(r.get('code', [])) > 0" 90
}
# Dear ImGui 1.86 reads key state once a frame, and a loaded machine draws 3 frames a second: keys are held for
# longer than a frame (the shortcuts and Enter here do not repeat, or repeat harmlessly).
hold() { xdotool keydown "$1" sleep 0.8 keyup "$1" sleep 0.2; }
type_text() {  # type_text ITEM TEXT: click the field, select what is there, type, Enter
  focus
  read -r x y < <(left "$1")
  xdotool mousemove "$x" "$y" sleep 0.3 click 1 sleep 0.6
  hold ctrl+a
  xdotool type --delay 60 "$2"
  sleep 0.5
  hold Return
}
type_seed() {  # type_seed N: its code, said by the report
  type_text seed_input "$1"
  wait_for "r['code_seed'] == $1" 20
}
code_of() { python3 "$here/seed_code.py" "$1" "$(fact "['latent_dims']")"; }
# The report's code equals EXPECTED (JSON list) to float precision.
code_is() { holds "all(abs(a - b) < 1e-5 for a, b in zip(r['code'], $1)) and len(r['code']) == len($1)"; }
# drag X0 Y0 X1 Y1: press, move in steps, release, as a hand does.
drag() {
  xdotool mousemove "$1" "$2" sleep 0.3 mousedown 1 sleep 0.3
  for f in 1 2 3 4; do
    xdotool mousemove $(( $1 + ($3 - $1) * f / 4 )) $(( $2 + ($4 - $2) * f / 4 )) sleep 0.2
  done
  xdotool sleep 0.3 mouseup 1 sleep 0.3
}
box() { python3 -c "import json; i=json.load(open('$report'))['items']['$1']; print(int(i['x0']), int(i['y0']), int(i['x1']), int(i['y1']))"; }

case "$scenario" in
  seed)
    start --data shapes --model vae-mlp
    before=$(fact "['decoded_hash']")
    type_seed 42
    want42=$(code_of 42)
    code_is "$want42" || { echo "FAIL: seed 42 gave $(fact "['code']"), not $want42"; exit 1; }
    wait_for "r['decoded_hash'] != '$before'" 10
    hash42=$(fact "['decoded_hash']")
    type_seed 7
    code_is "$(code_of 7)" || { echo "FAIL: seed 7 gave $(fact "['code']")"; exit 1; }
    wait_for "r['decoded_hash'] != '$hash42'" 10
    size=$(fact "['history_size']")
    # Back (the button) returns to seed 42, with its image and its seed; Forward to seed 7.
    click history_back
    wait_for "r['code_seed'] == 42 and r['decoded_hash'] == '$hash42'" 10
    code_is "$want42" || { echo "FAIL: Back did not restore seed 42's code"; exit 1; }
    click history_forward
    wait_for "r['code_seed'] == 7" 10
    # The keys: Alt+Left, Alt+Right; R draws a new code, which drops nothing before it.
    focus
    hold alt+Left
    wait_for "r['code_seed'] == 42" 10
    hold alt+Right
    wait_for "r['code_seed'] == 7" 10
    hold r
    wait_for "r['history_size'] == $size + 1 and r['code_seed'] not in (7, 42)" 10
    hold alt+Left
    wait_for "r['code_seed'] == 7" 10
    # Not a number: said in the window, the code stays.
    type_text seed_input "1.5"
    sleep 1
    code_is "$(code_of 7)" || { echo "FAIL: a bad seed changed the code"; exit 1; }
    echo "PASS: seed 42 and 7 gave their codes and images; Back, Forward, Alt+Left/Right and R walk the history"
    ;;
  seed_cli)
    "$cli" train --data shapes --model vae-mlp --latent 6 --hidden 32 --steps 30 --out "$work/run" > /dev/null
    start --run "$work/run"
    type_seed 1234
    click export_image
    wait_for "r['last_export'].endswith('.png')" 30
    "$cli" sample --run "$work/run" --n 1 --seed 1234 --out "$work/cli.png" > /dev/null
    /usr/bin/python3 - "$(fact "['last_export']")" "$work/cli.png" <<'PY'  # Debian's python3-pil
import sys
from PIL import Image
window, cli = (Image.open(p).convert("L") for p in sys.argv[1:3])
cli = cli.crop((2, 2, cli.width - 2, cli.height - 2))  # the grid's border around its one image
factor = window.width // cli.width
assert window.width == cli.width * factor, (window.size, cli.size)
small = window.resize(cli.size, Image.NEAREST) if factor > 1 else window
diff = max(abs(a - b) for a, b in zip(small.getdata(), cli.getdata()))
print("window", window.size, "cli", cli.size, "largest pixel difference", diff)
sys.exit(0 if diff <= 1 else 1)
PY
    echo "PASS: seed 1234 in the window is the image latentlab-cli sample --seed 1234 draws"
    ;;
  pad)
    start --data shapes --model vae-mlp
    type_seed 3
    before=$(fact "['code']") size=$(fact "['history_size']")
    read -r px py <<<"$(fact "['pad_dims'][0]") $(fact "['pad_dims'][1]")"
    read -r x0 y0 x1 y1 < <(box pad)
    # From the pad's lower left quarter to near its upper right corner: x and y both near +range.
    drag $(( x0 + (x1 - x0) / 4 )) $(( y1 - (y1 - y0) / 4 )) $(( x1 - 3 )) $(( y0 + 3 ))
    wait_for "r['code'][$px] > 2.5 and r['code'][$py] > 2.5 and r['history_size'] == $size + 1" 10
    holds "all(a == b for i, (a, b) in enumerate(zip(r['code'], $before)) if i not in ($px, $py))" ||
      { echo "FAIL: the pad moved other dimensions: $before -> $(fact "['code']")"; exit 1; }
    click history_back
    wait_for "r['code_seed'] == 3" 10
    echo "PASS: the pad dragged z$px and z$py to $(fact "['history_size']") history entries; Back undid it"
    ;;
  gan)
    # A VAE trained for an epoch (by the CLI, fast): the beta field and the test-loss legend are there, so the
    # checks below can fail.
    "$cli" train --data shapes --model vae-mlp --latent 4 --hidden 32 --batch 1000 --epochs 1 --out "$work/vae" > /dev/null
    start --run "$work/vae"
    wait_for "r.get('beta_field') == True and 'beta_form' in r['items']" 30
    wait_for "r.get('test_loss_legend') == True and 'test_loss_legend' in r['items']" 30
    kill "$pid"; wait "$pid" 2>/dev/null || true; rm -f "$report"
    start --data shapes --model gan-mlp --autostart
    wait_for "r.get('beta_field') == False and r.get('truncation_shown') == True and 'truncation' in r['items']" 30
    holds "'beta_form' not in r['items']" || { echo "FAIL: a GAN shows a beta field"; exit 1; }
    wait_for "r['step'] > 5 and 'gan_series_help' in r['items']" 90
    holds "r.get('test_loss_legend') == False and 'test_loss_legend' not in r['items']" ||
      { echo "FAIL: a GAN shows a test-loss legend"; exit 1; }
    focus
    hold space  # paused: the image then changes only with the code or psi
    wait_for "r['state'] == 'paused'" 30
    type_seed 5
    sleep 1
    code=$(fact "['code']") hash=$(fact "['decoded_hash']")
    read -r x0 y0 x1 y1 < <(box truncation)
    drag $(( x0 + 60 )) $(( (y0 + y1) / 2 )) $(( x0 + 2 )) $(( (y0 + y1) / 2 ))  # the frame is 160 px, then the label
    wait_for "r['truncation'] < 0.05 and r['decoded_hash'] != '$hash'" 10
    holds "r['code'] == $code" || { echo "FAIL: truncation changed the code itself"; exit 1; }
    echo "PASS: a GAN has truncation (psi $(fact "['truncation']") changed the image, not the code), no beta, no test-loss legend"
    ;;
  plots)
    start --data shapes --model vae-mlp --autostart
    wait_for "r['step'] > 20 and len(r.get('loss_y_ticks', [])) >= 2 and len(r.get('kl_per_dim', [])) > 0" 300
    # Pause and resume a few times in quick succession: events a few steps apart, their labels must not overlap.
    focus
    for want in paused running paused running; do
      for try in 1 2 3 4; do  # a press shorter than a frame of a loaded machine is lost: press again
        xdotool keydown space sleep 1.5 keyup space
        for i in $(seq 25); do holds "r['state'] == '$want'" && break; sleep 0.2; done
        holds "r['state'] == '$want'" && break
      done
    done
    wait_for "r['state'] == 'running' and len(r.get('event_labels', [])) + r.get('events_hidden', 0) >= 4" 30
    python3 - "$report" <<'PY'
import json, math, sys
r = json.load(open(sys.argv[1]))
def round_ticks(labels):
    values = [float(v) for v in labels]
    steps = {round(b - a, 12) for a, b in zip(values, values[1:])}
    if len(steps) != 1: return False  # evenly spaced on the linear axis
    step = steps.pop()
    mantissa = step / 10 ** math.floor(math.log10(step) + 1e-9)
    return any(abs(mantissa - m) < 1e-6 for m in (1, 2, 5)) and all(abs(v / step - round(v / step)) < 1e-6 for v in values)
bad = [name for name in ("loss_y_ticks", "loss_x_ticks") if not round_ticks(r[name])]
boxes = r["event_labels"]
overlaps = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]
print("y ticks", r["loss_y_ticks"], "x ticks", r["loss_x_ticks"], "event labels", boxes, "hidden", r["events_hidden"])
if bad: print("FAIL: ticks not round:", bad)
if overlaps: print("FAIL: event labels overlap:", overlaps)
sys.exit(1 if bad or overlaps else 0)
PY
    # The manifold's axes: the two dimensions with the highest KL.
    click manifold_tab
    wait_for "'manifold_dims' in r" 10
    holds "sorted(range(len(r['kl_per_dim'])), key=lambda d: -r['kl_per_dim'][d])[:2] == r['manifold_dims']" ||
      { echo "FAIL: manifold on $(fact "['manifold_dims']"), KL $(fact "['kl_per_dim']")"; exit 1; }
    # The KL bar under the mouse: the last dimension's bar, at the right end of the bars.
    click kl_tab
    wait_for "'kl_bars' in r['items']" 10
    read -r x0 y0 x1 y1 < <(box kl_bars)
    xdotool mousemove $(( x1 - 8 )) $(( y1 - 30 )) sleep 0.5
    dims=$(fact "['latent_dims']")
    wait_for "r.get('kl_hover') == $dims - 1" 10
    echo "PASS: round ticks $(fact "['loss_y_ticks']"), event labels apart, manifold on $(fact "['manifold_dims']"), KL hover on z$(( dims - 1 ))"
    ;;
  *) echo "unknown scenario $scenario"; exit 2 ;;
esac
