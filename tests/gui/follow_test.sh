#!/usr/bin/env bash
# GUI tests of runs that another process writes: the window follows a CLI run live without writing a byte into it,
# and continues it in one click once the CLI stops; the timeline slider shows the model at any saved step.
#   follow_test.sh APP CLI follow_continue|job|timeline
set -euo pipefail
app=$(realpath "$1") cli=$(realpath "$2") scenario=$3
source "$(dirname "$(realpath "$0")")/gui_test_lib.sh"
here=$(pwd -P)
open_window() { "$app" --no-layout --test-report "$report" "$@" >"$work/app.log" 2>&1 & pid=$!; }
sums() { (cd "$1" && find . -type f -exec md5sum {} + | sort); }

case "$scenario" in
  follow_continue)
    "$cli" train --data shapes --model vae-mlp --latent 4 --hidden 32 --batch 32 --steps 1000000 --out "$here/R" \
      >"$work/cli.log" 2>&1 &
    trainer=$!
    for _ in $(seq 1 300); do [ -f "$here/R/model.pt" ] && break; sleep 0.1; done
    open_window --run "$here/R"
    wait_for "r['source'] == 'followed' and r['model_step'] >= 0 and r['loss_rows'] > 0" 60
    [ "$(fact "['writer']")" = "latentlab-cli train (pid $trainer on $(hostname))" ] || fail "writer: $(fact "['writer']")"
    step1=$(fact "['step']") rows1=$(fact "['loss_rows']") hash1=$(fact "['decoded_hash']") model1=$(fact "['model_step']")
    # Live: the steps, the curves and the decoded image move while the CLI trains.
    wait_for "r['step'] > $step1 + 200 and r['loss_rows'] > $rows1 + 200 and r['model_step'] > $model1" 60
    wait_for "r['decoded_hash'] != '$hash1'" 30
    echo "followed: step $step1 -> $(fact "['step']"), model $model1 -> $(fact "['model_step']"), image changed"
    holds "r['state'] == 'running' and not r['can_continue']" || fail "a run being trained elsewhere offered to continue"
    # The CLI stops (and saves); the window sees the run saved, offers to continue, and has written nothing.
    kill -TERM "$trainer"; wait "$trainer" || true; trainer=
    final=$(checkpoint_step "$here/R")
    before=$(sums "$here/R")
    wait_for "r['source'] == 'saved' and r['can_continue']" 60
    sleep 2
    [ "$(sums "$here/R")" = "$before" ] || fail "the following window wrote into the run"
    grep -q '"state":"closed"' "$here/R/owner.json" || fail "owner.json: $(cat "$here/R/owner.json")"
    click continue
    wait_for "r['source'] == 'live' and r['state'] == 'running' and r['step'] > $final + 100" 60
    grep -q "\"pid\":$pid," "$here/R/owner.json" || fail "the window did not become the writer: $(cat "$here/R/owner.json")"
    echo "PASS: followed the CLI's run live, wrote nothing, continued it from step $final to $(fact "['step']")"
    ;;
  job)
    # A data-parallel job (2 ranks): followed like any run, its writer line naming the ranks and the job's speed.
    OMP_NUM_THREADS=1 setsid "$cli" train --data shapes --model vae-mlp --latent 4 --hidden 32 --batch 32 \
      --threads 1 --steps 1000000 --nproc 2 --out "$here/R" >"$work/cli.log" 2>&1 &
    trainer=$!
    for _ in $(seq 1 300); do [ -f "$here/R/model.pt" ] && break; sleep 0.1; done
    open_window --run "$here/R"
    wait_for "r['source'] == 'followed' and r['loss_rows'] > 0 and 'rank 0 of 2 ranks' in r['writer'] and 'img/s' in r['writer']" 60
    step1=$(fact "['step']") hash1=$(fact "['decoded_hash']")
    wait_for "r['step'] > $step1 + 200 and r['decoded_hash'] != '$hash1'" 60
    echo "followed the job: $(fact "['writer']"), step $step1 -> $(fact "['step']")"
    kill -TERM "$trainer"; wait "$trainer" || true; trainer=
    wait_for "r['source'] == 'saved' and r['can_continue']" 60
    echo "PASS: followed a 2-rank job live; it stopped and the run is saved at step $(checkpoint_step "$here/R")"
    ;;
  timeline)
    "$cli" train --data shapes --model vae-mlp --latent 4 --hidden 32 --batch 32 --steps 400 --out "$here/R" \
      >"$work/cli.log" 2>&1 || fail "cli: $(cat "$work/cli.log")"
    open_window --run "$here/R"
    wait_for "r['source'] == 'saved' and r['model_step'] == 400 and len(r['timeline']) >= 8 and 'timeline' in r['items']" 60
    live=$(fact "['decoded_hash']")
    # The slider's left end is the first snapshot (step 0): a fixed code decodes differently there.
    read -r x y < <(left timeline)
    xdotool mousemove "$((x - 4))" "$y" sleep 0.2 click 1
    wait_for "r['timeline_step'] == 0 and not r['timeline_loading'] and r['model_step'] == 0" 30
    sleep 0.5
    early=$(fact "['decoded_hash']")
    [ "$early" != "$live" ] || fail "the model at step 0 decodes the zero code like the model at step 400"
    click timeline_live
    wait_for "r['timeline_step'] == -1 and r['model_step'] == 400" 30
    sleep 0.5
    [ "$(fact "['decoded_hash']")" = "$live" ] || fail "Live did not bring the newest model back"
    # One code across training, as a PNG strip in exports/ here (the run itself is not written).
    click timeline_strip
    wait_for "'code-across-training' in r['last_export']" 60
    strip=$(fact "['last_export']")
    [ "$strip" = "$here/exports/R/code-across-training.png" ] || fail "strip written to $strip"
    python3 - "$strip" <<'PY' || fail "the strip is not a wide PNG"
import struct, sys
data = open(sys.argv[1], 'rb').read(24)
assert data[:8] == b'\x89PNG\r\n\x1a\n'
w, h = struct.unpack('>II', data[16:24])
print('strip', w, 'x', h)
assert w > 6 * h
PY
    echo "PASS: the timeline's step 0 draws another image than step 400; Live restores it; strip exported"
    ;;
  *) echo "unknown scenario $scenario"; exit 2 ;;
esac
