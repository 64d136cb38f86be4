/**
 * Errors of an approximate singular-value spectrum against the exact one.
 *
 * - relative L2 error of the sorted values: `||sort(a) - sort(e)||_2 / ||e||_2` (equal counts);
 * - error of the largest value: `max(a) - max(e)` (absolute) and that divided by `max(e)`;
 * - Wasserstein-1 distance between the empirical distributions (each value mass 1/count):
 *   `W1 = integral |CDF_a(x) - CDF_e(x)| dx`, in the units of the singular values (any counts).
 */
import { ShapeError, checkFinite } from "../core/errors";

function checkSpectrum(where: string, name: string, v: ArrayLike<number>): Float64Array {
  if (!v || typeof v.length !== "number" || v.length === 0) throw new ShapeError(`${where}: ${name} must be a non-empty array of singular values`);
  const a = Float64Array.from(v);
  checkFinite(`${where}: ${name}`, a);
  return a;
}

/** `||sort(approx) - sort(exact)||_2 / ||exact||_2`; ShapeError if the counts differ. */
export function relativeL2Error(approx: ArrayLike<number>, exact: ArrayLike<number>): number {
  const a = checkSpectrum("relativeL2Error", "approx", approx).sort();
  const e = checkSpectrum("relativeL2Error", "exact", exact).sort();
  if (a.length !== e.length) throw new ShapeError(`relativeL2Error: approx has ${a.length} values, exact has ${e.length}; compare equal counts (or use wasserstein1)`);
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) { num += (a[i] - e[i]) ** 2; den += e[i] ** 2; }
  return den === 0 ? Math.sqrt(num) : Math.sqrt(num / den);
}

/**
 * Wasserstein-1 distance between the empirical distributions of `a` and `b` (uniform masses
 * 1/len), `integral |F_a(x) - F_b(x)| dx`, computed exactly by merging the sorted values.
 */
export function wasserstein1(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const x = checkSpectrum("wasserstein1", "a", a).sort();
  const y = checkSpectrum("wasserstein1", "b", b).sort();
  let i = 0, j = 0, total = 0;
  let prev = Math.min(x[0], y[0]);
  while (i < x.length || j < y.length) {
    const next = j >= y.length || (i < x.length && x[i] <= y[j]) ? x[i] : y[j];
    total += Math.abs(i / x.length - j / y.length) * (next - prev);
    prev = next;
    while (i < x.length && x[i] === next) i++;
    while (j < y.length && y[j] === next) j++;
  }
  return total;
}

/** The error summary of {@link spectrumErrors}. */
export interface SpectrumErrors {
  /** Relative L2 error of sorted values (NaN-free; `null` when counts differ). */
  relativeL2: number | null;
  /** `max(approx) - max(exact)`. */
  largestAbsolute: number;
  /** `(max(approx) - max(exact)) / max(exact)`. */
  largestRelative: number;
  /** Wasserstein-1 distance of the empirical distributions. */
  wasserstein1: number;
  /** W1 divided by the mean of the exact values (scale-free). */
  wasserstein1Relative: number;
}

/** All error measures of an approximate spectrum against the exact one. */
export function spectrumErrors(approx: ArrayLike<number>, exact: ArrayLike<number>): SpectrumErrors {
  const a = checkSpectrum("spectrumErrors", "approx", approx);
  const e = checkSpectrum("spectrumErrors", "exact", exact);
  let amax = -Infinity, emax = -Infinity, emean = 0;
  for (const v of a) amax = Math.max(amax, v);
  for (const v of e) { emax = Math.max(emax, v); emean += v / e.length; }
  const w = wasserstein1(a, e);
  return {
    relativeL2: a.length === e.length ? relativeL2Error(a, e) : null,
    largestAbsolute: amax - emax,
    largestRelative: emax === 0 ? amax - emax : (amax - emax) / emax,
    wasserstein1: w,
    wasserstein1Relative: emean === 0 ? w : w / emean,
  };
}
