#!/usr/bin/env bash
# Data-parallel training on loopback, 2 ranks (ctest label `dist`). Usage: dist_test.sh CLI SCENARIO
#   nproc       --nproc 2: the ranks hold identical weights; the loss falls and matches one process at the same
#               global batch; the run (written by rank 0 alone, owner.json naming 2 ranks) resumes on one process
#   env         two processes started here with SLURM's variables; then the run resumes with --nproc 2
#   kill        SIGTERM to the job: the ranks stop at one step, identical; SIGKILL of rank 1 mid-run: the job ends
#               within a bound, naming rank 1; the run resumes
#   one         a job of one rank through the backend (LATENTLAB_GROUP_OF_ONE) trains exactly as a process alone
#   unreachable a rank whose master does not answer fails within its timeout, naming the address
#   torchrun    PyTorch's launcher (tests/dist/torchrun_patched.py) --nproc_per_node 2 --no_python, and a
#               --max_restarts 1 run with a rank killed mid-epoch that restarts, resumes from the last save, finishes
set -u
CLI=$1
SCENARIO=$2
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill -KILL -- "-$p" 2>/dev/null; kill -KILL "$p" 2>/dev/null; done
  rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; for f in "$T"/*.log; do [ -f "$f" ] && { echo "--- $f"; tail -n 25 "$f"; }; done; exit 1; }
export OMP_NUM_THREADS=1
# A small model on Fashion-MNIST (or shapes where it is not installed): fast enough for two ranks on two cores.
DATA=fashion-mnist
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || DATA=shapes
MODEL=(--data "$DATA" --model vae-mlp --hidden 64 --latent 8 --batch 128 --threads 1 --seed 3)

digests() { grep -o 'rank [0-9] of 2: step [0-9]*, weights crc32:[0-9a-f]*' "$@" | sed 's/.*crc32://' | sort -u; }
# Mean of the loss column of metrics.csv over rows [from, to).
mean_loss() { awk -F, -v a="$2" -v b="$3" 'NR>1 && $1>=a && $1<b {s+=$2; n++} END {if (n) printf "%.4f", s/n; else print "nan"}' "$1/metrics.csv"; }
free_port() { ${LATENTLAB_PYTHON:-/usr/bin/python3} -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

check_identical() {  # the ranks' final weights agree
  local d; d=$(digests "$@")
  [ -n "$d" ] || fail "no rank reported its weights"
  [ "$(echo "$d" | wc -l)" = 1 ] || fail "the ranks hold different weights: $d"
  [ "$(grep -ho 'rank [0-9] of 2: step' "$@" | sort -u | wc -l)" = 2 ] || fail "not both ranks reported"
}

case $SCENARIO in
nproc)
  timeout 300 "$CLI" train "${MODEL[@]}" --steps 240 --out "$T/one" > "$T/one.log" 2>&1 || fail "one process failed"
  timeout 300 "$CLI" train "${MODEL[@]}" --steps 240 --nproc 2 --out "$T/two" > "$T/two.log" 2>&1 ||
    fail "--nproc 2 failed"
  check_identical "$T/two.log"
  grep -q '"world_size": *2' "$T/two/owner.json" || grep -q '"world_size":2' "$T/two/owner.json" ||
    fail "owner.json does not name 2 ranks: $(cat "$T/two/owner.json")"
  rows=$(($(wc -l < "$T/two/metrics.csv") - 1))
  [ "$rows" = 240 ] || fail "metrics.csv has $rows rows, not 240 (one writer, one row a step)"
  first=$(mean_loss "$T/two" 0 10); last2=$(mean_loss "$T/two" 190 240); last1=$(mean_loss "$T/one" 190 240)
  echo "loss: 2 ranks first $first last $last2; 1 process last $last1"
  awk -v f="$first" -v l="$last2" 'BEGIN {exit !(l < 0.8 * f)}' || fail "the loss did not fall ($first -> $last2)"
  awk -v a="$last1" -v b="$last2" 'BEGIN {d = a - b; if (d < 0) d = -d; exit !(d < 0.02 * a)}' ||
    fail "2 ranks end at loss $last2, one process at $last1 (more than 2% apart)"
  timeout 300 "$CLI" train --resume "$T/two" --steps 300 > "$T/resume.log" 2>&1 || fail "resuming on one process failed"
  grep -q "step 300/300" "$T/resume.log" || fail "the resumed run did not reach step 300"
  ;;
env)
  port=$(free_port)
  for r in 0 1; do
    SLURM_PROCID=$r SLURM_NTASKS=2 SLURM_LOCALID=$r MASTER_ADDR=127.0.0.1 MASTER_PORT=$port \
      setsid timeout 300 "$CLI" train "${MODEL[@]}" --steps 120 --out "$T/run" > "$T/rank$r.log" 2>&1 &
    PIDS+=($!)
  done
  wait "${PIDS[0]}" || fail "rank 0 failed"
  wait "${PIDS[1]}" || fail "rank 1 failed"
  check_identical "$T/rank0.log" "$T/rank1.log"
  grep -q "rank 1 of 2: joined" "$T/rank1.log" || fail "rank 1 did not join as rank 1"
  # A run written by 2 ranks continues with 2 others (a new job, --nproc) to the same state on both.
  timeout 300 "$CLI" train --resume "$T/run" --steps 180 --nproc 2 > "$T/resume.log" 2>&1 || fail "resume with --nproc 2 failed"
  check_identical "$T/resume.log"
  grep -q "rank 0 of 2: step 180," "$T/resume.log" || fail "the resumed job did not reach step 180"
  ;;
kill)
  # SIGTERM (Ctrl+C) reaches the ranks at different steps: they agree on one, stop there together, rank 0 saves.
  setsid timeout 300 "$CLI" train "${MODEL[@]}" --steps 100000 --nproc 2 --out "$T/term" > "$T/term.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 600); do
    [ "$(tail -n 1 "$T/term/metrics.csv" 2>/dev/null | cut -d, -f1)" -gt 50 ] 2>/dev/null && break
    sleep 0.1
  done
  kill -TERM "${PIDS[-1]}"
  wait "${PIDS[-1]}" || fail "the job stopped by SIGTERM did not exit 0"
  check_identical "$T/term.log"
  step=$(grep -o 'rank 0 of 2: step [0-9]*' "$T/term.log" | awk '{print $6}')
  grep -q "rank 1 of 2: step $step," "$T/term.log" || fail "the ranks stopped at different steps"
  saved=$(grep -o '"step": *[0-9]*' "$T/term/owner.json" | grep -o '[0-9]*$')
  [ "$saved" = "$step" ] || fail "rank 0 recorded step $saved, the ranks stopped at $step"
  setsid timeout 300 "$CLI" train "${MODEL[@]}" --steps 100000 --autosave-steps 40 --nproc 2 --out "$T/run" > "$T/job.log" 2>&1 &
  PIDS+=($!)
  launcher=$!
  for _ in $(seq 600); do
    [ "$(tail -n 1 "$T/run/metrics.csv" 2>/dev/null | cut -d, -f1)" -gt 100 ] 2>/dev/null && break
    sleep 0.1
  done
  rank1=$(grep -o 'pids [0-9]*\.\.[0-9]*' "$T/job.log" | sed 's/.*\.\.//')
  [ -n "$rank1" ] || fail "the launcher did not name its ranks"
  kill -KILL "$rank1"
  start=$(date +%s)
  wait "$launcher"; rc=$?
  took=$(($(date +%s) - start))
  [ "$rc" != 0 ] || fail "the job exited 0 after a rank was killed"
  [ "$took" -le 40 ] || fail "the job took $took s to end after rank 1 was killed"
  grep -q "rank 1 (pid $rank1) was killed by signal 9" "$T/job.log" || fail "the launcher did not name rank 1"
  grep -q "rank 0 of 2: rank 1 stopped or lost contact" "$T/job.log" || fail "rank 0 did not name rank 1"
  echo "the job ended ${took}s after rank 1 was killed (exit $rc)"
  timeout 300 "$CLI" train --resume "$T/run" --steps 200 > "$T/resume.log" 2>&1 || fail "the run does not resume"
  grep -q "step 200/200" "$T/resume.log" || fail "the resumed run did not reach step 200"
  ;;
one)
  # LATENTLAB_GROUP_OF_ONE: a job of one rank through the real backend (as NCCL is tried on a one-GPU machine)
  # trains exactly as a process alone: the same loss on every step.
  timeout 300 "$CLI" train "${MODEL[@]}" --steps 60 --out "$T/alone" > "$T/alone.log" 2>&1 || fail "one process failed"
  WORLD_SIZE=1 RANK=0 MASTER_ADDR=127.0.0.1 MASTER_PORT=$(free_port) LATENTLAB_GROUP_OF_ONE=1 \
    timeout 300 "$CLI" train "${MODEL[@]}" --steps 60 --out "$T/group" > "$T/group.log" 2>&1 || fail "a group of one failed"
  grep -q "rank 0 of 1: joined the job" "$T/group.log" || fail "the group of one did not join a process group"
  cmp <(cut -d, -f1-4 "$T/alone/metrics.csv") <(cut -d, -f1-4 "$T/group/metrics.csv") ||
    fail "a group of one trained differently from a process alone"
  ;;
unreachable)
  port=$(free_port)
  start=$(date +%s)
  WORLD_SIZE=2 RANK=1 MASTER_ADDR=127.0.0.1 MASTER_PORT=$port timeout 60 "$CLI" train "${MODEL[@]}" --steps 10 \
    --dist-timeout 3 --out "$T/run" > "$T/rank1.log" 2>&1 && fail "a rank with no master succeeded"
  took=$(($(date +%s) - start))
  [ "$took" -le 20 ] || fail "it took $took s to give up (timeout 3 s)"
  grep -q "cannot reach the job's master at 127.0.0.1:$port" "$T/rank1.log" || fail "the message does not name the master"
  [ ! -e "$T/run" ] || fail "rank 1 wrote into the run directory"
  # A rank number outside the job is refused by name.
  WORLD_SIZE=2 RANK=2 MASTER_ADDR=127.0.0.1 MASTER_PORT=$port "$CLI" train "${MODEL[@]}" --steps 10 --out "$T/run" \
    > "$T/bad.log" 2>&1 && fail "RANK 2 of 2 was accepted"
  grep -q "outside a job of 2 ranks" "$T/bad.log" || fail "RANK 2 of 2: unclear message"
  ;;
torchrun)
  PY=${LATENTLAB_PYTHON:-/usr/bin/python3}  # a python3 whose torch holds torch.distributed.run
  $PY -c 'import torch.distributed.run' 2>/dev/null || { echo "SKIP: python3-torch is not installed"; exit 77; }
  run() { setsid timeout 400 $PY "$HERE/torchrun_patched.py" --standalone --nproc_per_node 2 --no_python "$@"; }
  run --max_restarts 0 "$CLI" train "${MODEL[@]}" --steps 120 --out "$T/run" > "$T/torchrun.log" 2>&1 ||
    fail "torchrun --nproc_per_node 2 failed"
  check_identical "$T/torchrun.log"
  grep -q "rank 1 of 2: joined" "$T/torchrun.log" || fail "torchrun's ranks did not form a job"
  # --max_restarts 1: rank 1 killed mid-epoch; torchrun restarts both; they continue from the run's last save.
  run --max_restarts 1 "$CLI" train "${MODEL[@]}" --epochs 2 --autosave-steps 50 --out "$T/re" > "$T/restart.log" 2>&1 &
  PIDS+=($!)
  job=$!
  for _ in $(seq 900); do
    [ "$(tail -n 1 "$T/re/metrics.csv" 2>/dev/null | cut -d, -f1)" -gt 250 ] 2>/dev/null && break
    sleep 0.1
  done
  victim=$(pgrep -f "latentlab-cli train .*--out $T/re" | while read -r p; do
             tr '\0' '\n' < "/proc/$p/environ" 2>/dev/null | grep -qx 'RANK=1' && echo "$p"; done | head -n 1)
  [ -n "$victim" ] || fail "cannot find rank 1"
  kill -KILL "$victim"
  wait "$job" || fail "the restarted job did not finish"
  grep -q "restart 1 of the job: continuing" "$T/restart.log" || fail "the workers were not restarted"
  check_identical "$T/restart.log"
  grep -q "epoch 2: train loss" "$T/restart.log" || fail "the restarted job did not finish 2 epochs"
  ;;
*) echo "unknown scenario $SCENARIO"; exit 2 ;;
esac
echo "PASS: $SCENARIO"
