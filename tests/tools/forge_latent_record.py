#!/usr/bin/env python3
"""Makes a weights file whose record lies: forge_latent_record.py IN.pt OUT.pt FROM TO rewrites '"latent":FROM' to
'"latent":TO' in the archive's training record and leaves the tensors as they are (a LibTorch archive is a zip).
The GUI tests use it to build a checkpoint whose weights do not fit its recorded latent size."""
import sys, zipfile

src, dst, old, new = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
assert len(old) == len(new), "the pickled string keeps its length"
pattern, replacement = f'"latent":{old}'.encode(), f'"latent":{new}'.encode()
found = False
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as zout:
    for info in zin.infolist():
        data = zin.read(info.filename)
        if pattern in data:
            found = True
            data = data.replace(pattern, replacement)
        info.compress_type = zipfile.ZIP_STORED
        zout.writestr(info, data)
sys.exit(0 if found else f"{src}: no {pattern!r} in its record")
