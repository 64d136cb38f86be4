// Time per spectral-norm bound method at c = 64 and c = 256 (3x3 kernels, zero padding). No
// reference implementation: prints one BENCH row per method (reference_s null).
import { spectralNormBounds, BOUND_METHODS } from "../src/bounds/spectral-norm-bounds";
import { Rng } from "../src/core/random";

const sizes: [number, number][] = [[64, 32], [256, Number(process.env.BENCH_N256 ?? 8)]];
for (const [c, n] of sizes) {
  const rng = new Rng(c);
  const K = { cout: c, cin: c, shape: [3, 3], origin: [1, 1], data: rng.normals(c * c * 9, 1 / Math.sqrt(9 * c)) };
  for (const method of BOUND_METHODS) {
    const t = spectralNormBounds(K, { inputShape: [n, n], padding: "zero", methods: [method], exact: false, gridSize: c > 64 ? 32 : 64 });
    const row = t.rows[0];
    console.log(`# c=${c} n=${n} ${method}: ${row.value}`);
    console.log("BENCH " + JSON.stringify({ name: `bound ${method} c=${c} n=${n}`, convspec_s: row.seconds, reference: null, reference_s: null, goal: null }));
  }
}
