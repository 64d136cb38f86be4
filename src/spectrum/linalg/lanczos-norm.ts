/**
 * Largest singular value of one complex m x n matrix F by Lanczos on the Hermitian Gram operator
 * (`F^H F` when n <= m, else `F F^H`, dimension r = min(m, n)), with full reorthogonalisation.
 *
 * Each step costs two matrix-vector products (4 m n real multiply-adds) plus O(k r) for the
 * reorthogonalisation. After step k the largest Ritz value theta of the tridiagonal T_k and the
 * last component s_k of its eigenvector give the residual `||G y - theta y|| = beta_k |s_k|`, and
 * for Hermitian G `|theta - lambda_max| <= beta_k |s_k|` (Kahan / Paige). Iteration stops when that
 * residual is <= `tol * theta`, or at k = r, where the Krylov space is the whole space and theta is
 * exact up to rounding. So the result is always certified: relative error of sigma <= tol / 2.
 */
import { implicitQl } from "./tridiagonal-eigenvalues";

export class LanczosWorkspace {
  /** Krylov basis, up to r vectors of r complex entries. */
  readonly basis: Float64Array;
  readonly tmp: Float64Array;
  readonly w: Float64Array;
  readonly alpha: Float64Array;
  readonly beta: Float64Array;
  readonly d: Float64Array;
  readonly e: Float64Array;
  readonly lastRow: Float64Array;
  readonly r: number;
  constructor(readonly m: number, readonly n: number, readonly start: Float64Array) {
    const r = Math.min(m, n);
    this.r = r;
    this.basis = new Float64Array(2 * r * r);
    this.tmp = new Float64Array(2 * Math.max(m, n));
    this.w = new Float64Array(2 * r);
    this.alpha = new Float64Array(r);
    this.beta = new Float64Array(r);
    this.d = new Float64Array(r);
    this.e = new Float64Array(r);
    this.lastRow = new Float64Array(r);
  }
}

/** w = G x for G = F^H F (n <= m) or F F^H (n > m); F at complex offset `base` of `a`. */
function applyGram(a: Float64Array, base: number, m: number, n: number, x: Float64Array, xOff: number, w: Float64Array, tmp: Float64Array): void {
  const b2 = 2 * base;
  if (n <= m) {
    // tmp = F x (length m), w = F^H tmp (length n)
    for (let i = 0; i < m; i++) {
      const row = b2 + 2 * i * n;
      let sr = 0;
      let si = 0;
      for (let j = 0; j < n; j++) {
        const ar = a[row + 2 * j];
        const ai = a[row + 2 * j + 1];
        const xr = x[xOff + 2 * j];
        const xi = x[xOff + 2 * j + 1];
        sr += ar * xr - ai * xi;
        si += ar * xi + ai * xr;
      }
      tmp[2 * i] = sr;
      tmp[2 * i + 1] = si;
    }
    w.fill(0, 0, 2 * n);
    for (let i = 0; i < m; i++) {
      const row = b2 + 2 * i * n;
      const tr = tmp[2 * i];
      const ti = tmp[2 * i + 1];
      for (let j = 0; j < n; j++) {
        const ar = a[row + 2 * j];
        const ai = a[row + 2 * j + 1];
        // conj(a) * t
        w[2 * j] += ar * tr + ai * ti;
        w[2 * j + 1] += ar * ti - ai * tr;
      }
    }
  } else {
    // tmp = F^H x (length n), w = F tmp (length m)
    tmp.fill(0, 0, 2 * n);
    for (let i = 0; i < m; i++) {
      const row = b2 + 2 * i * n;
      const xr = x[xOff + 2 * i];
      const xi = x[xOff + 2 * i + 1];
      for (let j = 0; j < n; j++) {
        const ar = a[row + 2 * j];
        const ai = a[row + 2 * j + 1];
        tmp[2 * j] += ar * xr + ai * xi;
        tmp[2 * j + 1] += ar * xi - ai * xr;
      }
    }
    for (let i = 0; i < m; i++) {
      const row = b2 + 2 * i * n;
      let sr = 0;
      let si = 0;
      for (let j = 0; j < n; j++) {
        const ar = a[row + 2 * j];
        const ai = a[row + 2 * j + 1];
        sr += ar * tmp[2 * j] - ai * tmp[2 * j + 1];
        si += ar * tmp[2 * j + 1] + ai * tmp[2 * j];
      }
      w[2 * i] = sr;
      w[2 * i + 1] = si;
    }
  }
}

/** Largest eigenvalue of T_k (alpha, beta) and the last component of its eigenvector. */
function topRitz(ws: LanczosWorkspace, k: number): { theta: number; last: number } {
  const { d, e, lastRow, alpha, beta } = ws;
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

/**
 * sigma_max of F (complex m x n at complex offset `base` of `a`). `tol` is the relative residual
 * target for the Gram eigenvalue (sigma's relative error is at most tol / 2). Returns sigma and
 * writes the iteration count to `info[0]` and the final relative residual to `info[1]` if given.
 */
export function lanczosSpectralNorm(a: Float64Array, base: number, m: number, n: number, tol: number, ws: LanczosWorkspace, info?: Float64Array): number {
  const r = ws.r;
  const { basis, w, tmp, alpha, beta, start } = ws;
  // q_0 = start / ||start||
  let nrm = 0;
  for (let i = 0; i < 2 * r; i++) nrm += start[i] * start[i];
  nrm = Math.sqrt(nrm);
  for (let i = 0; i < 2 * r; i++) basis[i] = start[i] / nrm;
  let theta = 0;
  let residual = Infinity;
  let k = 0;
  for (let j = 0; j < r; j++) {
    const qOff = 2 * j * r;
    applyGram(a, base, m, n, basis, qOff, w, tmp);
    let ar = 0;
    for (let i = 0; i < r; i++) ar += basis[qOff + 2 * i] * w[2 * i] + basis[qOff + 2 * i + 1] * w[2 * i + 1];
    alpha[j] = ar;
    // full reorthogonalisation: classical Gram-Schmidt against all previous q (this also removes
    // the three-term recurrence components alpha_j q_j and beta_{j-1} q_{j-1}); a second pass only
    // when the first removed most of w (Kahan-Parlett "twice is enough" criterion, ratio 1/sqrt 2)
    let before = 0;
    for (let i = 0; i < 2 * r; i++) before += w[i] * w[i];
    for (let pass = 0; pass < 2; pass++) {
      for (let p = 0; p <= j; p++) {
        const pOff = 2 * p * r;
        let cr = 0;
        let ci = 0;
        for (let i = 0; i < r; i++) {
          const qr = basis[pOff + 2 * i];
          const qi = basis[pOff + 2 * i + 1];
          cr += qr * w[2 * i] + qi * w[2 * i + 1];
          ci += qr * w[2 * i + 1] - qi * w[2 * i];
        }
        for (let i = 0; i < r; i++) {
          const qr = basis[pOff + 2 * i];
          const qi = basis[pOff + 2 * i + 1];
          w[2 * i] -= cr * qr - ci * qi;
          w[2 * i + 1] -= cr * qi + ci * qr;
        }
      }
      let after = 0;
      for (let i = 0; i < 2 * r; i++) after += w[i] * w[i];
      if (after > 0.5 * before) break;
      before = after;
    }
    let b = 0;
    for (let i = 0; i < 2 * r; i++) b += w[i] * w[i];
    b = Math.sqrt(b);
    beta[j] = b;
    k = j + 1;
    const breakdown = b <= 1e-15 * Math.max(theta, 1e-300);
    // the O(k^2) Ritz check every second step (and at the end) costs at most one extra iteration
    if (k % 2 === 0 || k === r || breakdown) {
      const ritz = topRitz(ws, k);
      theta = ritz.theta;
      residual = b * Math.abs(ritz.last);
      if (residual <= tol * theta || k === r || breakdown) break;
    }
    const nOff = 2 * (j + 1) * r;
    for (let i = 0; i < 2 * r; i++) basis[nOff + i] = w[i] / b;
  }
  if (info) {
    info[0] = k;
    info[1] = theta > 0 ? residual / theta : 0;
  }
  return Math.sqrt(Math.max(theta, 0));
}
