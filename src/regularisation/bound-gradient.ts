/**
 * One entry point for the differentiable spectral-norm bounds of a conv layer: value and kernel
 * (sub)gradient of
 *   "exact"             sigma_max(T) of the layer matrix (zero padding), from its top singular vectors;
 *   "circulant"         max over the 2 pi j / (n + k - 1) grid of ||F(w)||_2 (certified bound);
 *   "tap-spectral-sum"  sum_p ||K_p||_2;
 *   "sup-frobenius"     max over the same grid of ||F(w)||_F;
 *   "tap-frobenius-sum" sum_p ||K_p||_F;
 *   "gram-iteration"    max over the same grid of ||G_t(w)||_F^{1/2^t} (Delattre et al. 2023).
 * Every value is >= ||T||_2 for zero padding (exact: equal), in the units of the taps; the gradient
 * has the kernel's layout `[cout][cin][taps]`. Each method's formula and its tie rule live beside it
 * (exact-sigma-gradient.ts, grid-bound-gradients.ts, tap-bound-gradients.ts); this file only dispatches.
 */
import { KernelLike, asKernel } from "../core/kernel-tensor";
import { ShapeError, checkFinite, checkInteger, checkOneOf, checkOptions, DomainError } from "../core/errors";
import { exactSigmaGradient } from "./exact-sigma-gradient";
import { circulantGradient, gramIterationGradient, supFrobeniusGradient } from "./grid-bound-gradients";
import { tapFrobeniusSumGradient, tapSpectralSumGradient } from "./tap-bound-gradients";

export type RegulariserBound = "exact" | "circulant" | "tap-spectral-sum" | "sup-frobenius" | "tap-frobenius-sum" | "gram-iteration";
/** The allowed methods of {@link boundGradient}, tightest first. */
export const REGULARISER_BOUNDS: readonly RegulariserBound[] = ["exact", "circulant", "gram-iteration", "tap-spectral-sum", "sup-frobenius", "tap-frobenius-sum"];

/** Options of {@link boundGradient}. */
export interface BoundGradientOptions {
  method: RegulariserBound;
  /** Spatial input sizes (needed by "exact" and the grid methods; grid N = n + k - 1). */
  inputShape: readonly number[];
  /** Gram iterations t of "gram-iteration"; default 5. */
  gramIterations?: number;
  /** Relative tolerance under which two maxima or two singular values count as tied; default 1e-9. */
  tieTolerance?: number;
  /** "exact": Lanczos residual target (default 1e-10) and warm start (previous `state`). */
  tol?: number;
  start?: Float64Array;
}

/** Value and (sub)gradient of a bound, and whether the point is (numerically) non-differentiable. */
export interface BoundGradient {
  method: RegulariserBound;
  value: number;
  /** d value / d K, kernel layout. At a tie: one subgradient (see `tie`). */
  gradient: Float64Array;
  /** true: the max or the top singular value is not unique within tieTolerance (the gradient is a subgradient); null: not detected ("exact"). */
  tie: boolean | null;
  /** "exact": the top right singular vector (pass as `start` next time). */
  state?: Float64Array;
}

/** See the file comment. Typed errors for unknown methods, wrong shapes, NaN taps. */
export function boundGradient(kernel: KernelLike, options: BoundGradientOptions): BoundGradient {
  const where = "boundGradient";
  checkOptions(where, options, ["method", "inputShape", "gramIterations", "tieTolerance", "tol", "start"]);
  const method = checkOneOf(where, "method", options?.method, REGULARISER_BOUNDS);
  const K = asKernel(where, kernel);
  checkFinite(`${where}: kernel`, K.data);
  const n = options.inputShape;
  if (!Array.isArray(n) || n.length !== K.shape.length) throw new ShapeError(`${where}: inputShape must give ${K.shape.length} spatial sizes, got ${JSON.stringify(n)}`);
  n.forEach((v, a) => checkInteger(where, `inputShape[${a}]`, v, 1));
  const tieTolerance = options.tieTolerance ?? 1e-9;
  if (!(tieTolerance >= 0 && tieTolerance < 1)) throw new DomainError(`${where}: tieTolerance must be in [0, 1), got ${tieTolerance}`);
  const N = n.map((na, a) => na + K.shape[a] - 1);
  switch (method) {
    case "exact": {
      const r = exactSigmaGradient(K, { inputShape: n, tol: options.tol, start: options.start });
      return { method, value: r.value, gradient: r.gradient, tie: null, state: r.v };
    }
    case "circulant": {
      const r = circulantGradient(K, N, tieTolerance);
      return { method, value: r.value, gradient: r.gradient, tie: r.maximisers > 1 || (r.singularGap ?? 1) <= tieTolerance };
    }
    case "sup-frobenius": {
      const r = supFrobeniusGradient(K, N, tieTolerance);
      return { method, value: r.value, gradient: r.gradient, tie: r.maximisers > 1 };
    }
    case "gram-iteration": {
      const t = checkInteger(where, "gramIterations", options.gramIterations ?? 5, 1, 20);
      const r = gramIterationGradient(K, N, t, tieTolerance);
      return { method, value: r.value, gradient: r.gradient, tie: r.maximisers > 1 };
    }
    case "tap-spectral-sum": {
      const r = tapSpectralSumGradient(K, tieTolerance);
      return { method, value: r.value, gradient: r.gradient, tie: r.nonDifferentiableTaps > 0 };
    }
    case "tap-frobenius-sum": {
      const r = tapFrobeniusSumGradient(K);
      return { method, value: r.value, gradient: r.gradient, tie: r.nonDifferentiableTaps > 0 };
    }
  }
}
