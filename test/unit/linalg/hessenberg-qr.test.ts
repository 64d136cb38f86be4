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

test("generalEigenvalues finds the n-th roots of unity of a cyclic permutation (where unshifted QR stalls) and the exact periodic K - K^T that JAMA's hqr2 never returns on", () => {
  for (const n of [3, 6, 9]) {
    const P = new Float64Array(n * n);
    for (let i = 0; i < n; i++) P[i * n + ((i + 1) % n)] = 1;
    const roots = new Float64Array(2 * n);
    for (let k = 0; k < n; k++) { roots[2 * k] = Math.cos((2 * Math.PI * k) / n); roots[2 * k + 1] = Math.sin((2 * Math.PI * k) / n); }
    // closed form; an orthogonal matrix has perfectly conditioned eigenvalues: round-off level
    assert.ok(eigenvalueSetDistance(generalEigenvalues(P, n), roots) < 1e-12, `n = ${n}`);
  }
  // periodic 2-D K - K^T of a random 3x3 stencil on a 4 x 12 grid (n = 48), solved directly (denseEigenvalues
  // would route it to the Hermitian solver); normal matrix: eigenvalues perfectly conditioned
  const [n1, n2] = [4, 12];
  const n = n1 * n2;
  const k = new Rng(1).normals(9);
  const K = new Float64Array(n * n);
  for (let a = 0; a < n1; a++) for (let b = 0; b < n2; b++) for (let p = 0; p < 3; p++) for (let q = 0; q < 3; q++) {
    K[(a * n2 + b) * n + ((a + p - 1 + n1) % n1) * n2 + ((b + q - 1 + n2) % n2)] += k[p * 3 + q];
  }
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) A[i * n + j] = K[i * n + j] - K[j * n + i];
  assert.ok(eigenvalueSetDistance(generalEigenvalues(A, n), numpyEig(A, n)) < 1e-10);
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
