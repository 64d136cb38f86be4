/**
 * The one convolution core: the exact multi-channel layer map, its adjoint and its kernel
 * gradient, for any padding (zero / circular / reflect), stride and batch, through index tables.
 * `convOperator` (src/spectrum) and `parametricConv` (src/models) are thin front-ends over it.
 *
 * Convention (src/core/kernel-tensor.ts, cross-correlation, offsets `q = p - origin`):
 *   apply     `y[e, o, x] = sum_i sum_p K[o, i, p] * xpad[e, i, s*x + p - origin]`,
 *   adjoint   `x = T^T y` (the exact transpose: `<y, T x> = <T^T y, x>`),
 *   gradient  `G[o, i, p] = sum_e sum_x w[e, o, x] * xpad[e, i, s*x + p - origin]` = d<w, T x>/dK,
 * with `xpad` the padding rule of geometry.ts, e the example of a batch laid out `[nex][c][grid]`.
 * Cost per example: `cout * cin * taps * nOut` multiply-adds for each of the three (kernels.ts).
 * Weights are passed per call (canonical `[cout][cin][taps]` layout, or pre-laid tap-major for
 * repeated products), so one core serves a fixed layer and a kernel that changes with theta.
 */
import { tapCount } from "../core/kernel-tensor";
import { SizeLimitError } from "../core/errors";
import type { Padding } from "./geometry";
import { tapSourceTable } from "./source-table";
import { ConvSizes, applyRows, applyTransposeRows, blockLength, kernelGradientRows } from "./kernels";

/** Largest dense matrix {@link ConvCore.dense} builds: rows * cols <= 2^24 entries (128 MiB of float64). */
export const CORE_DENSE_LIMIT = 1 << 24;

/** The geometry a {@link ConvCore} is built from (already validated, e.g. by `convGeometry`). */
export interface ConvCoreSpec {
  cout: number;
  cin: number;
  /** Kernel spatial sizes `[k1..kd]`. */
  shape: readonly number[];
  /** Index of the offset-0 tap per axis. */
  origin: readonly number[];
  /** Input spatial sizes `[n1..nd]`. */
  n: readonly number[];
  /** Stride per axis (must divide n); default 1. */
  stride?: readonly number[];
  padding: Padding;
}

/** Index tables and products of one layer geometry; see the file comment. */
export class ConvCore {
  readonly cout: number;
  readonly cin: number;
  readonly taps: number;
  readonly padding: Padding;
  readonly n: readonly number[];
  /** Output spatial sizes n / stride. */
  readonly m: readonly number[];
  readonly stride: readonly number[];
  /** Input / output positions per channel. */
  readonly nIn: number;
  readonly nOut: number;
  readonly sizes: ConvSizes;
  /** `table[t * nOut + f]`: flat input position read by tap t at output f, -1 on zero padding. */
  readonly table: Int32Array;
  private block: Float64Array | null = null;

  constructor(spec: ConvCoreSpec) {
    const d = spec.n.length;
    this.cout = spec.cout;
    this.cin = spec.cin;
    this.padding = spec.padding;
    this.n = [...spec.n];
    this.stride = spec.stride ? [...spec.stride] : new Array<number>(d).fill(1);
    this.m = this.n.map((v, a) => v / this.stride[a]);
    this.taps = tapCount(spec.shape);
    this.nIn = tapCount(this.n);
    this.nOut = tapCount(this.m);
    this.sizes = { cout: this.cout, cin: this.cin, taps: this.taps, nIn: this.nIn, nOut: this.nOut };
    this.table = tapSourceTable({ shape: spec.shape, origin: spec.origin, n: this.n, m: this.m, stride: this.stride, padding: this.padding });
  }

  /** Scratch block of the loops (one per core; the core is single-threaded). */
  private scratch(): Float64Array {
    if (!this.block) this.block = new Float64Array(blockLength(this.sizes));
    return this.block;
  }

  /** Tap-major weights `W[(t * cout + o) * cin + i] = k[(o * cin + i) * taps + t]` from canonical kernel data. */
  tapMajor(k: Float64Array): Float64Array {
    const { cout, cin, taps } = this;
    const W = new Float64Array(taps * cout * cin);
    for (let o = 0; o < cout; o++) for (let i = 0; i < cin; i++) for (let t = 0; t < taps; t++) W[(t * cout + o) * cin + i] = k[(o * cin + i) * taps + t];
    return W;
  }

  /** Transposed tap matrices `WT[(t * cin + i) * cout + o] = W[(t * cout + o) * cin + i]` for the adjoint. */
  transposeTaps(W: Float64Array): Float64Array {
    const { cout, cin, taps } = this;
    const WT = new Float64Array(taps * cout * cin);
    for (let t = 0; t < taps; t++) for (let o = 0; o < cout; o++) for (let i = 0; i < cin; i++) WT[(t * cin + i) * cout + o] = W[(t * cout + o) * cin + i];
    return WT;
  }

  /** `y = T x` for `nex` examples, tap-major weights W; x `[nex][cin][n]` -> y `[nex][cout][m]`. */
  applyTapMajor(W: Float64Array, x: Float64Array, nex = 1): Float64Array {
    const { cin, cout, nIn, nOut } = this;
    const y = new Float64Array(nex * cout * nOut);
    const block = this.scratch();
    for (let e = 0; e < nex; e++) applyRows(this.sizes, W, this.table, x, y, block, 0, cout, e * cin * nIn, e * cout * nOut);
    return y;
  }

  /** `x = T^T y` for `nex` examples, transposed tap-major weights WT; y `[nex][cout][m]` -> x `[nex][cin][n]`. */
  applyTransposeTapMajor(WT: Float64Array, y: Float64Array, nex = 1): Float64Array {
    const { cin, cout, nIn, nOut } = this;
    const x = new Float64Array(nex * cin * nIn);
    const block = this.scratch();
    for (let e = 0; e < nex; e++) applyTransposeRows(this.sizes, WT, this.table, y, x, block, 0, cin, e * cout * nOut, e * cin * nIn);
    return x;
  }

  /** `y = T x` for canonical kernel data k (`[cout][cin][taps]`). */
  apply(k: Float64Array, x: Float64Array, nex = 1): Float64Array {
    return this.applyTapMajor(this.tapMajor(k), x, nex);
  }

  /** `x = T^T y` for canonical kernel data k. */
  applyT(k: Float64Array, y: Float64Array, nex = 1): Float64Array {
    return this.applyTransposeTapMajor(this.transposeTaps(this.tapMajor(k)), y, nex);
  }

  /**
   * Kernel gradient `G[o, i, t] = sum_e sum_f w[e, o, f] * x[e, i, table[t, f]]` (canonical
   * layout): `<w, T(K) x> = <G, K>` for every K, so G = J^T w of the map K -> T(K) x.
   */
  kernelGradient(w: Float64Array, x: Float64Array, nex = 1): Float64Array {
    const { cin, cout, taps, nIn, nOut } = this;
    const Gt = new Float64Array(taps * cout * cin);
    const block = this.scratch();
    for (let e = 0; e < nex; e++) kernelGradientRows(this.sizes, this.table, w, x, Gt, block, e * cout * nOut, e * cin * nIn);
    const G = new Float64Array(cout * cin * taps);
    for (let t = 0; t < taps; t++) for (let o = 0; o < cout; o++) for (let i = 0; i < cin; i++) G[(o * cin + i) * taps + t] = Gt[(t * cout + o) * cin + i];
    return G;
  }

  /**
   * The matrix of T on one example, `(cout nOut) x (cin nIn)` row-major: entry (o, f; i, s)
   * accumulates `k[o, i, t]` for every tap t reading s at f (circular / reflect may repeat).
   * SizeLimitError above {@link CORE_DENSE_LIMIT} entries, naming `where`.
   */
  dense(k: Float64Array, where = "ConvCore.dense", limit = CORE_DENSE_LIMIT, hint = "use the matrix-free products instead"): Float64Array {
    const { cout, cin, taps, nIn, nOut, table } = this;
    const rows = cout * nOut, cols = cin * nIn;
    if (rows * cols > limit) throw new SizeLimitError(`${where}: ${rows} x ${cols} = ${rows * cols} entries exceeds the limit ${limit}; ${hint}`);
    const A = new Float64Array(rows * cols);
    for (let o = 0; o < cout; o++) for (let i = 0; i < cin; i++) for (let t = 0; t < taps; t++) {
      const w = k[(o * cin + i) * taps + t];
      for (let f = 0; f < nOut; f++) {
        const s = table[t * nOut + f];
        if (s >= 0) A[(o * nOut + f) * cols + i * nIn + s] += w;
      }
    }
    return A;
  }
}
