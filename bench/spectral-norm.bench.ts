// Exact sigma_max of a zero-padded 64->64 3x3 layer on 32x32 inputs: convspec's matrix-free
// Lanczos (spectralNorm) vs scipy.sparse.linalg.svds(k=1) on the explicit sparse operator (built in
// python, only svds timed). Both sides run REPEATS times in this process run; medians reported.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { spectralNorm } from "../src/spectrum/spectral-norm";
import { Rng } from "../src/core/random";

const c = 64, k = 3, n = 32, REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const rng = new Rng(0);
const K = { cout: c, cin: c, shape: [k, k], origin: [1, 1], data: rng.normals(c * c * k * k, 1 / Math.sqrt(c * k * k)) };
const times: number[] = [];
let value = 0, residual = 0, iterations = 0;
for (let r = 0; r < REPEATS; r++) {
  const t0 = performance.now();
  const res = spectralNorm(K, { inputShape: [n, n], padding: "zero", tol: 1e-8 });
  times.push((performance.now() - t0) / 1000);
  ({ value, residual, iterations } = res);
}
const median = (a: number[]) => a.slice().sort((x, y) => x - y)[Math.floor(a.length / 2)];
const kernelPath = "/tmp/convspec-bench-kernel.json";
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
ts = []
for _ in range(R):
    t0 = time.perf_counter(); s = svds(A, k=1, return_singular_vectors=False); ts.append(time.perf_counter() - t0)
print(json.dumps({"t": sorted(ts)[len(ts) // 2], "s": float(s[0])}))
`;
const ref = JSON.parse(execFileSync("/usr/bin/python3", ["-c", py], { encoding: "utf8", maxBuffer: 1 << 24 }).trim().split("\n").pop()!);
console.log(`# sigma_max convspec ${value} (residual ${residual.toExponential(2)}, ${iterations} products), scipy ${ref.s}, rel diff ${Math.abs(value - ref.s) / ref.s}`);
console.log("BENCH " + JSON.stringify({ name: "sigma_max zero padding 64->64 3x3 n=32 (Lanczos, tol 1e-8)", convspec_s: median(times), reference: "scipy svds(k=1) on sparse T", reference_s: ref.t, goal: 0.02 }));
