/**
 * spectralNorm's products, warm start and two-sided certificate against numpy's dense SVD of the
 * layer matrix (built by convOperator.toDense, itself checked against the definition), the
 * circulant bound of src/bounds, and closed forms.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { pythonOracle } from "../../helpers/python-oracle";
import { convOperator } from "../../../src/spectrum/conv-operator";
import { spectralNorm, SPECTRAL_NORM_PRODUCTS } from "../../../src/spectrum/spectral-norm";
import { circulantBound } from "../../../src/bounds/symbol-bounds";
import { Rng } from "../../../src/core/random";
import type { KernelTensor } from "../../../src/core/kernel-tensor";
import { OptionError, ShapeError } from "../../../src/core/errors";
import { Stencil } from "../../../src/stencil/stencil";
import { singularValues } from "../../../src/spectrum/singular-values";
import { DomainError } from "../../../src/core/errors";

function randomKernel(rng: Rng, cout: number, cin: number, shape: number[], origin?: number[]): KernelTensor {
  const taps = shape.reduce((a, b) => a * b, 1);
  return { cout, cin, shape, origin: origin ?? shape.map((k) => Math.floor((k - 1) / 2)), data: rng.normals(cout * cin * taps) };
}

/** Largest singular value of the dense layer matrix by numpy (LAPACK gesdd). */
function numpySigmaMax(K: KernelTensor, n: number[], padding: "zero" | "circular" | "reflect", stride = 1): number {
  const T = convOperator(K, { inputShape: n, padding, stride });
  return pythonOracle<number>("A = np.array(inp['a']).reshape(inp['r'], inp['c'])\nout = float(np.linalg.svd(A, compute_uv=False)[0])", { a: Array.from(T.toDense()), r: T.rows, c: T.cols });
}

test("spectralNorm with the circulant warm start equals numpy's dense sigma_max, with the FFT, Gram-symbol and index-table products (zero padding, non-square channels, 1-D and 2-D, off-centre origins)", () => {
  const rng = new Rng(1311);
  const cases: [number, number, number[], number[], number[] | undefined][] = [[3, 5, [3, 3], [7, 6], undefined], [6, 2, [2, 3], [5, 8], [0, 2]], [4, 4, [5], [23], [1]], [2, 7, [3, 1], [9, 4], [2, 0]]];
  for (const [cout, cin, shape, n, origin] of cases) {
    const K = randomKernel(rng, cout, cin, shape, origin);
    const ref = numpySigmaMax(K, n, "zero");
    for (const product of ["fft", "fft-gram", "index"] as const) {
      const res = spectralNorm(K, { inputShape: n, padding: "zero", tol: 1e-10, product, bound: true });
      assert.equal(res.product, product);
      assert.ok(res.residual <= 1e-10);
      // residual 1e-10 bounds the eigenvalue error of s^2 by 1e-10 s^2 => sigma relative error <= 5e-11 (plus round-off)
      assert.ok(Math.abs(res.value - ref) <= 1e-9 * ref, `${product} ${cout}x${cin} ${shape} n ${n}: ${res.value} vs ${ref}`);
      // two-sided: the Rayleigh quotient is below sigma_max and the circulant bound above it
      assert.ok(res.lower <= ref * (1 + 1e-12) && res.upper !== null && res.upper >= ref * (1 - 1e-12), `bracket [${res.lower}, ${res.upper}] vs ${ref}`);
      // the upper value is the circulant bound on the n + k - 1 grid of src/bounds (SVD norms; for
      // "fft-gram" the Cholesky-certified value, at most ~1e-12 relative above the largest eigenvalue)
      const circ = circulantBound(K, n, "zero");
      if (product === "fft-gram") assert.ok(res.upper >= circ * (1 - 1e-13) && res.upper <= circ * (1 + 1e-11), `${res.upper} vs ${circ}`);
      else assert.ok(Math.abs(res.upper - circ) <= 1e-12 * res.upper);
      assert.equal(res.pinned, res.upper - res.lower <= 1e-10 * res.upper);
    }
  }
});

test("spectralNorm from the circulant start needs fewer products than from a random start (16 -> 16, 3x3, n = 16)", () => {
  const rng = new Rng(1312);
  const K = randomKernel(rng, 16, 16, [3, 3]);
  const warm = spectralNorm(K, { inputShape: [16, 16], padding: "zero", tol: 1e-8, product: "fft" });
  const cold = spectralNorm(K, { inputShape: [16, 16], padding: "zero", tol: 1e-8, product: "fft", start: "random" });
  assert.ok(Math.abs(warm.value - cold.value) <= 1e-8 * cold.value);
  assert.ok(warm.iterations < cold.iterations, `warm ${warm.iterations} vs random ${cold.iterations} products`);
  // without the bound the start frequency comes from Lanczos estimates of the symbol norms: same frequency here, same start
  const estimated = spectralNorm(K, { inputShape: [16, 16], padding: "zero", tol: 1e-8, product: "fft", bound: false, start: "circulant" });
  assert.equal(estimated.upper, null);
  assert.ok(Math.abs(estimated.value - cold.value) <= 1e-8 * cold.value);
  assert.ok(estimated.iterations < cold.iterations);
  // the Gram-symbol product picks its start frequency from power estimates and exact norms of the
  // best candidates, and its Cholesky-certified bound names any frequency above them: same saving
  const gramWarm = spectralNorm(K, { inputShape: [16, 16], padding: "zero", tol: 1e-8, product: "fft-gram", bound: true });
  const gramCold = spectralNorm(K, { inputShape: [16, 16], padding: "zero", tol: 1e-8, product: "fft-gram", start: "random" });
  assert.ok(Math.abs(gramWarm.value - cold.value) <= 1e-8 * cold.value && Math.abs(gramCold.value - cold.value) <= 1e-8 * cold.value);
  assert.ok(gramWarm.iterations < gramCold.iterations, `fft-gram warm ${gramWarm.iterations} vs random ${gramCold.iterations} products`);
});

test("spectralNorm pins circular padding down (the circulant bound is the norm) and says when zero padding is not pinned", () => {
  const rng = new Rng(1313);
  const K = randomKernel(rng, 3, 4, [3, 3]);
  const circ = spectralNorm(K, { inputShape: [8, 8], padding: "circular", tol: 1e-10 });
  const refC = numpySigmaMax(K, [8, 8], "circular");
  assert.ok(Math.abs(circ.value - refC) <= 1e-9 * refC);
  // Sedghi et al.: for circular padding sigma_max = max_w ||F(w)||, so the bracket closes to round-off
  assert.ok(circ.upper !== null && Math.abs(circ.upper - refC) <= 1e-12 * refC);
  assert.equal(circ.pinned, true);
  // zero padding: the circulant on n + k - 1 exceeds sigma_max by far more than tol (measured ~1e-2 here)
  const zero = spectralNorm(K, { inputShape: [8, 8], padding: "zero", tol: 1e-10 });
  assert.ok(zero.upper !== null && zero.upper > zero.value * (1 + 1e-6));
  assert.equal(zero.pinned, false);
  // reflect padding has no guaranteed bound here (T is not a compression of a circulant)
  const refl = spectralNorm(K, { inputShape: [8, 8], padding: "reflect", tol: 1e-10 });
  assert.equal(refl.upper, null);
  assert.equal(refl.pinned, false);
  assert.ok(Math.abs(refl.value - numpySigmaMax(K, [8, 8], "reflect")) <= 1e-9 * refl.value);
  // bound: false skips the upper value; stride 2 still gets the stride-1 circulant bound (S T is a row selection)
  assert.equal(spectralNorm(K, { inputShape: [8, 8], padding: "zero", bound: false }).upper, null);
  const strided = spectralNorm(K, { inputShape: [8, 8], padding: "zero", stride: 2, tol: 1e-10 });
  assert.ok(strided.upper !== null && strided.upper >= numpySigmaMax(K, [8, 8], "zero", 2));
});

test("spectralNorm rejects bad product / start / bound options with typed errors", () => {
  const K = randomKernel(new Rng(1314), 2, 2, [3, 3]);
  assert.deepEqual([...SPECTRAL_NORM_PRODUCTS], ["auto", "index", "fft", "fft-gram"]);
  assert.throws(() => spectralNorm(K, { inputShape: [6, 6], padding: "circular", product: "fft-gram" }), OptionError);
  assert.throws(() => spectralNorm(K, { inputShape: [6, 6], stride: 2, product: "fft-gram" }), OptionError);
  assert.throws(() => spectralNorm(K, { inputShape: [6, 6], product: "gpu" as never }), OptionError);
  assert.throws(() => spectralNorm(K, { inputShape: [6, 6], padding: "reflect", product: "fft" }), OptionError);
  assert.throws(() => spectralNorm(K, { inputShape: [6, 6], stride: 2, product: "fft" }), OptionError);
  assert.throws(() => spectralNorm(K, { inputShape: [6, 6], start: "warm" as never }), OptionError);
  assert.throws(() => spectralNorm(K, { inputShape: [6, 6], padding: "reflect", start: "circulant" }), OptionError);
  assert.throws(() => spectralNorm(K, { inputShape: [6, 6], start: new Float64Array(5) }), ShapeError);
  assert.throws(() => spectralNorm(K, { inputShape: [6, 6], bound: 1 as never }), OptionError);
});

test("singularValues and spectralNorm give identical results for a Stencil and its KernelTensor, call after call", () => {
  const rng = new Rng(1315);
  const data = Array.from(rng.normals(4 * 3 * 9), (v) => Math.round(v * 64) / 64);
  const S = Stencil.from({ shape: [4, 3, 3, 3], data }, { layout: "oihw" });
  const K = S.toKernelTensor();
  for (let r = 0; r < 3; r++) {
    assert.deepEqual(singularValues(S, { inputShape: [6, 6], padding: "zero" }), singularValues(K, { inputShape: [6, 6], padding: "zero" }));
    assert.equal(spectralNorm(S, { inputShape: [6, 6] }).value, spectralNorm(K, { inputShape: [6, 6] }).value);
  }
  // the numeric taps are the exact dyadic rationals given
  assert.deepEqual(Array.from(S.toKernelTensor().data), Array.from(K.data));
  // a stencil with free symbols still refuses, every call (nothing numeric was cached)
  const sym = Stencil.symbolic("a", [3]);
  assert.throws(() => sym.toKernelTensor(), DomainError);
  assert.throws(() => sym.toKernelTensor(), DomainError);
});

test("the circulant start never settles on a smaller singular value: symmetric 3-tap kernels, whose windowed start is an exact non-top eigenvector (closed forms)", () => {
  // zero-padded [a, b, a] on n points is the tridiagonal Toeplitz matrix with eigenvalues b + 2a cos(j pi/(n+1)):
  // for [1, -0.01, 1], n = 9, sigma_max = |-0.01 - 2 cos(pi/10)| = 0.01 + 2 cos(pi/10); the top mode is on the
  // pi branch while the max of |F| on the odd 11-point embedding grid is at w = 0
  const s1 = 0.01 + 2 * Math.cos(Math.PI / 10);
  const K1: KernelTensor = { cout: 1, cin: 1, shape: [3], origin: [1], data: Float64Array.from([1, -0.01, 1]) } as KernelTensor;
  const r1 = spectralNorm(K1, { inputShape: [9], padding: "zero" });
  assert.ok(Math.abs(r1.value - s1) <= 1e-9 * s1, `got ${r1.value}, want ${s1}`);
  // the 2-D outer product is T (x) T: sigma_max = s1^2, with both products
  const a = [1, -0.01, 1];
  const K2: KernelTensor = { cout: 1, cin: 1, shape: [3, 3], origin: [1, 1], data: Float64Array.from(a.flatMap((x) => a.map((y) => x * y))) } as KernelTensor;
  for (const product of ["index", "fft"] as const) {
    const r2 = spectralNorm(K2, { inputShape: [9, 9], padding: "zero", product });
    assert.ok(Math.abs(r2.value - s1 * s1) <= 1e-9 * s1 * s1, `${product}: got ${r2.value}, want ${s1 * s1}`);
  }
});
