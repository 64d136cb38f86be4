/**
 * The circular (periodic, stride 1) case of the convolution core through FFTs of src/grid.
 *
 * F = unnormalised DFT (numpy convention, `exp(-2 pi i jk/n)`). Every block of the block-circulant
 * matrix is `K^{oi} = F^{-1} diag(lambda^{oi}) F` with `lambda^{oi} = F c^{oi}` and
 * `c^{oi} = K^{oi} e_1` its first column (`c[-q mod n] = K[o, i, q]`, q = p - origin); so
 *   apply:    `Z_o = real F^{-1}( sum_i lambda^{oi} .* F Y_i )`,
 *   adjoint:  `Y_i = real F^{-1}( sum_o conj(lambda^{oi}) .* F Z_o )`,
 *   gradient: `G[o, i, q] = sum_e sum_x W[e, o, x] Y[e, i, x + q]`
 *             `= real F^{-1}( sum_e conj(F W_{e,o}) .* F Y_{e,i} )[q mod n]`.
 * The lambda's are the eigenvalues; at frequency `w_k = 2 pi k / n` they equal the symbol
 * `F(w) = sum_q K_q e^{-i q w}` at `-w_k` (its complex conjugate for real kernels).
 * Cost per example: `(cin + cout) N log N + cout cin N` (complex), against `cout cin taps N`
 * for the index-table loops of conv-core.ts: the FFT wins for large kernels.
 */
import { tapCount, tapOffsets } from "../core/kernel-tensor";
import { fftn, rfftn } from "../grid/index";

/** Periodic (circular, stride 1) convolution of a `cout x cin` kernel of `shape` / `origin` on `grid`, by FFT. */
export class PeriodicFftConv {
  readonly npoints: number;
  readonly taps: number;
  /** Flat index of `-q mod n` for every tap (position of the tap in the first column). */
  readonly columnIndex: Int32Array;
  /** Flat index of `+q mod n` for every tap (where the gradient's correlation reads it). */
  private readonly forwardIndex: Int32Array;

  constructor(readonly cout: number, readonly cin: number, shape: readonly number[], origin: readonly number[], readonly grid: readonly number[]) {
    const d = grid.length;
    const offs = tapOffsets(shape, origin);
    this.npoints = tapCount(grid);
    this.taps = tapCount(shape);
    this.columnIndex = new Int32Array(this.taps);
    this.forwardIndex = new Int32Array(this.taps);
    const mod = (a: number, n: number) => ((a % n) + n) % n;
    for (let t = 0; t < this.taps; t++) {
      let col = 0, fwd = 0;
      for (let a = 0; a < d; a++) {
        col = col * grid[a] + mod(-offs[t * d + a], grid[a]);
        fwd = fwd * grid[a] + mod(offs[t * d + a], grid[a]);
      }
      this.columnIndex[t] = col;
      this.forwardIndex[t] = fwd;
    }
  }

  /** First columns `c[o, i, -q mod n] += K[o, i, q]`, `[cout][cin][grid]`. */
  columns(k: Float64Array): Float64Array {
    const N = this.npoints, taps = this.taps;
    const c = new Float64Array(this.cout * this.cin * N);
    for (let b = 0; b < this.cout * this.cin; b++) for (let t = 0; t < taps; t++) c[b * N + this.columnIndex[t]] += k[b * taps + t];
    return c;
  }

  /** Eigenvalues `lambda^{oi} = fftn(c^{oi})`, interleaved complex `[cout][cin][grid]`, FFT order. */
  eigenvalues(k: Float64Array): Float64Array {
    return this.spectra(this.columns(k), this.cout * this.cin);
  }

  /** Full spectra of `lines` real lines of length N. */
  private spectra(X: Float64Array, lines: number): Float64Array {
    const N = this.npoints;
    const out = new Float64Array(2 * lines * N);
    for (let l = 0; l < lines; l++) out.set(rfftn(X.subarray(l * N, (l + 1) * N), this.grid), 2 * l * N);
    return out;
  }

  /** Real part of the inverse DFT of `lines` spectra. */
  private inverseReal(S: Float64Array, lines: number): Float64Array {
    const N = this.npoints;
    const out = new Float64Array(lines * N);
    for (let l = 0; l < lines; l++) {
      const x = fftn(S.subarray(2 * l * N, 2 * (l + 1) * N), this.grid, true);
      for (let j = 0; j < N; j++) out[l * N + j] = x[2 * j];
    }
    return out;
  }

  /**
   * `out[e, r] = sum_c A[r, c] (.*) B[e, c]` per frequency, with `A` the `rows x colsA` spectra of
   * `lam` (block (r, c) at `lam[2 * (r * colsA + c) * N]` when `!transposed`, at
   * `(c * rows + r)` when transposed) and conj(A) when `conjugate`.
   */
  private mix(lam: Float64Array, B: Float64Array, nex: number, rows: number, cols: number, transposed: boolean, conjugate: boolean): Float64Array {
    const N = this.npoints;
    const out = new Float64Array(2 * nex * rows * N);
    const sg = conjugate ? -1 : 1;
    for (let e = 0; e < nex; e++) for (let r = 0; r < rows; r++) {
      const zo = 2 * (e * rows + r) * N;
      for (let c = 0; c < cols; c++) {
        const lo = 2 * (transposed ? c * rows + r : r * cols + c) * N;
        const yo = 2 * (e * cols + c) * N;
        for (let j = 0; j < 2 * N; j += 2) {
          const lr = lam[lo + j], li = sg * lam[lo + j + 1], yr = B[yo + j], yi = B[yo + j + 1];
          out[zo + j] += lr * yr - li * yi;
          out[zo + j + 1] += lr * yi + li * yr;
        }
      }
    }
    return out;
  }

  /** `Z = K Y` for canonical kernel data k and a batch Y `[nex][cin][grid]`. */
  apply(k: Float64Array, Y: Float64Array, nex: number): Float64Array {
    const lam = this.eigenvalues(k);
    return this.inverseReal(this.mix(lam, this.spectra(Y, nex * this.cin), nex, this.cout, this.cin, false, false), nex * this.cout);
  }

  /** `Y = K^T Z` for a batch Z `[nex][cout][grid]`. */
  applyT(k: Float64Array, Z: Float64Array, nex: number): Float64Array {
    const lam = this.eigenvalues(k);
    return this.inverseReal(this.mix(lam, this.spectra(Z, nex * this.cout), nex, this.cin, this.cout, true, true), nex * this.cin);
  }

  /** Kernel gradient `G[o, i, t] = sum_e sum_x W[e, o, x] Y[e, i, x + q_t]`, canonical layout. */
  kernelGradient(W: Float64Array, Y: Float64Array, nex: number): Float64Array {
    const { cin, cout, taps, npoints: N } = this;
    const Wh = this.spectra(W, nex * cout);
    const Yh = this.spectra(Y, nex * cin);
    const S = new Float64Array(2 * cout * cin * N);
    for (let e = 0; e < nex; e++) for (let o = 0; o < cout; o++) for (let i = 0; i < cin; i++) {
      const so = 2 * (o * cin + i) * N, wo = 2 * (e * cout + o) * N, yo = 2 * (e * cin + i) * N;
      for (let j = 0; j < 2 * N; j += 2) {
        // conj(What) * Yhat
        const wr = Wh[wo + j], wi = Wh[wo + j + 1], yr = Yh[yo + j], yi = Yh[yo + j + 1];
        S[so + j] += wr * yr + wi * yi;
        S[so + j + 1] += wr * yi - wi * yr;
      }
    }
    const R = this.inverseReal(S, cout * cin);
    const G = new Float64Array(cout * cin * taps);
    for (let b = 0; b < cout * cin; b++) for (let t = 0; t < taps; t++) G[b * taps + t] = R[b * N + this.forwardIndex[t]];
    return G;
  }
}
