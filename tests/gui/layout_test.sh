#!/usr/bin/env bash
# The layout follows the window (issue 12 item 1). Each scenario starts its own Xvfb screen (LATENTLAB_SCREEN):
#   layout_test.sh APP SHOTS size WIDTHxHEIGHT   a window of that size: screenshot SHOTS/layout-WxH.png, and no
#                                                panel cut, no empty band, scatter and latent views usable
#   layout_test.sh APP SHOTS fits_screen         a 1366x768 screen: the first window fits it
#   layout_test.sh APP SHOTS resize              a window resized (1600x1000 to 1024x700 to 2560x1440) re-tiles,
#                                                and a panel the user dragged keeps its place, scaled
set -euo pipefail
app=$(realpath "$1") shots=$(realpath "$2") scenario=$3
here=$(dirname "$(realpath "$0")")
source "$(dirname "$(realpath "$0")")/gui_test_lib.sh"

case "$scenario" in
  size)
    size=$4
    LATENTLAB_SCREEN=$size "$here/with_display.sh" "$app" --no-layout --window-size "$size" --data shapes --autostart \
      --wait-steps 30 --frames 5 --screenshot "$shots/layout-$size.png" --test-report "$report" >"$work/app.log" 2>&1 ||
      { cat "$work/app.log"; echo "FAIL: the program failed"; exit 1; }
    cp "$report" "$shots/layout-$size.json"
    python3 "$here/check_layout.py" "$report" "$size" && echo "PASS: layout at $size"
    ;;
  fits_screen)
    LATENTLAB_SCREEN=1366x768 "$here/with_display.sh" "$app" --no-layout --data shapes --frames 3 \
      --screenshot "$shots/layout-1366x768-screen.png" --test-report "$report" >"$work/app.log" 2>&1 ||
      { cat "$work/app.log"; echo "FAIL: the program failed"; exit 1; }
    python3 - "$report" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
w, h = r["display"]["w"], r["display"]["h"]
print(f"first window on a 1366x768 screen: {w:.0f}x{h:.0f}")
sys.exit(0 if w <= 1366 and h <= 768 else 1)
PY
    python3 "$here/check_layout.py" "$report" && echo "PASS: the first window fits a 1366x768 screen"
    ;;
  resize)
    # The inner part runs inside the private display, where xdotool can resize the window.
    LATENTLAB_SCREEN=2560x1440 "$here/with_display.sh" bash "$0" "$app" "$shots" resize_inner
    ;;
  resize_inner)
    "$app" --no-layout --window-size 1600x1000 --data shapes --model vae-mlp --test-report "$report" >"$work/app.log" 2>&1 &
    pid=$!
    # Once the run is there, so the panels show what they do in use.
    wait_for "r.get('display', {}).get('w') == 1600 and r['state'] == 'idle' and r['reconstructions'] > 0" 120
    win=$(xdotool search --name '^LatentLab$' | head -1)
    for size in 1024x700 2560x1440; do
      xdotool windowsize "$win" "${size%x*}" "${size#*x}"
      wait_for "r['display']['w'] == ${size%x*} and r['display']['h'] == ${size#*x}" 30
      sleep 1  # a few frames at the new size
      python3 "$here/check_layout.py" "$report" "$size" || exit 1
    done
    # Drag the System panel by its title bar 200 px right: it keeps that place, scaled, after the next resize.
    read -r x y < <(python3 -c "import json; p=json.load(open('$report'))['panels']['System']; print(int(p['x0'])+40, int(p['y0'])+8)")
    xdotool mousemove "$x" "$y" sleep 0.3 mousedown 1 sleep 0.3 mousemove $((x + 100)) "$y" sleep 0.3 \
            mousemove $((x + 200)) "$y" sleep 0.3 mouseup 1
    wait_for "r['panels']['System']['x0'] >= 150" 10
    moved=$(fact "['panels']['System']['x0']")
    xdotool windowsize "$win" 1280 720
    wait_for "r['display']['w'] == 1280" 30
    sleep 1
    # The dragged panel sits at the same fraction of the width (200/2560 of it), not back in the tiling.
    holds "abs(r['panels']['System']['x0'] - $moved * 1280 / 2560) <= 2" ||
      { echo "FAIL: the dragged panel moved to $(fact "['panels']['System']['x0']"), expected $moved * 0.5"; exit 1; }
    echo "PASS: resizing re-tiled the panels at 1024x700 and 2560x1440; a dragged panel kept its place, scaled"
    ;;
  *) echo "unknown scenario $scenario"; exit 2 ;;
esac
