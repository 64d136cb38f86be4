/**
 * Top singular triplet `(sigma_1, u, v)` of a small complex matrix, `A v = sigma_1 u`, `A^H u = sigma_1 v`,
 * with the second singular value to detect ties.
 *
 * Method: the realification `R(A) = [[Re A, -Im A], [Im A, Re A]]` (2m x 2n real) has every singular
 * value of A twice, and a right singular vector `[x; y]` of R(A) gives the complex right singular
 * vector `v = x + i y` of A (because `R(A) [x; y]` is the realification of `A (x + i y)`). The real SVD
 * is ml-matrix's (one-sided Jacobi-free Golub-Kahan, backward stable); `u = A v / sigma_1`.
 * The gradient of `sigma_1` built from the pair, `d sigma_1 = Re(u^H dA v)`, does not depend on the
 * phase of (u, v), so the pair's non-uniqueness in R(A) is harmless.
 * Ties: the second distinct value of A is the third singular value of R(A); `gap = sigma_1 - sigma_2`.
 */
import { SingularValueDecomposition, Matrix } from "ml-matrix";
import { ShapeError, checkFinite } from "../core/errors";

/** Result of {@link complexTopSingularPair}: u (m complex, interleaved), v (n complex, interleaved). */
export interface TopSingularPair {
  sigma: number;
  /** Second singular value (0 for a vector-shaped matrix). */
  sigma2: number;
  u: Float64Array;
  v: Float64Array;
}

/** Top singular triplet of the complex row-major m x n matrix `A` (interleaved) at `offset` (complex entries). */
export function complexTopSingularPair(A: Float64Array, m: number, n: number, offset = 0): TopSingularPair {
  if (A.length < 2 * (offset + m * n)) throw new ShapeError(`complexTopSingularPair: need ${m * n} complex entries at offset ${offset}, array holds ${A.length / 2}`);
  const R = Matrix.zeros(2 * m, 2 * n);
  for (let o = 0; o < m; o++) for (let i = 0; i < n; i++) {
    const re = A[2 * (offset + o * n + i)], im = A[2 * (offset + o * n + i) + 1];
    R.set(o, i, re); R.set(o, n + i, -im); R.set(m + o, i, im); R.set(m + o, n + i, re);
  }
  const svd = new SingularValueDecomposition(R, { autoTranspose: true });
  const s = svd.diagonal;
  const V = svd.rightSingularVectors;
  const sigma = s[0];
  const v = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) { v[2 * i] = V.get(i, 0); v[2 * i + 1] = V.get(n + i, 0); }
  // normalise (the real vector has unit norm, so does v) and form u = A v / sigma
  const u = new Float64Array(2 * m);
  if (sigma > 0) {
    for (let o = 0; o < m; o++) {
      let re = 0, im = 0;
      for (let i = 0; i < n; i++) {
        const ar = A[2 * (offset + o * n + i)], ai = A[2 * (offset + o * n + i) + 1];
        re += ar * v[2 * i] - ai * v[2 * i + 1];
        im += ar * v[2 * i + 1] + ai * v[2 * i];
      }
      u[2 * o] = re / sigma; u[2 * o + 1] = im / sigma;
    }
  }
  checkFinite("complexTopSingularPair: v", v);
  return { sigma, sigma2: s.length > 2 ? s[2] : 0, u, v };
}

/** Top singular triplet of a real row-major m x n matrix (u, v real). */
export function realTopSingularPair(A: Float64Array, m: number, n: number, offset = 0): { sigma: number; sigma2: number; u: Float64Array; v: Float64Array } {
  if (A.length < offset + m * n) throw new ShapeError(`realTopSingularPair: need ${m * n} entries at offset ${offset}, array holds ${A.length}`);
  const M = new Matrix(m, n);
  for (let o = 0; o < m; o++) for (let i = 0; i < n; i++) M.set(o, i, A[offset + o * n + i]);
  const svd = new SingularValueDecomposition(M, { autoTranspose: true });
  const s = svd.diagonal;
  const U = svd.leftSingularVectors, V = svd.rightSingularVectors;
  const u = new Float64Array(m), v = new Float64Array(n);
  for (let o = 0; o < m; o++) u[o] = U.get(o, 0);
  for (let i = 0; i < n; i++) v[i] = V.get(i, 0);
  return { sigma: s[0], sigma2: s.length > 1 ? s[1] : 0, u, v };
}
