#!/usr/bin/env bash
# GUI tests that act like a person: the real program under X (Xvfb), the real mouse moved by xdotool onto the
# controls whose positions the program reports (--test-report), and checks on what the window then shows.
#   person_test.sh APP CHECKER slider|train|threads|export|keys|scatter
set -euo pipefail
app=$(realpath "$1") checker=$(realpath "$2") scenario=$3
source "$(dirname "$(realpath "$0")")/gui_test_lib.sh"

"$app" --no-layout --data shapes --model vae-mlp --test-report "$report" >"$work/app.log" 2>&1 &
pid=$!
wait_for "'slider0' in r.get('items', {}) and 'start_pause' in r['items']" 60

case "$scenario" in
  slider)
    before=$(fact "['decoded_hash']")
    read -r x y < <(centre slider0)
    x0=$(python3 -c "import json; i=json.load(open('$report'))['items']['slider0']; print(int(i['x0'])+4)")
    x1=$(python3 -c "import json; i=json.load(open('$report'))['items']['slider0']; print(int(i['x1'])-4)")
    # Press at the slider's left end, drag to its right end, release: as a hand would.
    xdotool mousemove "$x0" "$y" sleep 0.2 mousedown 1 sleep 0.2 mousemove $(( (x0 + x1) / 2 )) "$y" sleep 0.2 \
            mousemove "$x1" "$y" sleep 0.3 mouseup 1
    wait_for "r['decoded_hash'] != '$before' and r['slider0'] > 2.5" 10
    echo "PASS: dragging z0 to $(fact "['slider0']") changed the decoded image"
    ;;
  train)
    click start_pause
    wait_for "r['state'] == 'running' and r['step'] > 20" 60
    click stop
    wait_for "r['state'] == 'finished'" 30
    stopped=$(fact "['step']")
    sleep 1
    [ "$(fact "['step']")" = "$stopped" ] || { echo "FAIL: training went on after Stop"; exit 1; }
    # Save writes the run into its own directory (every run has one from its first step).
    run=$(fact "['run_dir']")
    click save
    wait_for "r['info'].startswith('saved step ')" 30
    wait_for "__import__('os').path.isfile('$run/checkpoint.pt') and __import__('os').path.isfile('$run/config.json')" 30
    echo "PASS: Start trained to step $stopped, Stop stopped it, Save wrote $run/checkpoint.pt"
    ;;
  threads)
    # Training leaves the window a core while the user works it: a button held, then for a second after it is let
    # go (app/explorer/training_threads.h). Watched, it takes every core unless other processes use them (another test
    # beside this one, say): the policy's unit tests check that; here, that the trainer follows the window, read
    # from the trainer's own snapshots.
    cores=$(nproc); worked=$(( cores > 1 ? cores - 1 : 1 ))
    click start_pause
    wait_for "r['state'] == 'running' and r['step'] > 20 and r['trainer_threads'] == r['training_threads']" 60
    watched=$(fact "['trainer_threads']")
    read -r x y < <(centre slider0)
    xdotool mousemove "$x" "$y" sleep 0.3 mousedown 1
    wait_for "r['training_threads'] == $worked and r['trainer_threads'] == $worked" 10
    xdotool mousemove $(( x + 15 )) "$y" sleep 0.3 mouseup 1
    sleep 1.5
    wait_for "r['trainer_threads'] == r['training_threads']" 10
    echo "PASS: training on $watched of $cores threads watched, $worked while the slider was held," \
         "$(fact "['trainer_threads']") after (other processes: $(fact "['other_processes_cores']") cores)"
    ;;
  keys)
    # Space starts and pauses, R draws a random code (the decoded image changes), Ctrl+S saves.
    before=$(fact "['decoded_hash']")
    focus
    press r
    wait_for "r['decoded_hash'] != '$before'" 10
    press space
    wait_for "r['state'] == 'running' and r['step'] > 2" 60
    press space
    wait_for "r['state'] == 'paused'" 30
    press ctrl+s
    wait_for "r['info'].startswith('saved step ')" 30
    echo "PASS: R, Space, Space and Ctrl+S did what they say"
    ;;
  export)
    click export_image
    wait_for "r['last_export'].endswith('.png')" 30
    png=$(fact "['last_export']")
    [ -f "$png" ] || png="$work/$png"
    "$checker" "$png" 2
    case "$png" in */exports/*) ;; *) echo "FAIL: $png is not in the run's exports/"; exit 1 ;; esac
    echo "PASS: Export image wrote $png"
    ;;
  scatter)
    # Train until the data set's codes are in the scatter, then click near its middle (dense: a point within
    # reach) and shift+click twice elsewhere: the sliders take the clicked code, A and B get picked.
    click start_pause
    wait_for "r['latent_points'] > 0 and r['scatter_renders'] > 0" 90
    click start_pause
    wait_for "r['state'] == 'paused'" 30
    read -r x y < <(centre scatter)
    # Points are dense near the middle but not everywhere: try a few spots near it, as a person would.
    spots=("0 0" "8 4" "-8 -4" "16 -8" "-16 8" "24 12" "-24 -12" "32 0" "-32 0" "0 16" "0 -16")
    for spot in "${spots[@]}"; do
      read -r dx dy <<<"$spot"
      xdotool mousemove $(( x + dx )) $(( y + dy )) sleep 0.4 click 1 sleep 0.4
      holds "r['slider0'] != 0" && break
    done
    wait_for "r['slider0'] != 0" 5
    focus  # for the shift key
    for want in "r['pick_a'] >= 0" "r['pick_b'] >= 0 and r['pick_b'] != r['pick_a']"; do
      for spot in "${spots[@]}"; do
        read -r dx dy <<<"$spot"
        xdotool mousemove $(( x + 2 * dx )) $(( y + 2 * dy )) sleep 0.4 keydown shift sleep 0.3 click 1 sleep 0.3 \
                keyup shift sleep 0.3
        holds "$want" && break
      done
    done
    wait_for "r['pick_a'] >= 0 and r['pick_b'] >= 0 and r['pick_a'] != r['pick_b']" 5
    echo "PASS: a click set z0 to $(fact "['slider0']"), shift+clicks picked A=$(fact "['pick_a']") B=$(fact "['pick_b']")"
    ;;
  *) echo "unknown scenario $scenario"; exit 2 ;;
esac
