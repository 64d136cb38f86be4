/**
 * A guaranteed test of `lambda_max(A) < mu` for a Hermitian matrix A: the Cholesky factorisation
 * `mu I - A = R^H R` (lower triangle of A read, `c^3 / 6` complex multiply-adds) succeeds only if
 * `mu I - A` is positive definite up to round-off. In floating point a completed factorisation is
 * exact for `mu I - A + E` with `|E| <= gamma_{n+1} |R^H| |R|` (Higham, Accuracy and Stability,
 * Thm 10.3), so `||E||_2 <= gamma_{n+1} ||R||_F^2 = gamma_{n+1} trace(mu I - A + E)`; hence
 *   success  =>  `lambda_max(A) <= mu + gamma_{n+1} (n mu - trace A) / (1 - gamma_{n+1})`
 * with `gamma_m = m eps / (1 - m eps)` (eps = 2^-53). {@link choleskyBoundSlack} returns that slack.
 * A failed factorisation proves nothing (a pivot <= 0 may come from round-off): callers then
 * compute the eigenvalue another way.
 */

const UNIT_ROUNDOFF = 2 ** -53;

/**
 * True if the Cholesky factorisation of `mu I - A` completes with positive pivots, A the Hermitian
 * n x n matrix at complex offset `base` of `src` (lower triangle read). `work`: >= 2 n^2 numbers.
 */
export function choleskyShiftSucceeds(src: Float64Array, base: number, n: number, mu: number, work: Float64Array): boolean {
  const b2 = 2 * base;
  // work = lower triangle of mu I - A, row-major n x n complex
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const p = b2 + 2 * (i * n + j), q = 2 * (i * n + j);
      work[q] = (i === j ? mu : 0) - src[p];
      work[q + 1] = i === j ? 0 : -src[p + 1];
    }
  }
  // right-looking-free row form: L[i][j] = (M[i][j] - sum_{k<j} L[i][k] conj(L[j][k])) / L[j][j]
  for (let i = 0; i < n; i++) {
    const ri = 2 * i * n;
    for (let j = 0; j < i; j++) {
      const rj = 2 * j * n;
      let sr = work[ri + 2 * j], si = work[ri + 2 * j + 1];
      for (let k = 0; k < j; k++) {
        const ar = work[ri + 2 * k], ai = work[ri + 2 * k + 1], br = work[rj + 2 * k], bi = work[rj + 2 * k + 1];
        // a * conj(b)
        sr -= ar * br + ai * bi;
        si -= ai * br - ar * bi;
      }
      const inv = 1 / work[rj + 2 * j];
      work[ri + 2 * j] = sr * inv;
      work[ri + 2 * j + 1] = si * inv;
    }
    let d = work[ri + 2 * i];
    for (let k = 0; k < i; k++) d -= work[ri + 2 * k] ** 2 + work[ri + 2 * k + 1] ** 2;
    if (!(d > 0)) return false;
    work[ri + 2 * i] = Math.sqrt(d);
  }
  return true;
}

/**
 * Slack of a completed {@link choleskyShiftSucceeds}: `lambda_max(A) <= mu + slack`, from the
 * backward error bound in the file comment (`traceA` = trace of A, real).
 */
export function choleskyBoundSlack(n: number, mu: number, traceA: number): number {
  const m = n + 1;
  const gamma = (m * UNIT_ROUNDOFF) / (1 - m * UNIT_ROUNDOFF);
  return (gamma * Math.max(0, n * mu - traceA)) / (1 - gamma);
}
