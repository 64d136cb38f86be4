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
 * Implementation: a thin front-end over the one convolution core (src/conv/): for every tap the
 * input positions it reads are precomputed once (an index table, -1 for a zero-padded read);
 * `apply` gathers the shifted input of each tap into a contiguous `cin x tile` block and
 * accumulates `K_tap (cout x cin) * block`; `applyT` does the transpose product and scatters back.
 * Cost per call: `cout * cin * taps * Nout` multiply-adds. (For 3x3 kernels this beats an FFT
 * path, which pays the same `cout * cin` per frequency in complex arithmetic on a larger, padded grid.)
 */
import { KernelLike, KernelTensor } from "../core/kernel-tensor";
import { LinearOperator } from "../core/operator";
import { ShapeError, checkOptions, checkFinite, checkInteger } from "../core/errors";
import { ConvCore, Padding, ConvGeometry, convGeometry } from "../conv/index";
import { ParallelConv } from "./parallel-conv";

export { PADDINGS, OPERATOR_LENGTH_LIMIT, convGeometry, tapSourceTable, type Padding, type ConvGeometry } from "../conv/index";

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
/** A conv layer as a linear operator, with its defining data and a dense form for small sizes. */
export interface ConvOperator extends LinearOperator {
  readonly kernel: KernelTensor;
  readonly padding: Padding;
  /** Stride per spatial axis. */
  readonly stride: readonly number[];
  /** Number of rows (output length) and columns (input length) of the matrix. */
  readonly rows: number;
  readonly cols: number;
  /** `y = T x` for `nex` examples at once: x `[nex, cin, n1..nd]` -> `[nex, cout, m1..md]` (same products as `apply`, one call). */
  applyBatch(x: Float64Array, nex: number): Float64Array;
  /** `x = T^T y` for `nex` examples at once. */
  applyTBatch(y: Float64Array, nex: number): Float64Array;
  /** The matrix as row-major Float64Array (rows x cols); SizeLimitError above {@link DENSE_ENTRY_LIMIT} entries. */
  toDense(): Float64Array;
  /**
   * A multi-threaded twin (same products, bit-identical) using `threads` threads in total, for
   * long iterative runs; call `dispose()` on it afterwards. Null when threads < 2 or workers cannot start.
   */
  threaded(threads: number): ParallelConv | null;
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
  const { kernel } = g;
  const { cout, cin } = kernel;
  const core = new ConvCore({ cout, cin, shape: kernel.shape, origin: kernel.origin, n: g.n, stride: g.stride, padding: g.padding });
  // weights re-laid as W[t][o][i] for contiguous access in the per-tap products, and transposed, WT[t][i][o], for the adjoint
  const W = core.tapMajor(kernel.data);
  const WT = core.transposeTaps(W);
  const inputShape = [cin, ...g.n];
  const outputShape = [cout, ...g.m];
  const rows = cout * core.nOut;
  const cols = cin * core.nIn;

  function batchOf(where: string, v: Float64Array, per: number, shape: number[], nex: number): void {
    checkInteger(where, "nex", nex, 1);
    if (!(v instanceof Float64Array) || v.length !== per * nex) throw new ShapeError(`${where}: expected a Float64Array of length ${per * nex} (${nex} x shape ${JSON.stringify(shape)}), got ${v?.length}`);
    checkFinite(where, v);
  }

  function apply(x: Float64Array): Float64Array {
    if (!(x instanceof Float64Array) || x.length !== cols) throw new ShapeError(`convOperator.apply: expected a Float64Array of length ${cols} (shape ${JSON.stringify(inputShape)}), got ${x?.length}`);
    checkFinite("convOperator.apply", x);
    return core.applyTapMajor(W, x, 1);
  }

  function applyT(y: Float64Array): Float64Array {
    if (!(y instanceof Float64Array) || y.length !== rows) throw new ShapeError(`convOperator.applyT: expected a Float64Array of length ${rows} (shape ${JSON.stringify(outputShape)}), got ${y?.length}`);
    checkFinite("convOperator.applyT", y);
    return core.applyTransposeTapMajor(WT, y, 1);
  }

  function applyBatch(x: Float64Array, nex: number): Float64Array {
    batchOf("convOperator.applyBatch", x, cols, inputShape, nex);
    return core.applyTapMajor(W, x, nex);
  }

  function applyTBatch(y: Float64Array, nex: number): Float64Array {
    batchOf("convOperator.applyTBatch", y, rows, outputShape, nex);
    return core.applyTransposeTapMajor(WT, y, nex);
  }

  function threaded(threads: number): ParallelConv | null {
    return ParallelConv.create(core.sizes, W, WT, core.table, threads);
  }

  function toDense(): Float64Array {
    return core.dense(kernel.data, "convOperator.toDense", DENSE_ENTRY_LIMIT, "use apply/applyT (matrix-free) instead");
  }

  return { kernel, padding: g.padding, stride: g.stride, inputShape, outputShape, rows, cols, apply, applyT, applyBatch, applyTBatch, toDense, threaded };
}
