"""numpy reference for bench/scattering.bench.ts: the same scattering energy algorithm as
src/scattering/paths.ts (depth-first over paths; per node: low-pass output energy by Parseval,
children G = V * g on each filter's support, threshold pruning, inverse FFT + modulus + forward
FFT, last-layer children counted from their spectrum energy without a transform).
Input (stdin, JSON): {"shape": [...], "signal": [...], "lowpass": [indices], "filters": [[indices]...],
"depth": N, "prune": p, "repeats": r}. The banks are 0/1 masks (Shannon), given by their supports.
Output: {"median_s": ..., "cpu_s": ... (process CPU time, robust to other jobs), "propagated": [...], "output": [...], "pruned": ...}."""
import json
import sys
import time

import numpy as np


def run(x, shape, low, filters, depth, prune):
    S = x.size
    propagated = np.zeros(depth + 1)
    output = np.zeros(depth + 1)
    pruned = 0.0
    energy = float(np.sum(x * x))
    threshold = prune * energy
    axes = tuple(range(len(shape)))

    def visit(V, e, n):
        nonlocal pruned
        propagated[n] += e
        if n == depth:
            return
        output[n] += float(np.sum(np.abs(V[low]) ** 2)) / S
        for idx in filters:
            Gs = V[idx]
            c = float(np.vdot(Gs, Gs).real) / S
            if c < threshold:
                pruned += c
                continue
            if n + 1 == depth:
                propagated[depth] += c
                continue
            G = np.zeros(S, dtype=complex)
            G[idx] = Gs
            u = np.fft.ifftn(G.reshape(shape), axes=axes)
            v = np.abs(u)
            visit(np.fft.fftn(v, axes=axes).ravel(), float(np.sum(v * v)), n + 1)

    visit(np.fft.fftn(x.reshape(shape), axes=axes).ravel(), energy, 0)
    return propagated, output, pruned


def main():
    cfg = json.load(sys.stdin)
    shape = tuple(cfg["shape"])
    x = np.array(cfg["signal"], dtype=float)
    low = np.array(cfg["lowpass"], dtype=np.int64)
    filters = [np.array(f, dtype=np.int64) for f in cfg["filters"]]
    run(x, shape, low, filters, cfg["depth"], cfg["prune"])  # warm-up, untimed
    times = []
    cpu = []
    for _ in range(cfg["repeats"]):
        t = time.perf_counter()
        c = time.process_time()
        p, o, pr = run(x, shape, low, filters, cfg["depth"], cfg["prune"])
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    times.sort()
    cpu.sort()
    print(json.dumps({"median_s": times[len(times) // 2], "cpu_s": cpu[len(cpu) // 2], "propagated": p.tolist(), "output": o.tolist(), "pruned": pr}))


main()
