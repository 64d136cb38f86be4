/**
 * The Gram product `v -> T^T T v` of the zero-padded (stride 1, "same" size) layer T, by the Gram
 * symbol on the circulant embedding plus a correction on the boundary ring: one forward and one
 * inverse pruned DFT of the cin input channels and ONE Hermitian `cin x cin` product per frequency,
 * where ZeroPadFftConv.gram (zero-pad-fft.ts) needs four DFTs and two `cout x cin` products.
 *
 * Layer (kernel-tensor.ts): `(T x)[j] = sum_p K_p x[j + q_p]` for j in the box `[0, n)`, offsets
 * `q_p = p - origin`, x zero outside the box.
 *
 * 1. Full convolution. Let `T_full` be the same sum at EVERY lattice position j where some tap lands in
 *    the box: `j_a in [origin_a - (k_a - 1), n_a - 1 + origin_a]` (`n_a + k_a - 1` positions per
 *    axis). Its rows at j in the box are T; call the others (the "ring") E. Then
 *      `T^T T = T_full^T T_full - E^T E`
 *    (a sum of outer products over rows, split into box rows and ring rows).
 * 2. `T_full^T T_full` is the box compression of a lattice cross-correlation:
 *      `(T_full^T T_full x)[i] = sum_j sum_{p'} K_{p'}^T [j + q_{p'} = i] sum_p K_p x[j + q_p]
 *                               = sum_u R_u x[i + u]`,  `R_u = sum_{p - p' = u} K_{p'}^T K_p`
 *    (cin x cin; lags u in `[-(k - 1), k - 1]^d`; the rows j of T_full that are missing from the
 *    sum contribute zero because no tap of them lands in the box). So `R_{-u} = R_u^T`, and R is a
 *    kernel tensor of shape `2k - 1`, origin `k - 1`.
 * 3. Wrap-around. For i in the box, `i_a + u_a` lies in `[-(k_a - 1), n_a + k_a - 2]`. On the
 *    periodic grid `L_a = n_a + k_a - 1` the indices below 0 wrap to `[L_a - k_a + 1, L_a - 1] =
 *    [n_a, n_a + k_a - 2]` and those at or above n_a stay in `[n_a, L_a - 1]`: both the zero region
 *    of the padded box, as the true reads outside the box are zero. So the lattice correlation,
 *    cropped to the box, equals the circular one on L (L is the smallest grid with this property),
 *    which is diagonal in frequency: with the forward DFT of src/grid `X(w) = sum_j x_j e^{-i<j,w>}`,
 *    `sum_j (sum_u R_u x[j + u]) e^{-i<j,w>} = (sum_u R_u e^{+i<u,w>}) X(w) = G(w) X(w)`,
 *    `G(w) = F_R(-w)` with `F_R` the symbol of R (evaluateOnGrid on the negated half spectrum, as
 *    ZeroPadFftConv does for Lambda). `G(w)^H = sum_u R_u^T e^{-i<u,w>} = G(w)` by `R_{-u} = R_u^T`:
 *    Hermitian, only its upper triangle is stored (half the memory traffic of the mix).
 * 4. `E^T E x`: E x by direct sums over the (ring position, tap, box position) triples with
 *    channels contiguous (grouped by tap so each `cout x cin` tap matrix row is reused across its
 *    triples), then `E^T` over the same triples, subtracted.
 *
 * Costs (multiply-adds): R once, `(taps^2 + taps) / 2 * cout * cin^2` (only lags `u >= 0`
 * lexicographically; forming `Lambda^H Lambda` per frequency instead would cost
 * `4 H cin^2 cout`); per product see {@link ZeroPadGram.gramCost}.
 *
 * Measured (one process per run, medians of 15-21, 3x3 centred, 2-core machine shared with other
 * jobs, so only ratios within a run are stable): 64 -> 64 at n = 32 x 32, 16-18 ms per product
 * against 49-57 ms for ZeroPadFftConv.gram with the DFT loops before this change (37-40 ms with
 * them); 256 -> 256 at n = 8 x 8, 18-29 ms against 36-47 ms, of which the ring is 9-12 ms (92
 * triples, 2 x 6.0e6 multiply-adds, close to the mix's 1.6e7): at few positions and many channels the
 * ring, not the DFTs, is what remains. Setup (R and G) is 0.15 s at 64 channels and 0.65-1.1 s at
 * 256 (0.1 s for ZeroPadFftConv).
 *
 * Vectors: {@link ZeroPadGram.gramInterleaved} works in the layout `[position][channel]` of the pruned
 * DFTs with preallocated scratch (no allocation per call); {@link ZeroPadGram.gram} takes the core's
 * layout `[channel][position]`.
 */
import { checkKernel, tapCount, tapMajorWeights, tapOffsets } from "../core/kernel-tensor";
import { DomainError, ShapeError, SizeLimitError } from "../core/errors";
import { customGrid, evaluateOnGrid, MAX_OUTPUT_NUMBERS, type FrequencyGrid } from "../grid/index";
import { PrunedRealDft } from "../grid/pruned-dft";
import { interleave, deinterleave } from "./channel-layout";
import { conjugateCopy } from "./frequency-mix";

/** Checks the layer sizes; the ring-triple count `taps * N - prod_a sum_t max(0, n_a - |t - origin_a|)` (see gramCost). */
function checkSizes(where: string, cout: number, cin: number, shape: readonly number[], origin: readonly number[], n: readonly number[]): void {
  if (!Number.isInteger(cout) || cout < 1 || !Number.isInteger(cin) || cin < 1) throw new ShapeError(`${where}: channels must be positive integers, got cout=${cout}, cin=${cin}`);
  if (!Array.isArray(shape) || shape.length < 1 || shape.some((s) => !Number.isInteger(s) || s < 1)) throw new ShapeError(`${where}: kernel shape must be a non-empty list of positive integers, got ${JSON.stringify(shape)}`);
  if (!Array.isArray(origin) || origin.length !== shape.length || origin.some((o, a) => !Number.isInteger(o) || o < 0 || o >= shape[a])) throw new ShapeError(`${where}: origin must have ${shape.length} integer entries with 0 <= origin_a < k_a, got ${JSON.stringify(origin)}`);
  if (!Array.isArray(n) || n.length !== shape.length || n.some((v) => !Number.isInteger(v) || v < 1)) throw new ShapeError(`${where}: input sizes must be ${shape.length} positive integers (one per kernel axis), got ${JSON.stringify(n)}`);
}

/** Number of (ring position, tap, box position) triples: `taps * prod(n) - prod_a sum_{t < k_a} max(0, n_a - |t - origin_a|)`. */
function ringTripleCount(shape: readonly number[], origin: readonly number[], n: readonly number[]): number {
  // every tap lands in the box from exactly prod(n) positions of the full range; of those, the box
  // positions are prod_a (n_a - |q_a|)^+ (the box shifted by q meets the box in that many)
  let inner = 1;
  for (let a = 0; a < n.length; a++) {
    let s = 0;
    for (let t = 0; t < shape[a]; t++) s += Math.max(0, n[a] - Math.abs(t - origin[a]));
    inner *= s;
  }
  return tapCount(shape) * n.reduce((p, v) => p * v, 1) - inner;
}

/**
 * `T^T T` of the zero-padded stride-1 layer `cout x cin`, kernel `shape` / `origin` (taps in the
 * canonical layout of kernel-tensor.ts), input box `n`, as Gram symbol on the grid `n + k - 1`
 * minus the boundary-ring term; see the file comment.
 */
export class ZeroPadGram {
  /** Periodic grid sizes `L_a = n_a + k_a - 1`. */
  readonly grid: readonly number[];
  /** Frequencies of the stored half spectrum. */
  readonly frequencies: number;
  /** Box positions `prod(n)`. */
  readonly nIn: number;
  /** Ring positions `prod(n + k - 1) - prod(n)` (rows of the full convolution outside the box). */
  readonly ringPositions: number;
  /** (ring position, tap, box position) triples of E. */
  readonly ringTriples: number;
  /**
   * Upper triangle of `G(w)` per half-spectrum frequency, row-major packed (row i holds columns
   * `i..cin-1`), interleaved complex: entry (i, j >= i) of frequency f at complex index
   * `f cin (cin + 1) / 2 + i cin - i (i - 1) / 2 + j - i`.
   * The diagonal's imaginary part is stored as 0 (exact: `G_ii = sum_u R_u[i,i] cos<u, w>`).
   */
  readonly gramSymbol: Float64Array;
  /** The negated half spectrum `-2 pi k / L`: `G` at frequency f is `F(w)^H F(w)` at point f of this grid (as ZeroPadFftConv.lambda is `F(w)`). */
  readonly symbolGrid: FrequencyGrid;
  private readonly dft: PrunedRealDft;
  private readonly weights: Float64Array;
  /** Triples grouped by tap: those of tap t are `tripleStart[t] <= s < tripleStart[t + 1]`, ring index `tripleRing[s]`, box position `tripleBox[s]`. */
  private readonly tripleStart: Int32Array;
  private readonly tripleRing: Int32Array;
  private readonly tripleBox: Int32Array;
  private readonly X: Float64Array;
  private readonly Y: Float64Array;
  private readonly ringValues: Float64Array;
  private readonly plainIn: Float64Array;
  private readonly plainOut: Float64Array;

  constructor(readonly cout: number, readonly cin: number, readonly shape: readonly number[], readonly origin: readonly number[], readonly n: readonly number[], data: Float64Array) {
    checkSizes("ZeroPadGram", cout, cin, shape, origin, n);
    checkKernel("ZeroPadGram", { cout, cin, shape: [...shape], origin: [...origin], data });
    const d = shape.length;
    this.grid = n.map((na, a) => na + shape[a] - 1);
    this.dft = new PrunedRealDft(n, this.grid, cin);
    this.frequencies = this.dft.halfSize;
    this.nIn = this.dft.boxSize;
    // G is evaluated whole before packing: refuse before the set-up (R) is paid
    if (ZeroPadGram.symbolNumbers(cin, shape, n) > MAX_OUTPUT_NUMBERS) {
      throw new SizeLimitError(`ZeroPadGram: the Gram symbol of ${cin} input channels on ${this.frequencies} frequencies needs ${((8 * ZeroPadGram.symbolNumbers(cin, shape, n)) / 2 ** 30).toFixed(1)} GiB (limit ${(8 * MAX_OUTPUT_NUMBERS) / 2 ** 30} GiB); use ZeroPadFftConv or the index tables (spectralNorm product "fft" or "index")`);
    }
    const taps = tapCount(shape);
    this.weights = tapMajorWeights({ cout, cin, shape, origin, data });

    // R_u = sum_{p - p' = u} W_{p'}^T W_p for lags u >= 0 (lexicographic: flat index >= the centre's,
    // since row-major order of the lag index is lexicographic order of u), R_{-u} = R_u^T
    const rShape = shape.map((k) => 2 * k - 1);
    const rTaps = tapCount(rShape);
    const rStrides = new Array<number>(d);
    for (let a = d - 1, s = 1; a >= 0; a--) { rStrides[a] = s; s *= rShape[a]; }
    const centre = rShape.reduce((acc, _, a) => acc + (shape[a] - 1) * rStrides[a], 0);
    const offs = tapOffsets(shape, new Array<number>(d).fill(0));
    const C2 = cin * cin;
    const Rt = new Float64Array(rTaps * C2); // [lag][i'][i]
    const blk = cout * cin;
    // pairs (p', p) per lag u = p - p' >= 0, so that each R_u is one product A^T B of the stacked
    // tap matrices (inner dimension cout * pairs) and its rows stay in cache across all pairs
    const pairs: number[][] = Array.from({ length: rTaps }, () => []);
    for (let p = 0; p < taps; p++) for (let pp = 0; pp < taps; pp++) {
      let lag = centre;
      for (let a = 0; a < d; a++) lag += (offs[p * d + a] - offs[pp * d + a]) * rStrides[a];
      if (lag >= centre) pairs[lag].push(pp, p);
    }
    // W^T per tap, [t][i'][o], so that the column i' of W_{p'} is contiguous
    const WT = new Float64Array(taps * blk);
    for (let t = 0; t < taps; t++) for (let o = 0; o < cout; o++) for (let i = 0; i < cin; i++) WT[(t * cin + i) * cout + o] = this.weights[(t * cout + o) * cin + i];
    const W = this.weights;
    for (let lag = centre; lag < rTaps; lag++) {
      const pl = pairs[lag];
      let ip = 0;
      for (; ip + 1 < cin; ip += 2) {
        // rows i', i' + 1 of R_u: R_u[i'][:] += sum_o W_{p'}[o][i'] W_p[o][:], four rows o at a time
        // (8 multiply-adds per 4 loads of W and 2 loads / stores of R)
        const ro = lag * C2 + ip * cin, r1 = ro + cin;
        for (let k = 0; k < pl.length; k += 2) {
          const ta = (pl[k] * cin + ip) * cout, tc = ta + cout, tb = pl[k + 1] * blk;
          let o = 0;
          for (; o + 3 < cout; o += 4) {
            const v0 = WT[ta + o], v1 = WT[ta + o + 1], v2 = WT[ta + o + 2], v3 = WT[ta + o + 3];
            const u0 = WT[tc + o], u1 = WT[tc + o + 1], u2 = WT[tc + o + 2], u3 = WT[tc + o + 3];
            const b0 = tb + o * cin, b1 = b0 + cin, b2 = b1 + cin, b3 = b2 + cin;
            for (let i = 0; i < cin; i++) {
              const w0 = W[b0 + i], w1 = W[b1 + i], w2 = W[b2 + i], w3 = W[b3 + i];
              Rt[ro + i] += v0 * w0 + v1 * w1 + v2 * w2 + v3 * w3;
              Rt[r1 + i] += u0 * w0 + u1 * w1 + u2 * w2 + u3 * w3;
            }
          }
          for (; o < cout; o++) {
            const v = WT[ta + o], u = WT[tc + o], bo = tb + o * cin;
            for (let i = 0; i < cin; i++) { const w = W[bo + i]; Rt[ro + i] += v * w; Rt[r1 + i] += u * w; }
          }
        }
      }
      for (; ip < cin; ip++) {
        const ro = lag * C2 + ip * cin;
        for (let k = 0; k < pl.length; k += 2) {
          // the last row of an odd cin, four rows o at a time
          const ta = (pl[k] * cin + ip) * cout, tb = pl[k + 1] * blk;
          let o = 0;
          for (; o + 3 < cout; o += 4) {
            const v0 = WT[ta + o], v1 = WT[ta + o + 1], v2 = WT[ta + o + 2], v3 = WT[ta + o + 3];
            const b0 = tb + o * cin, b1 = b0 + cin, b2 = b1 + cin, b3 = b2 + cin;
            for (let i = 0; i < cin; i++) Rt[ro + i] += v0 * W[b0 + i] + v1 * W[b1 + i] + v2 * W[b2 + i] + v3 * W[b3 + i];
          }
          for (; o < cout; o++) {
            const v = WT[ta + o], bo = tb + o * cin;
            for (let i = 0; i < cin; i++) Rt[ro + i] += v * W[bo + i];
          }
        }
      }
    }
    for (let lag = 0; lag < centre; lag++) {
      const mirror = 2 * centre - lag; // flat index of -u
      for (let ip = 0; ip < cin; ip++) for (let i = 0; i < cin; i++) Rt[lag * C2 + ip * cin + i] = Rt[mirror * C2 + i * cin + ip];
    }
    for (let j = 0; j < Rt.length; j++) {
      if (!Number.isFinite(Rt[j])) throw new DomainError(`ZeroPadGram: the Gram lags R_u = sum K_p'^T K_p overflowed (taps too large for their squares to be finite); rescale the kernel (sigma_max is homogeneous in it)`);
    }
    const rData = new Float64Array(rTaps * C2); // canonical [i'][i][lag]
    for (let t = 0; t < rTaps; t++) for (let c = 0; c < C2; c++) rData[c * rTaps + t] = Rt[t * C2 + c];
    // G(w) = F_R(-w) on the negated half spectrum -2 pi k / L
    const axes = this.dft.half.map((m, a) => Float64Array.from({ length: m }, (_, k) => (-2 * Math.PI * k) / this.grid[a]));
    this.symbolGrid = customGrid(axes);
    const full = evaluateOnGrid({ cout: cin, cin, shape: rShape, origin: shape.map((k) => k - 1), data: rData }, this.symbolGrid, { method: "direct" });
    const tri = (cin * (cin + 1)) / 2;
    this.gramSymbol = new Float64Array(2 * this.frequencies * tri);
    for (let f = 0; f < this.frequencies; f++) {
      let w = 2 * f * tri;
      for (let ip = 0; ip < cin; ip++) {
        const src = 2 * (f * C2 + ip * cin);
        this.gramSymbol[w++] = full[src + 2 * ip];
        this.gramSymbol[w++] = 0;
        for (let i = ip + 1; i < cin; i++) { this.gramSymbol[w++] = full[src + 2 * i]; this.gramSymbol[w++] = full[src + 2 * i + 1]; }
      }
    }

    // ring triples, grouped by tap: positions j of the full range outside the box, box b = j + q_t
    const ext = this.grid;
    const extSize = ext.reduce((p, v) => p * v, 1);
    this.ringPositions = extSize - this.nIn;
    this.ringTriples = ringTripleCount(shape, origin, n);
    const q = tapOffsets(shape, origin);
    const perTap: number[][] = Array.from({ length: taps }, () => []);
    const j = new Array<number>(d);
    let ring = 0;
    for (let e = 0; e < extSize; e++) {
      let rem = e, inBox = true;
      for (let a = d - 1; a >= 0; a--) {
        j[a] = (rem % ext[a]) + origin[a] - (shape[a] - 1);
        rem = Math.floor(rem / ext[a]);
        if (j[a] < 0 || j[a] >= n[a]) inBox = false;
      }
      if (inBox) continue;
      for (let t = 0; t < taps; t++) {
        let b = 0, ok = true;
        for (let a = 0; a < d; a++) {
          const ba = j[a] + q[t * d + a];
          if (ba < 0 || ba >= n[a]) { ok = false; break; }
          b = b * n[a] + ba;
        }
        if (ok) perTap[t].push(ring, b);
      }
      ring++;
    }
    this.tripleStart = new Int32Array(taps + 1);
    for (let t = 0; t < taps; t++) this.tripleStart[t + 1] = this.tripleStart[t] + perTap[t].length / 2;
    if (this.tripleStart[taps] !== this.ringTriples) throw new Error(`ZeroPadGram: internal ring count ${this.tripleStart[taps]} != ${this.ringTriples}`);
    this.tripleRing = new Int32Array(this.ringTriples);
    this.tripleBox = new Int32Array(this.ringTriples);
    for (let t = 0; t < taps; t++) perTap[t].forEach((v, k) => { (k % 2 === 0 ? this.tripleRing : this.tripleBox)[this.tripleStart[t] + (k >> 1)] = v; });

    this.X = new Float64Array(2 * this.frequencies * cin);
    this.Y = new Float64Array(2 * this.frequencies * cin);
    this.ringValues = new Float64Array(this.ringPositions * cout);
    this.plainIn = new Float64Array(cin * this.nIn);
    this.plainOut = new Float64Array(cin * this.nIn);
  }

  /** Multiply-adds of the set-up's lags `R_u` (only `u >= 0`): `(taps^2 + taps) / 2 * cout * cin^2`, against one product's {@link ZeroPadGram.gramCost}. */
  static setupCost(cout: number, cin: number, shape: readonly number[]): number {
    const taps = tapCount(shape);
    return ((taps * taps + taps) / 2) * cout * cin * cin;
  }

  /** Numbers of the whole Gram symbol as evaluated before packing: `2 H cin^2` (H half-spectrum frequencies of `n + k - 1`). */
  static symbolNumbers(cin: number, shape: readonly number[], n: readonly number[]): number {
    const L = n.map((na, a) => na + shape[a] - 1);
    return 2 * cin * cin * L.slice(0, -1).reduce((p, v) => p * v, Math.floor(L[L.length - 1] / 2) + 1);
  }

  /**
   * Multiply-adds of one product (for choosing between this, ZeroPadFftConv.gramCost and the index
   * tables' `2 cout cin taps prod(n)`): the Hermitian mix `4 cin^2 H` (a complex multiply-add is 4
   * real ones; H half-spectrum frequencies of `L = n + k - 1`), one forward and one inverse pruned
   * DFT of cin channels ({@link PrunedRealDft.multiplyAdds}), and the ring `2 cout cin * triples`
   * (E and E^T). Setup (R and G, once) is not included: `(taps^2 + taps) / 2 * cout * cin^2` plus
   * the evaluation of G.
   */
  static gramCost(cout: number, cin: number, shape: readonly number[], origin: readonly number[], n: readonly number[]): number {
    checkSizes("ZeroPadGram.gramCost", cout, cin, shape, origin, n);
    const dft = new PrunedRealDft(n, n.map((na, a) => na + shape[a] - 1), cin);
    return 2 * dft.multiplyAdds + 4 * cin * cin * dft.halfSize + 2 * cout * cin * ringTripleCount(shape, origin, n);
  }

  /**
   * `T^T T x` in the interleaved layout: x and the result `[position][channel]`, `cin * prod(n)`
   * numbers each. Writes into `out` when given (it may be x itself) and then allocates nothing.
   */
  gramInterleaved(x: Float64Array, out?: Float64Array): Float64Array {
    const len = this.cin * this.nIn;
    if (!(x instanceof Float64Array) || x.length !== len) throw new ShapeError(`ZeroPadGram.gramInterleaved: expected a Float64Array of ${len} numbers, got ${x?.length}`);
    if (out !== undefined && (!(out instanceof Float64Array) || out.length !== len)) throw new ShapeError(`ZeroPadGram.gramInterleaved: out must be a Float64Array of ${len} numbers, got ${out?.length}`);
    this.dft.forward(x, this.X);
    this.ringApply(x, this.ringValues); // E x read before out (possibly x) is overwritten
    this.mix(this.X, this.Y);
    const r = this.dft.inverse(this.Y, out ?? new Float64Array(len));
    this.ringSubtractTranspose(this.ringValues, r);
    return r;
  }

  /** `T^T T x` for x `[cin][n]` (the core's layout); a new array. */
  gram(x: Float64Array): Float64Array {
    interleave(x, this.cin, this.nIn, this.plainIn);
    this.gramInterleaved(this.plainIn, this.plainOut);
    return deinterleave(this.plainOut, this.cin, this.nIn);
  }

  /**
   * The full Hermitian `G(w_f)` (cin x cin, interleaved, row-major) of half-spectrum frequency f,
   * unpacked from {@link ZeroPadGram.gramSymbol} into `out` (`2 cin^2` numbers); `G(w_f) = F(w_f)^H
   * F(w_f)` with w_f the f-th point of {@link ZeroPadGram.symbolGrid}.
   */
  symbolMatrix(f: number, out: Float64Array): Float64Array {
    const { cin, gramSymbol: G } = this;
    if (!Number.isInteger(f) || f < 0 || f >= this.frequencies) throw new ShapeError(`ZeroPadGram.symbolMatrix: frequency index must be an integer in [0, ${this.frequencies - 1}], got ${f}`);
    if (!(out instanceof Float64Array) || out.length < 2 * cin * cin) throw new ShapeError(`ZeroPadGram.symbolMatrix: out must hold ${2 * cin * cin} numbers`);
    let g = f * cin * (cin + 1);
    for (let i = 0; i < cin; i++) for (let j = i; j < cin; j++, g += 2) {
      const a = G[g], b = G[g + 1];
      out[2 * (i * cin + j)] = a; out[2 * (i * cin + j) + 1] = b;
      out[2 * (j * cin + i)] = a; out[2 * (j * cin + i) + 1] = -b;
    }
    return out;
  }

  /**
   * `Y(w) = G(w) X(w)` at every stored frequency, X and Y `[frequency][cin]` interleaved complex
   * (separate arrays), from the packed upper triangle: entry (i, j > i) g serves `Y_i += g X_j` and
   * `Y_j += conj(g) X_i`. Cost `4 cin^2 H` real multiply-adds. (Measured: this beats full storage with
   * row dot products, one or two rows at a time, real / imaginary parts split, and row pairs here:
   * it streams half the matrix memory.)
   */
  mix(X: Float64Array, Y: Float64Array): void {
    const { cin, frequencies, gramSymbol: G } = this;
    const tri = (cin * (cin + 1)) / 2;
    Y.fill(0);
    const mirror = this.dft.mirror;
    for (let f = 0; f < frequencies; f++) {
      const xo = 2 * f * cin;
      // conjugate pairs of the half spectrum (real R, real data): Y_f = conj Y_{mirror[f]}
      if (mirror[f] >= 0) { conjugateCopy(Y, 2 * mirror[f] * cin, xo, cin); continue; }
      let g = 2 * f * tri;
      for (let i = 0; i < cin; i++) {
        const xri = X[xo + 2 * i], xii = X[xo + 2 * i + 1];
        const dgi = G[g];
        let sr = dgi * xri, si = dgi * xii;
        g += 2;
        for (let jj = xo + 2 * i + 2, end = xo + 2 * cin; jj < end; jj += 2, g += 2) {
          const a = G[g], b = G[g + 1];
          const xr = X[jj], xi = X[jj + 1];
          sr += a * xr - b * xi;
          si += a * xi + b * xr;
          Y[jj] += a * xri + b * xii;
          Y[jj + 1] += a * xii - b * xri;
        }
        Y[xo + 2 * i] += sr;
        Y[xo + 2 * i + 1] += si;
      }
    }
  }

  /**
   * `e = E x`: `e[r][o] = sum_{(r, t, b)} sum_i K_t[o][i] x[b][i]` over the ring triples, x interleaved.
   * Cost `cout cin * triples`. Four triples of a tap share each row of K_t (four independent sums:
   * one running sum is bound by the add latency).
   */
  ringApply(x: Float64Array, e: Float64Array): void {
    const { cout, cin, weights: W, tripleStart, tripleRing: R, tripleBox: B } = this;
    e.fill(0);
    const taps = tripleStart.length - 1;
    for (let t = 0; t < taps; t++) {
      const s0 = tripleStart[t], s1 = tripleStart[t + 1];
      if (s0 === s1) continue;
      let o = 0;
      for (; o + 1 < cout; o += 2) {
        // two rows of K_t x four triples: eight independent sums, 6 loads per 8 multiply-adds
        const w0 = (t * cout + o) * cin, w1 = w0 + cin;
        let s = s0;
        for (; s + 3 < s1; s += 4) {
          const x0 = B[s] * cin, x1 = B[s + 1] * cin, x2 = B[s + 2] * cin, x3 = B[s + 3] * cin;
          let a0 = 0, a1 = 0, a2 = 0, a3 = 0, c0 = 0, c1 = 0, c2 = 0, c3 = 0;
          for (let i = 0; i < cin; i++) {
            const u = W[w0 + i], v = W[w1 + i];
            const y0 = x[x0 + i], y1 = x[x1 + i], y2 = x[x2 + i], y3 = x[x3 + i];
            a0 += u * y0; a1 += u * y1; a2 += u * y2; a3 += u * y3;
            c0 += v * y0; c1 += v * y1; c2 += v * y2; c3 += v * y3;
          }
          const e0 = R[s] * cout + o, e1 = R[s + 1] * cout + o, e2 = R[s + 2] * cout + o, e3 = R[s + 3] * cout + o;
          e[e0] += a0; e[e1] += a1; e[e2] += a2; e[e3] += a3;
          e[e0 + 1] += c0; e[e1 + 1] += c1; e[e2 + 1] += c2; e[e3 + 1] += c3;
        }
        for (; s < s1; s++) {
          const xb = B[s] * cin;
          let a0 = 0, c0 = 0;
          for (let i = 0; i < cin; i++) { const y0 = x[xb + i]; a0 += W[w0 + i] * y0; c0 += W[w1 + i] * y0; }
          e[R[s] * cout + o] += a0;
          e[R[s] * cout + o + 1] += c0;
        }
      }
      for (; o < cout; o++) {
        const wo = (t * cout + o) * cin;
        let s = s0;
        for (; s + 3 < s1; s += 4) {
          const x0 = B[s] * cin, x1 = B[s + 1] * cin, x2 = B[s + 2] * cin, x3 = B[s + 3] * cin;
          let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
          for (let i = 0; i < cin; i++) {
            const w = W[wo + i];
            a0 += w * x[x0 + i]; a1 += w * x[x1 + i]; a2 += w * x[x2 + i]; a3 += w * x[x3 + i];
          }
          e[R[s] * cout + o] += a0; e[R[s + 1] * cout + o] += a1; e[R[s + 2] * cout + o] += a2; e[R[s + 3] * cout + o] += a3;
        }
        for (; s < s1; s++) {
          const xb = B[s] * cin;
          let acc = 0;
          for (let i = 0; i < cin; i++) acc += W[wo + i] * x[xb + i];
          e[R[s] * cout + o] += acc;
        }
      }
    }
  }

  /**
   * `y -= E^T e`: `y[b][i] -= sum_{(r, t, b)} sum_o K_t[o][i] e[r][o]`, y interleaved. Cost
   * `cout cin * triples`; four rows o at a time (one load / store of y per four).
   */
  ringSubtractTranspose(e: Float64Array, y: Float64Array): void {
    const { cout, cin, weights: W, tripleStart, tripleRing: R, tripleBox: B } = this;
    const taps = tripleStart.length - 1;
    for (let t = 0; t < taps; t++) {
      const s0 = tripleStart[t], s1 = tripleStart[t + 1];
      if (s0 === s1) continue;
      let o = 0;
      for (; o + 3 < cout; o += 4) {
        const w0 = (t * cout + o) * cin, w1 = w0 + cin, w2 = w1 + cin, w3 = w2 + cin;
        let s = s0;
        for (; s + 1 < s1; s += 2) {
          // four rows of K_t x two triples: 8 loads / stores per 8 multiply-adds
          const er = R[s] * cout + o, fr = R[s + 1] * cout + o;
          const v0 = e[er], v1 = e[er + 1], v2 = e[er + 2], v3 = e[er + 3];
          const u0 = e[fr], u1 = e[fr + 1], u2 = e[fr + 2], u3 = e[fr + 3];
          const yb = B[s] * cin, zb = B[s + 1] * cin;
          for (let i = 0; i < cin; i++) {
            const k0 = W[w0 + i], k1 = W[w1 + i], k2 = W[w2 + i], k3 = W[w3 + i];
            y[yb + i] -= v0 * k0 + v1 * k1 + v2 * k2 + v3 * k3;
            y[zb + i] -= u0 * k0 + u1 * k1 + u2 * k2 + u3 * k3;
          }
        }
        for (; s < s1; s++) {
          const er = R[s] * cout + o;
          const v0 = e[er], v1 = e[er + 1], v2 = e[er + 2], v3 = e[er + 3];
          const yb = B[s] * cin;
          for (let i = 0; i < cin; i++) y[yb + i] -= v0 * W[w0 + i] + v1 * W[w1 + i] + v2 * W[w2 + i] + v3 * W[w3 + i];
        }
      }
      for (; o < cout; o++) {
        const wo = (t * cout + o) * cin;
        for (let s = s0; s < s1; s++) {
          const v = e[R[s] * cout + o];
          const yb = B[s] * cin;
          for (let i = 0; i < cin; i++) y[yb + i] -= v * W[wo + i];
        }
      }
    }
  }
}
