#!/usr/bin/env python3
"""Writes a plain PNG for the tests (no imaging library needed): make_png.py OUT WIDTH HEIGHT CHANNELS VALUE.
CHANNELS 1 is gray, 3 is RGB; every pixel byte is VALUE plus a small gradient, so images differ."""
import struct, sys, zlib

out, w, h, c, v = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
rows = b"".join(b"\0" + bytes((v + x + y) % 256 for x in range(w) for _ in range(c)) for y in range(h))
chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
ihdr = struct.pack(">IIBBBBB", w, h, 8, {1: 0, 3: 2}[c], 0, 0, 0)
open(out, "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
