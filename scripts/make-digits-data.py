#!/usr/bin/python3
"""Extracts the first N images of scikit-learn's 8x8 digits into data/digits/ (convspec format).

Source file: sklearn/datasets/data/digits.csv.gz from Debian's python3-sklearn 1.2.1+dfsg-1
(either installed, or unpacked with `apt-get download python3-sklearn && dpkg-deb -x ...`).
Each CSV row: 64 pixel counts in 0..16 (row-major 8x8), then the label 0..9.

Output (documented in data/README.md):
  data/digits/digits-8x8.u8   N records of 65 bytes: label, then 64 pixels (row-major, 0..16)
  data/digits/manifest.json   format, count, sha256, provenance, licence
Usage: /usr/bin/python3 scripts/make-digits-data.py [path/to/digits.csv.gz] [N]
"""
import gzip, hashlib, json, os, sys

DEFAULT = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz"
src = sys.argv[1] if len(sys.argv) > 1 else DEFAULT
count = int(sys.argv[2]) if len(sys.argv) > 2 else 600
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "digits")
os.makedirs(root, exist_ok=True)

rows = []
with gzip.open(src, "rt") as f:
    for line in f:
        vals = [int(float(v)) for v in line.strip().split(",")]
        assert len(vals) == 65 and all(0 <= v <= 16 for v in vals[:64]) and 0 <= vals[64] <= 9
        rows.append(vals)
rows = rows[:count]
blob = bytearray()
for r in rows:
    blob.append(r[64])
    blob.extend(r[:64])
with open(os.path.join(root, "digits-8x8.u8"), "wb") as f:
    f.write(blob)
counts = [sum(1 for r in rows if r[64] == c) for c in range(10)]
manifest = {
    "format": "convspec-digits-u8-v1",
    "file": "digits-8x8.u8",
    "record_bytes": 65,
    "layout": "per image: 1 byte label (0..9), then 64 bytes pixel counts (0..16), row-major 8x8",
    "count": len(rows),
    "height": 8,
    "width": 8,
    "max_pixel": 16,
    "class_counts": counts,
    "sha256": hashlib.sha256(blob).hexdigest(),
    "source": "scikit-learn 1.2.1 sklearn/datasets/data/digits.csv.gz (Debian package python3-sklearn 1.2.1+dfsg-1), first %d rows in file order" % len(rows),
    "origin": "UCI ML 'Optical Recognition of Handwritten Digits' (E. Alpaydin, C. Kaynak, 1998), test set, https://archive.ics.uci.edu/dataset/80",
    "licence": "scikit-learn: BSD-3-Clause (Copyright 2007-2019 Scikit-Learn Developers); UCI dataset: CC BY 4.0",
}
with open(os.path.join(root, "manifest.json"), "w") as f:
    json.dump(manifest, f, indent=2)
    f.write("\n")
print(json.dumps({k: manifest[k] for k in ("count", "class_counts", "sha256")}))
