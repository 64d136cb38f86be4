/**
 * `filterBank(options)`: the public entry point that validates every option once and builds a
 * {@link FilterBank} of one of the {@link BANK_KINDS} (one file per kind: `shannon.ts`,
 * `weyl-heisenberg.ts`, `morlet.ts`, `custom.ts`).
 */
import { checkInteger, checkOneOf, checkOptions, OptionError, ShapeError } from "../core/index";
import { BANK_KINDS, FilterBank, type BankKind } from "./bank";
import { customParts, responseFrom, tapsResponse, type FilterTaps } from "./custom";
import { morletParts } from "./morlet";
import { shannonParts } from "./shannon";
import { weylHeisenbergParts } from "./weyl-heisenberg";

/** Largest grid a bank is built on (numbers per response = 2 x this); about 130 MB for 33 filters. */
export const MAX_BANK_SAMPLES = 1 << 20;

export interface FilterBankOptions {
  /** One of {@link BANK_KINDS}. Required. */
  kind: BankKind;
  /** Grid shape: `[N]` (1-D) or `[N1, N2]` (2-D); any positive lengths. Required. */
  size: readonly number[];
  /** shannon / morlet: number of octaves J (shannon default 4, morlet default 4). */
  scales?: number;
  /** 2-D shannon / weyl-heisenberg / morlet: angular sectors or orientations L (default 8). */
  orientations?: number;
  /** weyl-heisenberg: number M of uniform bands above the low-pass (default 8). */
  bands?: number;
  /** morlet 1-D: wavelets per octave Q (default 1). */
  qualityFactor?: number;
  /**
   * shannon / weyl-heisenberg: split 1-D bands by the sign of the frequency and 2-D sectors over the
   * full circle (default true, the paper's analytic filters); false: symmetric bands.
   */
  analytic?: boolean;
  /** Return the tight version (every response divided by sqrt(LP)); default false. */
  tight?: boolean;
  /** custom: band-pass responses (real S numbers or interleaved complex 2 S numbers each). */
  responses?: readonly ArrayLike<number>[];
  /** custom: low-pass response (real or complex); required with `responses`. */
  lowpass?: ArrayLike<number>;
  /** custom: band-pass filters as centred spatial taps (instead of `responses`). */
  taps?: readonly FilterTaps[];
  /** custom: low-pass taps (instead of `lowpass`). */
  lowpassTaps?: FilterTaps;
}

const KIND_OPTIONS: Record<BankKind, readonly string[]> = {
  shannon: ["scales", "orientations", "analytic"],
  "weyl-heisenberg": ["bands", "orientations", "analytic"],
  morlet: ["scales", "orientations", "qualityFactor"],
  custom: ["responses", "lowpass", "taps", "lowpassTaps"],
};

/**
 * Builds a filter bank on the DFT grid of `size` (FFT order): `.lowpass`, `.filters` (each
 * `{ label, response, centre }`), `.littlewoodPaley()` -> `{ min: A, max: B, sum: LP }`.
 * Formulas per kind: see `shannon.ts` (dyadic, Parseval), `weyl-heisenberg.ts` (uniform, Parseval),
 * `morlet.ts` (smooth, a frame), `custom.ts` (given responses or taps).
 */
export function filterBank(options: FilterBankOptions): FilterBank {
  const where = "filterBank";
  if (!options || typeof options !== "object") throw new OptionError(`${where}: options { kind, size, ... } are required`);
  checkOptions(where, options, ["kind", "size", "tight", "scales", "orientations", "bands", "qualityFactor", "analytic", "responses", "lowpass", "taps", "lowpassTaps"]);
  const kind = checkOneOf(where, "kind", options.kind, BANK_KINDS);
  for (const key of Object.keys(options)) {
    if (["kind", "size", "tight"].includes(key)) continue;
    if (!KIND_OPTIONS[kind].includes(key)) {
      throw new OptionError(`${where}: option "${key}" does not apply to kind "${kind}"; "${kind}" takes: ${KIND_OPTIONS[kind].join(", ")}`);
    }
  }
  const size = options.size;
  if (!Array.isArray(size) || (size.length !== 1 && size.length !== 2)) {
    throw new ShapeError(`${where}: size must be [N] or [N1, N2], got ${JSON.stringify(size)}`);
  }
  size.forEach((n, a) => checkInteger(where, `size[${a}]`, n, 1));
  const S = size.reduce((a: number, b: number) => a * b, 1);
  if (S > MAX_BANK_SAMPLES) throw new ShapeError(`${where}: grid of ${S} points exceeds MAX_BANK_SAMPLES = ${MAX_BANK_SAMPLES}`);
  const d = size.length;
  const orientations = d === 2 ? checkInteger(where, "orientations", options.orientations ?? 8, 1, 64) : 1;
  if (d === 1 && options.orientations !== undefined && options.orientations !== 1) {
    throw new OptionError(`${where}: orientations applies to 2-D grids only; got orientations = ${options.orientations} for size [${size[0]}]`);
  }
  if (options.tight !== undefined && typeof options.tight !== "boolean") throw new OptionError(`${where}: tight must be true or false, got ${JSON.stringify(options.tight)}`);
  if (options.analytic !== undefined && typeof options.analytic !== "boolean") throw new OptionError(`${where}: analytic must be true or false, got ${JSON.stringify(options.analytic)}`);
  const analytic = options.analytic ?? true;
  let bank: FilterBank;
  switch (kind) {
    case "shannon": {
      const scales = checkInteger(where, "scales", options.scales ?? 4, 1, 30);
      bank = new FilterBank(kind, size, shannonParts(size, { scales, orientations, analytic }));
      break;
    }
    case "weyl-heisenberg": {
      const bands = checkInteger(where, "bands", options.bands ?? 8, 1, 1 << 16);
      bank = new FilterBank(kind, size, weylHeisenbergParts(size, { bands, orientations, analytic }));
      break;
    }
    case "morlet": {
      const scales = checkInteger(where, "scales", options.scales ?? 4, 1, 30);
      const qualityFactor = checkInteger(where, "qualityFactor", options.qualityFactor ?? 1, 1, 32);
      if (d === 2 && options.qualityFactor !== undefined && qualityFactor !== 1) throw new OptionError(`${where}: qualityFactor applies to 1-D morlet banks only`);
      bank = new FilterBank(kind, size, morletParts(size, { scales, orientations, qualityFactor }));
      break;
    }
    case "custom": {
      const hasResponses = options.responses !== undefined;
      const hasTaps = options.taps !== undefined;
      if (hasResponses === hasTaps) throw new OptionError(`${where}("custom"): give exactly one of responses or taps`);
      let filters: Float64Array[];
      let lowpass: Float64Array;
      if (hasResponses) {
        if (!Array.isArray(options.responses) || options.responses.length === 0) throw new ShapeError(`${where}("custom"): responses must be a non-empty list`);
        if (options.lowpass === undefined) throw new OptionError(`${where}("custom"): responses need a lowpass response`);
        if (options.lowpassTaps !== undefined) throw new OptionError(`${where}("custom"): lowpassTaps goes with taps, not with responses`);
        filters = options.responses.map((r) => responseFrom(where, size, r));
        lowpass = responseFrom(where, size, options.lowpass);
      } else {
        if (!Array.isArray(options.taps) || options.taps.length === 0) throw new ShapeError(`${where}("custom"): taps must be a non-empty list`);
        if (options.lowpassTaps === undefined) throw new OptionError(`${where}("custom"): taps need lowpassTaps`);
        if (options.lowpass !== undefined) throw new OptionError(`${where}("custom"): lowpass goes with responses, not with taps`);
        filters = options.taps.map((t) => tapsResponse(where, size, t));
        lowpass = tapsResponse(where, size, options.lowpassTaps);
      }
      bank = new FilterBank(kind, size, customParts(size, lowpass, filters));
      break;
    }
  }
  return options.tight ? bank.tight() : bank;
}
