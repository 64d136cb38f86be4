/**
 * Predicted decay exponents of the harmonic eigenvalues, from the singularity of the kernel
 * (this workbench's derivation; the seed gives only its abstract, so the paper's exact bounds are
 * not available to compare against):
 *
 * A zonal kernel with `K(t) ~ c (1 - t)^nu` (nu not an integer) at t = 1 has Funk–Hecke
 * eigenvalues `~ k^(-(2 nu + zeta - 1))` on S^(zeta-1). The ReLU kernels have `nu = 1/2`
 * (`k0(u) = 1 - sqrt(2(1 - u))/pi + ...`: the NTK) or `nu = 3/2` (`k1`: the GP), which gives the
 * Bietti–Mairal rates `k^(-zeta)` (NTK) and `k^(-(zeta + 2))` (GP) of the two-layer network, for
 * every depth. With several pixels the singular points are where a whole receptive field R of
 * some layer aligns (`Lambda = 1`); there the kernel behaves like `|theta_R|^(2 nu)` in the
 * `|R| (zeta - 1)` local angle coordinates (a cone), and integrating out the pixels of R that are
 * not in the support S adds their `zeta - 1` dimensions to the smoothness. Hence along a ray
 * `k = s k_0` with support S:
 *   `lambda ~ s^(-alpha)`,  `alpha = 2 nu + (zeta - 1) |R(S)|`,
 * with R(S) the receptive field of the first layer `h = max(1, h*(S))` that covers S,
 * `|R| = min(d, h (q - 1) + 1)` (receptive-field.ts); no such layer (h*(S) > L): zero.
 * Products of singular terms of several smaller fields can decay more slowly; where the numbers
 * disagree the notebook reports both.
 */
import { OptionError, checkInteger, checkOneOf, checkOptions } from "../core/errors";
import { KERNEL_KINDS, MAX_LAYERS, type KernelKind } from "./conv-kernel";
import { coveringLayer, receptiveFieldSize } from "./receptive-field";

/** Options of {@link predictedDecayExponent}. */
export interface DecayPredictionOptions {
  zeta: number;
  pixels: number;
  /** Default 1. */
  filterSize?: number;
  /** Default 1. */
  layers?: number;
  /** Default "ntk". */
  kind?: KernelKind;
  /** Pixels with k_i > 0 (non-empty). */
  support: readonly number[];
}

/** Result of {@link predictedDecayExponent}. */
export interface DecayPrediction {
  /** alpha, or null when the eigenvalues vanish. */
  exponent: number | null;
  /** h*(S) (Infinity if no receptive field covers S). */
  coveringLayer: number;
  /** |R(S)| pixels of the covering receptive field. */
  receptiveField: number;
  vanishes: boolean;
  reason: string;
}

/** The singularity-analysis exponent of the eigenvalues with support S; see the file comment. */
export function predictedDecayExponent(options: DecayPredictionOptions): DecayPrediction {
  const where = "predictedDecayExponent";
  checkOptions(where, options, ["zeta", "pixels", "filterSize", "layers", "kind", "support"]);
  const zeta = checkInteger(where, "zeta", options.zeta, 2);
  const d = checkInteger(where, "pixels", options.pixels, 1);
  const q = checkInteger(where, "filterSize", options.filterSize ?? 1, 1, d);
  const L = checkInteger(where, "layers", options.layers ?? 1, 1, MAX_LAYERS);
  const kind = checkOneOf(where, "kind", options.kind ?? "ntk", KERNEL_KINDS);
  const S = options.support;
  if (!Array.isArray(S) || S.length === 0 || S.some((i) => !Number.isInteger(i) || i < 0 || i >= d) || new Set(S).size !== S.length) {
    throw new OptionError(`${where}: support must be distinct pixel indices in 0..${d - 1} (non-empty), got ${JSON.stringify(S)}`);
  }
  const hStar = coveringLayer(S, d, q);
  if (hStar > L) return { exponent: null, coveringLayer: hStar, receptiveField: 0, vanishes: true, reason: `no layer-${L} receptive field (${receptiveFieldSize(L, d, q)} pixels) covers pixels {${S.join(", ")}}` };
  const h = Math.max(1, hStar);
  const R = receptiveFieldSize(h, d, q);
  const nu2 = kind === "ntk" ? 1 : 3;
  return { exponent: nu2 + (zeta - 1) * R, coveringLayer: hStar, receptiveField: R, vanishes: false, reason: `cone singularity of layer ${h} (receptive field ${R} pixels), 2 nu = ${nu2}` };
}
