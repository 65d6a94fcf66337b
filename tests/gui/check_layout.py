#!/usr/bin/env python3
"""Checks the window's layout from a --test-report JSON: every panel inside the window, none cut (content wider
than its panel, or taller without a scrollbar to reach it), no empty band below the menu bar, and the scatter and
latent views large enough to use.
  check_layout.py REPORT.json [WIDTHxHEIGHT]   (the size the window must have, when given)"""
import json
import sys

MIN_VIEW = (300, 250)  # the scatter and latent views: usable, not a strip
TOL = 1.5              # pixels: rounding of panel edges

r = json.load(open(sys.argv[1]))
d = r["display"]
w, h, menu = d["w"], d["h"], d["menu"]
problems = []
if len(sys.argv) > 2:
    want_w, want_h = (int(v) for v in sys.argv[2].lower().split("x"))
    if (w, h) != (want_w, want_h):
        problems.append(f"window is {w:.0f}x{h:.0f}, expected {want_w}x{want_h}")
panels = r["panels"]
print(f"window {w:.0f}x{h:.0f}, menu bar {menu:.0f} px")
for name, p in panels.items():
    size = f"{p['x1'] - p['x0']:.0f}x{p['y1'] - p['y0']:.0f}"
    print(f"  {name:16} at {p['x0']:.0f},{p['y0']:.0f} {size:>10}  content {p['content_w']:.0f}x{p['content_h']:.0f}"
          f" in {p['inner_w']:.0f}x{p['inner_h']:.0f}{'  scrolls' if p['scrolls_y'] else ''}")
    if not p["drawn"] or p["collapsed"]:
        problems.append(f"{name}: not shown")
        continue
    if p["x0"] < -TOL or p["y0"] < menu - TOL or p["x1"] > w + TOL or p["y1"] > h + TOL:
        problems.append(f"{name}: outside the window ({p['x0']:.0f},{p['y0']:.0f} to {p['x1']:.0f},{p['y1']:.0f})")
    if p["content_w"] > p["inner_w"] + 2:
        problems.append(f"{name}: content {p['content_w']:.0f} px wide in {p['inner_w']:.0f} px (cut on the right)")
    if p["content_h"] > p["inner_h"] + 2 and not p["scrolls_y"]:
        problems.append(f"{name}: content {p['content_h']:.0f} px tall in {p['inner_h']:.0f} px, no scrollbar")
for name in ("Latent scatter", "Latent views"):
    p = panels[name]
    if p["x1"] - p["x0"] < MIN_VIEW[0] or p["y1"] - p["y0"] < MIN_VIEW[1]:
        problems.append(f"{name}: {p['x1'] - p['x0']:.0f}x{p['y1'] - p['y0']:.0f}, smaller than {MIN_VIEW}")
# No empty band: every point of a grid over the area below the menu bar lies in some panel.
empty = []
step = 8
for y in range(int(menu) + 2, int(h) - 1, step):
    for x in range(1, int(w) - 1, step):
        if not any(p["x0"] - TOL <= x <= p["x1"] + TOL and p["y0"] - TOL <= y <= p["y1"] + TOL for p in panels.values()):
            empty.append((x, y))
if empty:
    problems.append(f"{len(empty)} grid points below the menu bar in no panel, e.g. {empty[:5]}")
for p in problems:
    print("FAIL:", p)
print("OK" if not problems else f"{len(problems)} problem(s)")
sys.exit(1 if problems else 0)
