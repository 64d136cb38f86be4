/**
 * The inner loops of the convolution core, shared by the calling thread and the worker threads of
 * src/spectrum/parallel-conv.ts. No API here: see conv-core.ts. Layout: `W[t][o][i]` and
 * `WT[t][i][o]` tap matrices (tap-major, src/core/kernel-tensor.ts `tapMajorWeights`),
 * `table[t * nOut + f]` = flat input position read by tap t at output position f (-1: zero
 * padding, source-table.ts), x = `[cin, nIn]`, y = `[cout, nOut]` row-major.
 *
 * Shape of the work: per tap, a `cout x cin` matrix times a `cin x nOut` block gathered through
 * the table (im2col one tap at a time), i.e. a GEMM of inner dimension `cin` per tap. The output
 * positions are cut into tiles of {@link COLUMN_TILE} so that the gathered block and the output
 * rows of one tile stay in cache while all taps are accumulated into them.
 */

/** Sizes of one convolution operator. */
export interface ConvSizes {
  cout: number;
  cin: number;
  taps: number;
  nIn: number;
  nOut: number;
}

/**
 * Output positions per tile. Measured, 64 -> 64 channels 3x3 at 128 x 128 (zero padding, one
 * example, 2-core dev machine): untiled 285 ms per apply (2.1 GMAC/s); tiles of 256-2048
 * positions 235-240 ms (2.5 GMAC/s); 128 is slower again (298 ms). 512 keeps the `cin x tile`
 * block (256 KiB at cin = 64) in L2.
 */
export const COLUMN_TILE = 512;

/**
 * `Y[yOff + r * ldy + f] += sum_c M[off + r * colsM + c] * X[c * ldx + f]` for f < len: a small
 * dense matrix times a `colsM x len` block. Register blocking 4 output rows x 4 input rows: each
 * loaded input element feeds four multiply-adds and each output element is loaded and stored once
 * per sixteen (measured ~2x faster than one row at a time on V8).
 */
export function accumulateProduct(M: Float64Array, off: number, rowsM: number, colsM: number, X: Float64Array, ldx: number, Y: Float64Array, yOff: number, ldy: number, len: number): void {
  let r = 0;
  for (; r + 4 <= rowsM; r += 4) {
    const ya = yOff + r * ldy, yb = ya + ldy, yc = yb + ldy, yd = yc + ldy;
    const ma = off + r * colsM, mb = ma + colsM, mc = mb + colsM, md = mc + colsM;
    let c = 0;
    for (; c + 4 <= colsM; c += 4) {
      const a0 = M[ma + c], a1 = M[ma + c + 1], a2 = M[ma + c + 2], a3 = M[ma + c + 3];
      const b0 = M[mb + c], b1 = M[mb + c + 1], b2 = M[mb + c + 2], b3 = M[mb + c + 3];
      const c0 = M[mc + c], c1 = M[mc + c + 1], c2 = M[mc + c + 2], c3 = M[mc + c + 3];
      const d0 = M[md + c], d1 = M[md + c + 1], d2 = M[md + c + 2], d3 = M[md + c + 3];
      const x0 = c * ldx, x1 = x0 + ldx, x2 = x1 + ldx, x3 = x2 + ldx;
      for (let f = 0; f < len; f++) {
        const v0 = X[x0 + f], v1 = X[x1 + f], v2 = X[x2 + f], v3 = X[x3 + f];
        Y[ya + f] += a0 * v0 + a1 * v1 + a2 * v2 + a3 * v3;
        Y[yb + f] += b0 * v0 + b1 * v1 + b2 * v2 + b3 * v3;
        Y[yc + f] += c0 * v0 + c1 * v1 + c2 * v2 + c3 * v3;
        Y[yd + f] += d0 * v0 + d1 * v1 + d2 * v2 + d3 * v3;
      }
    }
    for (; c < colsM; c++) {
      const a = M[ma + c], b = M[mb + c], cc = M[mc + c], d = M[md + c], x0 = c * ldx;
      for (let f = 0; f < len; f++) { const v = X[x0 + f]; Y[ya + f] += a * v; Y[yb + f] += b * v; Y[yc + f] += cc * v; Y[yd + f] += d * v; }
    }
  }
  for (; r < rowsM; r++) {
    const yb = yOff + r * ldy, mb = off + r * colsM;
    let c = 0;
    for (; c + 4 <= colsM; c += 4) {
      const w0 = M[mb + c], w1 = M[mb + c + 1], w2 = M[mb + c + 2], w3 = M[mb + c + 3];
      const b0 = c * ldx, b1 = b0 + ldx, b2 = b1 + ldx, b3 = b2 + ldx;
      for (let f = 0; f < len; f++) Y[yb + f] += w0 * X[b0 + f] + w1 * X[b1 + f] + w2 * X[b2 + f] + w3 * X[b3 + f];
    }
    for (; c < colsM; c++) {
      const w = M[mb + c], b = c * ldx;
      for (let f = 0; f < len; f++) Y[yb + f] += w * X[b + f];
    }
  }
}

/** Length of the scratch block the loops below need: `max(cin, cout) * min(nOut, COLUMN_TILE)`. */
export function blockLength(s: ConvSizes): number {
  return Math.max(s.cin, s.cout) * Math.min(s.nOut, COLUMN_TILE);
}

/** `block[i * len + f] = x[xOff + i * nIn + table[tb + f]]` (0 where the table says padding): one tap's shifted input, one tile. */
function gatherTap(table: Int32Array, tb: number, cin: number, nIn: number, x: Float64Array, xOff: number, block: Float64Array, len: number): void {
  for (let i = 0; i < cin; i++) {
    const xb = xOff + i * nIn, bb = i * len;
    for (let f = 0; f < len; f++) { const src = table[tb + f]; block[bb + f] = src >= 0 ? x[xb + src] : 0; }
  }
}

/**
 * Output channels [o0, o1) of `y = T x` (x, y of one example, at offsets xOff, yOff): zeroes those
 * rows of y, then per column tile and tap gathers the shifted input into `block` (cin x tile) and
 * accumulates `W_t[o0:o1, :] * block`.
 */
export function applyRows(s: ConvSizes, W: Float64Array, table: Int32Array, x: Float64Array, y: Float64Array, block: Float64Array, o0: number, o1: number, xOff = 0, yOff = 0): void {
  const { cout, cin, taps, nIn, nOut } = s;
  y.fill(0, yOff + o0 * nOut, yOff + o1 * nOut);
  for (let f0 = 0; f0 < nOut; f0 += COLUMN_TILE) {
    const len = Math.min(COLUMN_TILE, nOut - f0);
    for (let t = 0; t < taps; t++) {
      gatherTap(table, t * nOut + f0, cin, nIn, x, xOff, block, len);
      accumulateProduct(W, (t * cout + o0) * cin, o1 - o0, cin, block, len, y, yOff + o0 * nOut + f0, nOut, len);
    }
  }
}

/**
 * Input channels [i0, i1) of `x = T^T y` (one example, at offsets yOff, xOff): zeroes those rows
 * of x, then per column tile and tap forms `WT_t[i0:i1, :] * y` in `block` and scatter-adds it
 * through the tap's index table.
 */
export function applyTransposeRows(s: ConvSizes, WT: Float64Array, table: Int32Array, y: Float64Array, x: Float64Array, block: Float64Array, i0: number, i1: number, yOff = 0, xOff = 0): void {
  const { cout, cin, taps, nIn, nOut } = s;
  x.fill(0, xOff + i0 * nIn, xOff + i1 * nIn);
  const rowsHere = i1 - i0;
  for (let f0 = 0; f0 < nOut; f0 += COLUMN_TILE) {
    const len = Math.min(COLUMN_TILE, nOut - f0);
    for (let t = 0; t < taps; t++) {
      block.fill(0, 0, rowsHere * len);
      accumulateProduct(WT, (t * cin + i0) * cout, rowsHere, cout, y.subarray(yOff + f0), nOut, block, 0, len, len);
      const tb = t * nOut + f0;
      for (let r = 0; r < rowsHere; r++) {
        const xb = xOff + (i0 + r) * nIn, bb = r * len;
        for (let f = 0; f < len; f++) { const dst = table[tb + f]; if (dst >= 0) x[xb + dst] += block[bb + f]; }
      }
    }
  }
}

/**
 * Kernel gradient of one example, accumulated: `G[t][o][i] += sum_f w[o, f] * x[i, table[t, f]]`
 * (tap-major, zero where the read is padding): the gradient of `<w, T x>` with respect to the
 * taps. Per tile and tap, gathers `block` (cin x tile) and forms the `cout x cin` product
 * `w_tile * block^T`.
 */
export function kernelGradientRows(s: ConvSizes, table: Int32Array, w: Float64Array, x: Float64Array, G: Float64Array, block: Float64Array, wOff = 0, xOff = 0): void {
  const { cout, cin, taps, nIn, nOut } = s;
  for (let f0 = 0; f0 < nOut; f0 += COLUMN_TILE) {
    const len = Math.min(COLUMN_TILE, nOut - f0);
    for (let t = 0; t < taps; t++) {
      gatherTap(table, t * nOut + f0, cin, nIn, x, xOff, block, len);
      for (let o = 0; o < cout; o++) {
        const wb = wOff + o * nOut + f0, gb = (t * cout + o) * cin;
        for (let i = 0; i < cin; i++) {
          const bb = i * len;
          let acc = 0;
          for (let f = 0; f < len; f++) acc += w[wb + f] * block[bb + f];
          G[gb + i] += acc;
        }
      }
    }
  }
}
