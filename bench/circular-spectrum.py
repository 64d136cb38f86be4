"""numpy reference for bench/circular-spectrum.bench.ts: all singular values of a 64 -> 64 3x3
kernel on a 32 x 32 circular grid = np.fft.fft2 of the zero-padded (origin-rolled) kernel, then
np.linalg.svd(compute_uv=False) on the stacked 1024 x 64 x 64 batch. Reads the kernel from stdin
(JSON), prints JSON with the median time over `repeats` runs (process start-up and data transfer
excluded) and the singular values of the last run for the cross-check."""
import json, sys, time
import numpy as np

inp = json.loads(sys.stdin.read())
cout, cin, k, n, repeats = inp["cout"], inp["cin"], inp["k"], inp["n"], inp["repeats"]
K = np.array(inp["data"], dtype=np.float64).reshape(cout, cin, k, k)
origin = (k - 1) // 2


def run():
    P = np.zeros((cout, cin, n, n))
    P[:, :, :k, :k] = K
    P = np.roll(P, (-origin, -origin), axis=(2, 3))  # tap at offset q -> index q mod n
    F = np.fft.fft2(P, axes=(2, 3))
    F = np.ascontiguousarray(np.transpose(F, (2, 3, 0, 1))).reshape(n * n, cout, cin)
    return np.linalg.svd(F, compute_uv=False)


run()  # warm-up
times = []
for _ in range(repeats):
    t = time.perf_counter()
    s = run()
    times.append(time.perf_counter() - t)
print(json.dumps({"median_s": float(np.median(times)), "times": times, "values": s.ravel().tolist()}))
