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
 * Both paths are the shared convolution core (src/conv/): the periodic case via FFT
 * (`PeriodicFftConv`: every block is `K^{oi} = F^{-1} diag(lambda^{oi}) F`, `lambda^{oi} = F c^{oi}`,
 * `c^{oi} = K^{oi} e_1` the first column, `c[-q mod n] = K[o, i, q]`); the zero-boundary case
 * (and periodic with `method: "direct"`) by the index-table loops of `ConvCore` (padding "zero" /
 * "circular", stride 1). J^T w is the kernel gradient
 * `G[o, i, q] = sum_e sum_x W[e, o, x] Y[e, i, x + q]` of the core, then `Q^T G` (model).
 * The lambda's are the eigenvalues; at frequency `w_k = 2 pi k / n` they equal the symbol
 * `F(w) = sum_q K_q e^{-i q w}` at `-w_k` (its complex conjugate for real kernels).
 * Costs: direct `nex * cout * cin * taps * N`; FFT `nex * (cin + cout) * N log N + nex * cout * cin * N`.
 */
import { ShapeError, SizeLimitError, checkFinite, checkOneOf, checkOptions, checkInteger } from "../core/errors";
import { tapCount } from "../core/kernel-tensor";
import type { LinearOperator } from "../core/operator";
import { ConvCore, PeriodicFftConv } from "../conv/index";
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
  /** The index-table core (zero, or periodic "direct"). */
  private readonly core: ConvCore;
  /** The FFT path of the periodic case. */
  private readonly fft: PeriodicFftConv;

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
    const padding = this.boundary === "zero" ? "zero" : "circular";
    this.core = new ConvCore({ cout: model.cout, cin: model.cin, shape: model.shape, origin: model.origin, n: this.grid, padding });
    this.fft = new PeriodicFftConv(model.cout, model.cin, model.shape, model.origin, this.grid);
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
    return this.core.dense(this.model.kernel(theta), "denseMatrix", DENSE_MATRIX_LIMIT, "use apply/applyT (matrix-free) instead");
  }

  // ---- kernel-level work (k in canonical layout, already validated) ----

  private columnsOf(k: Float64Array): Float64Array {
    return this.fft.columns(k);
  }

  private spectraOf(k: Float64Array): Float64Array {
    return this.fft.eigenvalues(k);
  }

  /** Z = K Y for kernel data k. */
  private applyKernel(k: Float64Array, Y: Float64Array, nex: number): Float64Array {
    if (k.length !== kernelLength(this.model)) throw new ShapeError(`ParametricConv: model "${this.model.name}" returned ${k.length} kernel entries; expected ${kernelLength(this.model)}`);
    return this.useFft ? this.fft.apply(k, Y, nex) : this.core.apply(k, Y, nex);
  }

  /** Y = K^T Z for kernel data k. */
  private applyKernelT(k: Float64Array, Z: Float64Array, nex: number): Float64Array {
    return this.useFft ? this.fft.applyT(k, Z, nex) : this.core.applyT(k, Z, nex);
  }

  /** `G[o, i, t] = sum_e sum_x W[e, o, x] Y[e, i, x + q_t]` (the gradient of <W, K Y> with respect to the kernel). */
  private kernelGradient(W: Float64Array, Y: Float64Array, nex: number): Float64Array {
    return this.useFft ? this.fft.kernelGradient(W, Y, nex) : this.core.kernelGradient(W, Y, nex);
  }
}

/** Shorthand for `new ParametricConv(model, options)`. */
export function parametricConv(model: KernelModel, options: ParametricConvOptions): ParametricConv {
  return new ParametricConv(model, options);
}
