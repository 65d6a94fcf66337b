#!/usr/bin/env bash
# latentlab-cli refuses what it cannot do, by name, and never silently does something else: --resume with flags
# (applied or refused), numbers out of range or not finite, unknown flags, outputs onto a run's own files, dcgan on
# batches of one, absurd thread counts.
#   cli_reliability_test.sh CLI scenario
set -euo pipefail
cli=$1 scenario=$2
tools=$(dirname "$(realpath "$0")")/../tools
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
train() { "$cli" train --data shapes --model vae-mlp --latent 4 --hidden 32 --batch 32 "$@"; }
# refused "WHAT" CMD...: the command must fail (not crash: no signal, not the "unexpected error" code 3) and say
# WHAT (grep -E) on stderr.
refused() {
  local what=$1; shift
  local rc=0; "$@" >"$work/out" 2>"$work/err" || rc=$?
  [ "$rc" -ne 0 ] || fail "accepted: $*"
  [ "$rc" -ne 3 ] && [ "$rc" -lt 128 ] || fail "exit $rc (crash?) for: $* : $(cat "$work/err")"
  grep -Eq -- "$what" "$work/err" || fail "for '$*' the message does not say '$what': $(cat "$work/err")"
  echo "refused as expected: $(head -c 300 "$work/err" | tr '\n' ' ')"
}

case "$scenario" in
  resume_flags)
    train --steps 10 --out "$work/run" >/dev/null
    "$cli" train --resume "$work/run" --steps 20 --lr 0.0005 --beta 2 >/dev/null 2>"$work/log" || fail "resume: $(cat "$work/log")"
    grep -q '"lr": 0.0005' "$work/run/config.json" || fail "--lr not in config.json: $(cat "$work/run/config.json")"
    grep -q '"beta": 2' "$work/run/config.json" || fail "--beta not in config.json"
    grep -q '"event": *"lr 0.001' "$work/run/events.jsonl" || fail "no lr event: $(cat "$work/run/events.jsonl")"
    grep -q '"event": *"beta 1' "$work/run/events.jsonl" || fail "no beta event"
    for flag in "--latent 8" "--model dcgan" "--batch 7" "--seed 3" "--hidden 64"; do
      refused "${flag%% *} cannot change when a run is continued: the run has [^ ]+ in its config.json, not ${flag#* }" "$cli" train --resume "$work/run" --steps 30 $flag
    done
    # The same values as the run's pass (a script repeating its whole command line), and the run goes on.
    "$cli" train --resume "$work/run" --steps 25 --model vae-mlp --latent 4 --hidden 32 --batch 32 --seed 1 \
      >/dev/null 2>"$work/log" || fail "resume with the run's own values refused: $(cat "$work/log")"
    [ "$(tail -n 1 "$work/run/metrics.csv" | cut -d, -f1)" = 24 ] || fail "resume with the run's own values did not train to step 25 (last row 24): $(tail -n 1 "$work/run/metrics.csv")"
    echo "PASS: --resume applies --lr and --beta (config.json, events.jsonl), refuses changed model flags by name, accepts unchanged ones"
    ;;
  numbers)
    refused "--steps: 99999999999999999999 is out of range" train --steps 99999999999999999999 --out "$work/a"
    refused "--epochs: 0 is out of range: give a whole number from 1 to 1000000$" train --epochs 0 --out "$work/a"
    [ "$(wc -c <"$work/err")" -lt 200 ] || fail "the --epochs message is long: $(cat "$work/err")"
    refused "--lr: 'nan' is not a finite number" train --lr nan --steps 1 --out "$work/a"
    refused "--latent: '4.5' is not a whole number" train --latent 4.5 --steps 1 --out "$work/a"
    refused "--threads: 0 is out of range" train --threads 0 --steps 1 --out "$work/a"
    refused "--threads: -3 is out of range" train --threads -3 --steps 1 --out "$work/a"
    refused "--frobnicate" "$cli" train --frobnicate --data shapes --steps 1 --out "$work/a"
    refused "--nope" "$cli" sample --run "$work/a" --nope --out "$work/x.png"
    refused "unknown option '--frobnicate': options go after a command" "$cli" --frobnicate
    refused "unknown option '--steps': options go after a command" "$cli" --steps 5 train --data shapes
    train --steps 2 --out "$work/r" >/dev/null
    refused "--range: 'nan' is not a finite number" "$cli" traverse --run "$work/r" --range nan --out "$work/t.png"
    refused "--range: 'inf' is not a finite number" "$cli" traverse --run "$work/r" --range inf --out "$work/t.png"
    # An absurd thread count is bounded by the machine, and says so (it used to start 1,184 threads and hang).
    timeout 120 "$cli" train --data shapes --model vae-mlp --latent 4 --hidden 32 --steps 3 --threads 100000 \
      --out "$work/threads" >"$work/log" 2>&1 || fail "--threads 100000: $(cat "$work/log")"
    grep -q "this machine has [0-9]* cores; using [0-9]* threads" "$work/log" || fail "no note: $(cat "$work/log")"
    echo "PASS: out-of-range, non-finite and unknown values are refused by name; threads are bounded"
    ;;
  outputs)
    train --steps 3 --out "$work/run" >/dev/null
    before=$(cd "$work/run" && find . -type f ! -name owner.json -exec md5sum {} + | sort)
    for f in checkpoint.pt model.pt config.json metrics.csv events.jsonl owner.json timeline/x.png; do
      refused "is one of the run directory's own files" "$cli" sample --run "$work/run" --n 4 --out "$work/run/$f"
    done
    refused "own files" "$cli" traverse --run "$work/run" --out "$work/run/./checkpoint.pt"
    refused "own files" "$cli" encode --run "$work/run" --data shapes --out "$work/run/metrics.csv"
    refused "own files" "$cli" interpolate --run "$work/run" --data shapes --from 0 --to 1 --out "$work/run/model.pt"
    [ "$before" = "$(cd "$work/run" && find . -type f ! -name owner.json -exec md5sum {} + | sort)" ] ||
      fail "the run changed"
    "$cli" sample --run "$work/run" --n 4 --out "$work/run/samples.png" >/dev/null || fail "a new file in the run was refused"
    "$cli" train --resume "$work/run" --steps 4 >/dev/null 2>&1 || fail "the run does not continue"
    echo "PASS: outputs onto a run's own files are refused and the run stays intact"
    ;;
  dcgan)
    refused "batch size of 2 or more" "$cli" train --data shapes --model dcgan --batch 1 --steps 2 --out "$work/a"
    mkdir -p "$work/one"
    python3 "$tools/make_png.py" "$work/one/a.png" 28 28 1 40
    refused "at least 2 training images" "$cli" train --data "folder:$work/one" --model dcgan --steps 2 --out "$work/b"
    echo "PASS: dcgan refuses batches and data sets of one image with a clear message"
    ;;
  *) echo "unknown scenario $scenario"; exit 2 ;;
esac
