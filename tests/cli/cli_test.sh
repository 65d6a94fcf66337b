#!/usr/bin/env bash
# latentlab-cli end to end on the built-in shapes data: train, resume, sample, traverse, interpolate, encode;
# a run killed with SIGKILL mid-training still opens and resumes; bad runs are refused with a clear message.
#   cli_test.sh CLI scenario
set -euo pipefail
cli=$1 scenario=$2
work=$(mktemp -d)
mnt=$work/mnt
trap 'umount -l "$mnt" 2>/dev/null || true; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
# A real small disk (a tmpfs); needs root: otherwise the scenario says SKIP (ctest reports it skipped).
mount_tmpfs() {
  mkdir -p "$mnt"
  if ! mount -t tmpfs -o "size=$1" tmpfs "$mnt" 2> "$work/mount.err"; then
    echo "SKIP: cannot mount a tmpfs here ($(cat "$work/mount.err")): needs root"; exit 0
  fi
}
# Exit status of a command that must fail cleanly: non-zero, not killed by a signal, no crash message.
fails_cleanly() {
  local rc=0
  "$@" > "$work/out.log" 2> "$work/err.log" || rc=$?
  [ "$rc" -ne 0 ] || fail "$* succeeded"
  [ "$rc" -lt 128 ] || fail "$* died of signal $((rc - 128)): $(tail -3 "$work/err.log")"
  ! grep -qE "terminate called|unexpected error|core dumped" "$work/err.log" || fail "crash: $(cat "$work/err.log")"
}
small=(--model vae-mlp --latent 4 --hidden 8 --batch 32)
is_png() { [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || fail "$1 is not a PNG"; }

case "$scenario" in
  workflow)
    "$cli" train --data shapes --model vae-mlp --latent 8 --hidden 64 --steps 40 --batch 32 --out "$work/run" > "$work/train.log"
    grep -q "step 40/40" "$work/train.log" || fail "training did not reach step 40: $(cat "$work/train.log")"
    for f in config.json checkpoint.pt metrics.csv model.pt owner.json; do [ -s "$work/run/$f" ] || fail "run has no $f"; done
    [ -f "$work/run/events.jsonl" ] || fail "run has no events.jsonl"
    ls "$work/run/timeline" | grep -q "^step-000000000000.pt$" || fail "the timeline has no snapshot at step 0"
    [ "$(wc -l < "$work/run/metrics.csv")" -eq 41 ] || fail "metrics.csv should have a header and 40 rows"
    "$cli" train --resume "$work/run" --steps 60 > "$work/resume.log"
    grep -q "step 60/60" "$work/resume.log" || fail "resume did not continue to 60: $(cat "$work/resume.log")"
    [ "$(wc -l < "$work/run/metrics.csv")" -eq 61 ] || fail "metrics.csv should hold all 60 steps after resuming"
    "$cli" sample --run "$work/run" --n 16 --out "$work/samples.png" && is_png "$work/samples.png"
    "$cli" traverse --run "$work/run" --dims 0,1,2 --steps 7 --out "$work/traverse.png" && is_png "$work/traverse.png"
    "$cli" interpolate --run "$work/run" --data shapes --from 3 --to 9 --steps 6 --out "$work/path.png"
    is_png "$work/path.png"
    "$cli" encode --run "$work/run" --data shapes --out "$work/codes.csv"
    [ "$(head -1 "$work/codes.csv")" = "split,index,label,z0,z1,z2,z3,z4,z5,z6,z7" ] || fail "bad CSV header"
    [ "$(wc -l < "$work/codes.csv")" -eq 22001 ] || fail "encode should write 22000 rows"
    "$cli" train --data shapes --model gan-mlp --latent 16 --hidden 64 --steps 30 --batch 32 --out "$work/gan" > /dev/null
    "$cli" sample --run "$work/gan" --n 9 --out "$work/gan.png" && is_png "$work/gan.png"
    if "$cli" encode --run "$work/gan" --data shapes --out "$work/x.csv" 2> "$work/err"; then fail "a GAN has no encoder"; fi
    grep -q "no encoder" "$work/err" || fail "unclear message: $(cat "$work/err")"
    echo "PASS: train, resume, sample, traverse, interpolate, encode"
    ;;
  kill)
    "$cli" train --data shapes --model vae-mlp --latent 8 --hidden 64 --steps 100000 --batch 32 --out "$work/run" \
      > "$work/train.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 100); do [ -f "$work/run/checkpoint.pt" ] && break; sleep 0.1; done
    sleep 2
    kill -9 "$pid"; wait "$pid" 2>/dev/null || true
    # Whatever moment the kill hit, the run opens and continues.
    "$cli" train --resume "$work/run" --steps 20 > "$work/resume.log" 2>&1 ||
      "$cli" sample --run "$work/run" --n 4 --out "$work/s.png" || fail "killed run does not open: $(cat "$work/resume.log")"
    "$cli" sample --run "$work/run" --n 4 --out "$work/s.png" && is_png "$work/s.png"
    ls -a "$work/run" | grep -q "\.tmp\." && echo "note: a temp file was left by the kill (harmless)"
    echo "PASS: a run killed mid-training opens and continues"
    ;;
  refuse)
    "$cli" train --data shapes --model vae-mlp --latent 8 --hidden 64 --steps 5 --batch 32 --out "$work/a" > /dev/null
    "$cli" train --data shapes --model vae-mlp --latent 4 --hidden 64 --steps 5 --batch 32 --out "$work/b" > /dev/null
    cp "$work/a/checkpoint.pt" "$work/b/checkpoint.pt"
    if "$cli" train --resume "$work/b" --steps 10 2> "$work/err"; then fail "another model's checkpoint was accepted"; fi
    grep -q "latent size 8" "$work/err" || fail "the message does not say what differs: $(cat "$work/err")"
    printf 'garbage' > "$work/b/checkpoint.pt"
    if "$cli" sample --run "$work/b" --out "$work/x.png" 2> "$work/err"; then fail "a corrupt checkpoint was accepted"; fi
    grep -q "checkpoint.pt" "$work/err" || fail "unclear message: $(cat "$work/err")"
    if "$cli" sample --run "$work/nothing" --out "$work/x.png" 2> "$work/err"; then fail "missing run accepted"; fi
    grep -q "not found" "$work/err" || fail "unclear message: $(cat "$work/err")"
    echo "PASS: other models' and damaged checkpoints are refused with clear messages"
    ;;
  runs)
    # One writer at a time; anyone can follow; the timeline answers --step; a run never continues on other data.
    "$cli" train --data shapes --model vae-mlp --latent 8 --hidden 64 --steps 100000 --batch 32 --out "$work/run" \
      > "$work/train.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 200); do [ -f "$work/run/checkpoint.pt" ] && break; sleep 0.1; done
    if "$cli" train --resume "$work/run" --steps 10 2> "$work/err"; then fail "a second writer was let in"; fi
    grep -q "being written by latentlab-cli train (pid $pid" "$work/err" || fail "unclear refusal: $(cat "$work/err")"
    "$cli" follow "$work/run" --seconds 3 > "$work/follow.log" || fail "follow failed: $(cat "$work/follow.log")"
    grep -q "written by latentlab-cli train (pid $pid" "$work/follow.log" || fail "follow does not name the writer"
    [ "$(grep -c "^step [0-9]*/100000 .*running" "$work/follow.log")" -ge 1 ] || fail "no progress: $(cat "$work/follow.log")"
    kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
    "$cli" follow "$work/run" > "$work/follow2.log" || fail "follow of a stopped run failed"
    grep -q "nobody writes it now" "$work/follow2.log" || fail "follow does not say the writer stopped: $(cat "$work/follow2.log")"
    # A follower writes nothing: the files stay as the writer left them.
    sums=$(cd "$work/run" && find . -type f -exec md5sum {} + | sort)
    "$cli" follow "$work/run" > /dev/null
    [ "$sums" = "$(cd "$work/run" && find . -type f -exec md5sum {} + | sort)" ] || fail "follow changed the run"
    steps=$(ls "$work/run/timeline" | wc -l)
    [ "$steps" -ge 3 ] && [ "$steps" -le 40 ] || fail "timeline of $steps snapshots"
    "$cli" sample --run "$work/run" --step 0 --n 4 --out "$work/s0.png" 2> "$work/step.log" && is_png "$work/s0.png"
    grep -q "model at step 0" "$work/step.log" || fail "--step 0 did not pick step 0: $(cat "$work/step.log")"
    "$cli" sample --run "$work/run" --n 4 --out "$work/slast.png"
    cmp -s "$work/s0.png" "$work/slast.png" && fail "the model at step 0 draws the same images as the last one"
    "$cli" traverse --run "$work/run" --step 30 --steps 3 --out "$work/t.png" && is_png "$work/t.png"
    "$cli" interpolate --run "$work/run" --step 30 --data shapes --from 1 --to 2 --out "$work/i.png" && is_png "$work/i.png"
    # The CLI trained on shapes with data seed 1234 (config.json says so); other sprites are refused.
    grep -q '"seed": 1234' "$work/run/config.json" || fail "config.json does not record the data seed"
    if "$cli" train --resume "$work/run" --data shapes --data-seed 7 --steps 10 2> "$work/err"; then
      fail "a run continued on other data"; fi
    grep -q "not the data this run was trained on" "$work/err" || fail "unclear data refusal: $(cat "$work/err")"
    "$cli" train --resume "$work/run" --data shapes --data-seed 7 --allow-other-data --steps 1 > "$work/other.log" 2>&1 ||
      fail "--allow-other-data refused: $(cat "$work/other.log")"
    grep -q "resumed on other data" "$work/run/events.jsonl" || fail "events.jsonl does not record the change of data"
    echo "PASS: one writer, read-only followers, timeline steps, data identity"
    ;;
  diskfull)
    # The disk fills during a save: a clear error, no abort, and what was saved before still opens.
    mount_tmpfs 2m
    fails_cleanly "$cli" train --data shapes --steps 10 --out "$mnt/big"
    grep -q "no space left on device" "$work/err.log" || fail "unclear message: $(cat "$work/err.log")"
    rm -rf "$mnt/big"
    fails_cleanly "$cli" train --data shapes "${small[@]}" --steps 100000 --autosave-steps 10 --out "$mnt/run"
    grep -q "saving failed: .*no space left on device" "$work/err.log" || fail "unclear message: $(cat "$work/err.log")"
    "$cli" sample --run "$mnt/run" --n 4 --out "$work/s.png" || fail "the run saved before the disk filled does not open"
    is_png "$work/s.png"
    cp -r "$mnt/run" "$work/copy"
    "$cli" train --resume "$work/copy" --steps 200 > "$work/resume.log" 2>&1 || fail "resume failed: $(cat "$work/resume.log")"
    grep -q "step 200/200" "$work/resume.log" || fail "resume did not reach step 200: $(cat "$work/resume.log")"
    ! ls -a "$work/copy" | grep -q "\.tmp\." || fail "temp files were left: $(ls -a "$work/copy")"
    echo "PASS: a full disk stops training with a clear message; the previous save opens and resumes"
    ;;
  unfinished)
    # A run killed between config.json and its first checkpoint (as earlier versions wrote them): config.json only.
    "$cli" train --data shapes "${small[@]}" --steps 5 --out "$work/done" > /dev/null 2>&1
    mkdir "$work/run" && cp "$work/done/config.json" "$work/run/"
    fails_cleanly "$cli" sample --run "$work/run" --out "$work/x.png"
    grep -q "creation was interrupted" "$work/err.log" || fail "unclear message: $(cat "$work/err.log")"
    fails_cleanly "$cli" train --resume "$work/run" --steps 10
    grep -q "creation was interrupted" "$work/err.log" || fail "unclear message: $(cat "$work/err.log")"
    "$cli" train --data shapes "${small[@]}" --steps 5 --out "$work/run" > "$work/out.log" 2> "$work/err.log" ||
      fail "--out refused an unfinished run: $(cat "$work/err.log")"
    grep -q "creation was interrupted before its first save" "$work/err.log" || fail "reuse not said: $(cat "$work/err.log")"
    "$cli" sample --run "$work/run" --n 4 --out "$work/s.png" && is_png "$work/s.png"
    fails_cleanly "$cli" train --data shapes "${small[@]}" --steps 5 --out "$work/run"
    grep -q "already holds a run" "$work/err.log" || fail "a finished run was not protected: $(cat "$work/err.log")"
    echo "PASS: an unfinished creation is reused by --out and explained by sample and --resume"
    ;;
  readonly)
    # An unwritable run is refused before any training, for --resume and for --out.
    mount_tmpfs 16m
    "$cli" train --data shapes "${small[@]}" --steps 5 --out "$mnt/run" > /dev/null 2>&1 || fail "setup failed"
    mount -o remount,ro "$mnt" || { echo "SKIP: cannot remount read-only"; exit 0; }
    fails_cleanly "$cli" train --resume "$mnt/run" --steps 400
    grep -qi "read-only file system" "$work/err.log" || fail "unclear message: $(cat "$work/err.log")"
    ! grep -q "training from step" "$work/err.log" || fail "it trained before finding the run unwritable"
    fails_cleanly "$cli" train --data shapes "${small[@]}" --steps 5 --out "$mnt/other"
    grep -qi "read-only file system" "$work/err.log" || fail "unclear message: $(cat "$work/err.log")"
    "$cli" sample --run "$mnt/run" --n 4 --out "$work/s.png" || fail "a read-only run does not open for reading"
    echo "PASS: read-only destinations are refused before training"
    ;;
esac
