// Exact sigma_max of zero-padded 3x3 layers: convspec's matrix-free Lanczos (spectralNorm, tol 1e-8,
// residual certificate) vs scipy.sparse.linalg.svds(k=1) on the explicit sparse operator (built in
// python, only svds timed), for c -> c channels at c = 64 (n = 32) and c = 256 (n = 8: the same
// 37.7e6 nonzeros; at n = 32 scipy's matrix would need 7 GB). Two convspec configurations:
//   default: product "auto" (by multiply-adds: the Gram symbol + ring, "fft-gram", at c = 64; the
//            circulant embedding's Lambda / Lambda^H, "fft", at c = 256, where the Gram symbol's
//            set-up costs more than it saves), circulant warm start and two-sided certificate
//            when the bound is cheap enough (Cholesky proof for "fft-gram", SVDs otherwise);
//   plain:   index-table products, random start, no bound (the method before issue 13).
// Both sides run BENCH_REPEATS times (default 1: one run is 5-40 s) in this process run; medians.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { spectralNorm, type ConvSpectralNormOptions } from "../src/spectrum/spectral-norm";
import { Rng } from "../src/core/random";
import { median } from "./harness";

const k = 3, REPEATS = Number(process.env.BENCH_REPEATS ?? 1);
const configs: { label: string; options: Partial<ConvSpectralNormOptions> }[] = [
  { label: "default", options: {} },
  { label: "plain", options: { product: "index", start: "random", bound: false } },
];

for (const [c, n] of [[64, 32], [256, 8]]) {
  const rng = new Rng(0);
  const K = { cout: c, cin: c, shape: [k, k], origin: [1, 1], data: rng.normals(c * c * k * k, 1 / Math.sqrt(c * k * k)) };
  const runs = configs.map(({ label, options }) => {
    const times: number[] = [];
    let res!: ReturnType<typeof spectralNorm>;
    for (let r = 0; r < REPEATS; r++) {
      const t0 = performance.now();
      res = spectralNorm(K, { inputShape: [n, n], padding: "zero", tol: 1e-8, ...options });
      times.push((performance.now() - t0) / 1000);
    }
    return { label, t: median(times), res };
  });
  const kernelPath = `/tmp/convspec-bench-kernel-${c}.json`;
  writeFileSync(kernelPath, JSON.stringify(Array.from(K.data)));
  const py = `
import json, time, numpy as np, scipy.sparse as sp
from scipy.sparse.linalg import svds
c, k, n, R = ${c}, ${k}, ${n}, ${REPEATS}
K = np.array(json.load(open("${kernelPath}"))).reshape(c, c, k, k)
o, i, p1, p2, x1, x2 = np.meshgrid(*[np.arange(s) for s in (c, c, k, k, n, n)], indexing="ij")
y1, y2 = x1 + p1 - 1, x2 + p2 - 1
m = (y1 >= 0) & (y1 < n) & (y2 >= 0) & (y2 < n)
A = sp.csr_matrix((K[o, i, p1, p2][m], ((o * n * n + x1 * n + x2)[m], (i * n * n + y1 * n + y2)[m])), shape=(c * n * n, c * n * n))
del o, i, p1, p2, x1, x2, y1, y2, m
ts = []
for _ in range(R):
    t0 = time.perf_counter(); s = svds(A, k=1, return_singular_vectors=False); ts.append(time.perf_counter() - t0)
print(json.dumps({"t": sorted(ts)[len(ts) // 2], "s": float(s[0])}))
`;
  const ref = JSON.parse(execFileSync("/usr/bin/python3", ["-c", py], { encoding: "utf8", maxBuffer: 1 << 24 }).trim().split("\n").pop()!);
  for (const { label, t, res } of runs) {
    const bracket = res.upper === null ? "no upper bound" : `bracket [${res.lower.toFixed(10)}, ${res.upper.toFixed(10)}] (${res.pinned ? "pinned" : "not pinned"})`;
    console.log(`# c=${c} n=${n} ${label}: sigma_max ${res.value} (residual ${res.residual.toExponential(2)}, ${res.product} products: ${res.iterations}, ${(1000 * t / res.iterations).toFixed(1)} ms/product incl. set-up, total ${t.toFixed(2)} s), ${bracket}; scipy ${ref.s} in ${ref.t.toFixed(2)} s, rel diff ${(Math.abs(res.value - ref.s) / ref.s).toExponential(1)}; ratio ${(t / ref.t).toFixed(3)}`);
    console.log("BENCH " + JSON.stringify({ name: `sigma_max zero padding ${c}->${c} 3x3 n=${n}, ${label} (tol 1e-8)`, convspec_s: t, reference: "scipy svds(k=1) on sparse T", reference_s: ref.t, goal: 0.02, products: res.iterations, ms_per_product: (1000 * t) / res.iterations, product: res.product, pinned: res.pinned }));
  }
}
