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
import { LanczosState, lanczosRun } from "./lanczos";

export class LanczosWorkspace {
  /** The Lanczos run's state: up to r complex basis vectors of r entries. */
  readonly state: LanczosState;
  readonly tmp: Float64Array;
  readonly r: number;
  constructor(readonly m: number, readonly n: number, readonly start: Float64Array) {
    const r = Math.min(m, n);
    this.r = r;
    this.state = new LanczosState(2 * r, r, true);
    this.tmp = new Float64Array(2 * Math.max(m, n));
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

/**
 * sigma_max of F (complex m x n at complex offset `base` of `a`). `tol` is the relative residual
 * target for the Gram eigenvalue (sigma's relative error is at most tol / 2). Returns sigma and
 * writes the iteration count to `info[0]` and the final relative residual to `info[1]` if given.
 */
export function lanczosSpectralNorm(a: Float64Array, base: number, m: number, n: number, tol: number, ws: LanczosWorkspace, info?: Float64Array): number {
  // full reorthogonalisation (at most two passes); the O(k^2) Ritz check every second step (and
  // at the end) costs at most one extra iteration
  const res = lanczosRun(ws.state, ws.start, (q, qOff, w) => applyGram(a, base, m, n, q, qOff, w, ws.tmp), { stopTol: tol, checkEvery: 2, reorth: "full", passes: 2, budget: ws.r });
  if (info) {
    info[0] = res.k;
    info[1] = res.theta > 0 ? res.residual / res.theta : 0;
  }
  return Math.sqrt(Math.max(res.theta, 0));
}
