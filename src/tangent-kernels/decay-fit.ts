/**
 * Decay-rate fits of eigenvalue sequences, `lambda_k ~ C k^(-p)`: ordinary least squares of
 * `log lambda` on `log k` (the slope of `fitPowerLaw` in src/display, which `logLogPlot` draws),
 * with what a researcher needs to trust it:
 * - `exponent p = -slope`, its standard error `se = sqrt(RSS / (n - 2) / sum (u - u_bar)^2)` and a
 *   95% interval `p +- t_{0.975, n-2} se` (Student t). The interval is the statistical spread of the
 *   fit over the chosen range; pre-asymptotic terms bias it systematically, which is why
 * - the local slopes `-(log lambda_{i+1} - log lambda_i)/(log k_{i+1} - log k_i)` are returned too:
 *   where they have settled, the fit measures the asymptotic exponent.
 * Points with `lambda <= 0`, or not above 10x their error where `errors` are given, are skipped and
 * listed with the reason (exact zeros: parity, receptive field; or unresolved by the quadrature).
 */
import { DomainError, ShapeError, checkFinite, checkOptions } from "../core/errors";
import { fitPowerLaw } from "../display/index";
import { logGamma } from "./quadrature";

/** Options of {@link fitDecayRate}. */
export interface DecayFitOptions {
  /** Fit only degrees in [range[0], range[1]]; default all. */
  range?: readonly [number, number];
  /** Absolute error of each eigenvalue; points with lambda <= 10 error are skipped as unresolved. */
  errors?: ArrayLike<number>;
}

/** Result of {@link fitDecayRate}. */
export interface DecayFit {
  /** p in lambda ~ C k^(-p). */
  exponent: number;
  standardError: number;
  /** 95% interval of p (Student t with count - 2 degrees of freedom; [p, p] for an exact fit). */
  interval95: [number, number];
  /** C. */
  constant: number;
  /** Smallest and largest degree used. */
  range: [number, number];
  count: number;
  r2: number;
  /** Degrees left out and why. */
  skipped: { degree: number; eigenvalue: number; reason: "non-positive" | "unresolved" | "outside range" }[];
  /** Local exponents between consecutive fitted points, at the geometric mean degree. */
  localSlopes: { degree: number; exponent: number }[];
}

/** Regularised incomplete beta I_x(a, b) (continued fraction, Lentz). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lbeta = logGamma(a + b) - logGamma(a) - logGamma(b);
  const front = Math.exp(Math.log(x) * a + Math.log(1 - x) * b + lbeta);
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  let f = 1, c = 1, dd = 0;
  for (let i = 0; i <= 400; i++) {
    const m = i >> 1;
    let num: number;
    if (i === 0) num = 1;
    else if (i % 2 === 0) num = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    else num = -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    dd = 1 + num * dd; if (Math.abs(dd) < 1e-300) dd = 1e-300; dd = 1 / dd;
    c = 1 + num / c; if (Math.abs(c) < 1e-300) c = 1e-300;
    const cd = c * dd;
    f *= cd;
    if (Math.abs(1 - cd) < 1e-15) break;
  }
  return (front * (f - 1)) / a;
}

/** Quantile of Student's t with `df` degrees of freedom, `P(T <= q) = p`, p in (0.5, 1) (bisection on the CDF). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0.5 && p < 1) || !(df > 0)) throw new DomainError(`studentTQuantile: need 0.5 < p < 1 and df > 0, got p = ${p}, df = ${df}`);
  const cdf = (t: number) => 1 - 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  let lo = 0, hi = 1;
  while (cdf(hi) < p) hi *= 2;
  for (let i = 0; i < 200; i++) { const mid = 0.5 * (lo + hi); if (cdf(mid) < p) lo = mid; else hi = mid; if (hi - lo < 1e-14 * hi) break; }
  return 0.5 * (lo + hi);
}

/** Fits `lambda_k ~ C k^(-p)`; see the file comment. */
export function fitDecayRate(degrees: ArrayLike<number>, eigenvalues: ArrayLike<number>, options: DecayFitOptions = {}): DecayFit {
  const where = "fitDecayRate";
  checkOptions(where, options, ["range", "errors"]);
  if (!degrees || !eigenvalues || degrees.length !== eigenvalues.length) throw new ShapeError(`${where}: degrees (${degrees?.length}) and eigenvalues (${eigenvalues?.length}) must have the same length`);
  checkFinite(`${where}: degrees`, degrees);
  checkFinite(`${where}: eigenvalues`, eigenvalues);
  const errors = options.errors;
  if (errors !== undefined) {
    if (errors.length !== degrees.length) throw new ShapeError(`${where}: errors has ${errors.length} entries; expected ${degrees.length}`);
    checkFinite(`${where}: errors`, errors);
  }
  const [lo, hi] = options.range ?? [-Infinity, Infinity];
  if (options.range && !(lo <= hi)) throw new DomainError(`${where}: range [${lo}, ${hi}] is empty`);
  const skipped: DecayFit["skipped"] = [];
  const ks: number[] = [], ls: number[] = [];
  for (let i = 0; i < degrees.length; i++) {
    const k = degrees[i], l = eigenvalues[i];
    if (!(k > 0)) throw new DomainError(`${where}: degree ${k} at index ${i}; a log-log fit needs degrees > 0`);
    if (k < lo || k > hi) { skipped.push({ degree: k, eigenvalue: l, reason: "outside range" }); continue; }
    if (!(l > 0)) { skipped.push({ degree: k, eigenvalue: l, reason: "non-positive" }); continue; }
    if (errors && !(l > 10 * errors[i])) { skipped.push({ degree: k, eigenvalue: l, reason: "unresolved" }); continue; }
    ks.push(k); ls.push(l);
  }
  if (ks.length < 3) throw new ShapeError(`${where}: ${ks.length} usable point(s) after skipping ${skipped.length}; need at least 3 (for a standard error)`);
  const f = fitPowerLaw(ks, ls);
  const n = ks.length;
  const u = ks.map(Math.log10), v = ls.map(Math.log10);
  const ub = u.reduce((a, b) => a + b, 0) / n;
  let suu = 0, rss = 0;
  for (let i = 0; i < n; i++) { suu += (u[i] - ub) ** 2; rss += (v[i] - f.intercept - f.slope * u[i]) ** 2; }
  const se = Math.sqrt(rss / (n - 2) / suu);
  const tq = studentTQuantile(0.975, n - 2);
  const p = -f.slope;
  const order = ks.map((_, i) => i).sort((a, b) => ks[a] - ks[b]);
  const localSlopes: DecayFit["localSlopes"] = [];
  for (let j = 0; j + 1 < order.length; j++) {
    const a = order[j], b = order[j + 1];
    if (ks[a] === ks[b]) continue;
    localSlopes.push({ degree: Math.sqrt(ks[a] * ks[b]), exponent: -(Math.log(ls[b]) - Math.log(ls[a])) / (Math.log(ks[b]) - Math.log(ks[a])) });
  }
  return { exponent: p, standardError: se, interval95: [p - tq * se, p + tq * se], constant: 10 ** f.intercept, range: [f.xMin, f.xMax], count: n, r2: f.r2, skipped, localSlopes };
}
