import { test } from "node:test";
import assert from "node:assert/strict";
import { pythonOracle as python } from "../../helpers/python-oracle";
import { convOperator } from "../../../src/spectrum/conv-operator";
import { singularValues, EXACT_SVD_LIMIT } from "../../../src/spectrum/singular-values";
import { spectralNorm } from "../../../src/spectrum/spectral-norm";
import { relativeL2Error, wasserstein1, spectrumErrors } from "../../../src/spectrum/spectrum-errors";
import { Rng } from "../../../src/core/random";
import type { KernelTensor } from "../../../src/core/kernel-tensor";
import { DomainError, OptionError, ShapeError, SizeLimitError } from "../../../src/core/errors";
import { customGrid } from "../../../src/grid/grids";

function randomKernel(rng: Rng, cout: number, cin: number, shape: number[]): KernelTensor {
  const taps = shape.reduce((a, b) => a * b, 1);
  return { cout, cin, shape, origin: shape.map((k) => Math.floor((k - 1) / 2)), data: rng.normals(cout * cin * taps) };
}


test("exact singular values equal numpy.linalg.svd of the dense operator", () => {
  const rng = new Rng(21);
  const cases: [number, number, number[], number[], "zero" | "circular" | "reflect", number][] = [
    [2, 3, [3, 3], [5, 5], "zero", 1], [3, 2, [3, 3], [6, 4], "reflect", 1], [4, 2, [3, 3], [6, 6], "circular", 2], [2, 2, [4], [10], "zero", 1],
  ];
  const inputs = cases.map(([co, ci, ks, n, pad, s]) => {
    const T = convOperator(randomKernel(rng, co, ci, ks), { inputShape: n, padding: pad, stride: s });
    return { T, ours: singularValues(T.kernel, { inputShape: n, padding: pad, stride: s, method: "exact" }) };
  });
  const ref = python(
    "d = inp\nout = [np.linalg.svd(np.array(m['a']).reshape(m['r'], m['c']), compute_uv=False).tolist() for m in d]",
    inputs.map(({ T }) => ({ a: Array.from(T.toDense()), r: T.rows, c: T.cols })),
  ) as number[][];
  inputs.forEach(({ ours }, j) => {
    assert.equal(ours.length, ref[j].length);
    // both are backward-stable SVDs: every value within a few eps * sigma_max; 1e-12 relative leaves margin
    for (let i = 0; i < ours.length; i++) assert.ok(Math.abs(ours[i] - ref[j][i]) <= 1e-12 * ref[j][0], `case ${j} value ${i}: ${ours[i]} vs ${ref[j][i]}`);
  });
});

test("circular method (Sedghi) equals the exact SVD for circular padding, with and without stride", () => {
  const rng = new Rng(22);
  for (const [co, ci, ks, n, s] of [[3, 2, [3, 3], [6, 6], 1], [2, 3, [3, 2], [4, 8], 2], [2, 2, [5], [12], 3], [2, 2, [2, 2, 2], [4, 4, 2], 1]] as [number, number, number[], number[], number][]) {
    const K = randomKernel(rng, co, ci, ks);
    const ex = singularValues(K, { inputShape: n, padding: "circular", stride: s, method: "exact" });
    const ci_ = singularValues(K, { inputShape: n, padding: "circular", stride: s, method: "circular" });
    assert.equal(ci_.length, ex.length);
    // two different backward-stable algorithms: agreement to 1e-12 * sigma_max
    for (let i = 0; i < ex.length; i++) assert.ok(Math.abs(ex[i] - ci_[i]) <= 1e-12 * ex[0], `${JSON.stringify(n)} s=${s} i=${i}: ${ex[i]} vs ${ci_[i]}`);
  }
});

test("grid method on the circular grid reproduces circular padding; on the sine grid it approximates zero padding", () => {
  const rng = new Rng(23);
  const K = randomKernel(rng, 3, 3, [3, 3]);
  const n = [8, 8];
  const circ = singularValues(K, { inputShape: n, padding: "circular", method: "exact" });
  const axes = [0, 1].map(() => Float64Array.from({ length: 8 }, (_, j) => (2 * Math.PI * j) / 8));
  const viaGrid = singularValues(K, { inputShape: n, padding: "zero", method: "grid", grid: customGrid(axes) });
  assert.ok(relativeL2Error(viaGrid, circ) < 1e-12);
  const zero = singularValues(K, { inputShape: n, padding: "zero", method: "exact" });
  const sine = singularValues(K, { inputShape: n, padding: "zero", method: "grid" });
  assert.equal(sine.length, zero.length);
  // measured, not assumed: an approximation of a distribution, so only a loose sanity bound (10%)
  const e = spectrumErrors(sine, zero);
  assert.ok(e.relativeL2 !== null && e.relativeL2 < 0.3, `sine grid relative L2 ${e.relativeL2}`);
});

test("spectralNorm (Lanczos) equals the largest dense singular value, residual certifies it", () => {
  const rng = new Rng(24);
  for (const [co, ci, ks, n, pad, s] of [[3, 4, [3, 3], [7, 7], "zero", 1], [4, 3, [3, 3], [8, 8], "reflect", 2], [2, 2, [5], [20], "circular", 1]] as [number, number, number[], number[], "zero", number][]) {
    const K = randomKernel(rng, co, ci, ks);
    const dense = singularValues(K, { inputShape: n, padding: pad, stride: s, method: "exact" })[0];
    const res = spectralNorm(K, { inputShape: n, padding: pad, stride: s, tol: 1e-10, seed: 3 });
    assert.ok(res.residual <= 1e-10);
    // residual 1e-10 bounds the eigenvalue error of s^2 by 1e-10 s^2 => sigma relative error <= 5e-11 (plus round-off)
    assert.ok(Math.abs(res.value - dense) <= 1e-9 * dense, `${res.value} vs ${dense}`);
  }
});

test("error measures: W1 equals scipy.stats.wasserstein_distance, relative L2 by hand", () => {
  const rng = new Rng(25);
  const a = rng.normals(37), b = rng.normals(53);
  const ref = python("from scipy.stats import wasserstein_distance\nd = inp\nout = wasserstein_distance(d[0], d[1])", [Array.from(a), Array.from(b)]) as number;
  assert.ok(Math.abs(wasserstein1(a, b) - ref) < 1e-12);
  // closed form: sorted [1,2,3] vs [1,2,4] -> sqrt(1) / sqrt(1 + 4 + 16)
  assert.ok(Math.abs(relativeL2Error([3, 1, 2], [4, 2, 1]) - 1 / Math.sqrt(21)) < 1e-15);
  assert.throws(() => relativeL2Error([1, 2], [1]), ShapeError);
  assert.throws(() => wasserstein1([NaN], [1]), DomainError);
});

test("singularValues / spectralNorm reject bad input with typed errors", () => {
  const rng = new Rng(26);
  const K = randomKernel(rng, 2, 2, [3, 3]);
  assert.throws(() => singularValues(K, { inputShape: [8, 8], method: "svd" as never }), OptionError);
  assert.throws(() => singularValues(K, { inputShape: [8, 8], padding: "zero", method: "circular" }), OptionError);
  assert.throws(() => singularValues(K, { inputShape: [8, 8], stride: 2, method: "grid" }), OptionError);
  assert.throws(() => singularValues(K, { inputShape: [7, 8], stride: 2 }), ShapeError);
  const side = Math.ceil(Math.sqrt(EXACT_SVD_LIMIT / 2)) + 1;
  assert.throws(() => singularValues(K, { inputShape: [side, side], method: "exact" }), SizeLimitError);
  assert.throws(() => spectralNorm(K, { inputShape: [8, 8], tol: -1 }), DomainError);
  const bad = { ...K, data: K.data.slice() };
  bad.data[0] = Infinity;
  assert.throws(() => spectralNorm(bad, { inputShape: [8, 8] }), DomainError);
});

test("spectralNorm gives the same value with 1 and 2 threads", () => {
  const K = randomKernel(new Rng(27), 4, 4, [3, 3]);
  const a = spectralNorm(K, { inputShape: [10, 10], threads: 1, seed: 1 });
  const b = spectralNorm(K, { inputShape: [10, 10], threads: 2, seed: 1 });
  // identical arithmetic (disjoint row slices): exactly equal
  assert.equal(a.value, b.value);
  assert.equal(a.iterations, b.iterations);
});

test("spectralNorm is exact for tiny taps (2^-530 ~ 1e-160): no silent underflow of T^T T", () => {
  // Reference: dense SVD (ml-matrix, a different algorithm) of the same kernel at scale 1; ||T|| is
  // homogeneous so value / 2^-530 must match it. Before the fix the Lanczos value was 3.92 vs 8.93.
  // Tolerance 1e-9: Lanczos tol 1e-10 on sigma^2 plus dense-SVD round-off.
  const data = new Rng(1).normals(2 * 3 * 9);
  const K: KernelTensor = { cout: 2, cin: 3, shape: [3, 3], origin: [1, 1], data };
  const dense = singularValues(K, { inputShape: [5, 5], method: "exact" })[0];
  for (const e of [-530, 530]) {
    const unit = 2 ** e;
    const v = spectralNorm({ ...K, data: data.map((x) => x * unit) }, { inputShape: [5, 5], tol: 1e-10 }).value / unit;
    assert.ok(Math.abs(v - dense) <= 1e-9 * dense, `2^${e}: ${v} vs ${dense}`);
  }
});
