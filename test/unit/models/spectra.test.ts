import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../../src/core/random";
import { ShapeError } from "../../../src/core/errors";
import { denseEigenvalues, eigenvalueSetDistance, symbolEigenvalueGap } from "../../../src/models/spectra";
import { checkRegistry, parametricConvRegistry } from "../../../src/models/registry";
import { fullKernelModel } from "../../../src/models/kernel-model";
import { ParametricConv } from "../../../src/models/parametric-conv";
import { numpy } from "./helpers";

test("denseEigenvalues (Hessenberg QR) equals numpy's eigvals on a random non-symmetric matrix", () => {
  const n = 12;
  const M = new Rng(41).normals(n * n);
  const ours = denseEigenvalues(M, n);
  const ref = numpy<number[]>("w = np.linalg.eigvals(np.array(data).reshape(12, 12))\nout = [v for z in w for v in (float(z.real), float(z.imag))]", Array.from(M));
  // a random 12x12 Gaussian matrix has well-separated eigenvalues (condition ~10): both solvers agree to ~1e-13
  assert.ok(eigenvalueSetDistance(ours, Float64Array.from(ref)) < 1e-10);
  assert.equal(eigenvalueSetDistance(ours, ours.subarray(2)), Infinity);
  assert.throws(() => denseEigenvalues(new Float64Array(5), 2), ShapeError);
});

test("denseEigenvalues returns on structured matrices where ml-matrix's general EVD never does, and matches numpy", () => {
  // periodic 2-D K - K^T - gamma I of a random 3x3 stencil on a 4 x 12 grid (n = 48): JAMA's hqr2
  // (no iteration limit) was measured not to return on the gamma = 0 matrix; numpy's LAPACK is the oracle.
  const [n1, n2] = [4, 12];
  const n = n1 * n2;
  const k = new Rng(1).normals(9);
  const K = new Float64Array(n * n);
  for (let a = 0; a < n1; a++) for (let b = 0; b < n2; b++) for (let p = 0; p < 3; p++) for (let q = 0; q < 3; q++) {
    K[(a * n2 + b) * n + ((a + p - 1 + n1) % n1) * n2 + ((b + q - 1 + n2) % n2)] += k[p * 3 + q];
  }
  for (const gamma of [0, 0.75]) {
    const A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) A[i * n + j] = K[i * n + j] - K[j * n + i] - (i === j ? gamma : 0);
    const ours = denseEigenvalues(A, n);
    const ref = numpy<number[]>(`w = np.linalg.eigvals(np.array(data).reshape(${n}, ${n}))\nout = [v for z in w for v in (float(z.real), float(z.imag))]`, Array.from(A));
    // normal matrix with O(1) entries: both backward-stable solvers agree to ~1e-14; eigenvalues come in
    // repeated pairs, which a greedy matching pairs within the same tolerance
    assert.ok(eigenvalueSetDistance(ours, Float64Array.from(ref)) < 1e-10, `gamma ${gamma}`);
  }
  // symmetric: K + K^T, real eigenvalues, also against numpy
  const S = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) S[i * n + j] = K[i * n + j] + K[j * n + i];
  const refS = numpy<number[]>(`w = np.linalg.eigvalsh(np.array(data).reshape(${n}, ${n}))\nout = [v for z in w for v in (float(z), 0.0)]`, Array.from(S));
  assert.ok(eigenvalueSetDistance(denseEigenvalues(S, n), Float64Array.from(refS)) < 1e-10);
});

test("FFT eigenvalues equal the symbolic core's symbol at -w_k for every registered periodic operator with a stencil", () => {
  let checked = 0;
  for (const r of parametricConvRegistry()) {
    if (r.conv.boundary !== "periodic" || r.conv.method !== "fft" || typeof (r.conv.model as { stencil?: unknown }).stencil !== "function") continue;
    // both sides sum the same <= 25 O(1) terms: agreement to 1e-12
    assert.ok(symbolEigenvalueGap(r.conv, r.theta) < 1e-12, r.name);
    checked++;
  }
  assert.ok(checked >= 10, `only ${checked} families checked`);
  assert.throws(() => symbolEigenvalueGap(new ParametricConv(fullKernelModel(1, 1, [3]), { grid: [5] }), new Float64Array(3)), ShapeError);
});

test("checkRegistry reports passing checks for all operators", () => {
  const rows = checkRegistry();
  assert.equal(rows.length, parametricConvRegistry().length);
  for (const r of rows) assert.ok(r.adjointK < 1e-10 && r.adjointJ < 1e-10 && r.taylor, JSON.stringify(r));
});
