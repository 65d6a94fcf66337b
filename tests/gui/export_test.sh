#!/usr/bin/env bash
# Ctrl+E as a person presses it (issue 12 items 5 and 6): the message lists every file written, by absolute path,
# and the PNGs are magnified by one factor: the sample grid's images are as large as the single image.
#   export_test.sh APP
set -euo pipefail
app=$(realpath "$1")
source "$(dirname "$(realpath "$0")")/gui_test_lib.sh"

"$app" --no-layout --data shapes --model vae-mlp --test-report "$report" >"$work/app.log" 2>&1 &
pid=$!
wait_for "r['state'] == 'idle' and r['reconstructions'] > 0" 120
focus
press ctrl+e
wait_for "len(r['exported_files']) >= 3" 60
python3 - "$report" <<'PY'
import json, os, struct, sys
r = json.load(open(sys.argv[1]))
files = r["exported_files"]
print("info:", r["info"])
def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    return struct.unpack(">II", head[16:24])
problems = []
for path in files:
    if not os.path.isabs(path) or not os.path.isfile(path):
        problems.append(f"{path}: not an absolute path to a file")
    if path not in r["info"]:
        problems.append(f"{path}: not in the message")
stems = {os.path.basename(p).split(".")[0].rstrip("-0123456789"): p for p in files}
for stem in ("image", "samples", "loss-history"):
    if stem not in stems:
        problems.append(f"no {stem} export among {files}")
if not problems:
    w1, h1 = png_size(stems["image"])
    ws, hs = png_size(stems["samples"])
    # shapes: 64x64 images, magnified 4 times; the 8x8 grid has 2-pixel gaps and edges, magnified alike.
    factor = 256 // 64
    print(f"image.png {w1}x{h1}, samples.png {ws}x{hs}")
    if (w1, h1) != (64 * factor, 64 * factor):
        problems.append(f"image.png is {w1}x{h1}, expected {64 * factor}")
    if ws != (8 * 64 + 9 * 2) * factor:
        problems.append(f"samples.png is {ws} wide, expected {(8 * 64 + 9 * 2) * factor} (its images as large as image.png's)")
    header = open(stems["loss-history"]).readline().strip()
    if not header.endswith(",test_loss,event"):
        problems.append(f"loss CSV header {header!r} lacks test_loss and event")
for p in problems:
    print("FAIL:", p)
sys.exit(1 if problems else 0)
PY
echo "PASS: Ctrl+E wrote and listed its files by absolute path, PNGs magnified alike"
