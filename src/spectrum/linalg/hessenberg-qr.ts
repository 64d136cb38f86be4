/**
 * Eigenvalues of a real general n x n matrix with an iteration limit: balancing (Parlett-Reinsch,
 * powers of 2, exact), Householder reduction to upper Hessenberg form `H = Q^T A Q`, then the
 * Francis double-shift QR iteration on H (EISPACK `hqr`, as in Numerical Recipes §11.6), with
 * exceptional shifts after 10 and 20 stalled iterations on one eigenvalue and a total budget of
 * `maxIterations` QR sweeps (default `30 * max(10, n)`, LAPACK's `dhseqr` limit). A run that
 * exhausts the budget throws a ConvergenceError instead of looping forever (JAMA's `hqr2` in
 * ml-matrix has no limit). Backward stable: the eigenvalues are exact for `A + E`, `||E|| ~ eps ||A||`.
 */
import { ConvergenceError } from "../../core/errors";

/** Balances `a` (row-major n x n, in place) by diagonal similarity with powers of 2 (NR `balanc`). */
function balance(a: Float64Array, n: number): void {
  let done = false;
  while (!done) {
    done = true;
    for (let i = 0; i < n; i++) {
      let r = 0, c = 0;
      for (let j = 0; j < n; j++) if (j !== i) { c += Math.abs(a[j * n + i]); r += Math.abs(a[i * n + j]); }
      if (c === 0 || r === 0) continue;
      let g = r / 2, f = 1;
      const s = c + r;
      while (c < g) { f *= 2; c *= 4; }
      g = r * 2;
      while (c > g) { f /= 2; c /= 4; }
      if ((c + r) / f < 0.95 * s) {
        done = false;
        for (let j = 0; j < n; j++) a[i * n + j] /= f;
        for (let j = 0; j < n; j++) a[j * n + i] *= f;
      }
    }
  }
}

/** Householder reduction of `a` (in place) to upper Hessenberg form by orthogonal similarity. */
function hessenberg(a: Float64Array, n: number): void {
  const v = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    let norm = 0;
    for (let i = k + 1; i < n; i++) norm += a[i * n + k] * a[i * n + k];
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    const x0 = a[(k + 1) * n + k];
    const alpha = x0 > 0 ? -norm : norm;
    // v = x - alpha e_1, H = I - 2 v v^T / (v^T v)
    let vv = 0;
    for (let i = k + 1; i < n; i++) { v[i] = a[i * n + k]; }
    v[k + 1] -= alpha;
    for (let i = k + 1; i < n; i++) vv += v[i] * v[i];
    if (vv === 0) continue;
    const beta = 2 / vv;
    // A <- H A (rows k+1..n-1), then A <- A H (columns k+1..n-1)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = k + 1; i < n; i++) s += v[i] * a[i * n + j];
      s *= beta;
      for (let i = k + 1; i < n; i++) a[i * n + j] -= s * v[i];
    }
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = k + 1; j < n; j++) s += a[i * n + j] * v[j];
      s *= beta;
      for (let j = k + 1; j < n; j++) a[i * n + j] -= s * v[j];
    }
    for (let i = k + 2; i < n; i++) a[i * n + k] = 0;
  }
}

const sign = (a: number, b: number) => (b >= 0 ? Math.abs(a) : -Math.abs(a));

/**
 * Eigenvalues of the real row-major n x n `matrix` (not modified), interleaved complex
 * `[re, im, ...]`, complex pairs adjacent (positive imaginary part first), otherwise unordered.
 * Throws ConvergenceError naming `where` after `maxIterations` QR sweeps.
 */
export function generalEigenvalues(matrix: Float64Array, n: number, maxIterations = 30 * Math.max(10, n), where = "generalEigenvalues"): Float64Array {
  const a = Float64Array.from(matrix);
  balance(a, n);
  hessenberg(a, n);
  const wr = new Float64Array(n), wi = new Float64Array(n);
  let anorm = 0;
  for (let i = 0; i < n; i++) for (let j = Math.max(i - 1, 0); j < n; j++) anorm += Math.abs(a[i * n + j]);
  const A = (i: number, j: number) => a[i * n + j];
  let nn = n - 1, t = 0, sweeps = 0;
  let p = 0, q = 0, r = 0, s = 0, w = 0, x = 0, y = 0, z = 0;
  while (nn >= 0) {
    let its = 0, l: number;
    do {
      // look for a single small subdiagonal element
      for (l = nn; l >= 1; l--) {
        s = Math.abs(A(l - 1, l - 1)) + Math.abs(A(l, l));
        if (s === 0) s = anorm;
        if (Math.abs(A(l, l - 1)) + s === s) { a[l * n + l - 1] = 0; break; }
      }
      x = A(nn, nn);
      if (l === nn) {
        // one root found
        wr[nn] = x + t; wi[nn] = 0; nn--;
      } else {
        y = A(nn - 1, nn - 1);
        w = A(nn, nn - 1) * A(nn - 1, nn);
        if (l === nn - 1) {
          // two roots found
          p = 0.5 * (y - x);
          q = p * p + w;
          z = Math.sqrt(Math.abs(q));
          x += t;
          if (q >= 0) {
            z = p + sign(z, p);
            wr[nn - 1] = wr[nn] = x + z;
            if (z !== 0) wr[nn] = x - w / z;
            wi[nn - 1] = wi[nn] = 0;
          } else {
            wr[nn - 1] = wr[nn] = x + p;
            wi[nn - 1] = z; wi[nn] = -z;
          }
          nn -= 2;
        } else {
          if (sweeps >= maxIterations) throw new ConvergenceError(`${where}: Hessenberg QR did not converge in ${maxIterations} sweeps (n = ${n}, ${nn + 1} eigenvalues left); the matrix may be badly scaled, or pass a larger iteration limit`);
          if (its > 0 && its % 10 === 0) {
            // exceptional shift (breaks cycles such as permutation matrices)
            t += x;
            for (let i = 0; i <= nn; i++) a[i * n + i] -= x;
            s = Math.abs(A(nn, nn - 1)) + Math.abs(A(nn - 1, nn - 2));
            y = x = 0.75 * s;
            w = -0.4375 * s * s;
          }
          its++;
          sweeps++;
          // look for two consecutive small subdiagonal elements
          let m: number;
          for (m = nn - 2; m >= l; m--) {
            z = A(m, m);
            r = x - z;
            s = y - z;
            p = (r * s - w) / A(m + 1, m) + A(m, m + 1);
            q = A(m + 1, m + 1) - z - r - s;
            r = A(m + 2, m + 1);
            s = Math.abs(p) + Math.abs(q) + Math.abs(r);
            p /= s; q /= s; r /= s;
            if (m === l) break;
            const u = Math.abs(A(m, m - 1)) * (Math.abs(q) + Math.abs(r));
            const v = Math.abs(p) * (Math.abs(A(m - 1, m - 1)) + Math.abs(z) + Math.abs(A(m + 1, m + 1)));
            if (u + v === v) break;
          }
          for (let i = m + 2; i <= nn; i++) {
            a[i * n + i - 2] = 0;
            if (i !== m + 2) a[i * n + i - 3] = 0;
          }
          // double QR step on rows l..nn and columns m..nn
          for (let k = m; k <= nn - 1; k++) {
            if (k !== m) {
              p = A(k, k - 1);
              q = A(k + 1, k - 1);
              r = k !== nn - 1 ? A(k + 2, k - 1) : 0;
              x = Math.abs(p) + Math.abs(q) + Math.abs(r);
              if (x !== 0) { p /= x; q /= x; r /= x; }
            }
            s = sign(Math.sqrt(p * p + q * q + r * r), p);
            if (s !== 0) {
              if (k === m) { if (l !== m) a[k * n + k - 1] = -A(k, k - 1); }
              else a[k * n + k - 1] = -s * x;
              p += s;
              x = p / s; y = q / s; z = r / s;
              q /= p; r /= p;
              for (let j = k; j <= nn; j++) {
                p = A(k, j) + q * A(k + 1, j);
                if (k !== nn - 1) { p += r * A(k + 2, j); a[(k + 2) * n + j] -= p * z; }
                a[(k + 1) * n + j] -= p * y;
                a[k * n + j] -= p * x;
              }
              const mmin = nn < k + 3 ? nn : k + 3;
              for (let i = l; i <= mmin; i++) {
                p = x * A(i, k) + y * A(i, k + 1);
                if (k !== nn - 1) { p += z * A(i, k + 2); a[i * n + k + 2] -= p * r; }
                a[i * n + k + 1] -= p * q;
                a[i * n + k] -= p;
              }
            }
          }
        }
      }
    } while (l < nn - 1);
  }
  const out = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) { out[2 * k] = wr[k]; out[2 * k + 1] = wi[k]; }
  return out;
}
