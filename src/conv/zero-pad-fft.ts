/**
 * The zero-padded (stride 1, "same" size) layer through its circulant embedding, by pruned DFTs of
 * src/grid: for input sizes `n` and kernel sizes `k`, every read `x[j + q]` of the layer with j in the
 * box `[0, n)` either lands in the box or, on the periodic grid `L_a = n_a + k_a - 1`, in the zero
 * region `[n, L)` (any origin; see src/bounds/symbol-bounds.ts), so
 *   `T = R C P`,  `T^T T = P^T C^H R^T R C P`,
 * with P the zero-padding of the box into the grid, R its restriction back to the box and C the
 * block-circulant layer on the grid. C is block-diagonal in frequency: with the forward DFT
 * `X(w) = sum_j x_j e^{-i <j, w>}`, `(C x)^(w) = Lambda(w) X(w)`, `Lambda(w) = F(-w)`, the
 * `cout x cin` symbol `F(w) = sum_q K_q e^{-i <q, w>}` at `w = 2 pi k / L` (real taps: only the half
 * spectrum `k_d <= L_d / 2` is stored and used). One product `T^T T x`: pruned DFTs of the cin input
 * channels, one `cout x cin` complex matrix-vector product per frequency, inverse DFTs cropped to the
 * box, then the same with `Lambda^H` (cost about `4 cout cin prod(L) / 2` complex multiply-adds for the
 * two products, plus the DFTs; against `2 cout cin taps prod(n)` real ones for the index tables of
 * conv-core.ts). Vectors use the core's layout `[c][n_1..n_d]`.
 * `max_w ||Lambda(w)||_2` over the grid is `||C||_2 >= ||T||_2` (guaranteed upper bound).
 */
import { tapCount } from "../core/kernel-tensor";
import { ShapeError } from "../core/errors";
import { customGrid, evaluateOnGrid, type FrequencyGrid } from "../grid/index";
import { PrunedRealDft } from "../grid/pruned-dft";
import { mixFrequencies } from "./frequency-mix";
import { interleave, deinterleave } from "./channel-layout";

/** Zero-padded stride-1 layer `cout x cin`, kernel `shape` / `origin`, input box `n`, via the circulant embedding on `n + k - 1`. */
export class ZeroPadFftConv {
  /** Periodic grid sizes `L_a = n_a + k_a - 1`. */
  readonly grid: readonly number[];
  /** Frequencies of the stored half spectrum. */
  readonly frequencies: number;
  /** `Lambda(w)` per half-spectrum frequency, `[frequency][o][i]` interleaved complex: the symbol `F` at the points of {@link symbolGrid}. */
  readonly lambda: Float64Array;
  /** The negated half spectrum `-2 pi k / L` (so `lambda[p] = F(symbolGrid point p)`). */
  readonly symbolGrid: FrequencyGrid;
  readonly nIn: number;
  private readonly dftIn: PrunedRealDft;
  private readonly dftOut: PrunedRealDft;

  constructor(readonly cout: number, readonly cin: number, readonly shape: readonly number[], readonly origin: readonly number[], readonly n: readonly number[], data: Float64Array) {
    if (n.length !== shape.length) throw new ShapeError(`ZeroPadFftConv: ${shape.length} kernel axes but ${n.length} input sizes`);
    if (data.length !== cout * cin * tapCount(shape)) throw new ShapeError(`ZeroPadFftConv: expected ${cout * cin * tapCount(shape)} taps, got ${data.length}`);
    this.grid = n.map((na, a) => na + shape[a] - 1);
    this.dftIn = new PrunedRealDft(n, this.grid, cin);
    this.dftOut = new PrunedRealDft(n, this.grid, cout);
    this.frequencies = this.dftIn.halfSize;
    this.nIn = this.dftIn.boxSize;
    // Lambda(w) = F(-w): the symbol at the negated half-spectrum frequencies -2 pi k / L
    const axes = this.dftIn.half.map((m, a) => Float64Array.from({ length: m }, (_, k) => (-2 * Math.PI * k) / this.grid[a]));
    this.symbolGrid = customGrid(axes);
    this.lambda = evaluateOnGrid({ cout, cin, shape, origin, data }, this.symbolGrid, { method: "direct" });
  }

  /**
   * Multiply-adds of one `T^T T` product (for choosing it over the index tables): two per-frequency
   * products, `4 cout cin H` real ones each (H half-spectrum frequencies), and a forward and an
   * inverse pruned DFT of each side (their plans' counts, {@link PrunedRealDft.multiplyAdds}).
   */
  static gramCost(cout: number, cin: number, shape: readonly number[], n: readonly number[]): number {
    const L = n.map((na, a) => na + shape[a] - 1);
    const dftIn = new PrunedRealDft(n, L, cin), dftOut = new PrunedRealDft(n, L, cout);
    return 8 * cout * cin * dftIn.halfSize + 2 * (dftIn.multiplyAdds + dftOut.multiplyAdds);
  }

  private mix(X: Float64Array, adjoint: boolean): Float64Array {
    const Y = new Float64Array(2 * this.frequencies * (adjoint ? this.cin : this.cout));
    mixFrequencies(this.lambda, this.cout, this.cin, X, Y, adjoint, 0, this.frequencies, this.dftIn.mirror);
    return Y;
  }

  /** `y = T x`, x `[cin][n]` -> y `[cout][n]`. */
  apply(x: Float64Array): Float64Array {
    const N = this.nIn;
    return deinterleave(this.applyInterleaved(interleave(x, this.cin, N)), this.cout, N);
  }

  /** `x = T^T y`, y `[cout][n]` -> x `[cin][n]`. */
  applyT(y: Float64Array): Float64Array {
    const N = this.nIn;
    return deinterleave(this.applyTInterleaved(interleave(y, this.cout, N)), this.cin, N);
  }

  /** `T^T T x` for x `[cin][n]`. */
  gram(x: Float64Array): Float64Array {
    const N = this.nIn;
    return deinterleave(this.applyTInterleaved(this.applyInterleaved(interleave(x, this.cin, N))), this.cin, N);
  }

  /** Scratch of {@link ZeroPadFftConv.gramInterleaved}: spectra of both sides and the output-side box (allocated on first use). */
  private scratch: { Xin: Float64Array; Xout: Float64Array; y: Float64Array } | null = null;

  /**
   * `T^T T x` with x and the result in the interleaved layout `[pos][cin]` ({@link interleave}):
   * iterative methods run in that layout and convert once, saving two transposes per product. Writes
   * into `out` (length `cin * prod(n)`, not aliasing x) when given; no allocation per call then.
   */
  gramInterleaved(x: Float64Array, out?: Float64Array): Float64Array {
    const H = this.frequencies, N = this.nIn;
    const s = (this.scratch ??= { Xin: new Float64Array(2 * H * this.cin), Xout: new Float64Array(2 * H * this.cout), y: new Float64Array(this.cout * N) });
    this.dftIn.forward(x, s.Xin);
    mixFrequencies(this.lambda, this.cout, this.cin, s.Xin, s.Xout, false, 0, H, this.dftIn.mirror);
    this.dftOut.inverse(s.Xout, s.y);
    this.dftOut.forward(s.y, s.Xout);
    mixFrequencies(this.lambda, this.cout, this.cin, s.Xout, s.Xin, true, 0, H, this.dftIn.mirror);
    return this.dftIn.inverse(s.Xin, out ?? new Float64Array(this.cin * N));
  }

  private applyInterleaved(x: Float64Array): Float64Array {
    return this.dftOut.inverse(this.mix(this.dftIn.forward(x), false));
  }

  private applyTInterleaved(y: Float64Array): Float64Array {
    return this.dftIn.inverse(this.mix(this.dftOut.forward(y), true));
  }
}
