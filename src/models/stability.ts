/**
 * Stability of `Y' = A Y` for convolution operators (the lecture's motivation for antisymmetric
 * kernels). For a square kernel K (cout = cin) on a grid:
 *   `A = K - K^T - gamma I`
 * is antisymmetric up to the shift: `A + A^T = -2 gamma I`, so every eigenvalue has real part
 * exactly `-gamma` (pure imaginary for gamma = 0). On a periodic grid with one channel the
 * eigenvalues are `lambda_k - conj(lambda_k) - gamma = 2 i Im(lambda_k) - gamma`, lambda = FFT of
 * the first column of K.
 * Forward Euler `y <- y + h A y` multiplies an eigencomponent by `1 + h mu`; for mu = i s this has
 * modulus `sqrt(1 + h^2 s^2) > 1`, so ||y|| grows; leapfrog `y_{n+1} = y_{n-1} + 2 h A y_n` keeps it
 * bounded when `h max|s| < 1`; with gamma > 0 forward Euler is stable when `|1 + h mu| <= 1` for all mu.
 */
import { DomainError, ShapeError, checkFinite, checkInteger, checkOneOf, checkOptions } from "../core/errors";
import { KernelLike, asKernel } from "../core/kernel-tensor";
import type { LinearOperator } from "../core/operator";
import { DISPLAY, type MimeBundle } from "../display/channel";
import { fullKernelModel } from "./kernel-model";
import { Boundary, ParametricConv } from "./parametric-conv";
import { linePlot } from "../display/plots";

/** `A = K - K^T - gamma I` as a matrix-free operator on one example `[c, ...grid]`, with its spectrum when available. */
export interface ShiftedAntisymmetricOperator extends LinearOperator {
  readonly gamma: number;
  readonly boundary: Boundary;
  /**
   * Eigenvalues (interleaved complex, FFT order) for one channel and a periodic grid:
   * `2 i Im(lambda_k) - gamma`. ShapeError otherwise (use a dense eigen-solver there).
   */
  eigenvalues(): Float64Array;
}

/**
 * Builds {@link ShiftedAntisymmetricOperator} `A y = K y - K^T y - gamma y` for a square kernel
 * (cout = cin) on `grid` with the given boundary rule (default periodic). gamma >= 0, in units of 1/time.
 */
export function shiftedAntisymmetricOperator(kernel: KernelLike, grid: readonly number[], gamma = 0, boundary: Boundary = "periodic"): ShiftedAntisymmetricOperator {
  const where = "shiftedAntisymmetricOperator";
  const K = asKernel(where, kernel);
  if (K.cout !== K.cin) throw new ShapeError(`${where}: K - K^T needs a square kernel (cout = cin), got ${K.cout}x${K.cin}`);
  if (!Number.isFinite(gamma) || gamma < 0) throw new DomainError(`${where}: gamma must be a finite number >= 0, got ${gamma}`);
  const model = fullKernelModel(K.cout, K.cin, K.shape, K.origin);
  const conv = new ParametricConv(model, { grid, boundary });
  const theta = K.data;
  const c = K.cout;
  const combine = (y: Float64Array, sign: number) => {
    const Ky = conv.apply(theta, y);
    const KTy = conv.applyT(theta, y);
    const out = new Float64Array(y.length);
    for (let k = 0; k < y.length; k++) out[k] = sign * (Ky[k] - KTy[k]) - gamma * y[k];
    return out;
  };
  const shape = [c, ...conv.grid];
  const checkLen = (verb: string, y: Float64Array) => {
    if (!(y instanceof Float64Array) || y.length !== c * conv.npoints) throw new ShapeError(`${where}.${verb}: expected ${c * conv.npoints} numbers ([${shape}]), got ${y?.length}`);
  };
  return {
    inputShape: shape, outputShape: shape, gamma, boundary: conv.boundary,
    apply: (y) => { checkLen("apply", y); return combine(y, 1); },
    applyT: (y) => { checkLen("applyT", y); return combine(y, -1); },
    eigenvalues: () => {
      if (c !== 1 || conv.boundary !== "periodic") throw new ShapeError(`${where}.eigenvalues: closed form only for one channel on a periodic grid (got ${c} channels, ${conv.boundary})`);
      const lam = conv.periodicEigenvalues(theta);
      const out = new Float64Array(lam.length);
      for (let k = 0; k < lam.length; k += 2) { out[k] = -gamma; out[k + 1] = 2 * lam[k + 1]; }
      return out;
    },
  };
}

/**
 * Largest forward-Euler step for `A = S - gamma I` with S antisymmetric and spectral radius rho
 * (eigenvalues `-gamma + i s`, |s| <= rho): `|1 + h(-gamma + i s)|^2 = (1 - h gamma)^2 + h^2 s^2 <= 1`
 * for all such s iff `h <= 2 gamma / (gamma^2 + rho^2)` (units: time). 0 for gamma = 0 (never stable).
 */
export function forwardEulerStableStep(gamma: number, rho: number): number {
  if (!Number.isFinite(gamma) || gamma < 0 || !Number.isFinite(rho) || rho < 0) throw new DomainError(`forwardEulerStableStep: gamma and rho must be finite numbers >= 0, got ${gamma}, ${rho}`);
  if (gamma === 0) return 0;
  return (2 * gamma) / (gamma * gamma + rho * rho);
}

export type OdeScheme = "forward-euler" | "leapfrog";
export const ODE_SCHEMES: readonly OdeScheme[] = ["forward-euler", "leapfrog"];

/** Options of {@link integrateLinearOde}. */
export interface OdeOptions {
  scheme: OdeScheme;
  /** Time step h > 0. */
  stepSize: number;
  /** Number of steps (1 .. 10^6). */
  steps: number;
}

/** A time integration: ||y(t_n)|| at t_n = n h, and the final state. */
export class OdeRun implements Iterable<number> {
  constructor(readonly scheme: OdeScheme, readonly stepSize: number, readonly norms: Float64Array, readonly final: Float64Array) {}
  /** `||y_N|| / ||y_0||`. */
  get growth(): number { return this.norms[this.norms.length - 1] / this.norms[0]; }
  /** `max_n ||y_n|| / ||y_0||`. */
  get maxGrowth(): number { let m = 0; for (const v of this.norms) m = Math.max(m, v); return m / this.norms[0]; }
  [Symbol.iterator](): Iterator<number> { return this.norms[Symbol.iterator](); }
  toString(): string {
    return `${this.scheme}, h = ${this.stepSize}, ${this.norms.length - 1} steps: ||y_N||/||y_0|| = ${this.growth.toPrecision(6)}, max ||y_n||/||y_0|| = ${this.maxGrowth.toPrecision(6)}`;
  }
  async [DISPLAY](): Promise<MimeBundle> {
    const t = Float64Array.from(this.norms, (_, n) => n * this.stepSize);
    // A norm that grows or decays by more than 100x reads on a log axis only.
    let lo = Infinity, hi = 0;
    for (const v of this.norms) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    const yScale = lo > 0 && hi / lo > 100 ? "log" : "linear";
    const plot = linePlot(t, this.norms, { title: `${this.scheme}, h = ${this.stepSize.toPrecision(4)}`, xLabel: "t", yLabel: "‖y(t)‖", yScale, width: 420, height: 220 });
    return { ...(await plot[DISPLAY]()), "text/plain": this.toString() };
  }
}

/**
 * Integrates `y' = A y` from `y0` with forward Euler (`y_{n+1} = y_n + h A y_n`) or leapfrog
 * (`y_1 = y_0 + h A y_0`, then `y_{n+1} = y_{n-1} + 2 h A y_n`), recording the Euclidean norms.
 */
export function integrateLinearOde(op: LinearOperator, y0: Float64Array, options: OdeOptions): OdeRun {
  const where = "integrateLinearOde";
  checkOptions(where, options, ["scheme", "stepSize", "steps"]);
  const scheme = checkOneOf(where, "scheme", options?.scheme, ODE_SCHEMES);
  const h = options.stepSize;
  if (typeof h !== "number" || !Number.isFinite(h) || h <= 0) throw new DomainError(`${where}: stepSize must be a finite number > 0, got ${h}`);
  const steps = checkInteger(where, "steps", options.steps, 1, 1_000_000);
  const n = op.inputShape.reduce((p, s) => p * s, 1);
  if (!(y0 instanceof Float64Array) || y0.length !== n) throw new ShapeError(`${where}: y0 must have ${n} numbers ([${op.inputShape}]), got ${y0?.length}`);
  checkFinite(`${where}: y0`, y0);
  const norm = (y: Float64Array) => { let s = 0; for (const v of y) s += v * v; return Math.sqrt(s); };
  const norms = new Float64Array(steps + 1);
  norms[0] = norm(y0);
  let prev = Float64Array.from(y0);
  let cur = Float64Array.from(y0);
  for (let s = 1; s <= steps; s++) {
    const Ay = op.apply(cur);
    const next = new Float64Array(n);
    if (scheme === "forward-euler" || s === 1) for (let k = 0; k < n; k++) next[k] = cur[k] + h * Ay[k];
    else for (let k = 0; k < n; k++) next[k] = prev[k] + 2 * h * Ay[k];
    prev = cur;
    cur = next;
    norms[s] = norm(cur);
  }
  return new OdeRun(scheme, h, norms, cur);
}
