#!/usr/bin/env bash
# GUI tests of the latent scatter as a person uses it (issue 12, item 2): the wheel zooms at the cursor, hovering
# highlights a point and shows its image, factors and nearest neighbours, legend entries isolate and hide classes,
# the search field finds a point or a class, the step shown is the model's after a pause, and a GAN's hover
# shows G(z). The real mouse is moved by xdotool onto what the program reports (--test-report, facts "scatter").
#   scatter_test.sh APP SHOTS zoom|hover|legend|search|step|gan
set -euo pipefail
app=$(realpath "$1") shots=$(realpath "$2") scenario=$3
source "$(dirname "$(realpath "$0")")/gui_test_lib.sh"
fail() { echo "FAIL: $*"; [ -f "$report" ] && python3 -c "import json; print(json.load(open('$report')).get('scatter'))"; exit 1; }
s() { fact "['scatter']$1"; }
# The screen position of a fraction (fx, fy) of the plot.
plot_at() { python3 -c "import json; i=json.load(open('$report'))['items']['scatter']
print(int(round(i['x0'] + $1 * (i['x1'] - i['x0']))), int(round(i['y0'] + $2 * (i['y1'] - i['y0']))))"; }
# Hovers a point near the plot's middle, as a person would, trying a few spots; then puts the mouse exactly on it.
hover_a_point() {
  read -r cx cy < <(centre scatter)
  for spot in "0 0" "8 4" "-8 -4" "16 -8" "-16 8" "24 12" "-24 -12" "32 0" "-32 0" "0 16" "0 -16" "40 20" "-40 -20"; do
    read -r dx dy <<<"$spot"
    xdotool mousemove $(( cx + dx )) $(( cy + dy )) sleep 0.5
    holds "r['scatter']['hover'] >= 0" && break
  done
  wait_for "r['scatter']['hover'] >= 0" 5
  read -r fx fy < <(python3 -c "import json; a=json.load(open('$report'))['scatter']['hover_at']; print(a[0], a[1])")
  read -r px py < <(plot_at "$fx" "$fy")
  xdotool mousemove "$px" "$py" sleep 0.5
}
# Trains until the codes are there, then pauses (the codes are then the paused model's).
train_and_pause() {
  wait_for "'start_pause' in r.get('items', {}) and r['total_steps'] > 0" 240
  click start_pause
  wait_for "r['latent_points'] > 0 and r['scatter_renders'] > 0 and r['step'] > 3" 400
  click start_pause
  wait_for "r['state'] == 'paused' and 'scatter' in r['items']" 30
  wait_for "r['scatter']['step'] == r['step']" 200
}
# The whole screen as it is now (tooltips included), for a person to look at; never a reason to fail.
screenshot() { /usr/bin/python3 -c "from PIL import ImageGrab; ImageGrab.grab(xdisplay=None).save('$shots/scatter_$1.png')" \
                 2>/dev/null && echo "screenshot: $shots/scatter_$1.png" || true; }

model=vae-mlp
[ "$scenario" = gan ] && model=gan-mlp
"$app" --no-layout --data shapes --model "$model" --test-report "$report" >"$work/app.log" 2>&1 &
pid=$!
train_and_pause

case "$scenario" in
  zoom)
    hover_a_point
    index=$(s "['hover']") before=$(s "['view'][2]")
    read -r fx0 fy0 < <(python3 -c "import json; a=json.load(open('$report'))['scatter']['hover_at']; print(a[0], a[1])")
    for _ in 1 2 3 4; do xdotool click 4 sleep 0.3; done  # wheel up: zoom in
    wait_for "r['scatter']['view'][2] < 0.5 * $before" 20
    sleep 0.5
    zoomed=$(s "['view'][2]")
    # The point under the cursor stays under it: same point hovered, within 3 pixels of where it was.
    wait_for "r['scatter']['hover'] == $index" 10
    python3 - "$report" "$fx0" "$fy0" <<'PY' || fail "the hovered point moved away from the cursor while zooming"
import json, sys
r = json.load(open(sys.argv[1])); s = r["scatter"]; i = r["items"]["scatter"]
w, h = i["x1"] - i["x0"], i["y1"] - i["y0"]
dx = (s["hover_at"][0] - float(sys.argv[2])) * w; dy = (s["hover_at"][1] - float(sys.argv[3])) * h
print(f"after zooming in {s['view']}: point moved {dx:.2f}, {dy:.2f} px")
sys.exit(0 if abs(dx) <= 3 and abs(dy) <= 3 else 1)
PY
    screenshot zoom
    # Fit refits (so does a double-click, but a loaded machine's slow frames cannot tell one from two clicks).
    click scatter_fit
    wait_for "r['scatter']['view'][2] > 0.9 * $before" 20
    echo "PASS: four wheel steps zoomed to half-width $zoomed from $before with point $index kept under the cursor; Fit refitted"
    ;;
  hover)
    hover_a_point
    index=$(s "['hover']")
    wait_for "r['scatter']['hover_image'] and r['scatter']['neighbours_of'] == $index and len(r['scatter']['neighbours']) == 8 and r['scatter']['thumbnails'] == r['scatter']['neighbours']" 20
    details=$(s "['hover_details']")
    for factor in "shape: " "scale: " "rotation: " "x: " "y: "; do
      grep -q "$factor" <<<"$details" || fail "the hover card lacks '$factor': $details"
    done
    screenshot hover
    echo "PASS: point $index hovered: image shown, details '$(tr '\n' ' ' <<<"$details")', 8 neighbour thumbnails $(s "['thumbnails']")"
    ;;
  legend)
    count=$(s "['count']")
    [ "$(s "['shown']")" = "$count" ] || fail "not every point shown at first"
    size1=$(s "['class_sizes'][1]") size2=$(s "['class_sizes'][2]")
    click legend_1
    wait_for "r['scatter']['shown'] == $size1" 60
    screenshot legend
    click legend_1
    wait_for "r['scatter']['shown'] == $count" 60
    focus
    read -r x y < <(centre legend_2)
    # ctrl held over several (slow) frames, and the button too: ImGui reads the keys once a frame.
    xdotool mousemove "$x" "$y" sleep 0.3 keydown ctrl sleep 1.5 mousedown 1 sleep 1.5 mouseup 1 sleep 2 keyup ctrl
    wait_for "r['scatter']['shown'] == $count - $size2" 60
    click legend_show_all
    wait_for "r['scatter']['shown'] == $count" 60
    echo "PASS: legend click isolated class 1 ($size1 of $count shown), a second click showed all, ctrl+click hid class 2 ($(( count - size2 )) shown), 'show all' restored"
    ;;
  search)
    type_into scatter_search "123"; press Return
    wait_for "r['scatter']['selected'] == 123 and r['scatter']['neighbours_of'] == 123 and len(r['scatter']['thumbnails']) == 8" 20
    size3=$(s "['class_sizes'][3]")
    type_into scatter_search "heart"; press Return
    wait_for "r['scatter']['shown'] == $size3" 60
    screenshot search
    type_into scatter_search "zebra"; press Return
    wait_for "'zebra' in r['scatter']['search_message']" 60
    echo "PASS: '123' selected point 123 with its 8 neighbours, 'heart' showed the $size3 hearts, 'zebra' said: $(s "['search_message']")"
    ;;
  step)
    # Paused: the codes are the paused model's (train_and_pause waited for it); resumed and stopped: again.
    click start_pause
    wait_for "r['state'] == 'running'" 30
    sleep 2
    click stop
    wait_for "r['state'] == 'finished'" 60
    wait_for "r['scatter']['step'] == r['step'] and r['scatter']['count'] == r['latent_points']" 60
    echo "PASS: after pause and stop the scatter shows step $(s "['step']") = the run's step $(fact "['step']")"
    ;;
  gan)
    hover_a_point
    index=$(s "['hover']")
    wait_for "r['scatter']['hover_image'] and r['scatter']['thumbnails'] == r['scatter']['neighbours'] and len(r['scatter']['neighbours']) == 8" 30
    grep -q "D(G(z))" <<<"$(s "['hover_details']")" || fail "no discriminator score in the hover card"
    screenshot gan
    echo "PASS: GAN point $index hovered: G(z) decoded on the worker and shown, 8 neighbours decoded"
    ;;
  *) echo "unknown scenario $scenario"; exit 2 ;;
esac
