/**
 * Index tables of a convolution: which input position every tap reads at every output position,
 * under the padding rules of geometry.ts (zero / circular / reflect) and a stride.
 */
import { tapCount } from "../core/kernel-tensor";
import type { Padding } from "./geometry";

/** The spatial part of a layer: kernel sizes and origin, input sizes n, output sizes m = n / stride. */
export interface TapGeometry {
  /** Kernel spatial sizes `[k1..kd]`. */
  readonly shape: readonly number[];
  /** Index of the offset-0 tap per axis. */
  readonly origin: readonly number[];
  /** Input spatial sizes. */
  readonly n: readonly number[];
  /** Output spatial sizes, `n[a] / stride[a]`. */
  readonly m: readonly number[];
  readonly stride: readonly number[];
  readonly padding: Padding;
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
 * xo, or -1 when that read falls on zero padding. (Takes a {@link ConvGeometry} too: it reads
 * `kernel.shape` / `kernel.origin` when `shape` is absent.)
 */
export function tapSourceTable(g: TapGeometry | { kernel: { shape: readonly number[]; origin: readonly number[] }; n: readonly number[]; m: readonly number[]; stride: readonly number[]; padding: Padding }): Int32Array {
  const shape = "shape" in g ? g.shape : g.kernel.shape;
  const origin = "shape" in g ? g.origin : g.kernel.origin;
  const { n, m, stride, padding } = g;
  const d = n.length;
  const taps = tapCount(shape);
  const nOut = m.reduce((a, b) => a * b, 1);
  // per-axis tables: axisTab[a][xo * k_a + p] = source coordinate
  const axisTab = n.map((na, a) => {
    const k = shape[a];
    const tab = new Int32Array(m[a] * k);
    for (let xo = 0; xo < m[a]; xo++) for (let p = 0; p < k; p++) tab[xo * k + p] = sourceIndex(xo, p, origin[a], stride[a], na, padding);
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
        const s = axisTab[a][xo[a] * shape[a] + pIdx[a]];
        if (s < 0) { pos = -1; break; }
        pos += s * inStrides[a];
      }
      out[t * nOut + f] = pos;
      for (let a = d - 1; a >= 0; a--) { if (++xo[a] < m[a]) break; xo[a] = 0; }
    }
    for (let a = d - 1; a >= 0; a--) { if (++pIdx[a] < shape[a]) break; pIdx[a] = 0; }
  }
  return out;
}
