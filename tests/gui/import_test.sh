#!/usr/bin/env bash
# The window on models trained elsewhere (README.md, "Bring your own model"), acting like a person:
#   import_test.sh APP CLI CHECKER SHOTS_DIR window|slider|slow|ask_latent|bad_file
# window:     --model-file with --data shapes: source IMPORTED, latent size, codes of the whole data set in the
#             scatter, 16 reconstructions, no training controls; a screenshot (SHOTS_DIR/import.png) is checked
# slider:     dragging z0 changes the decoded image (decoded on the worker, the frame never waits)
# slow:       a model that takes about a second a decode: while it decodes the dragged code, frames keep coming
# ask_latent: a model that does not say its latent size: the window asks, the typed size opens it
# bad_file:   a state_dict and a text file are refused by name, and the window keeps drawing
# The model is Python's scripted conv VAE where Python has torch (tests/import/models.py), else a run exported by
# latentlab-cli (the same contract).
set -euo pipefail
app=$(realpath "$1") cli=$(realpath "$2") checker=$(realpath "$3") shots=$(realpath "$4") scenario=$5
here=$(dirname "$(realpath "$0")")
source "$(dirname "$(realpath "$0")")/gui_test_lib.sh"

py=""
for candidate in /usr/bin/python3 python3; do
  if "$candidate" -c "import torch" 2>/dev/null; then py=$candidate; break; fi
done
if [ -n "$py" ]; then
  "$py" "$here/../import/models.py" make "$work" 300 > /dev/null  # trained a little: images, not grey
  model=$work/conv_vae.pt latent=8
else
  "$cli" train --data shapes --model vae-conv --latent 8 --steps 30 --batch 32 --out "$work/run" > /dev/null
  "$cli" export --run "$work/run" --out "$work/conv_vae.pt" > /dev/null
  model=$work/conv_vae.pt latent=8
  echo "(no Python with torch: the model is a run exported by latentlab-cli)"
fi

case "$scenario" in
  window)
    "$app" --no-layout --model-file "$model" --data shapes --frames 12 --screenshot "$shots/import.png" \
      --test-report "$report" > "$work/app.log" 2>&1 || fail "the program failed"
    python3 - "$report" "$latent" <<'PY' || fail "facts"
import json, sys
r = json.load(open(sys.argv[1]))
print({k: v for k, v in r.items() if k not in ("items", "timeline")})
wanted = {"source imported": r["source"] == "imported", "latent size": r["latent_dims"] == int(sys.argv[2]),
          "summary": r["source_note"].startswith("conv_vae.pt, latent " + sys.argv[2]),
          "codes of the whole data set": r["latent_points"] == 22000, "scatter drawn": r["scatter_renders"] >= 1,
          "16 reconstructions": r["reconstructions"] == 16, "an image decoded": r["decoded_hash"] != "1469598103934665603",
          "no training controls": "start_pause" not in r.get("items", {}), "no error": r["error"] == ""}
missing = [name for name, ok in wanted.items() if not ok]
print("FAIL: " + ", ".join(missing) if missing else "OK")
sys.exit(1 if missing else 0)
PY
    "$checker" "$shots/import.png" 200 "16,16,16" 20000 || fail "the screenshot does not show a drawn window"
    echo "PASS: the imported model shows every view with the data's codes; screenshot in $shots/import.png"
    ;;
  slider)
    "$app" --no-layout --model-file "$model" --data shapes --test-report "$report" > "$work/app.log" 2>&1 &
    pid=$!
    wait_for "'slider0' in r.get('items', {}) and r['source'] == 'imported' and r['decoded_hash'] != '1469598103934665603'" 90
    before=$(fact "['decoded_hash']")
    read -r x y < <(centre slider0)
    x0=$(python3 -c "import json; i=json.load(open('$report'))['items']['slider0']; print(int(i['x0'])+4)")
    x1=$(python3 -c "import json; i=json.load(open('$report'))['items']['slider0']; print(int(i['x1'])-4)")
    xdotool mousemove "$x0" "$y" sleep 0.2 mousedown 1 sleep 0.2 mousemove $(( (x0 + x1) / 2 )) "$y" sleep 0.2 \
            mousemove "$x1" "$y" sleep 0.3 mouseup 1
    wait_for "r['decoded_hash'] != '$before' and r['slider0'] > 2.5" 20
    # Export image: decoded on the worker, written when it is back, into exports/conv_vae/.
    click export_image
    wait_for "r['last_export'].endswith('.png') and '/exports/conv_vae/' in r['last_export']" 30
    "$checker" "$(fact "['last_export']")" 2 || fail "the exported image"
    echo "PASS: dragging z0 to $(fact "['slider0']") changed the imported model's decoded image; Export image wrote" \
         "$(fact "['last_export']")"
    ;;
  slow)
    [ -n "$py" ] || { echo "PASS: skipped (needs Python's torch for a slow model)"; exit 0; }
    "$app" --no-layout --model-file "$work/slow.pt" --test-report "$report" > "$work/app.log" 2>&1 &
    pid=$!
    wait_for "'slider0' in r.get('items', {}) and r['decoded_hash'] != '1469598103934665603' and not r['decoding']" 120
    before=$(fact "['decoded_hash']")
    read -r x y < <(centre slider0)
    x1=$(python3 -c "import json; i=json.load(open('$report'))['items']['slider0']; print(int(i['x1'])-4)")
    xdotool mousemove "$x" "$y" sleep 0.2 mousedown 1 sleep 0.2 mousemove "$x1" "$y" sleep 0.2 mouseup 1
    wait_for "r['decoding']" 10
    f1=$(fact "['frames']")
    sleep 0.5
    holds "r['decoding'] and r['frames'] >= $f1 + 3" ||
      fail "while the slow model decoded, frames went from $f1 to $(fact "['frames']") in 0.5 s"
    wait_for "r['decoded_hash'] != '$before' and not r['decoding']" 60
    echo "PASS: while a decode of about a second ran, the window drew $(( $(fact "['frames']") - f1 )) frames;" \
         "then the image followed the slider"
    ;;
  ask_latent)
    [ -n "$py" ] || { echo "PASS: skipped (needs Python's torch for a traced model without a latent size)"; exit 0; }
    rm "$work/generator.json"
    "$app" --no-layout --model-file "$work/generator.pt" --test-report "$report" > "$work/app.log" 2>&1 &
    pid=$!
    wait_for "r['import_needs_latent'] and 'import_latent' in r.get('items', {})" 60
    type_into import_latent 6
    click import_latent_open
    wait_for "r['latent_dims'] == 6 and r['source'] == 'imported' and r['error'] == ''" 60
    echo "PASS: the window asked for the latent size; 6 opened the traced generator"
    ;;
  bad_file)
    printf 'not a model\n' > "$work/notes.pt"
    bad=$work/notes.pt
    [ -n "$py" ] && bad=$work/state_dict.pt
    "$app" --no-layout --model-file "$bad" --data shapes --test-report "$report" > "$work/app.log" 2>&1 &
    pid=$!
    wait_for "'not a TorchScript module' in r['error']" 60
    frames=$(fact "['frames']")
    sleep 1
    holds "r['frames'] > $frames" || fail "the window stopped drawing after the refusal"
    echo "PASS: $(fact "['error']" | head -c 160)... and the window keeps drawing"
    ;;
  *) echo "unknown scenario $scenario"; exit 2 ;;
esac
