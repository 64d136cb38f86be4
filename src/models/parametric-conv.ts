/**
 * Matrix-free convolution layers that are linear in their kernel, with derivatives with respect
 * to the parameters theta of a {@link KernelModel} (lecture "Parametric Models", seed 003).
 *
 * Data layout: a batch of `nex` examples is one flat Float64Array `[nex][channels][grid...]`
 * (row-major; the grid is `[n]` in 1-D, `[n1, n2]` in 2-D, any d works). Inputs have `cin`
 * channels, outputs `cout`.
 *
 * The operator (project convention, src/core/kernel-tensor.ts, cross-correlation):
 *   `Z[e, o, x] = sum_i sum_q K(theta)[o, i, q] * Y[e, i, x + q]`,  q = p - origin,
 * with `Y` outside the grid read as 0 ("zero": block Toeplitz matrix) or periodically ("periodic":
 * block circulant, BCCB in 2-D). The lecture writes convolution `z_i = sum_j s_j y_{i-j}`; it is the
 * same operator with the stencil flipped, `K_q = s_{-q}` (so a lecture stencil `[s_-1, s_0, s_1]`
 * is the kernel `[s_1, s_0, s_-1]` here; symmetric stencils are unchanged).
 *
 * Periodic case via FFT (F = unnormalised DFT, numpy convention): every block is
 * `K^{oi} = F^{-1} diag(lambda^{oi}) F` with `lambda^{oi} = F c^{oi}`, `c^{oi} = K^{oi} e_1` the first
 * column (`c[-q mod n] = K[o, i, q]`); so
 *   apply:   `Z_o = real F^{-1}( sum_i lambda^{oi} .* F Y_i )`,
 *   applyT:  `Y_i = real F^{-1}( sum_o conj(lambda^{oi}) .* F Z_o )`,
 *   J^T w:   kernel gradient `G[o, i, q] = sum_e sum_x W[e, o, x] Y[e, i, x + q]`
 *            `= real F^{-1}( sum_e conj(F W_{e,o}) .* F Y_{e,i} )[q mod n]`, then `Q^T G` (model).
 * The lambda's are the eigenvalues; at frequency `w_k = 2 pi k / n` they equal the symbol
 * `F(w) = sum_q K_q e^{-i q w}` at `-w_k` (its complex conjugate for real kernels).
 * The zero-boundary case (and periodic with `method: "direct"`) loops over taps exactly.
 * Costs: direct `nex * cout * cin * taps * N`; FFT `nex * (cin + cout) * N log N + nex * cout * cin * N`.
 */
import { ShapeError, SizeLimitError, checkFinite, checkOneOf, checkOptions, checkInteger } from "../core/errors";
import { tapCount, tapOffsets } from "../core/kernel-tensor";
import type { LinearOperator } from "../core/operator";
import { fftn, rfftn } from "../grid/fft";
import { KernelModel, kernelLength } from "./kernel-model";

export type Boundary = "periodic" | "zero";
export const BOUNDARIES: readonly Boundary[] = ["periodic", "zero"];
export type ConvMethod = "fft" | "direct";

/** Options of {@link ParametricConv}. */
export interface ParametricConvOptions {
  /** Spatial grid `[n]` or `[n1, n2]` (one entry per kernel axis). */
  grid: readonly number[];
  /** Boundary rule, default "periodic". */
  boundary?: Boundary;
  /** Periodic only: "fft" (default) or "direct" (tap loop, exact reference). Zero boundary is always direct. */
  method?: ConvMethod;
}

/** Grid points above which the operator refuses (entries per channel). */
export const GRID_POINT_LIMIT = 1 << 22;
/** Largest dense matrix {@link ParametricConv.denseMatrix} builds (rows * cols). */
export const DENSE_MATRIX_LIMIT = 1 << 24;

/** A parametric convolution `theta -> (Y -> K(theta) Y)` with its Jacobians; see the file comment. */
export class ParametricConv {
  readonly model: KernelModel;
  readonly grid: readonly number[];
  readonly boundary: Boundary;
  readonly method: ConvMethod;
  /** Grid points N = prod(grid). */
  readonly npoints: number;
  readonly taps: number;
  /** `indexTable[t * N + x]` = grid index read by tap t at output point x, or -1 (zero padding). */
  private readonly indexTable: Int32Array;
  /** Flat index of `-q mod n` for every tap (periodic first-column position). */
  private readonly columnIndex: Int32Array;

  constructor(model: KernelModel, options: ParametricConvOptions) {
    const where = "ParametricConv";
    checkOptions(where, options, ["grid", "boundary", "method"]);
    if (!model || typeof model.kernel !== "function") throw new ShapeError(`${where}: model must be a kernel model (e.g. fullKernelModel or a ParametricKernel)`);
    const grid = options?.grid;
    if (!Array.isArray(grid) || grid.length !== model.shape.length) {
      throw new ShapeError(`${where}: grid must have ${model.shape.length} entries (one per kernel axis of "${model.name}"), got ${JSON.stringify(grid)}`);
    }
    grid.forEach((n, a) => checkInteger(where, `grid[${a}]`, n, 1));
    this.model = model;
    this.grid = [...grid];
    this.boundary = checkOneOf(where, "boundary", options.boundary ?? "periodic", BOUNDARIES);
    this.method = checkOneOf(where, "method", options.method ?? "fft", ["fft", "direct"] as const);
    this.npoints = tapCount(grid);
    if (this.npoints > GRID_POINT_LIMIT) throw new SizeLimitError(`${where}: grid has ${this.npoints} points; at most ${GRID_POINT_LIMIT} allowed`);
    this.taps = tapCount(model.shape);
    const d = grid.length;
    const offs = tapOffsets(model.shape, model.origin);
    const N = this.npoints;
    this.indexTable = new Int32Array(this.taps * N);
    this.columnIndex = new Int32Array(this.taps);
    const mod = (a: number, n: number) => ((a % n) + n) % n;
    const xi = new Array<number>(d).fill(0);
    for (let t = 0; t < this.taps; t++) {
      let col = 0;
      for (let a = 0; a < d; a++) col = col * grid[a] + mod(-offs[t * d + a], grid[a]);
      this.columnIndex[t] = col;
      xi.fill(0);
      for (let x = 0; x < N; x++) {
        let src = 0;
        let inside = true;
        for (let a = 0; a < d; a++) {
          let s = xi[a] + offs[t * d + a];
          if (s < 0 || s >= grid[a]) {
            if (this.boundary === "zero") { inside = false; break; }
            s = mod(s, grid[a]);
          }
          src = src * grid[a] + s;
        }
        this.indexTable[t * N + x] = inside ? src : -1;
        for (let a = d - 1; a >= 0; a--) { if (++xi[a] < grid[a]) break; xi[a] = 0; }
      }
    }
  }

  get cin(): number { return this.model.cin; }
  get cout(): number { return this.model.cout; }
  /** Number of parameters p. */
  get nparams(): number { return this.model.nparams; }
  private get useFft(): boolean { return this.boundary === "periodic" && this.method === "fft"; }

  /** Number of examples in a batch `X` with `channels` channels; ShapeError unless the length is a positive multiple of `channels * N`. */
  examples(where: string, name: string, X: Float64Array, channels: number): number {
    const per = channels * this.npoints;
    if (!(X instanceof Float64Array)) throw new ShapeError(`${where}: ${name} must be a Float64Array laid out [examples][${channels} channels][${this.grid.join("][")}]`);
    if (X.length === 0 || X.length % per !== 0) {
      throw new ShapeError(`${where}: ${name} has ${X.length} numbers; expected a positive multiple of ${channels} channels * ${this.grid.join("*")} grid = ${per}`);
    }
    checkFinite(`${where}: ${name}`, X);
    return X.length / per;
  }

  private checkDtheta(where: string, v: Float64Array): void {
    if (!(v instanceof Float64Array) || v.length !== this.nparams) {
      throw new ShapeError(`${where}: dtheta must be a Float64Array of ${this.nparams} parameters of "${this.model.name}", got length ${v?.length}`);
    }
    checkFinite(`${where}: dtheta`, v);
  }

  /** `Z = K(theta) Y` for a batch Y `[nex][cin][grid]`; returns `[nex][cout][grid]`. */
  apply(theta: Float64Array, Y: Float64Array): Float64Array {
    this.model.checkTheta(theta);
    const nex = this.examples("ParametricConv.apply", "Y", Y, this.cin);
    return this.applyKernel(this.model.kernel(theta), Y, nex);
  }

  /** `Y = K(theta)^T Z` for a batch Z `[nex][cout][grid]`; returns `[nex][cin][grid]`. */
  applyT(theta: Float64Array, Z: Float64Array): Float64Array {
    this.model.checkTheta(theta);
    const nex = this.examples("ParametricConv.applyT", "Z", Z, this.cout);
    return this.applyKernelT(this.model.kernel(theta), Z, nex);
  }

  /** `J_theta(K(theta) Y) v = K'(theta)[v] Y` (= `mat(Q v) Y` for linear models), shape of Z. */
  jthetaMv(theta: Float64Array, dtheta: Float64Array, Y: Float64Array): Float64Array {
    this.model.checkTheta(theta);
    this.checkDtheta("ParametricConv.jthetaMv", dtheta);
    const nex = this.examples("ParametricConv.jthetaMv", "Y", Y, this.cin);
    return this.applyKernel(this.model.jacobianMv(theta, dtheta), Y, nex);
  }

  /** `J_theta(K(theta) Y)^T W = J_K^T G(W, Y)`, summed over the examples; returns p numbers. */
  jthetaTMv(theta: Float64Array, W: Float64Array, Y: Float64Array): Float64Array {
    this.model.checkTheta(theta);
    const nW = this.examples("ParametricConv.jthetaTMv", "W", W, this.cout);
    const nY = this.examples("ParametricConv.jthetaTMv", "Y", Y, this.cin);
    if (nW !== nY) throw new ShapeError(`ParametricConv.jthetaTMv: W holds ${nW} examples but Y holds ${nY}; they must match`);
    return this.model.jacobianTMv(theta, this.kernelGradient(W, Y, nY));
  }

  /** `K(theta)` on `nex` examples as a {@link LinearOperator} (input `[nex, cin, ...grid]`). */
  kernelOperator(theta: Float64Array, nex = 1): LinearOperator {
    this.model.checkTheta(theta);
    checkInteger("ParametricConv.kernelOperator", "nex", nex, 1);
    const k = this.model.kernel(theta);
    return {
      inputShape: [nex, this.cin, ...this.grid],
      outputShape: [nex, this.cout, ...this.grid],
      apply: (y) => this.applyKernel(k, y, this.examplesExactly("apply", y, this.cin, nex)),
      applyT: (z) => this.applyKernelT(k, z, this.examplesExactly("applyT", z, this.cout, nex)),
    };
  }

  /** `v -> J_theta(K(theta) Y) v` at fixed theta, Y as a {@link LinearOperator} (input `[p]`). */
  jacobianOperator(theta: Float64Array, Y: Float64Array): LinearOperator {
    this.model.checkTheta(theta);
    const nex = this.examples("ParametricConv.jacobianOperator", "Y", Y, this.cin);
    return {
      inputShape: [this.nparams],
      outputShape: [nex, this.cout, ...this.grid],
      apply: (v) => this.jthetaMv(theta, v, Y),
      applyT: (w) => this.jthetaTMv(theta, w, Y),
    };
  }

  private examplesExactly(verb: string, X: Float64Array, channels: number, nex: number): number {
    const got = this.examples(`kernelOperator.${verb}`, "input", X, channels);
    if (got !== nex) throw new ShapeError(`kernelOperator.${verb}: input holds ${got} examples; this operator was built for ${nex}`);
    return nex;
  }

  /**
   * First columns `c^{oi} = K^{oi}(theta) e_1` (lecture: `K(theta) u_1 = Q theta`), periodic grid,
   * returned as `[cout][cin][grid]`: `c[o, i, -q mod n] += K[o, i, q]`.
   */
  firstColumns(theta: Float64Array): Float64Array {
    this.model.checkTheta(theta);
    return this.columnsOf(this.model.kernel(theta));
  }

  /**
   * Eigenvalues of the periodic blocks: `lambda^{oi} = fftn(c^{oi})`, interleaved complex
   * `[cout][cin][grid]` in FFT order. For one channel these are the eigenvalues of K(theta), and
   * `K y = real(ifft(lambda .* fft(y)))`. (Exists for any boundary rule: it describes the periodic operator.)
   */
  periodicEigenvalues(theta: Float64Array): Float64Array {
    this.model.checkTheta(theta);
    return this.spectraOf(this.model.kernel(theta));
  }

  /**
   * The matrix of K(theta) on one example, `(cout N) x (cin N)` row-major, built entry by entry
   * from the index table (row `o N + x`, column `i N + s`). SizeLimitError above {@link DENSE_MATRIX_LIMIT} entries.
   */
  denseMatrix(theta: Float64Array): Float64Array {
    this.model.checkTheta(theta);
    const N = this.npoints;
    const rows = this.cout * N;
    const cols = this.cin * N;
    if (rows * cols > DENSE_MATRIX_LIMIT) throw new SizeLimitError(`denseMatrix: ${rows}x${cols} exceeds ${DENSE_MATRIX_LIMIT} entries`);
    const k = this.model.kernel(theta);
    const M = new Float64Array(rows * cols);
    for (let o = 0; o < this.cout; o++) for (let i = 0; i < this.cin; i++) for (let t = 0; t < this.taps; t++) {
      const kv = k[(o * this.cin + i) * this.taps + t];
      for (let x = 0; x < N; x++) {
        const s = this.indexTable[t * N + x];
        if (s >= 0) M[(o * N + x) * cols + i * N + s] += kv;
      }
    }
    return M;
  }

  // ---- kernel-level work (k in canonical layout, already validated) ----

  private columnsOf(k: Float64Array): Float64Array {
    const N = this.npoints;
    const c = new Float64Array(this.cout * this.cin * N);
    for (let b = 0; b < this.cout * this.cin; b++) {
      for (let t = 0; t < this.taps; t++) c[b * N + this.columnIndex[t]] += k[b * this.taps + t];
    }
    return c;
  }

  private spectraOf(k: Float64Array): Float64Array {
    const N = this.npoints;
    const cols = this.columnsOf(k);
    const out = new Float64Array(2 * cols.length);
    for (let b = 0; b < this.cout * this.cin; b++) out.set(rfftn(cols.subarray(b * N, (b + 1) * N), this.grid), 2 * b * N);
    return out;
  }

  private spectraOfBatch(X: Float64Array, lines: number): Float64Array {
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

  /** Z = K Y for kernel data k; `conjugate` uses K^T (swaps the roles of cin and cout). */
  private applyKernel(k: Float64Array, Y: Float64Array, nex: number): Float64Array {
    if (k.length !== kernelLength(this.model)) throw new ShapeError(`ParametricConv: model "${this.model.name}" returned ${k.length} kernel entries; expected ${kernelLength(this.model)}`);
    const { cin, cout, taps, npoints: N } = this;
    if (this.useFft) {
      const lam = this.spectraOf(k);
      const Yh = this.spectraOfBatch(Y, nex * cin);
      const Zh = new Float64Array(2 * nex * cout * N);
      for (let e = 0; e < nex; e++) for (let o = 0; o < cout; o++) {
        const zo = 2 * (e * cout + o) * N;
        for (let i = 0; i < cin; i++) {
          const lo = 2 * (o * cin + i) * N;
          const yo = 2 * (e * cin + i) * N;
          for (let j = 0; j < 2 * N; j += 2) {
            const lr = lam[lo + j], li = lam[lo + j + 1], yr = Yh[yo + j], yi = Yh[yo + j + 1];
            Zh[zo + j] += lr * yr - li * yi;
            Zh[zo + j + 1] += lr * yi + li * yr;
          }
        }
      }
      return this.inverseReal(Zh, nex * cout);
    }
    const Z = new Float64Array(nex * cout * N);
    const table = this.indexTable;
    for (let e = 0; e < nex; e++) for (let o = 0; o < cout; o++) {
      const zo = (e * cout + o) * N;
      for (let i = 0; i < cin; i++) {
        const yo = (e * cin + i) * N;
        for (let t = 0; t < taps; t++) {
          const kv = k[(o * cin + i) * taps + t];
          if (kv === 0) continue;
          const to = t * N;
          for (let x = 0; x < N; x++) {
            const s = table[to + x];
            if (s >= 0) Z[zo + x] += kv * Y[yo + s];
          }
        }
      }
    }
    return Z;
  }

  private applyKernelT(k: Float64Array, Z: Float64Array, nex: number): Float64Array {
    const { cin, cout, taps, npoints: N } = this;
    if (this.useFft) {
      const lam = this.spectraOf(k);
      const Zh = this.spectraOfBatch(Z, nex * cout);
      const Yh = new Float64Array(2 * nex * cin * N);
      for (let e = 0; e < nex; e++) for (let i = 0; i < cin; i++) {
        const yo = 2 * (e * cin + i) * N;
        for (let o = 0; o < cout; o++) {
          const lo = 2 * (o * cin + i) * N;
          const zo = 2 * (e * cout + o) * N;
          for (let j = 0; j < 2 * N; j += 2) {
            // conj(lambda) * Zhat
            const lr = lam[lo + j], li = lam[lo + j + 1], zr = Zh[zo + j], zi = Zh[zo + j + 1];
            Yh[yo + j] += lr * zr + li * zi;
            Yh[yo + j + 1] += lr * zi - li * zr;
          }
        }
      }
      return this.inverseReal(Yh, nex * cin);
    }
    const Y = new Float64Array(nex * cin * N);
    const table = this.indexTable;
    for (let e = 0; e < nex; e++) for (let o = 0; o < cout; o++) {
      const zo = (e * cout + o) * N;
      for (let i = 0; i < cin; i++) {
        const yo = (e * cin + i) * N;
        for (let t = 0; t < taps; t++) {
          const kv = k[(o * cin + i) * taps + t];
          if (kv === 0) continue;
          const to = t * N;
          for (let x = 0; x < N; x++) {
            const s = table[to + x];
            if (s >= 0) Y[yo + s] += kv * Z[zo + x];
          }
        }
      }
    }
    return Y;
  }

  /** `G[o, i, t] = sum_e sum_x W[e, o, x] Y[e, i, x + q_t]` (the gradient of <W, K Y> with respect to the kernel). */
  private kernelGradient(W: Float64Array, Y: Float64Array, nex: number): Float64Array {
    const { cin, cout, taps, npoints: N } = this;
    const G = new Float64Array(cout * cin * taps);
    if (this.useFft) {
      const Wh = this.spectraOfBatch(W, nex * cout);
      const Yh = this.spectraOfBatch(Y, nex * cin);
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
      for (let b = 0; b < cout * cin; b++) for (let t = 0; t < taps; t++) {
        // R[q mod n] with q = offset of tap t; -q mod n is columnIndex, so q mod n is its mirror
        G[b * taps + t] = R[b * N + this.mirror(this.columnIndex[t])];
      }
      return G;
    }
    const table = this.indexTable;
    for (let e = 0; e < nex; e++) for (let o = 0; o < cout; o++) {
      const wo = (e * cout + o) * N;
      for (let i = 0; i < cin; i++) {
        const yo = (e * cin + i) * N;
        for (let t = 0; t < taps; t++) {
          const to = t * N;
          let acc = 0;
          for (let x = 0; x < N; x++) {
            const s = table[to + x];
            if (s >= 0) acc += W[wo + x] * Y[yo + s];
          }
          G[(o * cin + i) * taps + t] += acc;
        }
      }
    }
    return G;
  }

  /** Flat index of `-j mod grid` for a flat index j. */
  private mirror(j: number): number {
    let out = 0;
    let stride = 1;
    const g = this.grid;
    const parts: number[] = [];
    for (let a = g.length - 1; a >= 0; a--) { parts[a] = j % g[a]; j = Math.floor(j / g[a]); }
    for (let a = g.length - 1; a >= 0; a--) { out += ((g[a] - parts[a]) % g[a]) * stride; stride *= g[a]; }
    return out;
  }
}

/** Shorthand for `new ParametricConv(model, options)`. */
export function parametricConv(model: KernelModel, options: ParametricConvOptions): ParametricConv {
  return new ParametricConv(model, options);
}
