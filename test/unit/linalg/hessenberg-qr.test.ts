/**
 * The general real eigenvalue solver with an iteration limit (src/spectrum/linalg/hessenberg-qr.ts)
 * against numpy's LAPACK eigvals and closed forms; denseEigenvalues routes non-symmetric input to it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { pythonOracle } from "../../helpers/python-oracle";
import { generalEigenvalues } from "../../../src/spectrum/linalg/hessenberg-qr";
import { denseEigenvalues, eigenvalueSetDistance } from "../../../src/models/spectra";
import { Rng } from "../../../src/core/random";
import { ConvergenceError, DomainError, OptionError } from "../../../src/core/errors";

const numpyEig = (A: Float64Array, n: number) =>
  Float64Array.from(pythonOracle<number[]>(`w = np.linalg.eigvals(np.array(inp).reshape(${n}, ${n}))\nout = [v for z in w for v in (float(z.real), float(z.imag))]`, Array.from(A)));

test("generalEigenvalues equals numpy's eigvals on random non-symmetric matrices (n = 2, 5, 30, 80) and on a badly scaled one", () => {
  const rng = new Rng(1321);
  for (const n of [2, 5, 30, 80]) {
    const A = rng.normals(n * n);
    // Gaussian matrices: eigenvalue condition numbers ~ sqrt(n), |lambda| ~ sqrt(n); both solvers are
    // backward stable, so they agree to ~1e-13 * n; 1e-9 leaves room
    assert.ok(eigenvalueSetDistance(generalEigenvalues(A, n), numpyEig(A, n)) < 1e-9, `n = ${n}`);
  }
  // D A D^-1 with D = diag(10^(-4..4)): same eigenvalues; balancing undoes the scaling exactly (powers of 2 aside)
  const n = 9;
  const B = rng.normals(n * n);
  const S = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) S[i * n + j] = B[i * n + j] * 10 ** (i - 4) / 10 ** (j - 4);
  assert.ok(eigenvalueSetDistance(generalEigenvalues(S, n), numpyEig(B, n)) < 1e-9);
});

test("generalEigenvalues finds the n-th roots of unity of a cyclic permutation (where unshifted QR stalls) and the eigenvalues of an antisymmetric circulant (closed form)", () => {
  for (const n of [3, 6, 9]) {
    const P = new Float64Array(n * n);
    for (let i = 0; i < n; i++) P[i * n + ((i + 1) % n)] = 1;
    const roots = new Float64Array(2 * n);
    for (let k = 0; k < n; k++) { roots[2 * k] = Math.cos((2 * Math.PI * k) / n); roots[2 * k + 1] = Math.sin((2 * Math.PI * k) / n); }
    // closed form; an orthogonal matrix has perfectly conditioned eigenvalues: round-off level
    assert.ok(eigenvalueSetDistance(generalEigenvalues(P, n), roots) < 1e-12, `n = ${n}`);
  }
  // exactly antisymmetric circulant A = C - C^T of a random 5-tap stencil, n = 40 (the structure JAMA's hqr2
  // was measured to hang on, solved directly: denseEigenvalues would route it to the Hermitian solver).
  // Closed form: row j of A is a_m at column j + m (mod n), so lambda_l = sum_m a_m e^{2 pi i l m / n};
  // normal matrix, eigenvalues perfectly conditioned (double pairs are matched greedily)
  const n = 40;
  const taps = new Rng(1323).normals(5);
  const a = new Float64Array(n);
  for (let q = -2; q <= 2; q++) { a[(q + n) % n] += taps[q + 2]; a[(n - q) % n] -= taps[q + 2]; }
  const A = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let m = 0; m < n; m++) A[j * n + ((j + m) % n)] = a[m];
  const lam = new Float64Array(2 * n);
  for (let l = 0; l < n; l++) for (let m = 0; m < n; m++) { lam[2 * l] += a[m] * Math.cos((2 * Math.PI * l * m) / n); lam[2 * l + 1] += a[m] * Math.sin((2 * Math.PI * l * m) / n); }
  assert.ok(eigenvalueSetDistance(generalEigenvalues(A, n), lam) < 1e-10);
});

test("an iteration limit that is reached throws ConvergenceError (generalEigenvalues and denseEigenvalues); bad limits are typed errors", () => {
  const n = 12;
  const A = new Rng(1322).normals(n * n);
  // a random 12 x 12 needs about 2 sweeps per eigenvalue: 3 sweeps cannot finish
  assert.throws(() => generalEigenvalues(A, n, 3), ConvergenceError);
  assert.throws(() => denseEigenvalues(A, n, { maxIterations: 3 }), (e: Error) => e instanceof ConvergenceError && /denseEigenvalues/.test(e.message) && /3 sweeps/.test(e.message));
  // the default limit is enough, and equals numpy
  assert.ok(eigenvalueSetDistance(denseEigenvalues(A, n), numpyEig(A, n)) < 1e-10);
  assert.throws(() => denseEigenvalues(A, n, { maxIterations: 0 }), DomainError);
  assert.throws(() => denseEigenvalues(A, n, { iterations: 5 } as never), OptionError);
});
