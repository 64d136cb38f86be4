/**
 * Complex Householder reflectors (LAPACK `zlarfg` convention), on interleaved complex data.
 *
 * Given a vector `x = (alpha, x_2..x_len)` stored with complex stride `stride` from `off`,
 * finds `H = I - tau v v^H` with `v_1 = 1` such that `H^H x = (beta, 0, ..., 0)` with `beta` REAL.
 * On return `x_2..` hold `v_2..`, `x_1` holds `beta`, and `out[0..1] = tau`. `beta` is returned.
 * `tau = 0` (H = I) when x_2.. = 0 and alpha is already real.
 *
 * Callers pre-scale matrices to max |entry| = 1, so the plain sum of squares cannot
 * overflow or underflow harmfully (why there is no LAPACK-style rescaling loop here).
 */
export function householder(x: Float64Array, off: number, stride: number, len: number, out: Float64Array): number {
  const ar = x[off];
  const ai = x[off + 1];
  let ss = 0;
  for (let t = 1; t < len; t++) {
    const p = off + 2 * t * stride;
    ss += x[p] * x[p] + x[p + 1] * x[p + 1];
  }
  if (ss === 0 && ai === 0) {
    out[0] = 0;
    out[1] = 0;
    return ar;
  }
  const norm = Math.sqrt(ar * ar + ai * ai + ss);
  const beta = ar >= 0 ? -norm : norm;
  out[0] = (beta - ar) / beta;
  out[1] = -ai / beta;
  // scale = 1 / (alpha - beta)
  const dr = ar - beta;
  const di = ai;
  const den = dr * dr + di * di;
  const sr = dr / den;
  const si = -di / den;
  for (let t = 1; t < len; t++) {
    const p = off + 2 * t * stride;
    const xr = x[p];
    const xi = x[p + 1];
    x[p] = xr * sr - xi * si;
    x[p + 1] = xr * si + xi * sr;
  }
  x[off] = beta;
  x[off + 1] = 0;
  return beta;
}
