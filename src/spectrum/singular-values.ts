/**
 * All singular values of a convolutional layer, three ways:
 *
 * - "exact": dense SVD of the layer matrix `T` (ml-matrix, Golub-Kahan), any padding and stride.
 *   Refused with SizeLimitError when `min(rows, cols) > EXACT_SVD_LIMIT` or
 *   `rows * cols > DENSE_ENTRY_LIMIT` (JS dense SVD is O(rows * cols * min) and one allocation
 *   per row; above the limit use spectralNorm or the circular method).
 * - "circular": Sedghi, Gupta & Long (ICLR 2019), exact for circular padding: with the unitary DFT,
 *   `T` is block-diagonalised into the `cout x cin` matrices `F(2 pi j / n)` (FFT of the
 *   zero-padded kernel), so sigma(T) = union over the n_1...n_d circular frequencies of sigma(F(w)).
 *   With stride s (per axis, m = n / s) subsampling aliases the s^d input frequencies
 *   `v = u + j m` onto output frequency u: `y^(u) = s^{-d/2} [F(w_{v_1}) ... F(w_{v_S})] x^(v)`
 *   (unitary DFTs), so sigma(T) = union over u of sigma of that `cout x (s^d cin)` matrix.
 *   Padding must be "circular" (it is exact only there).
 * - "grid": the spectral-density approximation (Szegő / Avram-Parter; Yi 2020): the union of
 *   sigma(F(w)) over the points of a frequency grid (default: the sine grid `pi j / (n + 1)`), for
 *   any padding (stride 1). For a weighted grid (e.g. the sine grid in d >= 2 mirrors signs with
 *   weight 1/2^(d-1)), the values returned are the quantiles `Q((j + 1/2) / N)`, j = 0..N-1, of the
 *   weighted distribution, with N = (total weight) * min(cout, cin) — the number of singular
 *   values of the n_1 x ... x n_d layer — so they can be compared value by value with "exact".
 *
 * All results are sorted in descending order (dimensionless, same units as the taps).
 */
import { KernelLike } from "../core/kernel-tensor";
import { OptionError, ShapeError, SizeLimitError, checkOneOf, checkOptions } from "../core/errors";
import { Matrix, SingularValueDecomposition } from "ml-matrix";
import { Padding, convGeometry, makeConvOperator, DENSE_ENTRY_LIMIT } from "./conv-operator";
import { FrequencyGrid, circularGrid, sineGrid, gridWeightTotal } from "../grid/grids";
import { evaluateOnGrid } from "../grid/evaluate";
import { batchedSingularValues } from "./batched";

/** Methods of {@link singularValues}. */
export type SingularValueMethod = "exact" | "circular" | "grid";
/** The allowed methods of {@link singularValues}. */
export const SINGULAR_VALUE_METHODS: readonly SingularValueMethod[] = ["exact", "circular", "grid"];

/** Largest `min(rows, cols)` the dense "exact" SVD accepts (ml-matrix: 2.6 s at 768, O(n^3), so 10-20 s at this size). */
export const EXACT_SVD_LIMIT = 1536;

/** Options of {@link singularValues}. */
export interface ConvSingularValueOptions {
  /** `[n1..nd]` or `[cin, n1..nd]`. */
  inputShape: readonly number[];
  padding?: Padding;
  stride?: number | readonly number[];
  /** Default "exact". */
  method?: SingularValueMethod;
  /** Grid of the "grid" method (default `sineGrid(n)`). */
  grid?: FrequencyGrid;
}

function sortDescending(v: Float64Array): Float64Array {
  return v.sort().reverse();
}

/** All singular values of the dense row-major matrix (rows x cols), descending, via ml-matrix SVD. */
export function denseSingularValues(A: Float64Array, rows: number, cols: number): Float64Array {
  if (A.length !== rows * cols) throw new ShapeError(`denseSingularValues: expected ${rows * cols} entries, got ${A.length}`);
  // JAMA's SVD wants rows >= cols; sigma(A) = sigma(A^T)
  const tall = rows >= cols;
  const r = tall ? rows : cols, c = tall ? cols : rows;
  const M = new Matrix(r, c);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) {
    if (tall) M.set(i, j, A[i * cols + j]);
    else M.set(j, i, A[i * cols + j]);
  }
  const svd = new SingularValueDecomposition(M, { computeLeftSingularVectors: false, computeRightSingularVectors: false, autoTranspose: false });
  return sortDescending(Float64Array.from(svd.diagonal.map((x) => Math.max(x, 0))));
}

/** Weighted quantiles `Q((j + 1/2) / count)` of values with weights (weights > 0), descending. */
export function weightedQuantiles(values: Float64Array, weights: Float64Array, count: number): Float64Array {
  const order = Array.from(values.keys()).sort((a, b) => values[a] - values[b]);
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i];
  const out = new Float64Array(count);
  let cum = 0;
  let pos = 0;
  for (let j = 0; j < count; j++) {
    const target = ((j + 0.5) / count) * total;
    while (pos < order.length - 1 && cum + weights[order[pos]] < target) { cum += weights[order[pos]]; pos++; }
    out[j] = values[order[pos]];
  }
  return sortDescending(out);
}

/**
 * All singular values of the layer `T` of `kernel` on `inputShape` (see the file comment for the
 * three methods), sorted descending. Count: `min(cout * prod(m), cin * prod(n))` for "exact" and
 * "circular"; `(grid weight total) * min(cout, cin)` for "grid".
 */
export function singularValues(kernel: KernelLike, options: ConvSingularValueOptions): Float64Array {
  const where = "singularValues";
  checkOptions(where, options, ["inputShape", "padding", "stride", "method", "grid"]);
  const g = convGeometry(where, kernel, options);
  const method = checkOneOf(where, "method", options.method ?? "exact", SINGULAR_VALUE_METHODS);
  const K = g.kernel;
  if (method !== "grid" && options.grid !== undefined) throw new OptionError(`${where}: the grid option only applies to method "grid"`);
  if (method === "exact") {
    const T = makeConvOperator(g);
    if (Math.min(T.rows, T.cols) > EXACT_SVD_LIMIT || T.rows * T.cols > DENSE_ENTRY_LIMIT) {
      throw new SizeLimitError(`${where}: exact SVD of a ${T.rows} x ${T.cols} matrix exceeds the limit min(rows, cols) <= ${EXACT_SVD_LIMIT} (and rows*cols <= ${DENSE_ENTRY_LIMIT}); use method "circular" (circular padding), "grid", or spectralNorm for the largest value`);
    }
    return denseSingularValues(T.toDense(), T.rows, T.cols);
  }
  if (method === "circular") {
    if (g.padding !== "circular") {
      throw new OptionError(`${where}: method "circular" is exact only for padding "circular" (got "${g.padding}"); use "exact" or "grid" for other paddings`);
    }
    return circularSingularValues(g.kernel, g.n, g.stride);
  }
  // grid
  if (g.stride.some((s) => s !== 1)) throw new OptionError(`${where}: method "grid" approximates stride-1 layers only; use "exact" or "circular" for stride ${JSON.stringify(g.stride)}`);
  const grid = options.grid ?? sineGrid(g.n);
  if (!grid || !Array.isArray(grid.shape) || grid.shape.length !== g.n.length) {
    throw new ShapeError(`${where}: grid must be a FrequencyGrid with ${g.n.length} axes`);
  }
  const F = evaluateOnGrid(K, grid);
  const per = Math.min(K.cout, K.cin);
  const sv = batchedSingularValues(F, grid.size, K.cout, K.cin);
  if (!grid.weights) return sortDescending(Float64Array.from(sv));
  const w = new Float64Array(sv.length);
  for (let p = 0; p < grid.size; p++) for (let j = 0; j < per; j++) w[p * per + j] = grid.weights[p];
  const count = Math.round(gridWeightTotal(grid)) * per;
  return weightedQuantiles(Float64Array.from(sv), w, count);
}

/**
 * Sedghi et al.'s exact spectrum of the circularly padded layer (with the stride aliasing of the
 * file comment): symbol on the circular grid of size n, one small SVD per output frequency.
 */
export function circularSingularValues(kernel: KernelLike, n: readonly number[], stride?: readonly number[]): Float64Array {
  const g = convGeometry("circularSingularValues", kernel, { inputShape: n, padding: "circular", stride: stride ? [...stride] : 1 });
  const K = g.kernel;
  const { cout, cin } = K;
  const F = evaluateOnGrid(K, circularGrid(g.n));
  const total = g.n.reduce((a, b) => a * b, 1);
  if (g.stride.every((s) => s === 1)) return sortDescending(Float64Array.from(batchedSingularValues(F, total, cout, cin)));
  const d = g.n.length;
  const S = g.stride.reduce((a, b) => a * b, 1);
  const nOut = g.m.reduce((a, b) => a * b, 1);
  const wide = S * cin;
  const scale = 1 / Math.sqrt(S);
  const M = new Float64Array(2 * nOut * cout * wide);
  const u = new Array<number>(d).fill(0);
  for (let f = 0; f < nOut; f++) {
    const j = new Array<number>(d).fill(0);
    for (let blk = 0; blk < S; blk++) {
      // input frequency v = u + j * m, flat index in the n-grid
      let v = 0;
      for (let a = 0; a < d; a++) v = v * g.n[a] + u[a] + j[a] * g.m[a];
      for (let o = 0; o < cout; o++) for (let i = 0; i < cin; i++) {
        const src = 2 * ((v * cout + o) * cin + i);
        const dst = 2 * ((f * cout + o) * wide + blk * cin + i);
        M[dst] = scale * F[src];
        M[dst + 1] = scale * F[src + 1];
      }
      for (let a = d - 1; a >= 0; a--) { if (++j[a] < g.stride[a]) break; j[a] = 0; }
    }
    for (let a = d - 1; a >= 0; a--) { if (++u[a] < g.m[a]) break; u[a] = 0; }
  }
  return sortDescending(Float64Array.from(batchedSingularValues(M, nOut, cout, wide)));
}
