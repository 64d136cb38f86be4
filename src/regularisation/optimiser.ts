/**
 * First-order optimisers on a flat parameter vector (in place):
 *   "sgd-momentum" (heavy ball, PyTorch's form): `m <- mu m + g`, `x <- x - lr m`;
 *   "adam" (Kingma & Ba): `m <- b1 m + (1-b1) g`, `v <- b2 v + (1-b2) g^2`,
 *          `x <- x - lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)`, b1 = 0.9, b2 = 0.999, eps = 1e-8.
 * Deterministic: no randomness, fixed summation order.
 */
import { DomainError, ShapeError, checkOneOf, checkOptions } from "../core/errors";

export type OptimiserKind = "sgd-momentum" | "adam";
export const OPTIMISER_KINDS: readonly OptimiserKind[] = ["sgd-momentum", "adam"];

/** Options of {@link createOptimiser}. */
export interface OptimiserOptions {
  /** "sgd-momentum" (default) or "adam". */
  kind?: OptimiserKind;
  /** Step size; default 0.05 (sgd-momentum) or 0.003 (adam). */
  learningRate?: number;
  /** Momentum mu of sgd-momentum; default 0.9. */
  momentum?: number;
}

/** A stateful optimiser for vectors of one length. */
export interface Optimiser {
  readonly kind: OptimiserKind;
  readonly learningRate: number;
  /** Updates x in place from the gradient g. */
  step(x: Float64Array, g: Float64Array): void;
}

/** See the file comment. */
export function createOptimiser(nparams: number, options: OptimiserOptions = {}): Optimiser {
  const where = "createOptimiser";
  checkOptions(where, options, ["kind", "learningRate", "momentum"]);
  const kind = checkOneOf(where, "kind", options.kind ?? "sgd-momentum", OPTIMISER_KINDS);
  const lr = options.learningRate ?? (kind === "adam" ? 0.003 : 0.05);
  if (!(lr > 0) || !Number.isFinite(lr)) throw new DomainError(`${where}: learningRate must be a positive finite number, got ${lr}`);
  const mu = options.momentum ?? 0.9;
  if (!(mu >= 0 && mu < 1)) throw new DomainError(`${where}: momentum must be in [0, 1), got ${mu}`);
  const m = new Float64Array(nparams);
  const v = kind === "adam" ? new Float64Array(nparams) : null;
  let t = 0;
  const check = (x: Float64Array, g: Float64Array) => {
    if (x.length !== nparams || g.length !== nparams) throw new ShapeError(`${where}: step expects ${nparams} parameters and gradients, got ${x.length} and ${g.length}`);
  };
  if (kind === "sgd-momentum") {
    return { kind, learningRate: lr, step(x, g) { check(x, g); for (let j = 0; j < nparams; j++) { m[j] = mu * m[j] + g[j]; x[j] -= lr * m[j]; } } };
  }
  const b1 = 0.9, b2 = 0.999, eps = 1e-8;
  return {
    kind, learningRate: lr,
    step(x, g) {
      check(x, g);
      t++;
      const c1 = 1 - b1 ** t, c2 = 1 - b2 ** t;
      for (let j = 0; j < nparams; j++) {
        m[j] = b1 * m[j] + (1 - b1) * g[j];
        v![j] = b2 * v![j] + (1 - b2) * g[j] * g[j];
        x[j] -= (lr * (m[j] / c1)) / (Math.sqrt(v![j] / c2) + eps);
      }
    },
  };
}
