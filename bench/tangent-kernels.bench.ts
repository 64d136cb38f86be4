/**
 * Benchmarks of src/tangent-kernels, each timed side by side with its numpy / scipy reference
 * (bench/tangent_kernels_reference.py) in the same run (median of a few repeats, start-up excluded):
 * 1. convKernelGram, 256 inputs of d = 16 unit pixels, zeta = 3, q = 3, L = 3, NTK, FC and GAP readouts,
 *    vs numpy's vectorised recursion (GAP: the brief's position-pair recursion on d x d arrays, in row blocks);
 * 2. sphereEigenvalues, zeta = 3, L = 3, maxDegree = 200 (default call: two rules for the error column),
 *    vs scipy Gauss-Legendre + eval_gegenbauer with the fewest nodes reaching the same accuracy
 *    (against a 3000-node reference).
 * Cross-checks: Gram matrices agree with numpy; eigenvalues agree with the scipy reference.
 * 3. The rates behind harmonicEigenvalues' refusal estimate (KERNEL_EVALUATIONS_PER_SECOND,
 *    PROJECTION_MULTIPLY_ADDS_PER_SECOND), measured on this machine and printed next to the constants.
 */
import { Rng } from "../src/core/random";
import { convKernelGram, sphereEigenvalues, harmonicEigenvalues, harmonicEigenvalueCost, KERNEL_EVALUATIONS_PER_SECOND, PROJECTION_MULTIPLY_ADDS_PER_SECOND } from "../src/tangent-kernels/index";
import { median, pythonReference, timed } from "./harness";

const repeats = 3;

function main() {
  // 1. Gram matrices
  const rng = new Rng(1);
  const n = 256, d = 16, zeta = 3;
  const X = { shape: [n, d, zeta], data: new Float64Array(n * d * zeta) };
  for (let p = 0; p < n * d; p++) {
    const v = rng.normals(zeta); const s = Math.hypot(...v);
    for (let c = 0; c < zeta; c++) X.data[p * zeta + c] = v[c] / s;
  }
  const nested = Array.from({ length: n }, (_, e) => Array.from({ length: d }, (_, i) => Array.from(X.data.subarray((e * d + i) * zeta, (e * d + i + 1) * zeta))));
  for (const readout of ["fc", "gap"] as const) {
    const ours: number[] = [];
    let G = convKernelGram(X, { layers: 3, filterSize: 3, readout });
    for (let r = 0; r < repeats; r++) { const [t, g] = timed(() => convKernelGram(X, { layers: 3, filterSize: 3, readout })); ours.push(t); G = g; }
    const p = pythonReference("tangent_kernels_reference.py", { task: "gram", X: nested, L: 3, q: 3, readout, kind: "ntk", repeats });
    let diff = 0; for (let i = 0; i < G.data.length; i++) diff = Math.max(diff, Math.abs(G.data[i] - p.gram[i]));
    console.log(`${readout} Gram vs numpy: max |diff| = ${diff.toExponential(2)} (diagonal: <x_i, x_i> = 1 - O(eps) through the sqrt(1 - t) cone of k0 is ~sqrt(eps) = 1.5e-8)`);
    console.log("BENCH " + JSON.stringify({ name: `convKernelGram ${readout.toUpperCase()}, 256 inputs, d=16, zeta=3, q=3, L=3, NTK`, convspec_s: median(ours), reference: readout === "fc" ? "numpy vectorised recursion" : "numpy position-pair recursion (row blocks of 16)", reference_s: p.median_s, goal: 1.0 }));
  }

  // 2. single-pixel eigenvalues
  const opts = { zeta: 3, layers: 3, kind: "ntk" as const, maxDegree: 200 };
  const ours: number[] = [];
  let S = sphereEigenvalues(opts);
  for (let r = 0; r < repeats; r++) { const [t, s] = timed(() => sphereEigenvalues(opts)); ours.push(t); S = s; }
  // our accuracy against scipy's 3000-node reference, then the scipy node count that reaches it
  const probe = pythonReference("tangent_kernels_reference.py", { task: "sphere", zeta: 3, L: 3, kind: "ntk", K: 200, target: 1, repeats: 1 });
  let err = 0; for (let k = 0; k <= 200; k++) err = Math.max(err, Math.abs(S.rows[k].eigenvalue - probe.reference[k]));
  const p = pythonReference("tangent_kernels_reference.py", { task: "sphere", zeta: 3, L: 3, kind: "ntk", K: 200, target: err, repeats });
  console.log(`sphereEigenvalues vs 3000-node scipy reference: max |diff| = ${err.toExponential(2)} (largest error estimate ${Math.max(...S.rows.map((r) => r.error)).toExponential(2)}); scipy reaches it with ${p.n} nodes (${p.error_vs_reference.toExponential(2)})`);
  console.log("BENCH " + JSON.stringify({ name: "sphereEigenvalues zeta=3, L=3, maxDegree=200 (default: 314 + 251 nodes, error column)", convspec_s: median(ours), reference: `scipy roots_legendre + eval_gegenbauer, ${p.n} nodes (same accuracy)`, reference_s: p.median_s, goal: 1.0 }));

  // 3. the rates behind the refusal estimate
  for (const c of [{ d: 3, q: 2, L: 2, K: 40 }, { d: 4, q: 2, L: 2, K: 12 }, { d: 2, q: 2, L: 1, K: 200 }]) {
    const nodes = Math.ceil(1.25 * c.K) + 24;
    const cost = harmonicEigenvalueCost("gauss", nodes, c.d, c.K);
    const [t] = timed(() => harmonicEigenvalues({ zeta: 3, pixels: c.d, filterSize: c.q, layers: c.L, maxDegree: c.K }));
    console.log(`harmonicEigenvalues d=${c.d} q=${c.q} L=${c.L} maxDegree=${c.K}: ${t.toFixed(2)} s measured, ${cost.seconds.toFixed(2)} s estimated (${cost.evaluations.toExponential(2)} evaluations at ${KERNEL_EVALUATIONS_PER_SECOND.toExponential(1)}/s + ${cost.multiplyAdds.toExponential(2)} multiply-adds at ${PROJECTION_MULTIPLY_ADDS_PER_SECOND.toExponential(0)}/s)`);
  }
}
main();
