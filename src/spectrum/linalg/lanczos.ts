/**
 * The one Lanczos loop: largest eigenvalue of a Hermitian positive semidefinite operator A on
 * real vectors (`complex: false`) or interleaved complex vectors (`complex: true`), given as
 * `apply(basis, qOff, w)`: w = A q for the vector q at offset qOff of the basis.
 *
 * Three-term recurrence `beta_j q_{j+1} = A q_j - alpha_j q_j - beta_{j-1} q_{j-1}` with
 * reorthogonalisation by classical Gram-Schmidt against every basis vector ("full") or the last
 * two ("local", the plain recurrence), repeated while a pass removes most of w (Kahan-Parlett /
 * DGKS "twice is enough": another pass only when the norm dropped below 1/sqrt 2 of its value).
 * Every `checkEvery` steps the largest Ritz value theta of the tridiagonal T_k and the last
 * component s_k of its eigenvector give the residual `||A y - theta y|| = beta_k |s_k|`; for
 * Hermitian A some eigenvalue lies within it of theta (Kahan / Paige). The loop stops when that
 * residual is <= `stopTol * theta`, at `maxSteps` (k = dim: the Krylov space is the whole space),
 * at a budget of products, or at breakdown (beta ~ 0: an invariant subspace).
 * Used by the batched small-matrix norms (lanczos-norm.ts) and, through {@link lanczosLargest}
 * (explicit restarts from the Ritz vector), by the matrix-free layer norm (spectral-norm.ts).
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { Rng } from "../../core/random";
import { implicitQl } from "./tridiagonal-eigenvalues";
import { dot } from "../../core/vector";

/** Preallocated state of one Lanczos run: up to `maxSteps` basis vectors of `len` numbers. */
export class LanczosState {
  readonly basis: Float64Array;
  readonly w: Float64Array;
  readonly alpha: Float64Array;
  readonly beta: Float64Array;
  readonly d: Float64Array;
  readonly e: Float64Array;
  readonly lastRow: Float64Array;
  /** Steps taken by the last run. */
  k = 0;
  constructor(readonly len: number, readonly maxSteps: number, readonly complex: boolean) {
    this.basis = new Float64Array(len * maxSteps);
    this.w = new Float64Array(len);
    this.alpha = new Float64Array(maxSteps);
    this.beta = new Float64Array(maxSteps);
    this.d = new Float64Array(maxSteps);
    this.e = new Float64Array(maxSteps);
    this.lastRow = new Float64Array(maxSteps);
  }
}

/** Options of {@link lanczosRun}. */
export interface LanczosRunOptions {
  /** Stop when the Ritz residual `beta_k |s_k|` is <= stopTol * theta. */
  stopTol: number;
  /** Steps between Ritz checks (a check costs O(k^2)). */
  checkEvery: number;
  /** "full" or "local" reorthogonalisation. */
  reorth: "full" | "local";
  /** Most Gram-Schmidt passes per step (>= 1). */
  passes: number;
  /** Most products in this run (<= maxSteps). */
  budget: number;
}

/** Outcome of {@link lanczosRun}. */
export interface LanczosRunResult {
  /** Steps (= products) taken; the tridiagonal is alpha[0..k), beta[0..k-1). */
  k: number;
  /** Largest Ritz value at the last check. */
  theta: number;
  /** Its residual estimate `beta_k |s_k|` (units of A). */
  residual: number;
  /** True when the run stopped at the residual test, at maxSteps or at breakdown. */
  converged: boolean;
}

function norm2(v: Float64Array, len: number): number {
  let s = 0;
  for (let i = 0; i < len; i++) s += v[i] * v[i];
  return s;
}

/** Largest eigenvalue of T_k (alpha, beta) and the last component of its eigenvector. */
export function topRitz(st: LanczosState, k: number): { theta: number; last: number } {
  const { d, e, lastRow, alpha, beta } = st;
  for (let i = 0; i < k; i++) {
    d[i] = alpha[i];
    e[i] = i < k - 1 ? beta[i] : 0;
    lastRow[i] = i === k - 1 ? 1 : 0;
  }
  implicitQl(d, e, k, 0, lastRow);
  let best = 0;
  for (let i = 1; i < k; i++) if (d[i] > d[best]) best = i;
  return { theta: d[best], last: lastRow[best] };
}

/** w -= <q_p, w> q_p for the basis vectors p in [from, to) (complex inner products when st.complex). */
function orthogonalise(st: LanczosState, from: number, to: number): void {
  const { basis, w, len } = st;
  if (st.complex) {
    const r = len / 2;
    for (let p = from; p < to; p++) {
      const pOff = p * len;
      let cr = 0, ci = 0;
      for (let i = 0; i < r; i++) {
        const qr = basis[pOff + 2 * i], qi = basis[pOff + 2 * i + 1];
        cr += qr * w[2 * i] + qi * w[2 * i + 1];
        ci += qr * w[2 * i + 1] - qi * w[2 * i];
      }
      for (let i = 0; i < r; i++) {
        const qr = basis[pOff + 2 * i], qi = basis[pOff + 2 * i + 1];
        w[2 * i] -= cr * qr - ci * qi;
        w[2 * i + 1] -= cr * qi + ci * qr;
      }
    }
    return;
  }
  for (let p = from; p < to; p++) {
    const pOff = p * len;
    let c = 0;
    for (let i = 0; i < len; i++) c += basis[pOff + i] * w[i];
    for (let i = 0; i < len; i++) w[i] -= c * basis[pOff + i];
  }
}

/**
 * Runs Lanczos from the start vector `start` (any nonzero scale) with the options above; the
 * basis and the tridiagonal are left in `st` (e.g. for a Ritz vector).
 */
export function lanczosRun(st: LanczosState, start: Float64Array, apply: (basis: Float64Array, qOff: number, w: Float64Array) => void, opts: LanczosRunOptions): LanczosRunResult {
  const { basis, w, alpha, beta, len } = st;
  const nrm = Math.sqrt(norm2(start, len));
  for (let i = 0; i < len; i++) basis[i] = start[i] / nrm;
  const steps = Math.min(st.maxSteps, opts.budget);
  let theta = 0;
  let residual = Infinity;
  let converged = false;
  let k = 0;
  for (let j = 0; j < steps; j++) {
    const qOff = j * len;
    apply(basis, qOff, w);
    // alpha_j = Re <q_j, A q_j> (real for Hermitian A)
    let a = 0;
    for (let i = 0; i < len; i++) a += basis[qOff + i] * w[i];
    alpha[j] = a;
    const from = opts.reorth === "local" ? Math.max(0, j - 1) : 0;
    let before = norm2(w, len);
    for (let pass = 0; pass < opts.passes; pass++) {
      orthogonalise(st, from, j + 1);
      const after = norm2(w, len);
      if (after > 0.5 * before) break;
      before = after;
    }
    const b = Math.sqrt(norm2(w, len));
    beta[j] = b;
    k = j + 1;
    const breakdown = b <= 1e-15 * Math.max(theta, 1e-300);
    if (k % opts.checkEvery === 0 || k === st.maxSteps || k === steps || breakdown) {
      const ritz = topRitz(st, k);
      theta = ritz.theta;
      residual = b * Math.abs(ritz.last);
      if (residual <= opts.stopTol * theta || k === st.maxSteps || breakdown) { converged = true; break; }
    }
    if (j + 1 < st.maxSteps) {
      const nOff = (j + 1) * len;
      for (let i = 0; i < len; i++) basis[nOff + i] = w[i] / b;
    }
  }
  st.k = k;
  return { k, theta, residual, converged };
}

/** Largest eigenpair of the symmetric tridiagonal matrix (alpha diagonal, beta off-diagonal). */
function tridiagTop(alpha: number[], beta: number[], k: number): { theta: number; s: Float64Array } {
  const Tm = Matrix.zeros(k, k);
  for (let i = 0; i < k; i++) {
    Tm.set(i, i, alpha[i]);
    if (i + 1 < k) { Tm.set(i, i + 1, beta[i]); Tm.set(i + 1, i, beta[i]); }
  }
  const evd = new EigenvalueDecomposition(Tm, { assumeSymmetric: true });
  const ev = evd.realEigenvalues;
  let best = 0;
  for (let i = 1; i < k; i++) if (ev[i] > ev[best]) best = i;
  const V = evd.eigenvectorMatrix;
  const s = new Float64Array(k);
  for (let i = 0; i < k; i++) s[i] = V.get(i, best);
  return { theta: ev[best], s };
}

/**
 * Generic Lanczos for the largest eigenvalue of a symmetric PSD operator `applyA` on R^dim.
 * `applyA(v, out)` returns `A v`: either `out` (a scratch vector of length dim it may fill, which
 * saves an allocation and a copy per product) or a new array; it must not keep or modify v.
 * Options: `tol` (relative residual target), `maxIter` (products budget), `seed` (random start),
 * `basisSize` (Krylov vectors kept before an explicit restart from the Ritz vector), `start`,
 * `reorth` ("full" default, or "local"). Returns the Ritz value theta (units of A), the unit Ritz
 * vector, the explicit relative residual `||A y - theta y|| / theta` and the number of products.
 */
export function lanczosLargest(
  applyA: (v: Float64Array, out: Float64Array) => Float64Array,
  dim: number,
  opts: { tol: number; maxIter: number; seed: number; basisSize: number; start?: Float64Array; reorth?: "full" | "local" },
): { theta: number; vector: Float64Array; residual: number; products: number } {
  const rng = new Rng(opts.seed);
  let start: Float64Array = opts.start ? Float64Array.from(opts.start) : rng.normals(dim);
  let products = 0;
  let best: { theta: number; vector: Float64Array; residual: number } = { theta: 0, vector: start, residual: Infinity };
  const m = Math.max(2, Math.min(opts.basisSize, dim));
  const st = new LanczosState(dim, m, false);
  const applyInto = (q: Float64Array, qOff: number, w: Float64Array) => { const r = applyA(q.subarray(qOff, qOff + dim), w); if (r !== w) w.set(r); };
  while (products < opts.maxIter) {
    if (!(Math.sqrt(dot(start, start)) > 0)) start = rng.normals(dim);
    // the one Lanczos loop (linalg/lanczos.ts), Ritz check every 4 steps; at most 3 Gram-Schmidt passes,
    // also for "local": when A is close to a multiple of I, A q - alpha q cancels to ~1e-6 of A q and
    // one pass leaves q_j components of ~1e-10, which stalled a near-identity kernel at residual 1e-11
    // (measured; the regularisation's tie tests)
    const run = lanczosRun(st, start, applyInto, { stopTol: opts.tol * 0.5, checkEvery: 4, reorth: opts.reorth ?? "full", passes: 3, budget: opts.maxIter - products });
    products += run.k;
    const k = run.k;
    const ritz = tridiagTop(Array.from(st.alpha.subarray(0, k)), Array.from(st.beta.subarray(0, Math.max(0, k - 1))), k);
    // Ritz vector y = V s
    const y = new Float64Array(dim);
    for (let j = 0; j < k; j++) { const c = ritz.s[j], off = j * dim; for (let i = 0; i < dim; i++) y[i] += c * st.basis[off + i]; }
    const yn = Math.sqrt(dot(y, y));
    for (let i = 0; i < dim; i++) y[i] /= yn;
    const Ay = applyA(y, new Float64Array(dim));
    products++;
    const theta = dot(Ay, y);
    let r = 0;
    for (let i = 0; i < dim; i++) { const e = Ay[i] - theta * y[i]; r += e * e; }
    const residual = theta > 0 ? Math.sqrt(r) / theta : (Math.sqrt(r) === 0 ? 0 : Infinity);
    if (residual < best.residual || theta > best.theta) best = { theta, vector: y, residual };
    if (residual <= opts.tol || theta === 0) break;
    start = y;
  }
  return { ...best, products };
}
