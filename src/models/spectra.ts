/**
 * Reference spectra for the lecture's comparisons: dense eigenvalues (Hessenberg QR with an
 * iteration limit, src/spectrum/linalg/hessenberg-qr.ts; ml-matrix's symmetric EVD) versus the FFT eigenvalues of a periodic convolution, and the
 * FFT eigenvalues versus the symbol from the symbolic core.
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { ShapeError, SizeLimitError, checkFinite, checkInteger, checkOptions } from "../core/errors";
import { generalEigenvalues } from "../spectrum/linalg/hessenberg-qr";
import { spectralDensity } from "../symbol/spectral-density";
import { batchedHermitianEigenvalues } from "../spectrum/batched";
import type { ParametricConv } from "./parametric-conv";

/** Largest n for {@link denseEigenvalues} (O(n^3) work, ml-matrix allocates row by row). */
export const DENSE_EIG_LIMIT = 1024;

/**
 * Eigenvalues of a real n x n row-major matrix, interleaved complex `[re, im, ...]` (unordered).
 *
 * Routed by structure, because ml-matrix's general EVD (JAMA's Hessenberg QR, `hqr2`) has no
 * iteration limit and never returns on some exactly structured matrices (measured: the periodic
 * 2-D `K - K^T` of a 3x3 stencil on a 4 x 12 grid):
 * - symmetric `A = A^T`: ml-matrix's symmetric path (tridiagonal QL, real eigenvalues);
 * - shifted antisymmetric `A = S + c I`, `S^T = -S` (e.g. `K - K^T - gamma I`): `iS` is Hermitian
 *   with real eigenvalues mu, so `lambda(A) = c - i mu` (our batched Hermitian solver);
 * - anything else: Francis double-shift Hessenberg QR (hessenberg-qr.ts) with at most
 *   `options.maxIterations` sweeps (default `30 * max(10, n)`), ConvergenceError beyond.
 */
export function denseEigenvalues(matrix: Float64Array, n: number, options?: { maxIterations?: number }): Float64Array {
  checkOptions("denseEigenvalues", options, ["maxIterations"]);
  if (!Number.isInteger(n) || n < 1) throw new ShapeError(`denseEigenvalues: n must be a positive integer, got ${n}`);
  if (n > DENSE_EIG_LIMIT) throw new SizeLimitError(`denseEigenvalues: n = ${n} exceeds ${DENSE_EIG_LIMIT}`);
  if (!(matrix instanceof Float64Array) || matrix.length !== n * n) throw new ShapeError(`denseEigenvalues: expected ${n * n} numbers, got ${matrix?.length}`);
  checkFinite("denseEigenvalues", matrix);
  const out = new Float64Array(2 * n);
  let symmetric = true, shiftedAntisymmetric = true;
  const c = matrix[0];
  for (let i = 0; i < n && (symmetric || shiftedAntisymmetric); i++) {
    if (matrix[i * n + i] !== c) shiftedAntisymmetric = false;
    for (let j = 0; j < i; j++) {
      const a = matrix[i * n + j], b = matrix[j * n + i];
      if (a !== b) symmetric = false;
      if (a !== -b) shiftedAntisymmetric = false;
    }
  }
  if (shiftedAntisymmetric && !symmetric) {
    const iS = new Float64Array(2 * n * n); // (iS)_jk = i S_jk: real part 0, imaginary part S_jk
    for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) if (j !== k) iS[2 * (j * n + k) + 1] = matrix[j * n + k];
    const mu = batchedHermitianEigenvalues(iS, 1, n, { threads: 1 });
    for (let k = 0; k < n; k++) { out[2 * k] = c; out[2 * k + 1] = -mu[k]; }
    return out;
  }
  const maxIterations = checkInteger("denseEigenvalues", "maxIterations", options?.maxIterations ?? 30 * Math.max(10, n), 1);
  if (!symmetric) return generalEigenvalues(matrix, n, maxIterations, "denseEigenvalues");
  const rows = Array.from({ length: n }, (_, i) => Array.from(matrix.subarray(i * n, (i + 1) * n)));
  const evd = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  for (let k = 0; k < n; k++) { out[2 * k] = evd.realEigenvalues[k]; out[2 * k + 1] = 0; }
  return out;
}

/**
 * Distance between two multisets of complex numbers (interleaved): the largest `|a_k - b_pi(k)|`
 * under a greedy nearest-partner matching (each element of b used once). Infinity for different sizes.
 * Enough to compare spectra that agree to round-off (well-separated clusters).
 */
export function eigenvalueSetDistance(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return Infinity;
  const n = a.length / 2;
  const used = new Uint8Array(n);
  let worst = 0;
  for (let i = 0; i < n; i++) {
    let best = -1, bd = Infinity;
    for (let j = 0; j < n; j++) {
      if (used[j]) continue;
      const d = Math.hypot(a[2 * i] - b[2 * j], a[2 * i + 1] - b[2 * j + 1]);
      if (d < bd) { bd = d; best = j; }
    }
    used[best] = 1;
    worst = Math.max(worst, bd);
  }
  return worst;
}

/**
 * Max over frequencies and channel blocks of `|lambda^{oi}_k - F_{oi}(-w_k)|`, where lambda are the
 * FFT eigenvalues of the periodic operator (`conv.periodicEigenvalues`), `w_k = 2 pi k / n` per axis
 * and F the symbol `sum_q K_q e^{-i <q, w>}` built exactly by the symbolic core from the model's
 * stencil at theta. Zero up to round-off by the identity `lambda_k = F(-w_k)`. Needs a model with
 * `stencil(theta)` (every `ParametricKernel`).
 */
export function symbolEigenvalueGap(conv: ParametricConv, theta: Float64Array): number {
  const model = conv.model as unknown as { stencil?: (theta?: Float64Array) => unknown };
  if (typeof model.stencil !== "function") throw new ShapeError(`symbolEigenvalueGap: model "${conv.model.name}" has no stencil(theta); use a ParametricKernel of the symbolic core`);
  const F = spectralDensity(model.stencil(theta) as Parameters<typeof spectralDensity>[0]);
  const lam = conv.periodicEigenvalues(theta);
  const grid = conv.grid;
  const N = conv.npoints;
  const blocks = conv.cout * conv.cin;
  const idx = new Array<number>(grid.length).fill(0);
  let worst = 0;
  for (let k = 0; k < N; k++) {
    const w = idx.map((j, a) => (-2 * Math.PI * j) / grid[a]);
    const Fw = F.evaluate(w);
    for (let b = 0; b < blocks; b++) {
      const l = 2 * (b * N + k);
      worst = Math.max(worst, Math.hypot(lam[l] - Fw[2 * b], lam[l + 1] - Fw[2 * b + 1]));
    }
    for (let a = grid.length - 1; a >= 0; a--) { if (++idx[a] < grid[a]) break; idx[a] = 0; }
  }
  return worst;
}
