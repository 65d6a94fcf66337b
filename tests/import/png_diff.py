"""Compares two 8-bit PNGs (what LatentLab writes) pixel by pixel, with only Python's standard library.

  png_diff.py A.png B.png [TOLERANCE]   exit 0 when they have the same size and no pixel differs by more than
                                        TOLERANCE (default 1, a rounding step), else 1 saying by how much
"""
import struct
import sys
import zlib
from typing import Tuple


def read_png(path: str) -> Tuple[int, int, int, bytes]:
    """Width, height, channels and rows of an 8-bit, non-interlaced gray or RGB PNG (what stb writes)."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    at, idat = 8, b""
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (0, 2), f"{path}: depth {depth}, colour type {colour}"
            channels = 1 if colour == 0 else 3
        elif kind == b"IDAT":
            idat += body
        at += 12 + length
    raw, stride = zlib.decompress(idat), width * channels
    rows, previous = bytearray(), bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = previous[i]
            c = previous[i - channels] if i >= channels else 0
            if kind == 1: line[i] = (line[i] + a) & 255
            elif kind == 2: line[i] = (line[i] + b) & 255
            elif kind == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows += line
        previous = line
    return width, height, channels, bytes(rows)



def main() -> None:
    a, b = read_png(sys.argv[1]), read_png(sys.argv[2])
    tolerance = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    if a[:3] != b[:3]:
        sys.exit(f"FAIL: {sys.argv[1]} is {a[:3]}, {sys.argv[2]} is {b[:3]} (width, height, channels)")
    worst = max(abs(x - y) for x, y in zip(a[3], b[3]))
    print(f"largest pixel difference {worst} (of 255) over {len(a[3])} values")
    sys.exit(1 if worst > tolerance else 0)


if __name__ == "__main__":
    main()
