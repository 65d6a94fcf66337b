#!/usr/bin/env bash
# End to end with PyTorch itself (Debian's python3-torch, the same library as our LibTorch): models exported in
# Python open in latentlab-cli, a state_dict is refused by name, and a run exported by latentlab-cli runs in
# Python's torch.jit.load and decodes the images LatentLab's own decoder makes.
#   import_e2e_test.sh CLI        exit 77 (ctest: skipped) when no Python has torch
set -euo pipefail
cli=$1
here=$(dirname "$(realpath "$0")")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
# Debian's torch is in the system Python; a pyenv or venv python3 first in PATH does not see it.
py=""
for candidate in /usr/bin/python3 python3; do
  if "$candidate" -c "import torch" 2>/dev/null; then py=$candidate; break; fi
done
[ -n "$py" ] || { echo "SKIP: no Python with torch (apt-get install python3-torch)"; exit 77; }

"$py" "$here/models.py" make "$work"
# A conv VAE scripted with encode, decode and latent_dim: every command, the encoder on the 64x64 shapes.
"$cli" sample --model-file "$work/conv_vae.pt" --n 16 --out "$work/vae.png" 2> "$work/err.log"
grep -q "IMPORTED conv_vae.pt, latent 8, 1x64x64 images, pixels logits (module attribute), encoder yes (mean, logvar)" \
  "$work/err.log" || fail "summary: $(cat "$work/err.log")"
"$cli" traverse --model-file "$work/conv_vae.pt" --steps 5 --out "$work/traverse.png" 2> /dev/null
"$cli" encode --model-file "$work/conv_vae.pt" --data shapes --out "$work/codes.csv" 2> /dev/null
[ "$(wc -l < "$work/codes.csv")" -eq 22001 ] || fail "encode wrote $(wc -l < "$work/codes.csv") lines"
[ "$(head -1 "$work/codes.csv")" = "split,index,label,z0,z1,z2,z3,z4,z5,z6,z7" ] || fail "header $(head -1 "$work/codes.csv")"
"$cli" interpolate --model-file "$work/conv_vae.pt" --data shapes --from 1 --to 2 --out "$work/interp.png" 2> /dev/null
# A traced generator that says nothing itself: generator.json beside it gives the latent size and the range.
"$cli" sample --model-file "$work/generator.pt" --n 9 --out "$work/gen.png" 2> "$work/err.log"
grep -q "IMPORTED generator.pt, latent 6, 3x16x16 images, pixels tanh (sidecar JSON), encoder no" "$work/err.log" ||
  fail "summary: $(cat "$work/err.log")"
mv "$work/generator.json" "$work/generator.json.away"
rc=0; "$cli" sample --model-file "$work/generator.pt" --out "$work/x.png" 2> "$work/err.log" || rc=$?
[ "$rc" -eq 2 ] && grep -q "latent size of .*generator.pt is unknown.*give --latent N" "$work/err.log" ||
  fail "without its JSON (rc $rc): $(cat "$work/err.log")"
"$cli" sample --model-file "$work/generator.pt" --latent 6 --out "$work/x.png" 2> /dev/null
# torch.save(state_dict): refused by name.
rc=0; "$cli" sample --model-file "$work/state_dict.pt" --out "$work/x.png" 2> "$work/err.log" || rc=$?
[ "$rc" -eq 2 ] && grep -q "a file saved with torch.save (a state_dict or a pickled model), not a TorchScript module" \
  "$work/err.log" || fail "state_dict (rc $rc): $(cat "$work/err.log")"
echo "state_dict refused: $(cat "$work/err.log")"

# Ours, exported, in Python: the same images as our own decoder, for a conv VAE and a DCGAN (batch norm).
for kind in vae-conv dcgan; do
  "$cli" train --data shapes --model $kind --latent 6 --batch 16 --steps 4 --out "$work/$kind" > /dev/null
  "$cli" export --run "$work/$kind" --out "$work/$kind.pt"
  "$cli" traverse --run "$work/$kind" --dims 0,2,5 --steps 6 --range 2.5 --out "$work/$kind.png" > /dev/null
  "$py" "$here/models.py" compare "$work/$kind.pt" "$work/$kind.png" 0,2,5 6 2.5
done
echo "PASS: Python's scripted VAE and traced generator open, its state_dict is refused, and exports of vae-conv" \
     "and dcgan decode in Python's torch.jit.load as LatentLab decodes them"
