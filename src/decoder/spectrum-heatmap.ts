/**
 * Heat-maps of spectrum maps: `log10 |G^(c)_{uv}|` of one channel or `log10` of the channel-mean
 * magnitude, drawn with src/display's heatmap. Layout "corners" (the paper's figures): index (u, v)
 * drawn at `(2 pi u / M - pi, 2 pi v / N - pi)`, DC in the corners, the highest frequency in the
 * centre, axes labelled `ω − π`; layout "centred": low frequencies in the centre, axes `ω` in [-π, π).
 * Maps with more than `maxCells` (default 128 x 128) cells are summed in b x b blocks of power first (b the smallest power of
 * two that fits), said in the subtitle.
 */
import { OptionError, checkOneOf, checkOptions, checkInteger } from "../core/index";
import { heatmap, type Plot } from "../display/index";
import { SpectrumMap, checkSpectrumMap } from "./spectrum-map";

export type SpectrumLayout = "corners" | "centred";
export const SPECTRUM_LAYOUTS: readonly SpectrumLayout[] = ["corners", "centred"];

/** Options of {@link spectrumHeatmap}. */
export interface SpectrumHeatmapOptions {
  /** A channel index, or "mean" (default: mean magnitude over channels). */
  channel?: number | "mean";
  /** Default "corners" (as in the paper). */
  layout?: SpectrumLayout;
  /** Most cells drawn (default 16384 = 128 x 128); larger maps are block-summed by powers of two. */
  maxCells?: number;
  title?: string;
  width?: number;
  height?: number;
}

/** Heat-map of a spectrum map (see file comment). */
export function spectrumHeatmap(spectrum: SpectrumMap, options: SpectrumHeatmapOptions = {}): Plot {
  const where = "spectrumHeatmap";
  checkOptions(where, options, ["channel", "layout", "maxCells", "title", "width", "height"]);
  const G = checkSpectrumMap(where, spectrum);
  const [C, M, N] = G.shape;
  const layout = checkOneOf(where, "layout", options.layout ?? "corners", SPECTRUM_LAYOUTS);
  const ch = options.channel ?? "mean";
  if (ch !== "mean") checkInteger(where, "channel", ch, 0, C - 1);
  else if (typeof ch !== "string") throw new OptionError(`${where}: channel must be an index or "mean"`);
  const MN = M * N;
  const power = new Float64Array(MN);
  const chans = ch === "mean" ? Array.from({ length: C }, (_, c) => c) : [ch];
  for (const c of chans) for (let f = 0; f < MN; f++) power[f] += Math.hypot(G.data[2 * (c * MN + f)], G.data[2 * (c * MN + f) + 1]) / chans.length;
  // block-sum the magnitude^2 down to <= 128 x 128 cells
  let b = 1;
  const maxCells = checkInteger(where, "maxCells", options.maxCells ?? 16384, 1, 16384);
  while ((M / b) * (N / b) > maxCells || M % b !== 0 || N % b !== 0) { b *= 2; if (b > Math.max(M, N)) break; }
  const m = Math.ceil(M / b), n = Math.ceil(N / b);
  const cells = new Float64Array(m * n);
  for (let u = 0; u < M; u++) for (let v = 0; v < N; v++) cells[Math.floor(u / b) * n + Math.floor(v / b)] += power[u * N + v] ** 2;
  const floor = 1e-300;
  const values = Array.from(cells, (p) => Math.log10(Math.sqrt(p) + floor));
  const what = ch === "mean" ? `mean over ${C} channels` : `channel ${ch}`;
  const subtitle = `log10 |G|, ${what}, ${M} x ${N}${b > 1 ? ` (root of power summed in ${b} x ${b} blocks)` : ""}; ${layout === "corners" ? "DC in the corners" : "DC in the centre"}`;
  return heatmap(values, [m, n], {
    title: options.title ?? "Spectrum map", subtitle, width: options.width ?? 260, height: options.height ?? 260,
    order: layout === "corners" ? "centred" : "fft",
    xLabel: layout === "corners" ? "ω₁ − π (rad)" : "ω₁ (rad)", yLabel: layout === "corners" ? "ω₂ − π (rad)" : "ω₂ (rad)",
    colorLabel: "log10 |G|",
  });
}
