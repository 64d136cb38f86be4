/**
 * The exact spectrum of a stride-1 "same" conv layer with ZERO padding, the Dirichlet-kernel
 * prediction that replaces the circular rule `H = T G` (frequency-response.ts), which no longer
 * holds. With kernel origin `o` and `M' = M + K1 - 1`, `N' = N + K2 - 1`:
 *   `y = crop_{[0, M) x [0, N)}( circular corner conv on M' x N' of (x zero-padded at offset o) )`,
 * exactly (no read wraps around), so
 *   `H = C_crop ( T'_corner  (P_pad G) ) + delta_uv M N b`,
 * with `T'` the paper's response on the `M' x N'` grid and `P_pad`, `C_crop` the Dirichlet
 * transfer matrices of dirichlet.ts: every output frequency receives contributions from every
 * input frequency.
 */
import { ShapeError, checkOptions, asKernel, type KernelLike } from "../core/index";
import { SpectrumMap, checkSpectrumMap } from "./spectrum-map";
import { frequencyResponse, applyFrequencyResponse } from "./frequency-response";
import { padSpectrum, cropSpectrum } from "./dirichlet";

/** Options of {@link zeroPaddedConvSpectrum}. */
export interface ZeroPaddedConvOptions {
  /** Bias (length D), reaching the DC component only: `M N b`. */
  bias?: ArrayLike<number>;
}

/** The exact output spectrum of the zero-padded "same" conv layer (kernel with its own origin) from the input spectrum (file comment). */
export function zeroPaddedConvSpectrum(weights: KernelLike, spectrum: SpectrumMap, options: ZeroPaddedConvOptions = {}): SpectrumMap {
  const where = "zeroPaddedConvSpectrum";
  checkOptions(where, options, ["bias"]);
  const K = asKernel(where, weights);
  const G = checkSpectrumMap(where, spectrum);
  if (K.shape.length !== 2) throw new ShapeError(`${where}: needs a 2-D kernel`);
  const [C, M, N] = G.shape;
  if (C !== K.cin) throw new ShapeError(`${where}: the spectrum has ${C} channels, the kernel expects ${K.cin}`);
  const M2 = M + K.shape[0] - 1, N2 = N + K.shape[1] - 1;
  const T = frequencyResponse({ ...K, origin: [0, 0] }, { size: [M2, N2] });
  const H = cropSpectrum(applyFrequencyResponse(T, padSpectrum(G, { size: [M2, N2], offset: [K.origin[0], K.origin[1]] })), { size: [M, N] });
  const b = options.bias;
  if (b !== undefined) {
    if (b.length !== K.cout) throw new ShapeError(`${where}: bias has ${b.length} entries, need ${K.cout}`);
    for (let d = 0; d < K.cout; d++) H.data[2 * d * M * N] += M * N * b[d];
  }
  return H;
}
