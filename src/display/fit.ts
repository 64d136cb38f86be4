/**
 * Least-squares power-law fit in log-log coordinates, used by `logLogPlot`.
 */
import { checkFinite, DomainError, ShapeError } from "../core/errors";

/** A fitted power law `y ~ C x^slope`. */
export interface PowerLawFit {
  /** Exponent: the least-squares slope of log10 y against log10 x. */
  slope: number;
  /** log10 C: the intercept of the fitted line in log10-log10 coordinates. */
  intercept: number;
  /** Coefficient of determination of the fit in log-log coordinates (1 = exact power law). */
  r2: number;
  /** Number of points used. */
  count: number;
  /** Smallest and largest x used by the fit. */
  xMin: number;
  xMax: number;
}

/**
 * Fits `log10 y = intercept + slope * log10 x` by ordinary least squares over the points with
 * `range[0] <= x <= range[1]` (default all):
 * slope = sum (u - u_bar)(v - v_bar) / sum (u - u_bar)^2 with u = log10 x, v = log10 y.
 * Requires x > 0, y > 0 (DomainError otherwise), and at least two distinct x (ShapeError).
 */
export function fitPowerLaw(x: ArrayLike<number>, y: ArrayLike<number>, range?: readonly [number, number]): PowerLawFit {
  if (x.length !== y.length) throw new ShapeError(`fitPowerLaw: x has ${x.length} points, y has ${y.length}; they must match`);
  checkFinite("fitPowerLaw x", x);
  checkFinite("fitPowerLaw y", y);
  const lo = range ? range[0] : -Infinity;
  const hi = range ? range[1] : Infinity;
  if (range && !(lo <= hi)) throw new DomainError(`fitPowerLaw: fit range [${lo}, ${hi}] is empty; need low <= high`);
  const u: number[] = [];
  const v: number[] = [];
  let xMin = Infinity;
  let xMax = -Infinity;
  for (let i = 0; i < x.length; i++) {
    if (x[i] < lo || x[i] > hi) continue;
    if (!(x[i] > 0) || !(y[i] > 0)) {
      throw new DomainError(`fitPowerLaw: point ${i} is (${x[i]}, ${y[i]}); a log-log fit needs x > 0 and y > 0`);
    }
    u.push(Math.log10(x[i]));
    v.push(Math.log10(y[i]));
    xMin = Math.min(xMin, x[i]);
    xMax = Math.max(xMax, x[i]);
  }
  const n = u.length;
  if (n < 2 || xMin === xMax) {
    throw new ShapeError(`fitPowerLaw: ${n} point(s) with ${xMin === xMax ? "a single x value" : "too few values"} in the fit range; need at least two distinct x`);
  }
  const uBar = u.reduce((a, b) => a + b, 0) / n;
  const vBar = v.reduce((a, b) => a + b, 0) / n;
  let suu = 0;
  let suv = 0;
  let svv = 0;
  for (let i = 0; i < n; i++) {
    suu += (u[i] - uBar) ** 2;
    suv += (u[i] - uBar) * (v[i] - vBar);
    svv += (v[i] - vBar) ** 2;
  }
  const slope = suv / suu;
  const intercept = vBar - slope * uBar;
  // With constant y (svv = 0) the fit is exact.
  const r2 = svv === 0 ? 1 : (suv * suv) / (suu * svv);
  return { slope, intercept, r2, count: n, xMin, xMax };
}
