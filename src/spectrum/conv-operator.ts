/**
 * The exact linear map of a convolutional layer as a matrix-free {@link LinearOperator}.
 *
 * Convention (src/core/kernel-tensor.ts): cross-correlation with offsets `q = p - origin`,
 *   `y[o, x] = sum_i sum_p K[o, i, p] * xpad[i, s*x + p - origin]`,
 * where `s` is the stride and `xpad` extends the input by the padding rule:
 *   - "zero": 0 outside the image (linear convolution, block multilevel Toeplitz matrix);
 *   - "circular": indices taken modulo n (block multilevel circulant matrix);
 *   - "reflect": mirror without repeating the edge (`-1 -> 1`, `n -> n-2`, as numpy/PyTorch
 *     "reflect"); allowed while every offset is < n on its axis.
 * Output size per axis is `n / s` ("same" for stride 1); a stride that does not divide n is an error.
 *
 * Implementation: for every tap the input positions it reads are precomputed once (an index
 * table, -1 for a zero-padded read). `apply` gathers the shifted input of each tap into a
 * contiguous `cin x Nout` block and accumulates `K_tap (cout x cin) * block` with contiguous
 * axpy loops; `applyT` does the transpose product and scatters back. Cost per call:
 * `cout * cin * taps * Nout` multiply-adds. (For 3x3 kernels this beats an FFT path, which pays
 * the same `cout * cin` per frequency in complex arithmetic on a larger, padded grid.)
 */
import { KernelLike, KernelTensor, asKernel, tapCount, tapMajorWeights } from "../core/kernel-tensor";
import { LinearOperator } from "../core/operator";
import { ShapeError, SizeLimitError, checkOneOf, checkOptions, checkInteger, checkFinite } from "../core/errors";
import { ConvSizes, applyRows, applyTransposeRows } from "./conv-kernels";
import { ParallelConv } from "./parallel-conv";

/** Boundary handling of a convolutional layer. */
export type Padding = "zero" | "circular" | "reflect";
/** The allowed paddings, in documentation order. */
export const PADDINGS: readonly Padding[] = ["zero", "circular", "reflect"];

/** Options of {@link convOperator}. */
export interface ConvOperatorOptions {
  /** Input spatial sizes `[n1, ..., nd]` (d = kernel dimension) or the full `[cin, n1, ..., nd]`. */
  inputShape: readonly number[];
  /** Boundary rule; default "zero". */
  padding?: Padding;
  /** Stride, one number for all axes or one per axis; default 1. Must divide every n. */
  stride?: number | readonly number[];
}

/** Largest dense matrix `toDense()` builds: rows * cols <= 2^24 entries (128 MiB of float64). */
export const DENSE_ENTRY_LIMIT = 1 << 24;
/** Largest input/output length the operator accepts (entries of the input or output tensor). */
export const OPERATOR_LENGTH_LIMIT = 1 << 26;

/** A conv layer as a linear operator, with its defining data and a dense form for small sizes. */
export interface ConvOperator extends LinearOperator {
  readonly kernel: KernelTensor;
  readonly padding: Padding;
  /** Stride per spatial axis. */
  readonly stride: readonly number[];
  /** Number of rows (output length) and columns (input length) of the matrix. */
  readonly rows: number;
  readonly cols: number;
  /** The matrix as row-major Float64Array (rows x cols); SizeLimitError above {@link DENSE_ENTRY_LIMIT} entries. */
  toDense(): Float64Array;
  /**
   * A multi-threaded twin (same products, bit-identical) using `threads` threads in total, for
   * long iterative runs; call `dispose()` on it afterwards. Null when threads < 2 or workers cannot start.
   */
  threaded(threads: number): ParallelConv | null;
}

/** Normalised geometry shared by the operator, the exact and the circular spectra. */
export interface ConvGeometry {
  kernel: KernelTensor;
  padding: Padding;
  /** Input spatial sizes. */
  n: number[];
  /** Output spatial sizes n / stride. */
  m: number[];
  stride: number[];
}

/** Validates kernel + options into a {@link ConvGeometry} (typed errors on every bad input). */
export function convGeometry(where: string, kernelLike: KernelLike, options: { inputShape: readonly number[]; padding?: unknown; stride?: unknown }): ConvGeometry {
  const kernel = asKernel(where, kernelLike);
  const d = kernel.shape.length;
  if (!options || !Array.isArray(options.inputShape)) {
    throw new ShapeError(`${where}: inputShape is required: [n1, ..., n${d}] or [cin, n1, ..., n${d}]`);
  }
  let shape = options.inputShape.slice();
  if (shape.length === d + 1) {
    if (shape[0] !== kernel.cin) {
      throw new ShapeError(`${where}: inputShape has ${shape[0]} channels but the kernel expects cin = ${kernel.cin}`);
    }
    shape = shape.slice(1);
  } else if (shape.length !== d) {
    throw new ShapeError(`${where}: inputShape ${JSON.stringify(options.inputShape)} does not fit a ${d}-D kernel; give [n1..n${d}] or [cin, n1..n${d}]`);
  }
  shape.forEach((s, a) => checkInteger(where, `inputShape spatial size ${a}`, s, 1));
  const padding = checkOneOf(where, "padding", options.padding ?? "zero", PADDINGS);
  const strideRaw = options.stride ?? 1;
  const stride = typeof strideRaw === "number" ? new Array<number>(d).fill(strideRaw) : Array.isArray(strideRaw) ? strideRaw.slice() : null;
  if (!stride || stride.length !== d) throw new ShapeError(`${where}: stride must be a number or ${d} numbers, got ${JSON.stringify(strideRaw)}`);
  stride.forEach((s, a) => checkInteger(where, `stride[${a}]`, s, 1));
  const m = shape.map((n, a) => {
    if (n % stride[a] !== 0) throw new ShapeError(`${where}: stride ${stride[a]} does not divide the input size ${n} on axis ${a}; choose a divisor of ${n}`);
    return n / stride[a];
  });
  if (padding === "reflect") {
    kernel.shape.forEach((k, a) => {
      const reach = Math.max(kernel.origin[a], k - 1 - kernel.origin[a]);
      if (reach >= shape[a]) throw new ShapeError(`${where}: reflect padding needs every offset < n; axis ${a} has offset ${reach} but n = ${shape[a]}`);
    });
  }
  const inLen = kernel.cin * shape.reduce((a, b) => a * b, 1);
  const outLen = kernel.cout * m.reduce((a, b) => a * b, 1);
  if (inLen > OPERATOR_LENGTH_LIMIT || outLen > OPERATOR_LENGTH_LIMIT) {
    throw new SizeLimitError(`${where}: input/output length ${inLen}/${outLen} exceeds the limit ${OPERATOR_LENGTH_LIMIT}`);
  }
  return { kernel, padding, n: shape, m, stride };
}

/** Input coordinate read by output coordinate `xo` through tap index `p` on one axis (-1: zero padding). */
function sourceIndex(xo: number, p: number, origin: number, stride: number, n: number, padding: Padding): number {
  let j = stride * xo + p - origin;
  if (j >= 0 && j < n) return j;
  if (padding === "zero") return -1;
  if (padding === "circular") return ((j % n) + n) % n;
  // reflect without edge repeat; convGeometry guarantees |overshoot| < n so one fold suffices
  if (j < 0) j = -j;
  else j = 2 * (n - 1) - j;
  return j;
}

/**
 * Index table `idx[t * Nout + xo]` = flat input spatial position read by tap t at output position
 * xo, or -1 when that read falls on zero padding.
 */
export function tapSourceTable(g: ConvGeometry): Int32Array {
  const { kernel, n, m, stride, padding } = g;
  const d = n.length;
  const taps = tapCount(kernel.shape);
  const nOut = m.reduce((a, b) => a * b, 1);
  // per-axis tables: axisTab[a][xo * k_a + p] = source coordinate
  const axisTab = n.map((na, a) => {
    const k = kernel.shape[a];
    const tab = new Int32Array(m[a] * k);
    for (let xo = 0; xo < m[a]; xo++) for (let p = 0; p < k; p++) tab[xo * k + p] = sourceIndex(xo, p, kernel.origin[a], stride[a], na, padding);
    return tab;
  });
  const inStrides = new Array<number>(d);
  inStrides[d - 1] = 1;
  for (let a = d - 2; a >= 0; a--) inStrides[a] = inStrides[a + 1] * n[a + 1];
  const out = new Int32Array(taps * nOut);
  const pIdx = new Array<number>(d).fill(0);
  for (let t = 0; t < taps; t++) {
    const xo = new Array<number>(d).fill(0);
    for (let f = 0; f < nOut; f++) {
      let pos = 0;
      for (let a = 0; a < d; a++) {
        const s = axisTab[a][xo[a] * kernel.shape[a] + pIdx[a]];
        if (s < 0) { pos = -1; break; }
        pos += s * inStrides[a];
      }
      out[t * nOut + f] = pos;
      for (let a = d - 1; a >= 0; a--) { if (++xo[a] < m[a]) break; xo[a] = 0; }
    }
    for (let a = d - 1; a >= 0; a--) { if (++pIdx[a] < kernel.shape[a]) break; pIdx[a] = 0; }
  }
  return out;
}

/**
 * The convolutional layer `y = T x` of the conventions above as a matrix-free operator on
 * `[cin, n1, ..., nd]` -> `[cout, n1/s1, ..., nd/sd]` (flat row-major Float64Arrays).
 * `applyT` is the exact adjoint (transpose). Errors: ShapeError (inputShape / stride that does not
 * fit), OptionError (unknown padding or option), DomainError (NaN weights), SizeLimitError.
 */
export function convOperator(kernelLike: KernelLike, options: ConvOperatorOptions): ConvOperator {
  const where = "convOperator";
  checkOptions(where, options, ["inputShape", "padding", "stride"]);
  const g = convGeometry(where, kernelLike, options);
  return makeConvOperator(g);
}

/** Builds the operator from an already validated geometry. */
export function makeConvOperator(g: ConvGeometry): ConvOperator {
  const { kernel, n, m } = g;
  const { cout, cin } = kernel;
  const taps = tapCount(kernel.shape);
  const nIn = n.reduce((a, b) => a * b, 1);
  const nOut = m.reduce((a, b) => a * b, 1);
  const table = tapSourceTable(g);
  const sizes: ConvSizes = { cout, cin, taps, nIn, nOut };
  const block = new Float64Array(Math.max(cin, cout) * nOut);
  // weights re-laid as W[t][o][i] for contiguous access in the per-tap products
  const W = tapMajorWeights(kernel);
  // and transposed, WT[t][i][o], for the adjoint
  const WT = new Float64Array(taps * cout * cin);
  for (let t = 0; t < taps; t++) for (let o = 0; o < cout; o++) for (let i = 0; i < cin; i++) WT[(t * cin + i) * cout + o] = W[(t * cout + o) * cin + i];
  const inputShape = [cin, ...n];
  const outputShape = [cout, ...m];
  const rows = cout * nOut;
  const cols = cin * nIn;

  function apply(x: Float64Array): Float64Array {
    if (!(x instanceof Float64Array) || x.length !== cols) throw new ShapeError(`convOperator.apply: expected a Float64Array of length ${cols} (shape ${JSON.stringify(inputShape)}), got ${x?.length}`);
    checkFinite("convOperator.apply", x);
    const y = new Float64Array(rows);
    applyRows(sizes, W, table, x, y, block, 0, cout);
    return y;
  }

  function applyT(y: Float64Array): Float64Array {
    if (!(y instanceof Float64Array) || y.length !== rows) throw new ShapeError(`convOperator.applyT: expected a Float64Array of length ${rows} (shape ${JSON.stringify(outputShape)}), got ${y?.length}`);
    checkFinite("convOperator.applyT", y);
    const x = new Float64Array(cols);
    applyTransposeRows(sizes, WT, table, y, x, block, 0, cin);
    return x;
  }

  function threaded(threads: number): ParallelConv | null {
    return ParallelConv.create(sizes, W, WT, table, threads);
  }

  function toDense(): Float64Array {
    if (rows * cols > DENSE_ENTRY_LIMIT) {
      throw new SizeLimitError(`convOperator.toDense: ${rows} x ${cols} = ${rows * cols} entries exceeds the limit ${DENSE_ENTRY_LIMIT}; use apply/applyT (matrix-free) instead`);
    }
    const A = new Float64Array(rows * cols);
    // entry (o, xo; i, s) accumulates K[o, i, t] for every tap t reading s at xo (reflect/circular may repeat)
    for (let o = 0; o < cout; o++) for (let i = 0; i < cin; i++) for (let t = 0; t < taps; t++) {
      const w = kernel.data[(o * cin + i) * taps + t];
      for (let f = 0; f < nOut; f++) {
        const s = table[t * nOut + f];
        if (s >= 0) A[(o * nOut + f) * cols + i * nIn + s] += w;
      }
    }
    return A;
  }

  return { kernel, padding: g.padding, stride: g.stride, inputShape, outputShape, rows, cols, apply, applyT, toDense, threaded };
}
