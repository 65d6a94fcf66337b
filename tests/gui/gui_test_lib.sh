# Sourced first by every GUI test script (tests/gui/*_test.sh): a scratch folder $work, made the current directory
# and removed at exit together with the program under test ($pid) and a trainer beside it ($trainer); $report is
# where the program writes its --test-report. The helpers below read that report.
work=$(mktemp -d)
report=$work/report.json
cleanup() {
  local p
  for p in ${pid:-} ${trainer:-}; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
# fail MESSAGE: says why, with the program's log and its last report, and ends the test.
fail() { echo "FAIL: $*"; [ -f "$work/app.log" ] && cat "$work/app.log"; [ -f "$report" ] && cat "$report"; exit 1; }

# Helpers for GUI tests that act like a person. They read the program's --test-report JSON ($report), whose
# process is $pid and whose output is in $work/app.log.

fact() { python3 -c "import json,sys; r=json.load(open('$report')); print(r$1)" 2>/dev/null; }
centre() { python3 -c "import json; i=json.load(open('$report'))['items']['$1']; print(int((i['x0']+i['x1'])/2), int((i['y0']+i['y1'])/2))"; }
# A point just inside an item's left end: the text part of an input field with +/- buttons on its right.
left() { python3 -c "import json; i=json.load(open('$report'))['items']['$1']; print(int(i['x0'])+8, int((i['y0']+i['y1'])/2))"; }
holds() { python3 -c "import json,sys; r=json.load(open('$report')); sys.exit(0 if ($1) else 1)" 2>/dev/null; }
# wait_for PYTHON_CONDITION_ON_r SECONDS: polls the report until the condition holds (wall-clock deadline: a
# loaded machine makes each poll slow).
wait_for() {
  local deadline=$(( SECONDS + $2 ))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if holds "$1"; then return 0; fi
    kill -0 "$pid" 2>/dev/null || { echo "FAIL: the program exited"; cat "$work/app.log"; exit 1; }
    sleep 0.2
  done
  echo "FAIL: timed out after $2 s waiting for: $1"; [ -f "$report" ] && cat "$report"; cat "$work/app.log"; exit 1
}
# Dear ImGui 1.86 samples key state once a frame: hold each key as a hand does, not for xdotool's 12 ms.
press() { xdotool keydown "$1" sleep 0.25 keyup "$1"; }
click() { read -r x y < <(centre "$1"); xdotool mousemove "$x" "$y" sleep 0.2 click 1; }
# A menu or combo item acts on the release, which must come in a later frame than the press: hold the button.
hold_click() { read -r x y < <(centre "$1"); xdotool mousemove "$x" "$y" sleep 0.3 mousedown 1 sleep 0.3 mouseup 1; }
# Without a window manager nobody gives the window the keyboard focus: do what a click on its title would.
focus() { xdotool search --name '^LatentLab$' windowfocus --sync; }
# Types into a text field: click it, select what is there, type (characters are queued, so no need to hold them).
type_into() { focus; read -r x y < <(left "$1"); xdotool mousemove "$x" "$y" sleep 0.2 click 1 sleep 0.3; press ctrl+a
              xdotool type --delay 40 "$2"; sleep 0.3; }
# The step a run directory's checkpoint is at, as latentlab-cli sees it (it says so when asked to train to step 1).
checkpoint_step() {
  "$cli" train --resume "$1" --steps 1 2>/dev/null | sed -n 's/.*already at step \([0-9]*\) of.*/\1/p'
}
