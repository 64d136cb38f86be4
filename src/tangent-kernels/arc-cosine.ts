/**
 * Arc-cosine functions of the ReLU kernels (Cho & Saul 2009), normalised so that `k0(1) = k1(1) = 1`:
 *   `k0(u) = (pi - acos u) / pi`                       = 2 E[relu'(a) relu'(b)],
 *   `k1(u) = (sqrt(1 - u^2) + (pi - acos u) u) / pi`   = 2 E[relu(a) relu(b)],
 * for `(a, b)` standard normal with correlation `u` in [-1, 1]. Derivatives:
 *   `k1'(u) = k0(u)`,  `k0'(u) = 1 / (pi sqrt(1 - u^2))` (infinite at u = +-1: the singularity
 * behind the polynomial eigenvalue decay). In the angle `u = cos(theta)` both are smooth:
 * `k0 = (pi - theta)/pi`, `k1 = (sin theta + (pi - theta) cos theta)/pi`.
 */
import { DomainError, OptionError, checkOptions } from "../core/errors";

export type ArcCosineOrder = 0 | 1;
/** Allowed orders of {@link arcCosine}. */
export const ARC_COSINE_ORDERS: readonly ArcCosineOrder[] = [0, 1];

/** Options of {@link arcCosine}. */
export interface ArcCosineOptions {
  /** 0 (default): the function; 1: its first derivative in u. */
  derivative?: 0 | 1;
}

/** Arguments may exceed [-1, 1] by this much (round-off of averaged cosines); they are clamped. */
export const ARC_COSINE_SLACK = 1e-12;

/** Clamps u to [-1, 1] after checking it is within {@link ARC_COSINE_SLACK} of it; DomainError otherwise. */
export function clampCosine(where: string, u: number, index = -1): number {
  if (!(u >= -1 - ARC_COSINE_SLACK && u <= 1 + ARC_COSINE_SLACK)) {
    throw new DomainError(`${where}: argument${index >= 0 ? ` ${index}` : ""} is ${u}; arc-cosine functions need u in [-1, 1] (a cosine)`);
  }
  return u > 1 ? 1 : u < -1 ? -1 : u;
}

function evalOne(order: ArcCosineOrder, derivative: 0 | 1, u: number): number {
  if (order === 0) {
    if (derivative === 0) return (Math.PI - Math.acos(u)) / Math.PI;
    return 1 / (Math.PI * Math.sqrt(1 - u * u));
  }
  const th = Math.acos(u);
  if (derivative === 0) return (Math.sqrt(1 - u * u) + (Math.PI - th) * u) / Math.PI;
  return (Math.PI - th) / Math.PI;
}

/**
 * `k_order(u)` (or its derivative) for a number or, element-wise, an array (returns a Float64Array).
 * DomainError for u outside [-1, 1] (beyond {@link ARC_COSINE_SLACK}) or NaN; OptionError for an
 * unknown order or derivative.
 */
export function arcCosine(order: ArcCosineOrder, u: number, options?: ArcCosineOptions): number;
export function arcCosine(order: ArcCosineOrder, u: ArrayLike<number>, options?: ArcCosineOptions): Float64Array;
export function arcCosine(order: ArcCosineOrder, u: number | ArrayLike<number>, options: ArcCosineOptions = {}): number | Float64Array {
  const where = "arcCosine";
  checkOptions(where, options, ["derivative"]);
  if (order !== 0 && order !== 1) throw new OptionError(`${where}: order must be 0 or 1, got ${JSON.stringify(order)}`);
  const derivative = options.derivative ?? 0;
  if (derivative !== 0 && derivative !== 1) throw new OptionError(`${where}: derivative must be 0 or 1, got ${JSON.stringify(derivative)}`);
  if (typeof u === "number") return evalOne(order, derivative, clampCosine(where, u));
  if (u === null || typeof u !== "object" || typeof (u as ArrayLike<number>).length !== "number") {
    throw new DomainError(`${where}: u must be a number or an array of numbers`);
  }
  const out = new Float64Array(u.length);
  for (let i = 0; i < u.length; i++) out[i] = evalOne(order, derivative, clampCosine(where, u[i], i));
  return out;
}
