# numpy reference of bench/pruned-dft.bench.ts: the half spectrum of real box data zero-padded to
# the grid (numpy.fft.rfftn over the spatial axes, channels batched), and the cropped inverse.
# Input JSON {n, L, width, repeats}; output JSON {forward_s, inverse_s} (medians).
import json, sys, time
import numpy as np

spec = json.load(sys.stdin)
n, L, width, R = spec["n"], spec["L"], spec["width"], spec["repeats"]
rng = np.random.default_rng(17)
x = rng.standard_normal(tuple(n) + (width,))
axes = tuple(range(len(n)))
box = tuple(slice(0, v) for v in n)

def forward():
    return np.fft.rfftn(x, s=L, axes=axes)

X = forward()
def inverse():
    return np.fft.irfftn(X, s=L, axes=axes)[box]

def med(f):
    for _ in range(3): f()
    ts = []
    for _ in range(R):
        t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
    return sorted(ts)[len(ts) // 2]

print(json.dumps({"forward_s": med(forward), "inverse_s": med(inverse)}))
