#!/usr/bin/env bash
# The scatter's UMAP chosen as a person does (app/explorer/panels/scatter_embedding.h): open the scatter's x-axis combo and
# click "UMAP 2"; both axes become UMAP, it computes in the background over all of `shapes`' codes while the window
# keeps drawing, and the report says it finished.
#   umap_test.sh APP
set -euo pipefail
app=$(realpath "$1")
source "$(dirname "$(realpath "$0")")/gui_test_lib.sh"

"$app" --no-layout --data shapes --model vae-mlp --autostart --test-report "$report" >"$work/app.log" 2>&1 &
pid=$!
wait_for "r['latent_points'] > 0 and r['scatter_renders'] > 0 and 'scatter_x' in r.get('items', {})" 120
# Paused, the codes stay as they are: one UMAP of them runs to the end.
click start_pause
wait_for "r['state'] == 'paused'" 30
[ "$(fact "['umap']['wanted']")" = False ] || { echo "FAIL: UMAP computed before it was chosen"; exit 1; }
click scatter_x
wait_for "'scatter_umap' in r['items']" 10
sleep 1  # a popup's first frame places it where it will not stay: take the item's place once it settled
hold_click scatter_umap
wait_for "r['umap']['wanted'] and r['umap']['state'] in ('neighbours', 'layout', 'done')" 10
frames=$(fact "['frames']")
wait_for "r['umap']['finished'] >= 1 and r['umap']['shown_final']" 700
fact "['umap']"
holds "r['umap']['frames_while_busy'] >= 20 and r['frames'] - $frames >= 20" ||
  { echo "FAIL: the window did not keep drawing while UMAP ran"; cat "$report"; exit 1; }
holds "r['umap']['layouts_shown'] >= 2" || { echo "FAIL: no intermediate layout before the final one"; exit 1; }
holds "r['umap']['error'] == '' and r['error'] == ''" || { echo "FAIL: an error"; cat "$report"; exit 1; }
echo "PASS: UMAP chosen from the axis combo finished in $(fact "['umap']['seconds']") s over" \
     "$(fact "['latent_points']") codes, $(fact "['umap']['layouts_shown']") layouts shown, $(( $(fact "['frames']") - frames ))" \
     "frames drawn meanwhile (p95 $(fact "['frame_ms_p95']") ms)"
