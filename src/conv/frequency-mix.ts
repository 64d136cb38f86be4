/**
 * The per-frequency channel mixing of every FFT product: at each frequency f of a batch,
 * `Y_f = M_f X_f` (or `M_f^H X_f`), with `M_f` a complex `cout x cin` matrix (interleaved,
 * row-major, `mats[f][o][i]`) and `X_f`, `Y_f` interleaved complex channel vectors
 * (`X[f][channel]`, the layout of src/grid/pruned-dft.ts). Cost `cout cin` complex multiply-adds
 * per frequency. A range `[from, to)` of frequencies writes only those entries of Y.
 * Measured on the 2-core machine: at 64 -> 64 (612 frequencies, 40 MB of matrices) and
 * 256 -> 256 (60 frequencies, 63 MB) both directions run at the speed of streaming the matrices
 * from memory (a second thread on the other half of the frequencies gained nothing).
 */

/** `Y[to..to + 2 len) = conj Y[from..from + 2 len)` (interleaved complex). */
export function conjugateCopy(Y: Float64Array, from: number, to: number, len: number): void {
  for (let i = 0; i < 2 * len; i += 2) {
    Y[to + i] = Y[from + i];
    Y[to + i + 1] = -Y[from + i + 1];
  }
}

/**
 * `Y_f = M_f X_f` (`adjoint` false: X has cin entries per frequency, Y cout) or `Y_f = M_f^H X_f`
 * (`adjoint` true: X has cout, Y cin) for f in `[from, to)`; Y's entries there are overwritten.
 * With `mirror` (PrunedRealDft.mirror: real taps and real data) a frequency whose conjugate partner
 * lies in the range is copied conjugated instead of computed.
 */
export function mixFrequencies(mats: Float64Array, cout: number, cin: number, X: Float64Array, Y: Float64Array, adjoint: boolean, from: number, to: number, mirror?: Int32Array): void {
  const rows = adjoint ? cin : cout, cols = adjoint ? cout : cin;
  const blk = cout * cin;
  const row = 2 * cin;
  for (let f = from; f < to; f++) {
    const lo = 2 * f * blk, xo = 2 * f * cols, yo = 2 * f * rows;
    if (mirror && mirror[f] >= from) {
      // a conjugate pair of the half spectrum (real taps, real data): Y_f = conj Y_{mirror[f]}, computed above
      conjugateCopy(Y, 2 * mirror[f] * rows, yo, rows);
      continue;
    }
    if (!adjoint) {
      for (let o = 0; o < cout; o++) {
        let sr = 0, si = 0;
        const ro = lo + o * row;
        for (let i = 0; i < cin; i++) {
          const ar = mats[ro + 2 * i], ai = mats[ro + 2 * i + 1], xr = X[xo + 2 * i], xi = X[xo + 2 * i + 1];
          sr += ar * xr - ai * xi;
          si += ar * xi + ai * xr;
        }
        Y[yo + 2 * o] = sr;
        Y[yo + 2 * o + 1] = si;
      }
    } else {
      // Y[i] = sum_o conj(M[o][i]) X[o]: rows of M scaled by X[o] and accumulated, four rows per
      // pass so that each Y entry is read and written once per four rows
      Y.fill(0, yo, yo + row);
      let o = 0;
      for (; o + 3 < cout; o += 4) {
        const ra = lo + o * row, rb = ra + row, rc = rb + row, rd = rc + row;
        const x0 = xo + 2 * o;
        const ar0 = X[x0], ai0 = X[x0 + 1], br0 = X[x0 + 2], bi0 = X[x0 + 3], cr0 = X[x0 + 4], ci0 = X[x0 + 5], dr0 = X[x0 + 6], di0 = X[x0 + 7];
        for (let i = 0; i < row; i += 2) {
          const a = mats[ra + i], ai = mats[ra + i + 1], b = mats[rb + i], bi = mats[rb + i + 1];
          const c = mats[rc + i], ci = mats[rc + i + 1], d = mats[rd + i], di = mats[rd + i + 1];
          Y[yo + i] += a * ar0 + ai * ai0 + b * br0 + bi * bi0 + c * cr0 + ci * ci0 + d * dr0 + di * di0;
          Y[yo + i + 1] += a * ai0 - ai * ar0 + b * bi0 - bi * br0 + c * ci0 - ci * cr0 + d * di0 - di * dr0;
        }
      }
      for (; o < cout; o++) {
        const ra = lo + o * row, xr = X[xo + 2 * o], xi = X[xo + 2 * o + 1];
        for (let i = 0; i < row; i += 2) {
          const ar = mats[ra + i], ai = mats[ra + i + 1];
          Y[yo + i] += ar * xr + ai * xi;
          Y[yo + i + 1] += ar * xi - ai * xr;
        }
      }
    }
  }
}
