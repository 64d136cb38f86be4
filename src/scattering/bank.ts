/**
 * Filter banks on DFT grids: a low-pass `chi` and band-pass filters `g_lambda`, each stored as its
 * frequency response on the DFT grid of the signal (FFT order along every axis, interleaved complex
 * `Float64Array`, as everywhere in convspec).
 *
 * Frequencies: bin `k` of an axis of length `n` has the signed index `s = k` for `k <= floor(n/2)`,
 * `s = k - n` otherwise (the Nyquist bin of an even length counts as positive), normalised frequency
 * `nu = s / n` in cycles per sample (in (-1/2, 1/2]) and angular frequency `w = 2 pi nu` in radians
 * per sample. In 2-D `|w|` is the Euclidean norm of `(w1, w2)`.
 *
 * Littlewood–Paley sum: `LP(w) = |chi^(w)|^2 + sum_lambda |g_lambda^(w)|^2`; the bank is a frame with
 * bounds `A = min_w LP(w)`, `B = max_w LP(w)` over the grid, Parseval (tight with A = B = 1) when
 * LP = 1 on every bin. For convolution `y = f * g` on the grid, `Y_k = F_k g^_k` and Parseval's
 * identity `sum_t |y_t|^2 = (1 / S) sum_k |Y_k|^2` (S = number of samples) give
 * `sum_t |f * chi|^2 + sum_lambda sum_t |f * g_lambda|^2 = (1 / S) sum_k |F_k|^2 LP_k`, hence
 * `A ||f||^2 <= ... <= B ||f||^2`.
 */
import { DomainError, ShapeError } from "../core/index";

/** What a band-pass filter is: its scale, orientation, band and sign, where the kind has them. */
export interface FilterLabel {
  /** Position of the filter in `bank.filters`. */
  index: number;
  /** Short readable name, e.g. "j=2,+" or "j=1,theta=3" or "m=4,-". */
  name: string;
  /** Dyadic scale j (0 = finest, highest frequencies), for wavelet-type banks. */
  scale?: number;
  /** Orientation index (2-D), `0 .. orientations - 1`. */
  orientation?: number;
  /** Uniform band index m (1 = lowest band above the low-pass), for Weyl–Heisenberg banks. */
  band?: number;
  /** Sign of the frequencies the filter keeps (1-D analytic banks): +1 positive, -1 negative. */
  sign?: 1 | -1;
}

/** One band-pass filter of a bank. */
export interface BankFilter {
  readonly label: FilterLabel;
  /** Frequency response on the DFT grid, FFT order, interleaved complex (2 * size numbers). */
  readonly response: Float64Array;
  /**
   * Centre frequency |w| in radians per sample (the frequency-decreasing path rule compares these).
   */
  readonly centre: number;
}

/** `{ min, max, sum }` of the Littlewood–Paley sum on the grid (`sum` in FFT order, one value per bin). */
export interface LittlewoodPaley {
  /** A = min over bins of LP. */
  min: number;
  /** B = max over bins of LP. */
  max: number;
  /** LP_k for every bin k, FFT order, row-major. */
  sum: Float64Array;
}

/** The bank kinds `filterBank` builds. */
export type BankKind = "shannon" | "weyl-heisenberg" | "morlet" | "custom";
/** The allowed `kind` values of {@link filterBank}. */
export const BANK_KINDS: readonly BankKind[] = ["shannon", "weyl-heisenberg", "morlet", "custom"];

/** What a kind's constructor returns (before the bank wraps it). */
export interface BankParts {
  lowpass: Float64Array;
  filters: { label: Omit<FilterLabel, "index">; response: Float64Array; centre: number }[];
  /** Nominal high-pass cut-off delta (rad/sample) of the construction, when it has one. */
  nominalCutoff?: number;
  /** Whether every band-pass filter vanishes on one half-space of frequencies (1-D: w < 0 or w > 0). */
  analytic: boolean;
  /** Parameters of the construction, for display. */
  parameters: Record<string, number | string | boolean>;
}

/**
 * A filter bank: a low-pass and band-pass responses on one DFT grid. Immutable.
 */
export class FilterBank {
  readonly kind: BankKind;
  /** Grid shape `[N]` or `[N1, N2]`. */
  readonly size: readonly number[];
  /** Number of grid points S = prod size. */
  readonly samples: number;
  /** Low-pass response chi^, FFT order, interleaved complex. */
  readonly lowpass: Float64Array;
  readonly filters: readonly BankFilter[];
  /** Every band-pass filter vanishes on a half-space of frequencies (the paper's analyticity). */
  readonly analytic: boolean;
  /**
   * High-pass cut-off delta (rad/sample) measured on the grid: the smallest |w| of a bin where some
   * band-pass response is non-zero. The paper's high-pass condition holds with this delta exactly.
   */
  readonly cutoff: number;
  readonly parameters: Readonly<Record<string, number | string | boolean>>;
  private lp?: LittlewoodPaley;

  constructor(kind: BankKind, size: readonly number[], parts: BankParts) {
    this.kind = kind;
    this.size = Object.freeze([...size]);
    this.samples = size.reduce((a, b) => a * b, 1);
    const S = this.samples;
    if (parts.lowpass.length !== 2 * S) throw new ShapeError(`filterBank: low-pass response has ${parts.lowpass.length} numbers; expected 2 * ${S}`);
    parts.filters.forEach((f, i) => {
      if (f.response.length !== 2 * S) throw new ShapeError(`filterBank: filter ${i} has ${f.response.length} numbers; expected 2 * ${S}`);
    });
    this.lowpass = parts.lowpass;
    this.filters = Object.freeze(parts.filters.map((f, index) => Object.freeze({ label: Object.freeze({ ...f.label, index }), response: f.response, centre: f.centre })));
    this.analytic = parts.analytic;
    this.parameters = Object.freeze({ ...parts.parameters });
    const radius = binRadii(size);
    let cutoff = Infinity;
    for (let k = 0; k < S; k++) {
      for (const f of this.filters) {
        if (f.response[2 * k] !== 0 || f.response[2 * k + 1] !== 0) {
          if (radius[k] < cutoff) cutoff = radius[k];
          break;
        }
      }
    }
    this.cutoff = cutoff === Infinity ? Math.PI * Math.sqrt(size.length) : cutoff;
  }

  /**
   * The Littlewood–Paley sum `LP(w) = |chi^(w)|^2 + sum_lambda |g_lambda^(w)|^2` on every grid bin,
   * with its minimum A and maximum B (the frame bounds of the bank on this grid).
   */
  littlewoodPaley(): LittlewoodPaley {
    if (!this.lp) {
      const S = this.samples;
      const sum = new Float64Array(S);
      const add = (r: Float64Array) => {
        for (let k = 0; k < S; k++) sum[k] += r[2 * k] * r[2 * k] + r[2 * k + 1] * r[2 * k + 1];
      };
      add(this.lowpass);
      for (const f of this.filters) add(f.response);
      let min = Infinity;
      let max = -Infinity;
      for (let k = 0; k < S; k++) {
        if (sum[k] < min) min = sum[k];
        if (sum[k] > max) max = sum[k];
      }
      this.lp = { min, max, sum };
    }
    return { min: this.lp.min, max: this.lp.max, sum: Float64Array.from(this.lp.sum) };
  }

  /** True when LP = 1 on every bin up to `tol` (default 1e-12: round-off of a sum of ~100 squares). */
  isParseval(tol = 1e-12): boolean {
    const { min, max } = this.littlewoodPaley();
    return Math.abs(min - 1) <= tol && Math.abs(max - 1) <= tol;
  }

  /**
   * The tight version of this bank: every response (low-pass included) divided by sqrt(LP) bin-wise,
   * so LP = 1 everywhere. Refuses (DomainError) when LP vanishes on some bin.
   */
  tight(): FilterBank {
    const { sum, min } = this.littlewoodPaley();
    if (!(min > 0)) throw new DomainError(`FilterBank.tight: the Littlewood–Paley sum is ${min} on some bin; a bank with a zero of LP has no tight version`);
    const S = this.samples;
    const scale = (r: Float64Array) => {
      const out = new Float64Array(2 * S);
      for (let k = 0; k < S; k++) {
        const s = 1 / Math.sqrt(sum[k]);
        out[2 * k] = r[2 * k] * s;
        out[2 * k + 1] = r[2 * k + 1] * s;
      }
      return out;
    };
    return new FilterBank(this.kind, this.size, {
      lowpass: scale(this.lowpass),
      filters: this.filters.map((f) => ({ label: withoutIndex(f.label), response: scale(f.response), centre: f.centre })),
      analytic: this.analytic,
      parameters: { ...this.parameters, tight: true },
    });
  }
}

function withoutIndex(label: FilterLabel): Omit<FilterLabel, "index"> {
  const { index: _index, ...rest } = label;
  return rest;
}

/** Signed frequency index of bin k on an axis of length n: k for k <= floor(n/2), k - n otherwise. */
export function signedIndex(k: number, n: number): number {
  return k <= Math.floor(n / 2) ? k : k - n;
}

/** |w| (rad/sample, Euclidean over axes) of every bin of a grid, FFT order, row-major. */
export function binRadii(size: readonly number[]): Float64Array {
  const S = size.reduce((a, b) => a * b, 1);
  const out = new Float64Array(S);
  if (size.length === 1) {
    for (let k = 0; k < S; k++) out[k] = (2 * Math.PI * Math.abs(signedIndex(k, size[0]))) / size[0];
    return out;
  }
  const [n1, n2] = size;
  for (let a = 0; a < n1; a++) {
    const w1 = (2 * Math.PI * signedIndex(a, n1)) / n1;
    for (let b = 0; b < n2; b++) {
      const w2 = (2 * Math.PI * signedIndex(b, n2)) / n2;
      out[a * n2 + b] = Math.hypot(w1, w2);
    }
  }
  return out;
}

/** Angular frequencies (w1) or (w1, w2) of every bin: one Float64Array per axis, FFT order, row-major. */
export function binFrequencies(size: readonly number[]): Float64Array[] {
  const S = size.reduce((a, b) => a * b, 1);
  if (size.length === 1) {
    const w = new Float64Array(S);
    for (let k = 0; k < S; k++) w[k] = (2 * Math.PI * signedIndex(k, S)) / S;
    return [w];
  }
  const [n1, n2] = size;
  const w1 = new Float64Array(S);
  const w2 = new Float64Array(S);
  for (let a = 0; a < n1; a++) {
    for (let b = 0; b < n2; b++) {
      w1[a * n2 + b] = (2 * Math.PI * signedIndex(a, n1)) / n1;
      w2[a * n2 + b] = (2 * Math.PI * signedIndex(b, n2)) / n2;
    }
  }
  return [w1, w2];
}
