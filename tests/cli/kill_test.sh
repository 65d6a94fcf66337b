#!/usr/bin/env bash
# Kills training runs at random moments and checks that every run directory opens and resumes.
#   kill_test.sh CLI [SIGKILLS=50] [SIGTERMS=10]     (KILL_TEST_SEED=N repeats a sequence)
# Kill moments are uniform in [0, T + 1 s], T the time a short run takes from launch to exit here (loading the
# libraries and the data, creating the run): about half land before training starts, the rest during training,
# where saves (every 5 steps of a 1 MB model) take much of the time.
# SIGKILL: the run opens (sample), the next process resumes it (or, killed before its first save, creates it
# again with --out), and it loses at most one autosave period (--autosave-steps) of steps.
# SIGTERM, at any moment, even before training started: the process saves and exits 0, losing nothing.
# Prints the figures: kills, how many landed in a save (a temp file was left), the most steps lost.
set -euo pipefail
cli=$1 kills=${2:-50} terms=${3:-10}
seed=${KILL_TEST_SEED:-$$}
RANDOM=$seed
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run=$work/run
every=5
train=(train --autosave-steps "$every")
model=(--model vae-mlp --latent 4 --hidden 32 --batch 32)  # for a new run only: --resume keeps the run's model
fail() { echo "FAIL (seed $seed): $*"; exit 1; }
random_delay() { awk -v r="$RANDOM" -v m="$max_delay" 'BEGIN { printf "%.3f", r / 32768 * m }'; }
# The step after the last whole row of metrics.csv: how far the killed process had trained, as far as it told.
trained_to() { awk -F, 'NF == 4 && $1 ~ /^[0-9]+$/ { s = $1 + 1 } END { print s + 0 }' "$run/metrics.csv" 2>/dev/null || echo 0; }
# The step of the run's checkpoint, read by the CLI (which also checks the file opens).
saved_step() {
  "$cli" sample --run "$run" --step 999999999999 --n 4 --out "$work/s.png" 2> "$work/sample.err" > /dev/null ||
    fail "the run does not open after kill $1: $(cat "$work/sample.err")"
  sed -n 's/^model at step \([0-9]*\)$/\1/p' "$work/sample.err"
}
start_training() {  # resumes the run, or creates it when no save ever completed
  if [ -f "$run/config.json" ]; then
    "$cli" "${train[@]}" --resume "$run" --steps 100000 > "$work/train.log" 2>&1 &
  else
    "$cli" "${train[@]}" "${model[@]}" --data shapes --steps 100000 --out "$run" > "$work/train.log" 2>&1 &
  fi
  pid=$!
}

t0=$(date +%s%N)
"$cli" "${train[@]}" "${model[@]}" --data shapes --steps 5 --out "$work/timing" > /dev/null 2>&1 || fail "a short run failed"
max_delay=$(awk -v ns="$(( $(date +%s%N) - t0 ))" 'BEGIN { printf "%.2f", ns / 1e9 + 1 }')
echo "seed $seed: $kills SIGKILLs and $terms SIGTERMs at random moments in the first $max_delay s of a run"
in_save=0 max_lost=0 never_saved=0 started=$(date +%s)
for i in $(seq 1 "$kills"); do
  start_training
  sleep "$(random_delay)"
  kill -KILL "$pid" 2> /dev/null || true  # it may have ended by itself: the exit code below says how
  rc=0; wait "$pid" 2> /dev/null || rc=$?
  [ "$rc" -eq 137 ] || fail "kill $i: the run ended by itself (exit $rc): $(tail -3 "$work/train.log")"
  if ls -a "$run" "$run/timeline" 2>/dev/null | grep -q '\.tmp\.'; then in_save=$((in_save + 1)); fi
  if [ ! -f "$run/config.json" ]; then never_saved=$((never_saved + 1)); continue; fi
  step=$(saved_step "$i")
  lost=$(( $(trained_to) - step ))
  [ "$lost" -le "$every" ] || fail "kill $i lost $lost steps (saved at $step, trained to $(trained_to))"
  if [ "$lost" -gt "$max_lost" ]; then max_lost=$lost; fi
done
# The survivor trains on to a bounded end and exits cleanly: temp files of the kills are gone.
step=$(saved_step final)
"$cli" "${train[@]}" --resume "$run" --steps $((step + 10)) > "$work/train.log" 2>&1 ||
  fail "the killed run does not resume: $(cat "$work/train.log")"
grep -q "step $((step + 10))/$((step + 10))" "$work/train.log" || fail "resume did not finish: $(cat "$work/train.log")"
! ls -a "$run" "$run/timeline" | grep -q '\.tmp\.' || fail "temp files were left after a resume: $(ls -a "$run")"
echo "SIGKILL: $kills kills, $in_save landed in a save, $never_saved before the first save, at most $max_lost steps lost (autosave every $every steps), $(( $(date +%s) - started )) s"

before_main=0 fresh=0
resumed_run=$run
for i in $(seq 1 "$terms"); do
  run=$resumed_run
  if [ $((i % 3)) -eq 1 ]; then run=$work/fresh-$i; fresh=$((fresh + 1)); fi  # SIGTERM while creating a run
  start_training
  sleep "$(random_delay)"
  kill -TERM "$pid" 2> /dev/null || true
  rc=0; wait "$pid" 2> /dev/null || rc=$?
  if [ "$rc" -eq 143 ]; then
    # Only possible before main() installed the handler (the process was still loading its libraries).
    if grep -q "^data:" "$work/train.log"; then fail "SIGTERM $i killed the process after it started: $(cat "$work/train.log")"; fi
    before_main=$((before_main + 1))
    [ -f "$run/config.json" ] || continue  # a new run that was never begun
  else
    [ "$rc" -eq 0 ] || fail "SIGTERM $i: exit $rc: $(tail -3 "$work/train.log")"
  fi
  step=$(saved_step "term $i")
  [ "$(trained_to)" -eq "$step" ] || fail "SIGTERM $i did not save every step (saved $step, trained to $(trained_to))"
  ! ls -a "$run" "$run/timeline" | grep -q '\.tmp\.' || fail "SIGTERM $i left a temp file: $(ls -a "$run")"
done
echo "SIGTERM: $terms ($fresh while creating a run), every one saved; $before_main arrived before main() installed the handler and changed nothing"
echo "PASS: killed runs open and resume; terminated runs save"
