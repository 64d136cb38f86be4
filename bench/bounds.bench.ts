// Time per spectral-norm bound method at c = 64 and c = 256 (3x3 kernels, zero padding). No
// reference implementation: prints one BENCH row per method (reference_s null).
// The exact norm is not computed here (exact: false): only the bound itself is timed.
import { spectralNormBounds, BOUND_METHODS } from "../src/bounds/spectral-norm-bounds";
import { Rng } from "../src/core/random";

const sizes: [number, number][] = [[64, 32], [256, Number(process.env.BENCH_N256 ?? 8)]];
for (const [c, n] of sizes) {
  const rng = new Rng(c);
  const K = { cout: c, cin: c, shape: [3, 3], origin: [1, 1], data: rng.normals(c * c * 9, 1 / Math.sqrt(9 * c)) };
  for (const method of BOUND_METHODS) {
    // c = 256: coarser dense grids and fewer Gram steps keep the run under a few minutes (per-frequency
    // work is O(c^3)); the parameters are printed with each row
    const big = c > 64;
    const opts = { gridSize: big ? 32 : 64, gramIterations: big ? 5 : 6, kernelGramIterations: big ? 3 : 4 };
    const t = spectralNormBounds(K, { inputShape: [n, n], padding: "zero", methods: [method], exact: false, ...opts });
    const row = t.rows[0];
    console.log(`# c=${c} n=${n} ${method}: ${row.value} (${JSON.stringify(opts)})`);
    console.log("BENCH " + JSON.stringify({ name: `bound ${method} c=${c} n=${n}`, convspec_s: row.seconds, reference: null, reference_s: null, goal: null }));
  }
}
