"""Makes data/ascent/ascent-256-u16.npy: scipy's `ascent` image (512 x 512, 8-bit grey, from
Debian python3-scipy's scipy/misc/ascent.dat) downsampled to 256 x 256 by 2 x 2 block SUMS
(uint16, values 0..1020, exact; divide by 4 * 255 for [0, 1]). Usage: /usr/bin/python3 scripts/make-ascent-data.py"""
import hashlib
import json
import os
import warnings

import numpy as np
import scipy
import scipy.misc

warnings.simplefilter("ignore")
a = scipy.misc.ascent().astype(np.int64)
s = a.reshape(256, 2, 256, 2).sum(axis=(1, 3)).astype(np.uint16)
root = os.path.join(os.path.dirname(__file__), "..", "data", "ascent")
os.makedirs(root, exist_ok=True)
path = os.path.join(root, "ascent-256-u16.npy")
np.save(path, s)
digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
json.dump({"file": "ascent-256-u16.npy", "shape": [256, 256], "dtype": "uint16", "scale": 1020,
           "scipy": scipy.__version__, "sha256": digest}, open(os.path.join(root, "manifest.json"), "w"), indent=1)
print(path, digest)
