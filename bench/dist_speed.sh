#!/usr/bin/env bash
# Data-parallel speed on this machine: 2 ranks x 1 thread against 1 rank x 1 thread, vae-mlp on Fashion-MNIST,
# the same global batch. Prints one JSON object: images per second of each (training only, see run()), their
# ratio, and the mean train loss of each epoch of both.
# Usage: bench/dist_speed.sh [CLI] [EPOCHS]     (default build/cli/latentlab-cli, 2 epochs)
set -eu
CLI=${1:-build/cli/latentlab-cli}
EPOCHS=${2:-2}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export OMP_NUM_THREADS=1
COMMON=(--data fashion-mnist --model vae-mlp --batch 128 --threads 1 --seed 1 --autosave 0)
ARGS=("${COMMON[@]}" --epochs "$EPOCHS")

# Wall time of a whole command, minus that of the same command for 2 steps (loading the data, joining the job,
# creating the run), so that what is compared is training.
seconds() {  # NAME ARGS...
  local name=$1; shift
  local start end
  start=$(date +%s.%N)
  "$CLI" train "$@" --out "$T/$name" > "$T/$name.log" 2>&1
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}
run() {  # NAME EXTRA-ARGS...
  local name=$1; shift
  local all setup
  all=$(seconds "$name" "${ARGS[@]}" "$@")
  setup=$(seconds "$name-setup" "${COMMON[@]}" --steps 2 "$@")
  echo "$all - $setup" | bc -l
}
# The CLI's closing lines, "epoch N: train loss X, test loss Y" (its progress log has the same words, unrounded).
epochs() { grep -E '^epoch [0-9]+: train loss [0-9]+\.[0-9]{3},' "$T/$1.log" | awk '{print $5}' | tr -d , | paste -sd, -; }

one=$(run one)
two=$(run two --nproc 2)
images=$((60000 * EPOCHS - 2 * 128))
ips1=$(echo "$images / $one" | bc -l)
ips2=$(echo "$images / $two" | bc -l)
printf '{"model": "vae-mlp", "data": "fashion-mnist", "batch": 128, "epochs": %s, "cores": %s,\n' "$EPOCHS" "$(getconf _NPROCESSORS_ONLN)"
printf ' "one_rank_seconds": %.2f, "two_ranks_seconds": %.2f,\n' "$one" "$two"
printf ' "one_rank_images_per_second": %.0f, "two_ranks_images_per_second": %.0f, "ratio": %.2f,\n' "$ips1" "$ips2" \
  "$(echo "$ips2 / $ips1" | bc -l)"
printf ' "one_rank_epoch_loss": [%s], "two_ranks_epoch_loss": [%s],\n' "$(epochs one)" "$(epochs two)"
printf ' "load_average": "%s"}\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
