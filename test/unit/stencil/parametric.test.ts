/**
 * Parametric kernels: the lecture's 9 x 6 Q for the 3 x 3 M-matrix (copied from seed 003, with
 * MATLAB's column-major vec), K(theta) = mat(Q theta), Jacobian products against the dense Q and
 * finite differences, adjoint identity <w, J v> = <J^T w, v>, symbolic stencils, and the spectral
 * properties each family is designed for (imaginary / real / vanishing-at-0 symbols).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  mMatrixModel, antisymmetricModel, diagonalScalingModel, mMatrixStencilModel, antisymmetricStencilModel,
  doublySymmetricStencilModel, separableStencilModel, columnMajorQ, parametricKernel, PARAMETRIC_FAMILIES, type ParametricKernel,
} from "../../../src/stencil/parametric";
import { spectralDensity } from "../../../src/symbol/spectral-density";
import { verify } from "../../../src/symbol/verify";
import { Rng } from "../../../src/core/random";
import { DomainError, ShapeError } from "../../../src/core/errors";

// seed 003: "verify that this can be written as K(theta) = mat(Q theta) where Q = ..."
const LECTURE_Q = [
  [1, 1, 0, 0, 0, 0], [0, 0, -1, 0, 0, 0], [0, 0, 0, 0, -1, 0],
  [-1, 0, 0, 0, 0, 0], [0, 0, 1, 1, 0, 0], [0, 0, 0, 0, 0, -1],
  [0, -1, 0, 0, 0, 0], [0, 0, 0, -1, 0, 0], [0, 0, 0, 0, 1, 1],
];

test("M-matrix 3 x 3: column-major Q equals the lecture's 9 x 6 Q; K(theta) equals the lecture's matrix", () => {
  const m = mMatrixModel(3);
  const Q = columnMajorQ(m);
  assert.deepEqual([Q.rows, Q.cols], [9, 6]);
  for (let r = 0; r < 9; r++) assert.deepEqual(Array.from(Q.data.subarray(r * 6, r * 6 + 6)), LECTURE_Q[r].map((x) => x + 0), `row ${r}`);
  const t = Float64Array.from([1, 2, 3, 4, 5, 6]);
  // the lecture's K(theta), row-major
  assert.deepEqual(Array.from(m.kernel(t)), [3, -1, -2, -3, 7, -4, -5, -6, 11]);
  assert.throws(() => m.kernel(Float64Array.from([1, -2, 3, 4, 5, 6])), (e: unknown) => e instanceof DomainError && /theta >= 0/.test(e.message));
  assert.throws(() => m.kernel(Float64Array.from([1, 2])), ShapeError);
  assert.throws(() => m.kernel(Float64Array.from([1, NaN, 3, 4, 5, 6])), DomainError);
});

test("antisymmetric and diagonal-scaling channel models match the lecture's matrices", () => {
  assert.deepEqual(Array.from(antisymmetricModel(3).kernel(Float64Array.from([1, 2, 3]))), [0, 1, 2, -1, 0, 3, -2, -3, 0]);
  assert.deepEqual(Array.from(diagonalScalingModel(3).kernel(Float64Array.from([4, 5, 6]))), [4, 0, 0, 0, 5, 0, 0, 0, 6]);
  assert.deepEqual(antisymmetricModel(3).shape, [1, 1]);
  assert.deepEqual(antisymmetricModel(3, { dims: 1 }).shape, [1]);
});

function dot(a: Float64Array, b: Float64Array): number { let s = 0; for (let k = 0; k < a.length; k++) s += a[k] * b[k]; return s; }

const MODELS: ParametricKernel[] = [
  diagonalScalingModel(3), antisymmetricModel(4), mMatrixModel(3), mMatrixStencilModel(3), mMatrixStencilModel([3, 3]),
  mMatrixStencilModel([3, 3, 3]), antisymmetricStencilModel(5), antisymmetricStencilModel([3, 3]), doublySymmetricStencilModel([3, 5]),
  doublySymmetricStencilModel(5), separableStencilModel(3), separableStencilModel(3, 2),
];

test("every family: J v = dense Q v, J^T w = Q^T w, adjoint identity, derivative test, stencil(theta) = kernel(theta)", () => {
  const rng = new Rng(7);
  for (const m of MODELS) {
    const n = m.cout * m.cin * m.shape.reduce((a, b) => a * b, 1);
    const theta = Float64Array.from({ length: m.nparams }, () => rng.range(0.1, 2)); // >= 0 for M-matrices
    const v = rng.normals(m.nparams), w = rng.normals(n);
    const Q = m.denseQ(theta);
    assert.deepEqual([Q.rows, Q.cols], [n, m.nparams], m.name);
    const Jv = m.jacobianMv(theta, v), JTw = m.jacobianTMv(theta, w);
    for (let r = 0; r < n; r++) {
      let s = 0; for (let c = 0; c < m.nparams; c++) s += Q.data[r * m.nparams + c] * v[c];
      assert.ok(Math.abs(s - Jv[r]) < 1e-12, `${m.name} Jv`);
    }
    for (let c = 0; c < m.nparams; c++) {
      let s = 0; for (let r = 0; r < n; r++) s += Q.data[r * m.nparams + c] * w[r];
      assert.ok(Math.abs(s - JTw[c]) < 1e-12, `${m.name} JTw`);
    }
    // adjoint test of the lecture: relative 1e-10
    assert.ok(Math.abs(dot(w, Jv) - dot(JTw, v)) <= 1e-10 * Math.abs(dot(w, Jv)), `${m.name} adjoint`);
    // central difference is exact for models of degree <= 2 (up to rounding ~1e-15 / h)
    const h = 1e-3;
    const tp = theta.map((t, k) => t + h * Math.abs(v[k])), tm = theta.map((t, k) => t - h * Math.abs(v[k]));
    const av = Float64Array.from(v, Math.abs);
    const Kp = m.kernel(tp), Km = m.kernel(tm), J = m.jacobianMv(theta, av);
    for (let r = 0; r < n; r++) assert.ok(Math.abs((Kp[r] - Km[r]) / (2 * h) - J[r]) < 1e-9, `${m.name} derivative`);
    // the numeric stencil and the symbolic one after substitution equal K(theta)
    // (the stencil sums exactly and rounds once, the kernel rounds per addition: 1e-14 relative)
    const K1 = m.stencil(theta).toKernelTensor().data, K0 = m.kernel(theta);
    for (let r = 0; r < n; r++) assert.ok(Math.abs(K1[r] - K0[r]) < 1e-14 * Math.max(1, Math.abs(K0[r])), `${m.name} numeric stencil`);
    const sym = m.stencil();
    const vals: Record<string, number> = {};
    theta.forEach((t, k) => { vals[`theta_${k + 1}`] = t; });
    const K2 = sym.subs(vals).toKernelTensor().data, K = m.kernel(theta);
    for (let r = 0; r < n; r++) assert.ok(Math.abs(K2[r] - K[r]) < 1e-14 * Math.max(1, Math.abs(K[r])), `${m.name} symbolic`);
  }
});

test("separable model is bilinear: denseQ needs theta and depends on it", () => {
  const s = separableStencilModel(3);
  assert.equal(s.linear, false);
  assert.throws(() => s.denseQ(), DomainError);
  assert.equal(s.stencil().entries[0].toString(), "theta_1*theta_4");
});

test("family symbols: M-matrix stencil vanishes at w = 0 and has Re F >= 0; antisymmetric is imaginary; doubly symmetric is real", () => {
  const mm = spectralDensity(mMatrixStencilModel(3).stencil());
  assert.ok(mm.evaluate([0], { theta_1: 1.3, theta_2: 0.4 }).every((x) => Math.abs(x) < 1e-15));
  assert.ok(verify(mm.entry(0, 0), "(theta_1 + theta_2)*(1 - cos(w)) + i*(theta_2 - theta_1)*sin(w)").ok);
  const mm2 = spectralDensity(mMatrixStencilModel([3, 3]).stencil()).realForm().entry(0, 0);
  // Re F = sum_j theta_j (1 - cos<q_j, w>) >= 0 for theta >= 0
  const rng = new Rng(3);
  for (let k = 0; k < 200; k++) {
    const vals: Record<string, number> = {};
    for (let j = 1; j <= 8; j++) vals[`theta_${j}`] = rng.range(0, 2);
    assert.ok(mm2.evaluate([rng.range(-Math.PI, Math.PI), rng.range(-Math.PI, Math.PI)], vals)[0] >= -1e-12);
  }
  for (const shape of [[5], [3, 3]]) {
    assert.ok(spectralDensity(antisymmetricStencilModel(shape).stencil()).realForm().entry(0, 0).isImaginary, `antisym ${shape}`);
    assert.ok(spectralDensity(doublySymmetricStencilModel(shape).stencil()).realForm().entry(0, 0).isReal, `doubly ${shape}`);
  }
  assert.ok(verify(spectralDensity(antisymmetricStencilModel(3).stencil()).entry(0, 0), "-2*i*theta_1*sin(w)").ok);
  assert.ok(verify(spectralDensity(doublySymmetricStencilModel([3, 3]).stencil()).entry(0, 0),
    "theta_1 + 2*theta_2*cos(w2) + 2*theta_3*cos(w1) + 4*theta_4*cos(w1)*cos(w2)").ok);
});

test("parametricKernel builds every family by name", () => {
  for (const f of PARAMETRIC_FAMILIES) {
    const m = parametricKernel(f, f.endsWith("stencil") ? 3 : 3);
    assert.ok(m.nparams > 0, f);
  }
  assert.throws(() => mMatrixStencilModel(4), ShapeError);
});
