/**
 * Eigenvalues of a real symmetric tridiagonal matrix by the implicit QL algorithm with
 * Wilkinson-type shifts (EISPACK `tql1`, no eigenvectors), in place.
 *
 * `d[off..off+n)` is the diagonal, `e[off..off+n-1)` the off-diagonal (`e[off+i]` couples i and
 * i+1); `e[off+n-1]` is used as scratch. On return `d[off..off+n)` holds the eigenvalues in
 * ASCENDING order; `e` is destroyed. Cost O(n^2) (about 2 QL sweeps per eigenvalue).
 *
 * Deflation: `|e_m| <= eps (|d_m| + |d_m+1|)` (relative, as in EISPACK) or `|e_m| <= eps^2 ||T||`
 * (absolute, reached one cubic step after eps ||T||; prevents stalls next to exact zeros).
 */
import { ConvergenceError } from "../../core/errors";

const EPS = 2.220446049250313e-16;
const MAX_SWEEPS_PER_EIGENVALUE = 60;

export function tridiagonalEigenvalues(d: Float64Array, e: Float64Array, n: number, off = 0): void {
  implicitQl(d, e, n, off, null);
  d.subarray(off, off + n).sort();
}

/**
 * The QL iteration itself (eigenvalues left UNSORTED in d). When `lastRow` is given (length n,
 * initialised by the caller to the last row of the identity), the rotations are also applied to it,
 * so that on return `lastRow[j]` is the last component of the unit eigenvector of eigenvalue `d[j]`
 * (EISPACK `tql2` restricted to one row of Z: O(n^2) instead of O(n^3)); Lanczos uses it for
 * its residual bound `beta_k |s_k|`.
 */
export function implicitQl(d: Float64Array, e: Float64Array, n: number, off: number, lastRow: Float64Array | null): void {
  if (n <= 0) return;
  e[off + n - 1] = 0;
  let anorm = 0;
  for (let i = 0; i < n; i++) anorm = Math.max(anorm, Math.abs(d[off + i]) + Math.abs(e[off + i]) + (i > 0 ? Math.abs(e[off + i - 1]) : 0));
  const absTol = EPS * EPS * anorm;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    let m: number;
    do {
      for (m = l; m < n - 1; m++) {
        const em = Math.abs(e[off + m]);
        if (em <= EPS * (Math.abs(d[off + m]) + Math.abs(d[off + m + 1])) || em <= absTol) break;
      }
      if (m !== l) {
        if (iter++ === MAX_SWEEPS_PER_EIGENVALUE) {
          throw new ConvergenceError(`tridiagonalEigenvalues: no convergence after ${MAX_SWEEPS_PER_EIGENVALUE} QL sweeps for eigenvalue ${l} of ${n}`);
        }
        let g = (d[off + l + 1] - d[off + l]) / (2 * e[off + l]);
        // plain sqrt instead of Math.hypot (several times slower in V8): callers pass scaled
        // matrices, and an overflow to Infinity here only drops the shift's tiny correction term
        let r = Math.sqrt(g * g + 1);
        g = d[off + m] - d[off + l] + e[off + l] / (g + (g >= 0 ? r : -r));
        let s = 1;
        let c = 1;
        let p = 0;
        let i: number;
        let underflow = false;
        for (i = m - 1; i >= l; i--) {
          const f = s * e[off + i];
          const b = c * e[off + i];
          r = Math.sqrt(f * f + g * g);
          if (r === Infinity) r = Math.hypot(f, g);
          e[off + i + 1] = r;
          if (r === 0) {
            // recover from underflow: split here
            d[off + i + 1] -= p;
            e[off + m] = 0;
            underflow = true;
            break;
          }
          const inv = 1 / r;
          s = f * inv;
          c = g * inv;
          g = d[off + i + 1] - p;
          r = (d[off + i] - g) * s + 2 * c * b;
          p = s * r;
          d[off + i + 1] = g + p;
          g = c * r - b;
          if (lastRow) {
            const zf = lastRow[i + 1];
            lastRow[i + 1] = s * lastRow[i] + c * zf;
            lastRow[i] = c * lastRow[i] - s * zf;
          }
        }
        if (underflow) continue;
        d[off + l] -= p;
        e[off + l] = g;
        e[off + m] = 0;
      }
    } while (m !== l);
  }
}
