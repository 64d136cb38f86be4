/**
 * Energy-decay bounds and the number of layers needed (Wiatowski, Grohs, Bölcskei 2018; seed 001).
 *
 * For analytic high-pass filter banks whose band-pass responses vanish for |w| <= delta, the paper
 * bounds the energy left in layer N by
 *   W_N(f) <= sum_k |F_k|^2 / S * (1 - |r_l(w_k / R_N)|^2),     r_l(w) = (1 - |w|)_+^l,
 * with a radius R_N that grows with N (here |w| is in radians per sample, the grid's |w_k|):
 *   "wavelet":          R_N = a^(N-1) delta, a = 5/3   (exponential);
 *   "weyl-heisenberg":  R_N = a^(N-1) delta, a = 3/2   (exponential);
 *   "general":          R_N = N^alpha delta            (polynomial; alpha a parameter, default 1).
 * Normalisation used here: R_1 = delta, the one that makes the N = 1 case a fact (W_1 is the energy
 * above delta, and the weight is 1 there). The brief writes R_N ~ a^N delta; with that normalisation
 * the N = 1 bound fails for a tone just above delta (the notebook shows it), so `layersNeeded`
 * reports both.
 * For a signal band-limited to |w| <= L the bound gives W_N <= ||f||^2 (1 - (1 - L / R_N)_+^(2l)),
 * so (1 - eps) of the energy sits in the first N outputs once (1 - L / R_N)^(2l) >= 1 - eps, i.e.
 *   R_N >= x := L / ((1 - (1 - eps)^(1 / (2 l))) delta) * delta,
 *   exponential: N = 1 + ceil(log_a(x / delta)),  general: N = ceil((x / delta)^(1 / alpha)).
 * The constant l: the paper's theorem holds for l above a dimension-dependent threshold; the
 * layers-needed estimate is smallest for the smallest admissible l, so l is a parameter (default 1).
 * These are continuum statements about specific filter families; on a DFT grid with ideal masks they
 * are compared with measurement, not assumed (`guaranteed` is false).
 */
import { checkFinite, checkInteger, checkOneOf, checkOptions, DomainError, OptionError } from "../core/index";
import { fftn, rfftn } from "../grid/index";
import { binRadii } from "./bank";
import type { ScatteringResult } from "./propagation";
import { normaliseSignal, type ScatteringSignal } from "./signal";

export type DecayRate = "wavelet" | "weyl-heisenberg" | "general";
/** Allowed `rate` values. */
export const DECAY_RATES: readonly DecayRate[] = ["wavelet", "weyl-heisenberg", "general"];
/** The exponential bases a of the paper: 5/3 for wavelets, 3/2 for Weyl–Heisenberg filters (1-D). */
export const DECAY_BASES: Readonly<Record<"wavelet" | "weyl-heisenberg", number>> = Object.freeze({ wavelet: 5 / 3, "weyl-heisenberg": 3 / 2 });

export interface DecayOptions {
  /** One of {@link DECAY_RATES}. Required. */
  rate: DecayRate;
  /** High-pass cut-off delta > 0 in radians per sample (e.g. `bank.cutoff`). Required. */
  delta: number;
  /** Exponent l of r_l (default 1). */
  l?: number;
  /** Polynomial exponent for rate "general" (default 1). */
  alpha?: number;
}

function checkDecay(where: string, o: DecayOptions, extra: readonly string[]): { rate: DecayRate; delta: number; l: number; alpha: number } {
  if (!o || typeof o !== "object") throw new OptionError(`${where}: options { rate, delta, ${extra.join(", ")} } are required`);
  checkOptions(where, o, ["rate", "delta", "l", "alpha", ...extra]);
  const rate = checkOneOf(where, "rate", o?.rate, DECAY_RATES);
  const delta = o.delta;
  if (typeof delta !== "number" || !(delta > 0) || !Number.isFinite(delta)) throw new DomainError(`${where}: delta must be a positive finite number (rad/sample), got ${String(delta)}`);
  const l = o.l ?? 1;
  if (typeof l !== "number" || !(l > 0) || !Number.isFinite(l)) throw new DomainError(`${where}: l must be a positive number, got ${String(l)}`);
  const alpha = o.alpha ?? 1;
  if (typeof alpha !== "number" || !(alpha > 0) || !Number.isFinite(alpha)) throw new DomainError(`${where}: alpha must be a positive number, got ${String(alpha)}`);
  return { rate, delta, l, alpha };
}

/** R_N in radians per sample (N >= 1): a^(N-1) delta or N^alpha delta (see the file comment). */
export function decayRadius(rate: DecayRate, n: number, delta: number, alpha = 1): number {
  if (rate === "general") return n ** alpha * delta;
  return DECAY_BASES[rate] ** (n - 1) * delta;
}

export interface DecayBoundResult {
  /** bound[n] / ||f||^2 for n = 0..depth (bound[0] = 1: W_0 = ||f||^2). */
  relative: Float64Array;
  /** R_n for n = 0..depth (R_0 = 0, unused). */
  radius: Float64Array;
  /** False: a continuum theorem for specific filter families, evaluated on the grid; compare with measurement. */
  guaranteed: false;
  reason: string;
}

/**
 * `sum_k |F_k|^2 (1 - (1 - |w_k| / R_n)_+^(2l)) / sum_k |F_k|^2` for n = 1..depth: the paper's bound on
 * W_n(f) / ||f||^2 evaluated on the signal's own DFT (|w_k| Euclidean in 2-D, rad/sample).
 */
export function decayBound(signal: ScatteringSignal, options: DecayOptions & { depth: number }): DecayBoundResult {
  const where = "decayBound";
  const { rate, delta, l, alpha } = checkDecay(where, options, ["depth"]);
  const depth = checkInteger(where, "depth", options.depth, 0, 1000);
  const x = normaliseSignal(where, signal);
  const F = x.complex ? fftn(x.data, x.shape) : rfftn(x.data, x.shape);
  const radii = binRadii(x.shape);
  const power = new Float64Array(x.samples);
  let total = 0;
  for (let k = 0; k < x.samples; k++) {
    power[k] = F[2 * k] ** 2 + F[2 * k + 1] ** 2;
    total += power[k];
  }
  if (!(total > 0)) throw new DomainError(`${where}: the signal is zero; its relative decay is undefined`);
  const relative = new Float64Array(depth + 1);
  const radius = new Float64Array(depth + 1);
  relative[0] = 1;
  for (let n = 1; n <= depth; n++) {
    const R = decayRadius(rate, n, delta, alpha);
    radius[n] = R;
    let s = 0;
    for (let k = 0; k < x.samples; k++) {
      const r = Math.max(0, 1 - radii[k] / R);
      s += power[k] * (1 - r ** (2 * l));
    }
    relative[n] = s / total;
  }
  return { relative, radius, guaranteed: false, reason: `paper's continuum bound with R_n = ${rate === "general" ? `n^${alpha}` : `${DECAY_BASES[rate].toFixed(4)}^(n-1)`} delta, delta = ${delta}, l = ${l}` };
}

export interface LayersNeeded {
  /** Smallest N >= 1 with (1 - L / R_N)_+^(2l) >= keep, for R_1 = delta (this module's normalisation). */
  layers: number;
  /** The brief's form ceil(log_a(x)) (or ceil(x^(1/alpha))), x = L / ((1 - keep^(1/(2l))) delta): R_N = a^N delta. */
  briefForm: number;
  /** x = L / ((1 - keep^(1/(2l))) delta). */
  ratio: number;
}

/**
 * Layers needed so that the first N outputs hold at least `keep` = 1 - eps of the energy of a
 * signal band-limited to |w| <= `bandwidth` (= L, rad/sample), from the bound (file comment).
 */
export function layersNeeded(options: DecayOptions & { keep: number; bandwidth: number }): LayersNeeded {
  const where = "layersNeeded";
  const { rate, delta, l, alpha } = checkDecay(where, options, ["keep", "bandwidth"]);
  const keep = options.keep;
  if (typeof keep !== "number" || !(keep > 0 && keep < 1)) throw new DomainError(`${where}: keep (= 1 - eps) must be in (0, 1), got ${String(keep)}`);
  const L = options.bandwidth;
  if (typeof L !== "number" || !(L > 0) || !Number.isFinite(L)) throw new DomainError(`${where}: bandwidth L must be a positive number (rad/sample), got ${String(L)}`);
  const ratio = L / ((1 - keep ** (1 / (2 * l))) * delta);
  let briefForm: number;
  let layers: number;
  if (rate === "general") {
    briefForm = Math.max(1, Math.ceil(ratio ** (1 / alpha) - 1e-12));
    layers = briefForm;
  } else {
    const a = DECAY_BASES[rate];
    const e = Math.log(ratio) / Math.log(a);
    briefForm = Math.max(1, Math.ceil(e - 1e-12));
    layers = ratio <= 1 ? 1 : 1 + Math.ceil(e - 1e-12);
  }
  // the bound itself decides (guards the closed forms above against round-off at integer ratios)
  const holds = (n: number) => (Math.max(0, 1 - L / decayRadius(rate, n, delta, alpha)) ** (2 * l)) >= keep;
  while (layers > 1 && holds(layers - 1)) layers--;
  while (!holds(layers)) layers++;
  return { layers, briefForm, ratio };
}

/**
 * Measured layers needed: the smallest N with sum_{n<N} |||Phi^n f|||^2 >= keep ||f||^2 in a
 * scattering result (pruned energy counts as lost, so this never under-reports); null when the
 * result's depth is not enough to decide.
 */
export function measuredLayersNeeded(result: ScatteringResult, keep: number): number | null {
  if (typeof keep !== "number" || !(keep > 0 && keep < 1)) throw new DomainError(`measuredLayersNeeded: keep must be in (0, 1), got ${String(keep)}`);
  let acc = 0;
  for (const layer of result.layers) {
    if (layer.output === null) break;
    acc += layer.output;
    if (acc >= keep * result.input) return layer.depth + 1;
  }
  return null;
}

/**
 * Two tones `cos(2 pi k1 t / N) + cos(2 pi k2 t / N)` in one analytic band: with m = |k2 - k1| and
 * P = N / gcd(m, N), the first layer keeps all the energy (W_1 = ||f||^2) and, when the low-pass
 * keeps only the zero frequency of |cos(pi m t / N)|, the second keeps
 *   W_2 / ||f||^2 = 1 - 2 mu^2,   mu = (1/P) sum_{t<P} |cos(pi t / P)| = cot(pi / (2P)) / P (P even),
 *                                                                  csc(pi / (2P)) / P (P odd),
 * which tends to the continuum value 1 - 8 / pi^2 (mu -> 2 / pi) as P grows.
 */
export function twoToneSecondLayer(n: number, k1: number, k2: number): { discrete: number; continuum: number; period: number; mean: number } {
  const where = "twoToneSecondLayer";
  checkInteger(where, "N", n, 2);
  checkInteger(where, "k1", k1, 1, Math.floor((n - 1) / 2));
  checkInteger(where, "k2", k2, 1, Math.floor((n - 1) / 2));
  if (k1 === k2) throw new DomainError(`${where}: the tones must differ, got k1 = k2 = ${k1}`);
  const m = Math.abs(k2 - k1);
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const P = n / gcd(m, n);
  const mean = (P % 2 === 0 ? 1 / Math.tan(Math.PI / (2 * P)) : 1 / Math.sin(Math.PI / (2 * P))) / P;
  checkFinite(where, [mean]);
  return { discrete: 1 - 2 * mean * mean, continuum: 1 - 8 / (Math.PI * Math.PI), period: P, mean };
}
