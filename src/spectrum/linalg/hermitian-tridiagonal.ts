/**
 * Householder reduction of a complex Hermitian matrix to a REAL symmetric tridiagonal matrix
 * with the same eigenvalues (LAPACK `zhetd2`, lower triangle, no Q), in place.
 *
 * `a` holds the n x n matrix (interleaved complex, row-major) at complex offset `base`; only the
 * lower triangle (and the real part of the diagonal) is read, and it is overwritten. For each
 * column k a reflector `H = I - tau v v^H` with `H^H a[k+1:, k] = (beta, 0, ...)`, beta real, gives
 * `A22 <- H^H A22 H = A22 - v w^H - w v^H` with `x = tau A22 v`, `w = x - (tau/2)(x^H v) v`.
 * Cost about (8/3) n^3 real multiply-adds. Results: `d[0..n)`, `e[0..n-1)`.
 */
import { householder } from "./householder";

export class HermitianTridiagonalWorkspace {
  readonly v: Float64Array;
  readonly y: Float64Array;
  readonly tau = new Float64Array(2);
  constructor(readonly n: number) {
    this.v = new Float64Array(2 * n);
    this.y = new Float64Array(2 * n);
  }
}

export function hermitianTridiagonal(a: Float64Array, base: number, n: number, d: Float64Array, e: Float64Array, ws: HermitianTridiagonalWorkspace): void {
  const { v, y, tau } = ws;
  const b2 = 2 * base;
  for (let k = 0; k < n - 1; k++) {
    const len = n - k - 1;
    const colOff = b2 + 2 * ((k + 1) * n + k);
    e[k] = householder(a, colOff, n, len, tau);
    d[k] = a[b2 + 2 * (k * n + k)];
    const tr = tau[0];
    const ti = tau[1];
    if (tr === 0 && ti === 0) continue;
    // v = (1, a[k+2.., k]) contiguous
    v[0] = 1;
    v[1] = 0;
    for (let t = 1; t < len; t++) {
      v[2 * t] = a[colOff + 2 * t * n];
      v[2 * t + 1] = a[colOff + 2 * t * n + 1];
    }
    // y = A22 v from the lower triangle (A22 starts at row/col k+1)
    y.fill(0, 0, 2 * len);
    const s0 = k + 1;
    for (let i = 0; i < len; i++) {
      const row = b2 + 2 * ((s0 + i) * n + s0);
      const vir = v[2 * i];
      const vii = v[2 * i + 1];
      let accr = 0;
      let acci = 0;
      for (let j = 0; j < i; j++) {
        const ar = a[row + 2 * j];
        const ai = a[row + 2 * j + 1];
        const vjr = v[2 * j];
        const vji = v[2 * j + 1];
        accr += ar * vjr - ai * vji;
        acci += ar * vji + ai * vjr;
        // y_j += conj(A_ij) v_i
        y[2 * j] += ar * vir + ai * vii;
        y[2 * j + 1] += ar * vii - ai * vir;
      }
      const dii = a[row + 2 * i];
      y[2 * i] += accr + dii * vir;
      y[2 * i + 1] += acci + dii * vii;
    }
    // x = tau y; alpha = -(1/2) tau (x^H v)
    let xhvr = 0;
    let xhvi = 0;
    for (let i = 0; i < len; i++) {
      const yr = y[2 * i];
      const yi = y[2 * i + 1];
      const xr = tr * yr - ti * yi;
      const xi = tr * yi + ti * yr;
      y[2 * i] = xr;
      y[2 * i + 1] = xi;
      // conj(x_i) v_i
      xhvr += xr * v[2 * i] + xi * v[2 * i + 1];
      xhvi += xr * v[2 * i + 1] - xi * v[2 * i];
    }
    const alr = -0.5 * (tr * xhvr - ti * xhvi);
    const ali = -0.5 * (tr * xhvi + ti * xhvr);
    // w = x + alpha v (stored in y)
    for (let i = 0; i < len; i++) {
      const vr = v[2 * i];
      const vi = v[2 * i + 1];
      y[2 * i] += alr * vr - ali * vi;
      y[2 * i + 1] += alr * vi + ali * vr;
    }
    // A22 -= v w^H + w v^H (lower triangle)
    for (let i = 0; i < len; i++) {
      const row = b2 + 2 * ((s0 + i) * n + s0);
      const vir = v[2 * i];
      const vii = v[2 * i + 1];
      const wir = y[2 * i];
      const wii = y[2 * i + 1];
      for (let j = 0; j <= i; j++) {
        const wjr = y[2 * j];
        const wji = y[2 * j + 1];
        const vjr = v[2 * j];
        const vji = v[2 * j + 1];
        // v_i conj(w_j) + w_i conj(v_j)
        a[row + 2 * j] -= vir * wjr + vii * wji + wir * vjr + wii * vji;
        a[row + 2 * j + 1] -= vii * wjr - vir * wji + wii * vjr - wir * vji;
      }
    }
  }
  d[n - 1] = a[b2 + 2 * ((n - 1) * n + (n - 1))];
}
