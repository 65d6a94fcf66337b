#!/usr/bin/env python3
"""Sorts a LeakSanitizer report (run with ASAN_OPTIONS=print_module_map=1) into leaks of ours and leaks of others.

Usage: leaks_of_ours.py LOG PROGRAM. Exits 1 when a leak has a frame in PROGRAM's own image (the contiguous mappings
of its file that begin at its lowest address: all of LatentLab's code is linked into it) or a frame naming the
latentlab namespace; prints every leak with the verdict. A frame outside every loaded module is code that was
unloaded before the report (a GL driver closed at exit): ASan's module map may put a wrong name on such an
address, which is why the image is taken from the program's own mappings and not from the frame's label.
"""
import re
import sys

log_path, program = sys.argv[1], sys.argv[2]
lines = open(log_path, errors="replace").read().splitlines()

image = []  # (start, end) of the program's mappings from its first one, while contiguous
for line in lines:
    m = re.match(r"\s*0x([0-9a-f]+)-0x([0-9a-f]+)\s+(\S+)$", line)
    if not m or m.group(3) != program:
        if image and m:
            break
        continue
    start, end = int(m.group(1), 16), int(m.group(2), 16)
    if image and start != image[-1][1]:
        break
    image.append((start, end))
if not image:
    print("leaks_of_ours: no module map for the program in the log (ASAN_OPTIONS=print_module_map=1)")
    sys.exit(1)

leaks, current = [], None
for line in lines:
    if re.match(r"(Direct|Indirect) leak of", line):
        current = {"title": line, "frames": []}
        leaks.append(current)
    elif current is not None and re.match(r"\s+#\d+ 0x", line):
        current["frames"].append(line)
    elif current is not None and not line.strip():
        current = None

ours = 0
for leak in leaks:
    mine = False
    for frame in leak["frames"][1:]:  # frame 0 is the allocator
        address = int(re.search(r"#\d+ 0x([0-9a-f]+)", frame).group(1), 16)
        mine = mine or any(a <= address < b for a, b in image) or "latentlab::" in frame
    ours += mine
    print(("OURS:   " if mine else "OTHERS: ") + leak["title"])
    for frame in leak["frames"][:6]:
        print("          " + frame.strip())
print(f"leaks_of_ours: {ours} of {len(leaks)} leaks are in our code (program image "
      f"{image[0][0]:#x}-{image[-1][1]:#x})")
sys.exit(1 if ours else 0)
