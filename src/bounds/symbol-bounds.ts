/**
 * Spectral-norm bounds of a conv layer computed from its symbol `F(w) = sum_q K_q e^{-i<q,w>}` or
 * its taps. Background (stride 1; a stride s only selects rows, `||S T|| <= ||T||`, so every bound
 * below stays valid for strided layers):
 *   zero padding: T is a compression of the bi-infinite (Laurent) operator of norm sup_w ||F(w)||_2,
 *     and a submatrix of the circulant of size N = n + k - 1 per axis (derivation: with x padded
 *     by zeros to length N, every read x[x + q] with x in [0, n) either lands in [0, n) or wraps
 *     into the zero region [n, N), for any origin), so ||T|| <= max_{w = 2 pi j / N} ||F(w)||_2;
 *   circular padding: ||T|| = max_{w = 2 pi j / n} ||F(w)||_2 (Sedghi et al. 2019);
 *   reflect padding: T duplicates boundary inputs and is not such a compression: no bound here is
 *     guaranteed (a reflect shift has norm up to sqrt(2) per axis).
 * All values are operator 2-norms in the units of the taps.
 */
import { KernelLike, KernelTensor, asKernel, tapCount, tapMajorWeights } from "../core/kernel-tensor";
import { DomainError, ShapeError } from "../core/errors";
import { FrequencyGrid, circularGrid, halfGrid, firstAxisSlices, evaluateOnGrid } from "../grid/index";
import { batchedSpectralNorm } from "../spectrum/batched";

/** Per-frequency work above this many complex entries is done in slices of the first grid axis. */
const CHUNK_ENTRIES = 1 << 22;

/**
 * Calls `visit(F, count)` with the symbol evaluated on consecutive slices of `grid` (slices of
 * the first axis; F is a batch of `count` cout x cin complex matrices), so that large channel
 * counts never hold the whole grid in memory.
 */
export function forEachSymbolSlice(K: KernelTensor, grid: FrequencyGrid, visit: (F: Float64Array, count: number, weights?: Float64Array, offset?: number) => void): void {
  const per = K.cout * K.cin;
  const inner = grid.size / grid.shape[0];
  const rowsPerSlice = Math.max(1, Math.floor(CHUNK_ENTRIES / (per * inner)));
  for (const { grid: sub, offset } of firstAxisSlices(grid, rowsPerSlice)) visit(evaluateOnGrid(K, sub), sub.size, sub.weights, offset);
}

function checkSizes(where: string, K: KernelTensor, m: readonly number[]): void {
  if (!Array.isArray(m) || m.length !== K.shape.length || m.some((v) => !Number.isInteger(v) || v < 1)) {
    throw new ShapeError(`${where}: need ${K.shape.length} positive integer grid sizes (one per spatial axis), got ${JSON.stringify(m)}`);
  }
}

/**
 * max over the points of `grid` of ||F(w)||_2. `method` "auto" (default, estimates) lets
 * batchedSpectralNorm use Lanczos for min(cout, cin) >= 96: fast, but its residual test only
 * certifies SOME singular value, so a start vector (nearly) orthogonal to the top singular vector
 * returns a smaller one. "svd" (used by every guaranteed bound) takes the largest value of the
 * backward-stable bidiagonal SVD: within a few ulps of ||F(w)||_2 for every matrix.
 */
export function maxSymbolNorm(K: KernelTensor, grid: FrequencyGrid, method: "auto" | "svd" = "auto"): number {
  let best = 0;
  forEachSymbolSlice(K, grid, (F, count) => {
    // one thread: measured no gain from the worker pool here (symbol evaluation dominates)
    const norms = batchedSpectralNorm(F, count, K.cout, K.cin, { threads: 1, method });
    for (const v of norms) best = Math.max(best, v);
  });
  return best;
}

/**
 * Estimate of `sup_w ||F(w)||_2` by its max on the circular grid of `m` points per axis (half grid,
 * since `||F(-w)|| = ||F(w)||` for real taps). A sampled max is <= the sup: an ESTIMATE, not a bound.
 */
export function supSymbolNormEstimate(kernel: KernelLike, m: readonly number[]): number {
  const K = asKernel("supSymbolNormEstimate", kernel);
  checkSizes("supSymbolNormEstimate", K, m);
  return maxSymbolNorm(K, halfGrid(circularGrid(m)));
}

/**
 * Certified circulant bound: `max over w = 2 pi j / N of ||F(w)||_2` with `N_a = n_a + k_a - 1` for
 * zero padding (T is a submatrix of that circulant) and `N_a = n_a` for circular padding (then it is
 * the exact norm). Guaranteed >= ||T|| for zero and circular padding.
 */
export function circulantBound(kernel: KernelLike, n: readonly number[], padding: "zero" | "circular"): number {
  const K = asKernel("circulantBound", kernel);
  checkSizes("circulantBound", K, n);
  const N = padding === "zero" ? n.map((na, a) => na + K.shape[a] - 1) : [...n];
  // a guaranteed bound: the SVD's largest value, never a Lanczos Ritz value (see maxSymbolNorm)
  return maxSymbolNorm(K, halfGrid(circularGrid(N)), "svd");
}

/**
 * Spectral norms of `count` real row-major rows x cols matrices stored one after another: largest
 * value of the batched bidiagonal SVD (backward stable, so never an interior singular value as a
 * Lanczos run from an unlucky start can give); used by the guaranteed tap and reshaping bounds.
 */
export function realMatrixSpectralNorms(A: Float64Array, count: number, rows: number, cols: number): Float64Array {
  if (A.length !== count * rows * cols) throw new ShapeError(`realMatrixSpectralNorms: expected ${count * rows * cols} entries, got ${A.length}`);
  const Z = new Float64Array(2 * A.length);
  for (let i = 0; i < A.length; i++) Z[2 * i] = A[i];
  return batchedSpectralNorm(Z, count, rows, cols, { threads: 1, method: "svd" });
}

/** Spectral norm of one real row-major matrix (see {@link realMatrixSpectralNorms}). */
export function realMatrixSpectralNorm(A: Float64Array, rows: number, cols: number): number {
  return realMatrixSpectralNorms(A, 1, rows, cols)[0];
}

/** The cout x cin tap matrix K_t (row-major) of tap t. */
export function tapMatrix(K: KernelTensor, t: number): Float64Array {
  const taps = tapCount(K.shape);
  const out = new Float64Array(K.cout * K.cin);
  for (let o = 0; o < K.cout; o++) for (let i = 0; i < K.cin; i++) out[o * K.cin + i] = K.data[(o * K.cin + i) * taps + t];
  return out;
}

/** `sum_p ||K_p||_2` (triangle inequality on F, or on T = sum_p K_p (x) S_p with ||S_p|| <= 1). Guaranteed for zero/circular. */
export function tapSpectralSum(kernel: KernelLike): number {
  const K = asKernel("tapSpectralSum", kernel);
  let s = 0;
  for (const v of realMatrixSpectralNorms(tapMajorWeights(K), tapCount(K.shape), K.cout, K.cin)) s += v;
  return s;
}

/** `sum_p ||K_p||_F` (>= sum_p ||K_p||_2). Guaranteed for zero/circular. */
export function tapFrobeniusSum(kernel: KernelLike): number {
  const K = asKernel("tapFrobeniusSum", kernel);
  const taps = tapCount(K.shape);
  const sq = new Float64Array(taps);
  for (let c = 0; c < K.cout * K.cin; c++) for (let t = 0; t < taps; t++) sq[t] += K.data[c * taps + t] ** 2;
  let s = 0;
  for (const v of sq) s += Math.sqrt(v);
  return s;
}

/**
 * Coefficients of the real non-negative trigonometric polynomial `P(w) = ||F(w)||_F^2 =
 * sum_r a_r e^{-i<r,w>}`, `a_r = sum_{o,i} sum_p K[o,i,p] K[o,i,p+r]` (channel-summed
 * autocorrelation), r in [-(k_a - 1), k_a - 1] per axis; returned with shape `2k - 1` (offset r at
 * index r + k - 1).
 */
export function frobeniusSquaredCoefficients(K: KernelTensor): { coef: Float64Array; shape: number[] } {
  const d = K.shape.length;
  const shape = K.shape.map((k) => 2 * k - 1);
  const size = tapCount(shape);
  const taps = tapCount(K.shape);
  const coef = new Float64Array(size);
  // multi-indices of taps
  const idx: number[][] = [];
  for (let t = 0; t < taps; t++) { const m: number[] = []; let r = t; for (let a = d - 1; a >= 0; a--) { m[a] = r % K.shape[a]; r = Math.floor(r / K.shape[a]); } idx.push(m); }
  for (let p = 0; p < taps; p++) for (let q = 0; q < taps; q++) {
    let s = 0;
    for (let c = 0; c < K.cout * K.cin; c++) s += K.data[c * taps + p] * K.data[c * taps + q];
    // r = q - p
    let flat = 0;
    for (let a = 0; a < d; a++) flat = flat * shape[a] + (idx[q][a] - idx[p][a] + K.shape[a] - 1);
    coef[flat] += s;
  }
  return { coef, shape };
}

/** max over the circular grid of m points per axis of P(w) = ||F(w)||_F^2 (real, >= 0), from its coefficients. */
export function maxFrobeniusSquaredOnGrid(K: KernelTensor, m: readonly number[]): number {
  const { coef, shape } = frobeniusSquaredCoefficients(K);
  // P is real: evaluate as a real trig sum via the separable complex evaluator on a 1 x 1 "kernel"
  const T: KernelTensor = { cout: 1, cin: 1, shape, origin: shape.map((s) => (s - 1) / 2), data: coef };
  let best = 0;
  forEachSymbolSlice(T, circularGrid(m), (F, count) => { for (let p = 0; p < count; p++) best = Math.max(best, F[2 * p]); });
  return best;
}

/** Estimate of sup_w ||F(w)||_F: max on the circular grid of m points per axis (an ESTIMATE from below). */
export function supFrobeniusEstimate(kernel: KernelLike, m: readonly number[]): number {
  const K = asKernel("supFrobeniusEstimate", kernel);
  checkSizes("supFrobeniusEstimate", K, m);
  return Math.sqrt(maxFrobeniusSquaredOnGrid(K, m));
}

/**
 * LipGrid (Araujo, Negrevergne, Chevaleyre & Atif, AAAI 2021), re-derived: sample
 * `P(w) = ||F(w)||_F^2` (a trigonometric polynomial of degree D_a = k_a - 1 in w_a) on the grid
 * 2 pi j / m_a. Every w is within pi / m_a of a grid point on each axis and Bernstein's inequality
 * gives |d P / d w_a| <= D_a sup |P|, hence
 *   sup P <= max_grid P / (1 - sum_a pi D_a / m_a),   ||T||_2 <= sup ||F||_2 <= sqrt(sup P).
 * Requires m_a large enough that the denominator is positive (DomainError otherwise).
 * Guaranteed for zero and circular padding.
 */
export function lipGridBound(kernel: KernelLike, m: readonly number[]): number {
  const K = asKernel("lipGridBound", kernel);
  checkSizes("lipGridBound", K, m);
  let alpha = 0;
  K.shape.forEach((k, a) => { alpha += (Math.PI * (k - 1)) / m[a]; });
  if (!(alpha < 1)) throw new DomainError(`lipGridBound: grid too coarse: sum_a pi (k_a - 1) / m_a = ${alpha.toFixed(3)} must be < 1; use more samples`);
  return Math.sqrt(maxFrobeniusSquaredOnGrid(K, m) / (1 - alpha));
}

/**
 * Singla & Feizi (ICLR 2021, "Fantastic Four"): for a 2-D kernel (cout, cin, h, w),
 *   ||T||_2 <= sqrt(h w) min(||R1||_2, ||R2||_2, ||R3||_2, ||R4||_2)
 * with R1 = K[o,a,i,b] as (cout h) x (cin w), R2 = K[o,b,i,a] as (cout w) x (cin h),
 * R3 = K as cout x (cin h w), R4 = K^T as cin x (cout h w). Each factorises F(w) through phase
 * vectors of norm sqrt(h), sqrt(w) or sqrt(h w), so the bound holds for sup ||F||, hence for zero
 * and circular padding. A 1-D kernel is treated as h = 1.
 */
export function fantasticFourBound(kernel: KernelLike): number {
  const K = asKernel("fantasticFourBound", kernel);
  const d = K.shape.length;
  if (d > 2) throw new ShapeError(`fantasticFourBound: defined for 1-D and 2-D kernels, got ${d}-D`);
  const h = d === 2 ? K.shape[0] : 1;
  const w = d === 2 ? K.shape[1] : K.shape[0];
  const { cout, cin } = K;
  const at = (o: number, i: number, a: number, b: number) => K.data[((o * cin + i) * h + a) * w + b];
  const R1 = new Float64Array(cout * h * cin * w);
  const R2 = new Float64Array(cout * w * cin * h);
  const R3 = new Float64Array(cout * cin * h * w);
  const R4 = new Float64Array(cin * cout * h * w);
  for (let o = 0; o < cout; o++) for (let i = 0; i < cin; i++) for (let a = 0; a < h; a++) for (let b = 0; b < w; b++) {
    const v = at(o, i, a, b);
    R1[(o * h + a) * (cin * w) + i * w + b] = v;
    R2[(o * w + b) * (cin * h) + i * h + a] = v;
    R3[o * (cin * h * w) + (i * h + a) * w + b] = v;
    R4[i * (cout * h * w) + (o * h + a) * w + b] = v;
  }
  const n1 = realMatrixSpectralNorm(R1, cout * h, cin * w);
  const n2 = realMatrixSpectralNorm(R2, cout * w, cin * h);
  const n3 = realMatrixSpectralNorm(R3, cout, cin * h * w);
  const n4 = realMatrixSpectralNorm(R4, cin, cout * h * w);
  return Math.sqrt(h * w) * Math.min(n1, n2, n3, n4);
}
