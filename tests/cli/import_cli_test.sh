#!/usr/bin/env bash
# latentlab-cli with models trained elsewhere (README.md, "Bring your own model"), without Python's torch: a run
# exported as TorchScript (latentlab-cli export) opens with --model-file in sample, traverse, encode and
# interpolate and gives the run's own images; files that are not TorchScript models are refused by name.
#   import_cli_test.sh CLI roundtrip|refuses
set -euo pipefail
cli=$1 scenario=$2
here=$(dirname "$(realpath "$0")")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
# A command that must fail cleanly, saying `$1` (a grep pattern): non-zero, no signal, no crash message.
refuses() {
  local want=$1 rc=0; shift
  "$@" > "$work/out.log" 2> "$work/err.log" || rc=$?
  [ "$rc" -ne 0 ] || fail "$* succeeded"
  [ "$rc" -lt 128 ] || fail "$* died of signal $((rc - 128)): $(tail -3 "$work/err.log")"
  ! grep -qE "terminate called|unexpected error|core dumped" "$work/err.log" || fail "crash: $(cat "$work/err.log")"
  grep -q -- "$want" "$work/err.log" || fail "$* did not say '$want': $(cat "$work/err.log")"
  echo "refused as it should: $(head -c 300 "$work/err.log")"
}
same_png() { python3 "$here/../import/png_diff.py" "$1" "$2" 1 || fail "$1 and $2 differ"; }
train() { "$cli" train --data shapes --latent 4 --hidden 16 --batch 16 --steps 3 --out "$work/$1" --model "$1" > /dev/null; }

case "$scenario" in
  roundtrip)
    for kind in vae-mlp dcgan; do
      train $kind
      "$cli" export --run "$work/$kind" --out "$work/$kind.pt" | tee "$work/export.log"
      grep -q "as TorchScript to $work/$kind.pt" "$work/export.log" || fail "export said: $(cat "$work/export.log")"
      "$cli" traverse --run "$work/$kind" --dims 0,1,2,3 --steps 7 --out "$work/own.png" > /dev/null
      "$cli" traverse --model-file "$work/$kind.pt" --dims 0,1,2,3 --steps 7 --out "$work/imported.png" 2> "$work/err.log" > /dev/null
      grep -q "IMPORTED $kind.pt, latent 4" "$work/err.log" || fail "no summary: $(cat "$work/err.log")"
      same_png "$work/own.png" "$work/imported.png"
      "$cli" sample --run "$work/$kind" --n 16 --seed 3 --out "$work/own.png" > /dev/null
      "$cli" sample --model-file "$work/$kind.pt" --n 16 --seed 3 --out "$work/imported.png" 2> /dev/null > /dev/null
      same_png "$work/own.png" "$work/imported.png"
    done
    "$cli" encode --model-file "$work/vae-mlp.pt" --data shapes --out "$work/codes.csv" 2> /dev/null > /dev/null
    "$cli" encode --run "$work/vae-mlp" --data shapes --out "$work/own.csv" > /dev/null
    [ "$(wc -l < "$work/codes.csv")" -eq 22001 ] || fail "encode wrote $(wc -l < "$work/codes.csv") lines, not 22001"
    python3 - "$work/own.csv" "$work/codes.csv" <<'PY' || fail "the imported encoder's codes are not the run's"
import csv, sys
a, b = (list(csv.reader(open(f))) for f in sys.argv[1:3])
worst = max(abs(float(x) - float(y)) for ra, rb in zip(a[1:], b[1:]) for x, y in zip(ra[3:], rb[3:]))
print("largest code difference", worst)
sys.exit(0 if worst < 1e-4 and len(a) == len(b) else 1)
PY
    "$cli" interpolate --model-file "$work/vae-mlp.pt" --data shapes --from 0 --to 5 --spherical --out "$work/interp.png" 2> /dev/null > /dev/null
    "$cli" interpolate --run "$work/vae-mlp" --data shapes --from 0 --to 5 --spherical --out "$work/own.png" > /dev/null
    same_png "$work/own.png" "$work/interp.png"
    # A GAN has no encoder: said by name.
    refuses "has no usable encode" "$cli" encode --model-file "$work/dcgan.pt" --data shapes --out "$work/x.csv"
    echo "PASS: vae-mlp and dcgan exported as TorchScript give the run's own images and codes with --model-file"
    ;;
  refuses)
    train vae-mlp
    "$cli" export --run "$work/vae-mlp" --out "$work/model.pt" > /dev/null
    printf 'just some notes\nnot a model\n' > "$work/notes.pt"
    refuses "a text file, not a TorchScript module" "$cli" sample --model-file "$work/notes.pt" --out "$work/x.png"
    printf '\x80\x02}q\x00.' > "$work/pickle.pt"
    refuses "a pickle (torch.save in the legacy format" "$cli" sample --model-file "$work/pickle.pt" --out "$work/x.png"
    python3 -c "import zipfile, sys; zipfile.ZipFile(sys.argv[1], 'w').writestr('photos/cat.txt', 'meow')" "$work/other.pt"
    refuses "a zip archive of something else" "$cli" traverse --model-file "$work/other.pt" --out "$work/x.png"
    head -c 3000 "$work/model.pt" > "$work/cut.pt"
    refuses "cut.pt is cut short or damaged" "$cli" sample --model-file "$work/cut.pt" --out "$work/x.png"
    refuses "not found" "$cli" sample --model-file "$work/nothing.pt" --out "$work/x.png"
    refuses "has latent size 4 (module attribute), but 7 was given" \
      "$cli" sample --model-file "$work/model.pt" --latent 7 --out "$work/x.png"
    refuses "a model file has no timeline" "$cli" sample --model-file "$work/model.pt" --step 3 --out "$work/x.png"
    refuses "say which model: --run RUN_DIR or --model-file F.pt" "$cli" sample --out "$work/x.png"
    refuses "excludes" "$cli" sample --run "$work/vae-mlp" --model-file "$work/model.pt" --out "$work/x.png"
    refuses "not one of: probabilities" "$cli" sample --model-file "$work/model.pt" --pixel-range rainbow --out "$work/x.png"
    refuses "are for --model-file" "$cli" sample --run "$work/vae-mlp" --latent 4 --out "$work/x.png"
    refuses "is one of the run directory's own files" "$cli" export --run "$work/vae-mlp" --out "$work/vae-mlp/checkpoint.pt"
    echo "PASS: text, pickles, other zips, cut files, missing files and contradicting flags are refused by name"
    ;;
  *) echo "unknown scenario $scenario"; exit 2 ;;
esac
