#!/usr/bin/env bash
# GUI tests of a run's life in the window, as a person expects it: nothing trained is lost, a new model is shown
# as itself, New run uses what the form shows, Save says when it is done, and the window never waits meanwhile.
#   lifecycle_test.sh APP CLI close_keeps_run|switch_redraws|form_target|save_reports|never_waits|repeats_not_drawn
#                             |changed_tiles_only|display_lost_saves
set -euo pipefail
app=$(realpath "$1") cli=$(realpath "$2") scenario=$3
source "$(dirname "$(realpath "$0")")/gui_test_lib.sh"
here=$(pwd -P)
# A small VAE trained by the CLI (fast: latent 4, hidden 32).
cli_run() { "$cli" train --data shapes --model vae-mlp --latent 4 --hidden 32 "$@" >"$work/cli.log" 2>&1 ||
              { cat "$work/cli.log"; fail "latentlab-cli train $*"; }; }
open_window() { "$app" --no-layout --test-report "$report" "$@" >"$work/app.log" 2>&1 & pid=$!; }

case "$scenario" in
  close_keeps_run)
    # Train on data for a while, let the window close itself: the run is on disk, under ./runs, at its step.
    "$app" --no-layout --data shapes --autostart --wait-steps 30 --frames 3 --test-report "$report" \
      >"$work/app.log" 2>&1 || fail "the program failed"
    run=$(fact "['run_dir']")
    [ "$run" = "$here/runs/latentlab-run" ] || fail "the window showed run '$run', not $here/runs/latentlab-run"
    step=$(checkpoint_step "$run")
    [ -n "$step" ] && [ "$step" -ge 30 ] || fail "the checkpoint in $run is at step '${step}', not 30 or more"
    # The next window never writes over it: it gets a directory of its own.
    "$app" --no-layout --data shapes --frames 2 --test-report "$report" >"$work/app.log" 2>&1 || fail "second run"
    [ "$(fact "['run_dir']")" = "$here/runs/latentlab-run-2" ] || fail "second window used $(fact "['run_dir']")"
    [ "$(checkpoint_step "$run")" = "$step" ] || fail "the first run changed"
    echo "PASS: closing the window kept the run in $run at step $step; the next one went to latentlab-run-2"
    ;;
  switch_redraws)
    # Two VAEs with different weights; the image of the all-zero code in a window opened directly on B...
    cli_run --steps 40 --seed 1 --out "$here/A"
    cli_run --steps 40 --seed 2 --out "$here/B"
    "$app" --no-layout --run "$here/B" --frames 3 --test-report "$report" >"$work/app.log" 2>&1 || fail "window on B"
    fresh_b=$(fact "['decoded_hash']")
    # ...must be what a window that showed A shows once B is opened in it.
    open_window --run "$here/A"
    wait_for "r['run_dir'] == '$here/A' and not r['opening'] and r['model_step'] >= 0 and 'open_dir' in r['items']" 60
    shown_a=$(fact "['decoded_hash']")
    [ "$shown_a" != "$fresh_b" ] || fail "A and B decode the zero code alike: the test cannot tell them apart"
    type_into open_dir "$here/B"
    click open
    wait_for "r['run_dir'] == '$here/B' and not r['opening'] and r['model_step'] >= 0" 60
    sleep 0.5
    shown_b=$(fact "['decoded_hash']")
    [ "$shown_b" = "$fresh_b" ] || fail "after opening B the window shows $shown_b, a fresh window on B $fresh_b (A: $shown_a)"
    echo "PASS: after A ($shown_a), opening B shows B's own image ($shown_b)"
    ;;
  form_target)
    # A run trained to a number of steps: the form shows that target; switched to 2 epochs, New run plans 2 epochs.
    cli_run --steps 500 --out "$here/R"
    open_window --run "$here/R"
    wait_for "r['run_dir'] == '$here/R' and not r['opening'] and 'target_epochs' in r['items']" 60
    [ "$(fact "['form_steps']")" = 500 ] || fail "the form does not show the run's target of 500 steps"
    click target_epochs
    wait_for "r['form_steps'] == 0" 10
    type_into target_count 2
    wait_for "r['form_epochs'] == 2" 10
    click new_run
    wait_for "r['run_dir'] == '$here/runs/latentlab-run' and not r['opening']" 60
    total=$(fact "['total_steps']") per=$(fact "['steps_per_epoch']")
    [ "$total" -eq $(( 2 * per )) ] || fail "New run plans $total steps, the form said 2 epochs of $per"
    echo "PASS: the form showed 500 steps; New run with 2 epochs plans $total = 2 x $per steps"
    ;;
  save_reports)
    open_window --data shapes
    wait_for "r['run_dir'] != '' and not r['opening'] and 'save' in r['items']" 60
    run=$(fact "['run_dir']")
    click save
    wait_for "r['info'].startswith('saved step ') and r['info'].endswith(' to $run')" 30
    echo "save said: $(fact "['info']")"
    # A save that cannot be written (config.json replaced by a directory: rename fails, even for root) says why,
    # and the earlier checkpoint stays as it was.
    before=$(md5sum <"$run/checkpoint.pt")
    mv "$run/config.json" "$work/config.json.saved"
    mkdir -p "$run/config.json/blocker"
    click save
    wait_for "'saving failed' in r['error']" 30
    echo "failed save said: $(fact "['error']")"
    [ "$(md5sum <"$run/checkpoint.pt")" = "$before" ] || fail "the failed save changed checkpoint.pt"
    echo "PASS: Save said where it saved; a failed save said why and left the checkpoint intact"
    ;;
  repeats_not_drawn)
    # A frame that would show what the screen shows already is not drawn (software OpenGL's 15-30 ms of CPU, taken
    # from training): idle frames go by undrawn, and any change (training, a click) is drawn.
    open_window --data shapes
    wait_for "not r['opening'] and 'start_pause' in r['items'] and r['frames'] > 5" 60
    sleep 7  # the menu bar's message fades at 6 s, the frame rate settles: the last changes of an idle window
    f1=$(fact "['frames']") d1=$(fact "['frames_rendered']")
    sleep 3
    f2=$(fact "['frames']") d2=$(fact "['frames_rendered']")
    [ "$f2" -gt "$f1" ] || fail "no frames at all in 3 idle seconds ($f1 -> $f2)"
    [ "$d2" = "$d1" ] || fail "idle frames that repeat the screen were drawn: $d1 -> $d2 drawn of $f1 -> $f2"
    click start_pause
    wait_for "r['step'] > 20" 60
    d3=$(fact "['frames_rendered']")
    [ "$d3" -gt "$((d2 + 2))" ] || fail "training changed the screen, but only $((d3 - d2)) frames were drawn"
    echo "PASS: idle: $((f2 - f1)) frames, none drawn; training: $((d3 - d2)) drawn"
    ;;
  changed_tiles_only)
    # Under Xvfb (software OpenGL) a frame draws only the tiles that changed and shows just those. Each frame drawn
    # so is drawn again whole and compared pixel by pixel (--test-check-redraw): training, a dragged slider, a hover
    # card that appears and goes, a click on a legend entry must all look exactly as a whole frame would.
    open_window --data shapes --autostart --test-check-redraw "$work/redraw"
    wait_for "r['step'] > 20 and r['latent_points'] > 0 and 'slider0' in r['items'] and 'scatter' in r['items']" 120
    drawing=$(fact "['redraw']['drawing']")
    [ "$drawing" = "changed tiles only (GLX_MESA_copy_sub_buffer)" ] || fail "frames are drawn as: $drawing"
    read -r x y < <(centre slider0)
    xdotool mousemove "$x" "$y" sleep 0.3 mousedown 1
    for k in 1 2 3 4 5 6 7 8 9 10; do xdotool mousemove $((x + k * 9 - 45)) "$y" sleep 0.1; done
    xdotool mouseup 1
    read -r x y < <(centre scatter)
    for k in 1 2 3 4 5 6; do xdotool mousemove $((x + k * 13)) $((y - k * 7)) sleep 0.3; done
    xdotool mousemove 5 500 sleep 0.5  # off the scatter: the hover card goes
    if holds "'legend_0' in r['items']"; then click legend_0; sleep 0.5; fi
    sleep 2
    read -r partial checked wrong pixels < <(fact "['redraw']" | python3 -c "import ast,sys; r=ast.literal_eval(sys.stdin.read())
print(r['partial_frames'], r['checked_frames'], r['mismatched_frames'], r['mismatched_pixels'])")
    [ "$checked" -ge 20 ] || fail "only $checked frames were drawn in part"
    [ "$wrong" = 0 ] || fail "$wrong of $checked partial frames differ from the whole frame ($pixels pixels; see redraw-*.png)"
    # Turned off, every frame is drawn whole.
    LATENTLAB_PARTIAL_REDRAW=0 "$app" --no-layout --data shapes --frames 3 --test-report "$work/whole.json" \
      >"$work/whole.log" 2>&1 || fail "the window with LATENTLAB_PARTIAL_REDRAW=0"
    python3 -c "import json,sys; r=json.load(open('$work/whole.json'))['redraw']; print(r)
sys.exit(0 if r['partial_frames'] == 0 and r['drawing'].startswith('whole frames') else 1)" ||
      fail "LATENTLAB_PARTIAL_REDRAW=0 still drew frames in part"
    echo "PASS: $checked frames drawn in part, each the same as the whole frame"
    ;;
  display_lost_saves)
    # The X server killed under a training window: the run is saved as on a normal close and the program ends
    # with status 1 (before, Xlib's exit() tore the program down under the trainer: a crash, the run at its last
    # autosave).
    command -v Xvfb >/dev/null || { echo "SKIP: no Xvfb"; exit 0; }
    Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" 2>"$work/xvfb.log" & xpid=$!
    for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
    DISPLAY=":$(cat "$work/display")" "$app" --no-layout --data shapes --autostart --test-report "$report" \
      >"$work/app.log" 2>&1 & pid=$!
    wait_for "r['step'] >= 50 and r['run_dir'] != ''" 120
    seen=$(fact "['step']") run=$(fact "['run_dir']")
    kill -9 "$xpid"; wait "$xpid" 2>/dev/null || true
    rc=0; wait "$pid" || rc=$?; pid=
    [ "$rc" = 1 ] || fail "the program ended with status $rc when its display went away (128 and more: a signal)"
    grep -q "the display went away" "$work/app.log" || fail "the program did not say why it ended"
    step=$(checkpoint_step "$run")
    [ -n "$step" ] && [ "$step" -ge "$seen" ] || fail "the checkpoint is at step '$step'; the window had shown step $seen"
    echo "PASS: the display killed at step $seen: status 1, the run saved at step $step"
    ;;
  never_waits)
    # Every open and close takes 3 s more: the window must go on drawing meanwhile and say what is happening.
    open_window --data shapes --test-slow-lifecycle 3
    drawing() {  # the frame count grows while CONDITION still holds
      wait_for "$1" 60
      local f1; f1=$(fact "['frames']"); sleep 1
      holds "$1 and r['frames'] > $f1" || fail "no frames drawn for 1 s while: $1"
    }
    drawing "r['opening']"
    wait_for "not r['opening'] and 'start_pause' in r['items']" 60
    first=$(fact "['run_dir']")
    click start_pause
    wait_for "r['step'] > 20" 60
    # Exports are written on their own thread (encoding and syncing a CSV of every code took 300 ms in a frame).
    focus; press ctrl+e
    drawing "r['exporting']"
    wait_for "not r['exporting'] and r['last_export'].endswith('.csv')" 60
    click new_run
    drawing "r['opening']"
    drawing "r['closing'] > 0"
    # Closing the window while the previous run still closes: the program waits for its final save.
    kill -TERM "$pid"; wait "$pid" || true; pid=
    step=$(checkpoint_step "$first")
    [ -n "$step" ] && [ "$step" -gt 20 ] || fail "the previous run's checkpoint is at step '$step' after exit"
    [ -f "$here/runs/latentlab-run-2/checkpoint.pt" ] || fail "the new run was not kept"
    echo "PASS: frames kept coming while runs opened and closed and exports were written; on exit $first was saved at step $step"
    ;;
  *) echo "unknown scenario $scenario"; exit 2 ;;
esac
