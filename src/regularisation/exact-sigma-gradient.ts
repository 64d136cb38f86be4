/**
 * Gradient of the exact spectral norm of a zero-padded (or circular) conv layer with respect to its
 * taps, from the top singular pair of the layer matrix T (size `cout N x cin N`):
 *   `sigma = ||T||_2 = u^T T v`,  `d sigma / d K[o, i, t] = u^T (dT/dK[o,i,t]) v
 *                                  = sum_x u[o, x] v[i, x + q_t]`  (v read as 0 outside the grid),
 * the cross-correlation of u and v, i.e. the kernel gradient of `<u, T v>` that
 * {@link ParametricConv.jthetaTMv} computes. `v` is the top right singular vector from
 * {@link spectralNorm} (Lanczos on `T^T T`, certified by its residual), `u = T v / sigma`.
 * Ties: when sigma is a repeated singular value the norm is not differentiable; `sigma(K)` is convex in
 * K (a norm of a linear map of K), and for any unit top pair `u v^T` the returned vector is a
 * subgradient: `sigma(K + D) >= sigma(K) + <g, D>` for every D. Which one depends on the Lanczos start.
 */
import { KernelLike, asKernel } from "../core/kernel-tensor";
import { convOperator, spectralNorm, type Padding } from "../spectrum/index";
import { fullKernelModel, parametricConv } from "../models/index";
import { ShapeError } from "../core/errors";

/** Options of {@link exactSigmaGradient}. */
export interface ExactSigmaGradientOptions {
  /** Spatial input sizes `[n1, ..., nd]`. */
  inputShape: readonly number[];
  /** "zero" (default) or "circular". */
  padding?: "zero" | "circular";
  /** Lanczos relative residual target; default 1e-10. */
  tol?: number;
  /** Warm start (a previous top right singular vector, input layout); default a seeded random vector. */
  start?: Float64Array;
  /** Lanczos product budget; default 2000. */
  maxIter?: number;
}

/** Value, gradient (kernel layout), the singular vectors and Lanczos products used. */
export interface ExactSigmaGradient {
  value: number;
  gradient: Float64Array;
  u: Float64Array;
  v: Float64Array;
  residual: number;
  products: number;
}

/** See the file comment: `sigma_max(T)` and `d sigma_max / dK = corr(u, v)`. */
export function exactSigmaGradient(kernel: KernelLike, options: ExactSigmaGradientOptions): ExactSigmaGradient {
  const where = "exactSigmaGradient";
  const K = asKernel(where, kernel);
  const n = options.inputShape;
  if (!Array.isArray(n) || n.length !== K.shape.length) throw new ShapeError(`${where}: inputShape must give ${K.shape.length} spatial sizes, got ${JSON.stringify(n)}`);
  const padding: Padding = options.padding ?? "zero";
  const res = spectralNorm(K, { inputShape: n, padding, tol: options.tol ?? 1e-10, start: options.start, maxIter: options.maxIter ?? 2000, threads: 1, bound: false });
  const T = convOperator(K, { inputShape: n, padding });
  const v = res.vector;
  const u = T.apply(v);
  const sigma = res.value;
  if (sigma > 0) for (let i = 0; i < u.length; i++) u[i] /= sigma;
  const conv = parametricConv(fullKernelModel(K.cout, K.cin, K.shape, K.origin), { grid: n, boundary: padding === "zero" ? "zero" : "periodic", method: "direct" });
  const gradient = sigma > 0 ? conv.jthetaTMv(K.data, u, v) : new Float64Array(K.data.length);
  return { value: sigma, gradient, u, v, residual: res.residual, products: res.iterations };
}
