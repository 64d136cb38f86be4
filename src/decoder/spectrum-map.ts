/**
 * Spectrum maps (Tang et al., seed 004): the per-channel 2-D DFT of a feature map `F^(c)` of size
 * `M x N`,
 *   `G^(c)_{uv} = sum_{m,n} F^(c)_{mn} exp(-2 pi i (u m / M + v n / N))`,
 * i.e. the library's forward DFT (src/grid `rfftn`, unnormalised) on each channel. Frequencies in
 * FFT order: low frequencies at the corners `(0, 0), (0, N-1), (M-1, 0), ...`, the highest at the
 * centre `(M/2, N/2)`, as in the paper's figures.
 */
import { ShapeError } from "../core/index";
import { rfftn } from "../grid/index";
import { FeatureMap, checkFeatureMap } from "./feature-map";

/** Per-channel complex spectra `[C, M, N]`, interleaved: entry (c, u, v) at complex index `(c * M + u) * N + v`. */
export interface SpectrumMap {
  readonly shape: readonly [number, number, number];
  readonly data: Float64Array;
}

/** `G^(c)_{uv} = sum_{m,n} F^(c)_{mn} exp(-2 pi i (um/M + vn/N))` for every channel c (see file comment). */
export function spectrumMap(feature: FeatureMap): SpectrumMap {
  const f = checkFeatureMap("spectrumMap", feature);
  const [C, M, N] = f.shape;
  const out = new Float64Array(2 * C * M * N);
  for (let c = 0; c < C; c++) {
    const g = rfftn(f.data.subarray(c * M * N, (c + 1) * M * N), [M, N]);
    out.set(g, 2 * c * M * N);
  }
  return { shape: [C, M, N], data: out };
}

/** Validates a spectrum map. */
export function checkSpectrumMap(where: string, s: unknown, name = "spectrum map"): SpectrumMap {
  const g = s as SpectrumMap;
  if (!g || !Array.isArray(g.shape) || g.shape.length !== 3 || g.shape.some((v) => !Number.isInteger(v) || v < 1)) {
    throw new ShapeError(`${where}: ${name} must be { shape: [C, M, N], data } (interleaved complex), got shape ${JSON.stringify((g as { shape?: unknown })?.shape)}`);
  }
  const n = 2 * g.shape[0] * g.shape[1] * g.shape[2];
  if (!(g.data instanceof Float64Array) || g.data.length !== n) throw new ShapeError(`${where}: ${name} of shape ${JSON.stringify(g.shape)} needs ${n} numbers (interleaved complex), got ${(g.data as { length?: number })?.length}`);
  return g;
}

/** Power `|G^(c)_{uv}|^2` per channel, `[C, M, N]` real. */
export function powerSpectrum(spectrum: SpectrumMap): FeatureMap {
  const g = checkSpectrumMap("powerSpectrum", spectrum);
  const n = g.data.length / 2;
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) p[i] = g.data[2 * i] ** 2 + g.data[2 * i + 1] ** 2;
  return { shape: [g.shape[0], g.shape[1], g.shape[2]], data: p };
}

/** Magnitude `|G^(c)_{uv}|` per channel, `[C, M, N]` real. */
export function magnitudeSpectrum(spectrum: SpectrumMap): FeatureMap {
  const p = powerSpectrum(spectrum);
  const d = p.data;
  for (let i = 0; i < d.length; i++) d[i] = Math.sqrt(d[i]);
  return p;
}
