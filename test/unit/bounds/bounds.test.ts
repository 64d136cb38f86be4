import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { spectralNormBounds, BOUND_METHODS } from "../../../src/bounds/spectral-norm-bounds";
import { gramIterationBound } from "../../../src/bounds/gram-iteration";
import { singularValues } from "../../../src/spectrum/singular-values";
import { circulantBound, tapSpectralSum, realMatrixSpectralNorm, lipGridBound, frobeniusSquaredCoefficients } from "../../../src/bounds/symbol-bounds";
import { Rng } from "../../../src/core/random";
import { lanczosTrapMatrix } from "../linalg/lanczos-trap";
import type { KernelTensor } from "../../../src/core/kernel-tensor";
import { OptionError, ShapeError, DomainError } from "../../../src/core/errors";
import { evaluateOnGrid } from "../../../src/grid/evaluate";
import { customGrid } from "../../../src/grid/grids";

function randomKernel(seed: number, cout: number, cin: number, shape: number[]): KernelTensor {
  const rng = new Rng(seed);
  const taps = shape.reduce((a, b) => a * b, 1);
  return { cout, cin, shape, origin: shape.map((k) => Math.floor((k - 1) / 2)), data: rng.normals(cout * cin * taps) };
}

// Every guaranteed bound >= the exact norm (dense SVD, an independent algorithm) with 1e-9 relative slack for round-off.
test("every guaranteed bound is >= the exact spectral norm (random kernels, zero, circular and reflect padding)", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.constantFrom([3, 3], [2, 3], [5], [1, 1], [3, 2, 2]),
      fc.constantFrom("zero", "circular", "reflect"), fc.integer({ min: 0, max: 1e6 }), fc.constantFrom(1, 2),
      (cout, cin, shape, padding, seed, stride) => {
        const d = shape.length;
        const n = d === 1 ? [12] : d === 2 ? [6, 6] : [4, 4, 2];
        const K = randomKernel(seed, cout, cin, [...shape]);
        const exact = singularValues(K, { inputShape: n, padding: padding as "zero", stride: d === 3 ? 1 : stride, method: "exact" })[0];
        const table = spectralNormBounds(K, { inputShape: n, padding: padding as "zero", stride: d === 3 ? 1 : stride, exact: false, gridSize: 32, kernelGramIterations: 3 });
        for (const row of table.rows) {
          if (row.guaranteed) assert.ok(row.value >= exact * (1 - 1e-9), `${row.method}: ${row.value} < exact ${exact} (${padding}, ${JSON.stringify(shape)}, seed ${seed})`);
        }
        return true;
      },
    ),
    { seed: 4242, numRuns: 40 },
  );
});

test("circulant bound equals the exact norm for circular padding and bounds zero padding for even k too", () => {
  const K = randomKernel(7, 3, 2, [4, 4]);
  const exactCirc = singularValues(K, { inputShape: [8, 8], padding: "circular", method: "exact" })[0];
  // same quantity by two algorithms (grid max of per-frequency norms vs dense SVD): 1e-12 relative
  assert.ok(Math.abs(circulantBound(K, [8, 8], "circular") - exactCirc) <= 1e-12 * exactCirc);
  const exactZero = singularValues(K, { inputShape: [8, 8], padding: "zero", method: "exact" })[0];
  assert.ok(circulantBound(K, [8, 8], "zero") >= exactZero * (1 - 1e-12));
});

test("building blocks agree with independent references", () => {
  // realMatrixSpectralNorm of diag-like matrix: closed form
  assert.ok(Math.abs(realMatrixSpectralNorm(Float64Array.from([3, 0, 0, 0, -4, 0]), 2, 3) - 4) < 1e-14);
  // tapSpectralSum of a single-channel kernel = sum |taps|
  const K1: KernelTensor = { cout: 1, cin: 1, shape: [3], origin: [1], data: Float64Array.from([1, -2, 0.5]) };
  assert.ok(Math.abs(tapSpectralSum(K1) - 3.5) < 1e-14);
  // ||F(w)||_F^2 from the autocorrelation coefficients equals the direct symbol at random points
  const K = randomKernel(9, 2, 3, [3, 2]);
  const { coef, shape } = frobeniusSquaredCoefficients(K);
  const w = [Float64Array.from([0.3, -1.1]), Float64Array.from([2.0])];
  const F = evaluateOnGrid(K, customGrid(w));
  for (let p = 0; p < 2; p++) {
    let direct = 0;
    for (let e = 0; e < 6; e++) direct += F[2 * (p * 6 + e)] ** 2 + F[2 * (p * 6 + e) + 1] ** 2;
    let viaCoef = 0;
    for (let r1 = 0; r1 < shape[0]; r1++) for (let r2 = 0; r2 < shape[1]; r2++) viaCoef += coef[r1 * shape[1] + r2] * Math.cos((r1 - 2) * w[0][p] + (r2 - 1) * w[1][0]);
    assert.ok(Math.abs(direct - viaCoef) < 1e-12 * direct);
  }
  assert.throws(() => lipGridBound(K, [4, 4]), DomainError); // too coarse for a Bernstein correction
  assert.throws(() => lipGridBound(K, [64]), ShapeError); // one size for a 2-D kernel
  assert.throws(() => gramIterationBound(K, [8, 8], 0), DomainError);
  assert.throws(() => tapSpectralSum({ ...K, data: K.data.map((v, i) => (i === 3 ? NaN : v)) }), DomainError);
});

test("spectralNormBounds: table renders, bad options raise typed errors", () => {
  const K = randomKernel(8, 2, 2, [3, 3]);
  const t = spectralNormBounds(K, { inputShape: [6, 6], padding: "zero" });
  const bundle = (t as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for("Jupyter.display")]();
  assert.ok(bundle["text/html"].includes("<table") && bundle["text/plain"].includes("gram-iteration"));
  // wall-clock seconds only on request: the default display must be the same bytes on every run
  assert.ok(!bundle["text/plain"].includes("seconds") && t.table({ timings: true }).toText().includes("seconds"));
  assert.throws(() => t.table({ seconds: true } as never), OptionError);
  assert.equal(t.rows.length, BOUND_METHODS.length);
  assert.ok(t.rows.every((r) => r.ratio !== null && Number.isFinite(r.ratio)));
  assert.throws(() => spectralNormBounds(K, { inputShape: [6, 6], methods: ["magic" as never] }), OptionError);
  assert.throws(() => spectralNormBounds(K, { inputShape: [6, 6], padding: "same" as never }), OptionError);
  assert.throws(() => spectralNormBounds(K, { inputShape: [6], padding: "zero" }), ShapeError);
  // reflect padding: only the two tap sums (with their sqrt(2)-per-axis factor) are claimed as guaranteed
  const reflectRows = spectralNormBounds(K, { inputShape: [6, 6], padding: "reflect", exact: false }).rows;
  assert.deepEqual(reflectRows.filter((r) => r.guaranteed).map((r) => r.method).sort(), ["tap-frobenius-sum", "tap-spectral-sum"]);
});

test("reflect padding can exceed sup_w ||F(w)||: only the sqrt(2)-per-axis tap sums are claimed for it", () => {
  // K = [1, 1, 1]: |F(w)| = |1 + 2 cos w| <= 3 = sup (closed form, at w = 0). With reflect padding on
  // n = 4 the matrix is [[1,2,0,0],[1,1,1,0],[0,1,1,1],[0,0,2,1]] whose norm is sqrt(10) > 3.
  const K: KernelTensor = { cout: 1, cin: 1, shape: [3], origin: [1], data: Float64Array.from([1, 1, 1]) };
  const exact = singularValues(K, { inputShape: [4], padding: "reflect", method: "exact" })[0];
  assert.ok(Math.abs(exact - Math.sqrt(10)) < 1e-12, `exact ${exact}`);
  assert.ok(exact > 3 + 0.1);
  const t = spectralNormBounds(K, { inputShape: [4], padding: "reflect", exact: false });
  assert.ok(t.rows.every((r) => r.guaranteed === (r.method === "tap-spectral-sum" || r.method === "tap-frobenius-sum")));
  // sqrt(2) * sum_p ||K_p||_2 = 3 sqrt(2) ~ 4.243 >= sqrt(10) ~ 3.162
  assert.ok(Math.abs(t.rows.find((r) => r.method === "tap-spectral-sum")!.value - 3 * Math.SQRT2) < 1e-12);
  // the circulant value is 3 here, below the exact norm: it would be a wrong "bound"
  assert.ok(t.rows.find((r) => r.method === "circulant")!.value < exact);
});

test("default grid is fine enough for the LipGrid correction of a wide kernel (k = 25, n = 20)", () => {
  // With the old default (max(64, 2 n) = 64 samples) sum pi (k - 1) / m = 1.18 >= 1 and the whole
  // table threw. The default must keep the Bernstein factor 1 - pi (k - 1) / m positive, so every
  // row is computed and each guaranteed one is >= the dense-SVD norm (1e-9 relative slack for round-off).
  const K = randomKernel(25, 2, 3, [25]);
  const exact = singularValues(K, { inputShape: [20], padding: "zero", method: "exact" })[0];
  const t = spectralNormBounds(K, { inputShape: [20], padding: "zero", exact: false });
  assert.equal(t.rows.length, BOUND_METHODS.length);
  for (const r of t.rows) if (r.guaranteed) assert.ok(r.value >= exact * (1 - 1e-9), `${r.method}: ${r.value} < ${exact}`);
  const lip = t.rows.find((r) => r.method === "lipgrid")!;
  assert.ok(lip.guaranteed && Number.isFinite(lip.value));
});

test("bounds and exact norm are homogeneous for tiny and huge taps (no underflow / overflow of squares)", () => {
  // Scaling the taps by 2^e scales ||T|| and every bound by exactly 2^e (all are norms of linear
  // functions of K). Before the fix, 2^-530 (~1e-160) made the exact Lanczos value 3.92 instead of
  // 8.93 (squares underflowed) and 2^530 threw a NaN DomainError (squares overflowed).
  const K = randomKernel(1, 2, 3, [3, 3]);
  const ref = spectralNormBounds(K, { inputShape: [5, 5], padding: "zero" });
  const dense = singularValues(K, { inputShape: [5, 5], padding: "zero", method: "exact" })[0];
  for (const e of [-530, -990, 530, 1000]) {
    const unit = 2 ** e;
    const t = spectralNormBounds({ ...K, data: K.data.map((v) => v * unit) }, { inputShape: [5, 5], padding: "zero" });
    // exact vs the dense SVD of the unscaled kernel: two algorithms, Lanczos tol 1e-10 -> 1e-9 relative
    assert.ok(Math.abs(t.exact!.value / unit - dense) <= 1e-9 * dense, `2^${e}: exact ${t.exact!.value / unit} vs ${dense}`);
    // same algorithms on exactly rescaled data: only log/exp rounding in the Gram rows differs, 1e-12
    t.rows.forEach((r, i) => assert.ok(Math.abs(r.value / unit - ref.rows[i].value) <= 1e-12 * ref.rows[i].value, `2^${e} ${r.method}: ${r.value / unit} vs ${ref.rows[i].value}`));
  }
});

test("guaranteed bounds do not trust a Lanczos Ritz value: top singular vector orthogonal to the fixed start", () => {
  // 1x1 kernel K = 2 u1u1' + 1.7 u2u2' + 1.3 u3u3' + 3 vv' + 0.5 (rest), c = 128 channels, with
  // span(u1, u2) containing the real and imaginary parts of the batched solver's fixed Lanczos
  // start vector and v orthogonal to them: Lanczos meets an invariant subspace after 3 steps and
  // reports 2. Closed form: T = K (x) I, so ||T|| = ||K|| = 3 and circulant (F(0) = K),
  // tap-spectral-sum (one tap) and fantastic-four (R1 = R3 = K, h = w = 1) all equal 3 exactly.
  // Before the fix all three returned 2.0 (ratio 0.667) while labelled guaranteed. Tolerance
  // 1e-12: a backward-stable SVD of a 128 x 128 matrix of norm 3 (measured error 4e-16).
  const c = 128;
  const data = lanczosTrapMatrix(c);
  const K: KernelTensor = { cout: c, cin: c, shape: [1, 1], origin: [0, 0], data };
  const t = spectralNormBounds(K, { inputShape: [2, 2], padding: "zero", exact: false, methods: ["circulant", "tap-spectral-sum", "fantastic-four"] });
  for (const r of t.rows) assert.ok(r.guaranteed && Math.abs(r.value - 3) <= 3e-12, `${r.method}: ${r.value}, closed form 3`);
});

test("reflect padding: the sqrt(2)-per-axis factor is attained by an off-centre delta kernel", () => {
  // 3x3 kernel, origin (1, 1), only the corner tap (offset (-1, -1)) is 1. Per axis the reflected
  // shift x -> r(x - 1) on n = 4 has rows e1, e0, e1, e2, so S^T S = diag(1, 2, 1, 0) and ||S|| = sqrt(2);
  // in 2-D ||T|| = ||S (x) S|| = 2 (closed form), and the bound sqrt(2)^2 * ||K_p|| = 2 is tight.
  const data = new Float64Array(9);
  data[0] = 1;
  const K: KernelTensor = { cout: 1, cin: 1, shape: [3, 3], origin: [1, 1], data };
  const exact = singularValues(K, { inputShape: [4, 4], padding: "reflect", method: "exact" })[0];
  assert.ok(Math.abs(exact - 2) < 1e-12, `exact ${exact}, closed form 2`);
  const bound = spectralNormBounds(K, { inputShape: [4, 4], padding: "reflect", exact: false }).rows.find((r) => r.method === "tap-spectral-sum")!;
  assert.ok(bound.guaranteed && Math.abs(bound.value - 2) < 1e-12, `bound ${bound.value}, closed form 2`);
  // sup_w |F(w)| = 1 for a single tap: every symbol-based value would be a wrong bound here
  assert.ok(spectralNormBounds(K, { inputShape: [4, 4], padding: "reflect", exact: false }).rows.find((r) => r.method === "circulant")!.value < exact);
});
