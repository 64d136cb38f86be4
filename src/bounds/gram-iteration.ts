/**
 * Gram-iteration bounds (Delattre, Barthélemy, Araujo & Allauzen, ICML 2023; Delattre,
 * Barthélemy & Allauzen 2024), re-derived.
 *
 * For any matrix A: with G_0 = A, G_{t+1} = G_t^H G_t, `||A||_2 = ||G_t||_2^{1/2^t} <= ||G_t||_F^{1/2^t}`,
 * and the over-estimate factor is at most rank^{1/2^{t+1}} (tends to 1 quadratically fast in t).
 * Rescaling: each step divides G_t by its Frobenius norm s_t and tracks `r_{t+1} = 2 (r_t + log s_t)`,
 * so `G_t(true) = e^{r_t} G_t(stored)`; no overflow for any t.
 *
 * 1. Gram iteration on a grid (2023): `max_{w in grid} ||G_t(w)||_F^{1/2^t}` with G_0 = F(w) on the
 *    circular grid of N = n + k - 1 points per axis (zero padding: T is a submatrix of that
 *    circulant) or N = n (circular padding: the exact Sedghi spectrum). Guaranteed for both.
 * 2. Kernel self-convolution (2024 family, independent of n): the Gram symbols G_t(w) are
 *    trigonometric polynomials whose matrix coefficients K^(t)_p (offsets |p_a| <= 2^{t-1}(k_a - 1))
 *    are the iterated self-convolutions of the kernel, `K^(1) = K^T * K` etc. Then
 *      ||T||_2 <= sup_w ||F(w)||_2 = (sup_w ||G_t(w)||_2)^{1/2^t} <= (sum_p ||K^(t)_p||_F)^{1/2^t}.
 *    and, as in Delattre et al. 2024 (row sums of the self-convolved kernel, an infinity-norm /
 *    Schur test: ||H||_2 <= max_a sum_b |H_ab| for Hermitian H),
 *      ||T||_2 <= (max_a sum_b sum_p |K^(t)_{a,b,p}|)^{1/2^t};
 *    we return the smaller of the two. The coefficients are obtained exactly from samples of G_t on
 *    a circular grid of M_a >= 2^t (k_a - 1) + 1 points (no aliasing) by an inverse DFT.
 *    Guaranteed for zero and circular padding, for every input size.
 */
import { KernelLike, asKernel, tapCount } from "../core/kernel-tensor";
import { circularGrid, halfGrid } from "../grid/grids";
import { ShapeError, checkInteger } from "../core/errors";
import { fftn } from "../grid/fft";
import { forEachSymbolSlice } from "./symbol-bounds";
import { batchedGram } from "../spectrum/index";

/** Frobenius norm of `count` complex entries at offset. */
function frob(X: Float64Array, off: number, count: number): number {
  let s = 0;
  for (let i = off; i < off + 2 * count; i++) s += X[i] * X[i];
  return Math.sqrt(s);
}

/**
 * Gram iteration on a grid: max over the circular grid of `N` points per axis (half grid by the
 * symmetry ||F(-w)|| = ||F(w)||) of `||G_t(w)||_F^{1/2^t}`, t = `iterations` (>= 1).
 */
export function gramIterationBound(kernel: KernelLike, N: readonly number[], iterations: number): number {
  const K = asKernel("gramIterationBound", kernel);
  checkInteger("gramIterationBound", "iterations", iterations, 1, 30);
  if (!Array.isArray(N) || N.length !== K.shape.length) throw new ShapeError(`gramIterationBound: N must have ${K.shape.length} grid sizes`);
  // work with the smaller side: ||F|| = ||F^T||; G = F^H F is c x c with c = min(cout, cin)
  const tall = K.cout >= K.cin;
  const r = tall ? K.cout : K.cin, c = tall ? K.cin : K.cout;
  const X = new Float64Array(2 * r * c);
  let best = -Infinity;
  forEachSymbolSlice(K, halfGrid(circularGrid(N)), (F, count) => {
    for (let p = 0; p < count; p++) {
      const base = 2 * p * K.cout * K.cin;
      // X = F (tall) or F^T (so that X^H X has the small side)
      if (tall) X.set(F.subarray(base, base + 2 * r * c));
      else for (let o = 0; o < K.cout; o++) for (let i = 0; i < K.cin; i++) { X[2 * (i * c + o)] = F[base + 2 * (o * K.cin + i)]; X[2 * (i * c + o) + 1] = F[base + 2 * (o * K.cin + i) + 1]; }
      let s = frob(X, 0, r * c);
      if (s === 0) { best = Math.max(best, -Infinity); continue; }
      for (let i = 0; i < 2 * r * c; i++) X[i] /= s;
      let logScale = 2 * Math.log(s);
      let A = batchedGram(X, 1, r, c);
      for (let t = 1; t < iterations; t++) {
        s = frob(A, 0, c * c);
        for (let i = 0; i < 2 * c * c; i++) A[i] /= s;
        logScale = 2 * (logScale + Math.log(s));
        A = batchedGram(A, 1, c, c);
      }
      const logBound = (Math.log(frob(A, 0, c * c)) + logScale) / 2 ** iterations;
      best = Math.max(best, logBound);
    }
  });
  return best === -Infinity ? 0 : Math.exp(best);
}

/**
 * Kernel self-convolution bound (n-independent): `min(sum_p ||K^(t)_p||_F, max_a sum_{b,p} |K^(t)_{abp}|)^{1/2^t}` with the
 * coefficients of G_t recovered exactly on a circular grid of `2^t (k_a - 1) + 1` points per axis.
 * Rescaling uses one common factor per step (the coefficients need a common scale).
 */
export function kernelSelfConvolutionBound(kernel: KernelLike, iterations: number): number {
  const K = asKernel("kernelSelfConvolutionBound", kernel);
  checkInteger("kernelSelfConvolutionBound", "iterations", iterations, 1, 8);
  const M = K.shape.map((k) => 2 ** iterations * (k - 1) + 1);
  const P = tapCount(M);
  const tall = K.cout >= K.cin;
  const r = tall ? K.cout : K.cin, c = tall ? K.cin : K.cout;
  // samples of G_t at all M points (full grid: the inverse DFT needs every point)
  let G = new Float64Array(2 * P * c * c);
  const X = new Float64Array(2 * r * c);
  let maxF = 0;
  const Fall = new Float64Array(2 * P * r * c);
  forEachSymbolSlice(K, circularGrid(M), (F, count, _w, offset = 0) => {
    for (let p = 0; p < count; p++) {
      const base = 2 * p * K.cout * K.cin, dst = 2 * (offset + p) * r * c;
      if (tall) Fall.set(F.subarray(base, base + 2 * r * c), dst);
      else for (let o = 0; o < K.cout; o++) for (let i = 0; i < K.cin; i++) { Fall[dst + 2 * (i * c + o)] = F[base + 2 * (o * K.cin + i)]; Fall[dst + 2 * (i * c + o) + 1] = F[base + 2 * (o * K.cin + i) + 1]; }
      maxF = Math.max(maxF, frob(Fall, dst, r * c));
    }
  });
  if (maxF === 0) return 0;
  let logScale = 2 * Math.log(maxF);
  for (let p = 0; p < P; p++) {
    for (let i = 0; i < 2 * r * c; i++) X[i] = Fall[2 * p * r * c + i] / maxF;
    G.set(batchedGram(X, 1, r, c), 2 * p * c * c);
  }
  for (let t = 1; t < iterations; t++) {
    let s = 0;
    for (let p = 0; p < P; p++) s = Math.max(s, frob(G, 2 * p * c * c, c * c));
    logScale = 2 * (logScale + Math.log(s));
    const next = new Float64Array(G.length);
    for (let p = 0; p < P; p++) {
      for (let i = 0; i < 2 * c * c; i++) X[i] = G[2 * p * c * c + i] / s;
      next.set(batchedGram(X.subarray(0, 2 * c * c), 1, c, c), 2 * p * c * c);
    }
    G = next;
  }
  // coefficients: inverse DFT over the grid for each matrix entry; sum_p ||K^(t)_p||_F
  const coefSq = new Float64Array(P);
  const rowAbs = new Float64Array(c);
  const line = new Float64Array(2 * P);
  for (let e = 0; e < c * c; e++) {
    for (let p = 0; p < P; p++) { line[2 * p] = G[2 * (p * c * c + e)]; line[2 * p + 1] = G[2 * (p * c * c + e) + 1]; }
    const coef = fftn(line, M, true);
    for (let p = 0; p < P; p++) {
      const sq = coef[2 * p] ** 2 + coef[2 * p + 1] ** 2;
      coefSq[p] += sq;
      rowAbs[Math.floor(e / c)] += Math.sqrt(sq);
    }
  }
  let frobSum = 0;
  for (const v of coefSq) frobSum += Math.sqrt(v);
  let maxRow = 0;
  for (const v of rowAbs) maxRow = Math.max(maxRow, v);
  // both are valid bounds on sup_w ||G_t(w)||_2; keep the smaller
  return Math.exp((Math.log(Math.min(frobSum, maxRow)) + logScale) / 2 ** iterations);
}
