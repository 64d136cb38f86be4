/**
 * Builders of vega-lite v5 specs from (typed) arrays: line, scatter, log-log with fitted slope,
 * heat-map over a 2-D frequency grid, histogram and empirical CDF. Each returns a {@link Plot}.
 */
import { checkInteger, checkOneOf, checkOptions, DomainError, OptionError, ShapeError, SizeLimitError, checkFinite } from "../core/errors";
import { fitPowerLaw } from "./fit";
import { formatNumber } from "./format";
import { Plot, type SeriesFit } from "./plot";
import { normalizeSeries, xForSeries, MAX_PLOT_ROWS, type NamedSeries, type SeriesData } from "./series";
import type { VegaLiteSpec } from "./render";

/** Options common to every plot. */
export interface PlotOptions {
  title?: string;
  /** A second title line (e.g. the source or the parameters). */
  subtitle?: string;
  /** x-axis title, with units, e.g. "ω (rad)". */
  xLabel?: string;
  /** y-axis title, with units. */
  yLabel?: string;
  /** Names of the series, in order (overrides record keys / defaults "series k"). */
  series?: readonly string[];
  /** Size of the plotting area in pixels (default 480 x 300). */
  width?: number;
  height?: number;
}

/** Options of {@link linePlot} and {@link scatterPlot}. */
export interface XYPlotOptions extends PlotOptions {
  xScale?: "linear" | "log";
  yScale?: "linear" | "log";
  /** Ticks at -π, -π/2, 0, π/2, π labelled with π (for frequency axes on [-π, π]). */
  piTicks?: boolean;
  /** Mark every data point on a line plot (default: only when each series has <= 40 points). */
  points?: boolean;
  /** Horizontal reference lines, each labelled (e.g. `{ y: 1, label: "exact (ratio 1)" }`); drawn grey and dotted. */
  referenceLines?: readonly ReferenceLine[];
}

/** A labelled horizontal line at `y` (data units), e.g. the exact value a ratio is measured against. */
export interface ReferenceLine {
  y: number;
  label: string;
}

const COMMON_KEYS = ["title", "subtitle", "xLabel", "yLabel", "series", "width", "height"] as const;
const SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";
const PI_TICKS = [-Math.PI, -Math.PI / 2, 0, Math.PI / 2, Math.PI];
const PI_LABELS = "['−π', '−π/2', '0', 'π/2', 'π'][round(datum.value / (PI / 2)) + 2]";

function base(where: string, options: PlotOptions): VegaLiteSpec {
  const width = options.width ?? 480;
  const height = options.height ?? 300;
  checkInteger(where, "width", width, 50, 4000);
  checkInteger(where, "height", height, 50, 4000);
  // Headless vega estimates text width as 0.8 em per character (no canvas), so its default legend
  // label limit of 160 px cuts labels of about 20 characters; 320 px keeps typical series names whole.
  const spec: VegaLiteSpec = { $schema: SCHEMA, width, height, config: { legend: { labelLimit: 320 } } };
  if (options.title !== undefined || options.subtitle !== undefined) {
    spec.title = options.subtitle === undefined ? { text: options.title ?? "" } : { text: options.title ?? "", subtitle: options.subtitle };
  }
  return spec;
}

/** Label expression for tick values: plain for moderate magnitudes, `1.5e-7` style otherwise. */
const TICK_LABELS = "abs(datum.value) >= 1e5 || (abs(datum.value) < 1e-3 && datum.value != 0) ? format(datum.value, '.3~e') : format(datum.value, '~g')";

/**
 * Tick values for a log axis over [lo, hi] (lo > 0): the 1-2-5 values of each decade inside the
 * range; when fewer than three fall inside, 1..9 of each decade; when still fewer than three (a
 * range narrower than about a factor 2, e.g. ratios near 1), evenly spaced "nice" linear steps.
 * So every log axis has at least three labelled ticks, and a tick at 1 whenever 1 is a 1-2-5 value
 * inside the range.
 */
export function logAxisTicks(lo: number, hi: number): number[] {
  if (!(lo > 0) || !(hi >= lo) || !Number.isFinite(hi)) throw new DomainError(`logAxisTicks: need 0 < lo <= hi < Infinity, got [${lo}, ${hi}]`);
  const inRange = (mantissas: readonly number[]) => {
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(lo)) - 1; e <= Math.ceil(Math.log10(hi)); e++) {
      for (const m of mantissas) {
        const v = Number((m * 10 ** e).toPrecision(12)); // 3 * 10^-1 as 0.3, not 0.30000000000000004
        if (v >= lo * (1 - 1e-12) && v <= hi * (1 + 1e-12)) out.push(v);
      }
    }
    return out;
  };
  // Over many decades, one tick per decade (every second or third decade beyond 8 or 16) keeps labels apart.
  const decades = Math.log10(hi / lo);
  if (decades > 3) {
    const every = decades > 16 ? 3 : decades > 8 ? 2 : 1;
    return inRange([1]).filter((v) => Math.round(Math.log10(v)) % every === 0);
  }
  for (const m of [[1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]]) {
    const t = inRange(m);
    if (t.length >= 3) return t;
  }
  return linearTicks(lo, hi, 4).filter((v) => v > 0);
}

/** About `count` evenly spaced ticks at multiples of a 1-2-5 step, inside [lo, hi]. */
function linearTicks(lo: number, hi: number, count: number): number[] {
  if (hi === lo) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw * (1 - 1e-9)) ?? 10 * mag;
  const out: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi * (1 + 1e-12) + 1e-300; k++) out.push(Number((k * step).toPrecision(12)));
  return out;
}

/** Smallest and largest finite value of several arrays (the extra values included). */
function extent(arrays: readonly ArrayLike<number>[], extra: readonly number[] = []): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays) for (let i = 0; i < a.length; i++) { if (a[i] < lo) lo = a[i]; if (a[i] > hi) hi = a[i]; }
  for (const v of extra) { if (v < lo) lo = v; if (v > hi) hi = v; }
  return [lo, hi];
}

/**
 * Encoding of a quantitative axis. `range` is the data extent: a log axis gets explicit ticks
 * ({@link logAxisTicks}) over exactly that domain; a linear axis whose values are very large or very
 * small gets `1.5e+20`-style labels instead of vega's default (which truncates long numbers).
 */
function axis(field: string, title: string, scale: "linear" | "log" = "linear", piTicks = false, range?: readonly [number, number], integer = false): Record<string, unknown> {
  const enc: Record<string, unknown> = { field, type: "quantitative", title };
  if (scale === "log") {
    enc.scale = { type: "log", nice: false };
    if (range && range[0] > 0 && Number.isFinite(range[1])) {
      const [lo, hi] = range[0] === range[1] ? [range[0] / 1.1, range[1] * 1.1] : range;
      enc.scale = { type: "log", nice: false, domain: [lo, hi] };
      enc.axis = { values: logAxisTicks(lo, hi), labelExpr: TICK_LABELS };
    } else {
      enc.axis = { labelExpr: TICK_LABELS };
    }
  } else {
    enc.scale = { zero: false, nice: !piTicks };
    if (range) {
      const m = Math.max(Math.abs(range[0]), Math.abs(range[1]));
      if (m >= 1e5 || (m > 0 && m < 1e-3)) enc.axis = { labelExpr: TICK_LABELS };
    }
    // integer data (layer index, depth, degree): no ticks between integers, so no "1.5 layers"
    if (integer) enc.axis = { ...(enc.axis as Record<string, unknown> | undefined), tickMinStep: 1, format: "d" };
  }
  if (piTicks) {
    enc.axis = { values: PI_TICKS, labelExpr: PI_LABELS };
    enc.scale = { domain: [-Math.PI, Math.PI], nice: false, zero: false };
  }
  return enc;
}

function colorBy(series: readonly { name: string }[]): Record<string, unknown> | undefined {
  if (series.length < 2) return undefined;
  // An explicit scale domain (not `sort`) orders the series: vega-lite merges the colour, dash and
  // shape legends only when their domains are equal.
  return { field: "series", type: "nominal", title: null, scale: { domain: series.map((s) => s.name) } };
}

/**
 * Channels that tell series apart without colour (greyscale printing): a dash pattern per series
 * for lines, a marker shape per series for points. Same field, title and scale domain as the colour, so
 * vega-lite merges them into one legend.
 */
function greyscaleChannels(color: Record<string, unknown> | undefined, what: { dash?: boolean; shape?: boolean }): Record<string, unknown> {
  if (!color) return {};
  const out: Record<string, unknown> = {};
  if (what.dash) out.strokeDash = { ...color };
  if (what.shape) out.shape = { ...color };
  return out;
}

/** Layers drawing labelled horizontal reference lines (dotted grey rule, label at the right end). */
function referenceLayers(lines: readonly ReferenceLine[], yScale: "linear" | "log"): Record<string, unknown>[] {
  if (lines.length === 0) return [];
  const values = lines.map((l) => ({ ref: l.y, label: l.label }));
  const y = { field: "ref", type: "quantitative", ...(yScale === "log" ? { scale: { type: "log" } } : {}) };
  return [
    { data: { values }, mark: { type: "rule", color: "#444", strokeDash: [2, 3], strokeWidth: 1.5 }, encoding: { y } },
    { data: { values }, mark: { type: "text", align: "right", baseline: "bottom", dx: -2, dy: -2, color: "#444", fontSize: 11, x: { expr: "width" } }, encoding: { y, text: { field: "label" } } },
  ];
}

function describe(kind: string, options: PlotOptions, series: readonly NamedSeries[], extra = ""): string {
  const title = options.title ? ` "${options.title}"` : "";
  const parts = series.map((s) => `${s.name}: ${s.values.length} points`).join(", ");
  const axes = [options.xLabel ? `x: ${options.xLabel}` : "", options.yLabel ? `y: ${options.yLabel}` : ""].filter(Boolean).join("; ");
  return `${kind}${title}: ${series.length} series (${parts})${axes ? `; ${axes}` : ""}${extra}`;
}

function xyRows(series: readonly NamedSeries[], xs: readonly ArrayLike<number>[]): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  series.forEach((s, k) => {
    for (let i = 0; i < s.values.length; i++) rows.push({ x: xs[k][i], y: s.values[i], series: s.name });
  });
  return rows;
}

function xyPlot(where: string, mark: "line" | "point", x: ArrayLike<number> | readonly ArrayLike<number>[], y: SeriesData, options: XYPlotOptions): Plot {
  checkOptions(where, options, [...COMMON_KEYS, "xScale", "yScale", "piTicks", "points", "referenceLines"]);
  const xScale = checkOneOf(where, "xScale", options.xScale ?? "linear", ["linear", "log"] as const);
  const yScale = checkOneOf(where, "yScale", options.yScale ?? "linear", ["linear", "log"] as const);
  const series = normalizeSeries(where, y, options.series);
  const xs = xForSeries(where, x, series);
  for (const [scale, arrays, name] of [[xScale, xs, "x"], [yScale, series.map((s) => s.values), "y"]] as const) {
    if (scale !== "log") continue;
    for (const a of arrays) for (let i = 0; i < a.length; i++) {
      if (!(a[i] > 0)) throw new DomainError(`${where}: ${name} value ${a[i]} at index ${i} cannot be shown on a log axis; need > 0`);
    }
  }
  const refs = options.referenceLines ?? [];
  if (!Array.isArray(refs)) throw new OptionError(`${where}: referenceLines must be an array of { y, label }`);
  refs.forEach((r, i) => {
    checkOptions(`${where} referenceLines[${i}]`, r, ["y", "label"]);
    if (typeof r.y !== "number" || !Number.isFinite(r.y) || (yScale === "log" && !(r.y > 0))) throw new DomainError(`${where}: referenceLines[${i}].y must be a finite number${yScale === "log" ? " > 0 (log axis)" : ""}, got ${r.y}`);
    if (typeof r.label !== "string" || r.label.trim() === "") throw new OptionError(`${where}: referenceLines[${i}].label must be a non-empty string`);
  });
  const spec = base(where, options);
  const showPoints = options.points ?? series.every((s) => s.values.length <= 40);
  const color = colorBy(series);
  const encoding: Record<string, unknown> = {
    x: axis("x", options.xLabel ?? "x", xScale, options.piTicks ?? false, extent(xs), xs.every((a) => Array.prototype.every.call(a, (v: number) => Number.isInteger(v)))),
    y: axis("y", options.yLabel ?? "y", yScale, false, extent(series.map((s) => s.values), refs.map((r) => r.y))),
  };
  if (color) Object.assign(encoding, { color }, greyscaleChannels(color, { dash: mark === "line", shape: mark === "point" || showPoints }));
  const dataMark = mark === "line"
    ? { type: "line", point: showPoints ? { filled: true, size: 40 } : false, strokeWidth: 2 }
    : { type: "point", filled: true, size: 40, opacity: 0.8 };
  const data = { values: xyRows(series, xs) };
  if (refs.length === 0) {
    spec.data = data;
    spec.mark = dataMark;
    spec.encoding = encoding;
  } else {
    spec.layer = [{ data, mark: dataMark, encoding }, ...referenceLayers(refs, yScale)];
  }
  const extra = refs.length ? `; reference line${refs.length > 1 ? "s" : ""} ${refs.map((r) => `${r.label} at y = ${formatNumber(r.y, 4)}`).join(", ")}` : "";
  return new Plot(spec, describe(mark === "line" ? "line plot" : "scatter plot", options, series, extra));
}

/**
 * Line plot of `y` against `x`. `y` is one series, an array of series, or a record
 * name -> series; `x` is shared, or one array per series. Values must be finite.
 */
export function linePlot(x: ArrayLike<number> | readonly ArrayLike<number>[], y: SeriesData, options: XYPlotOptions = {}): Plot {
  return xyPlot("linePlot", "line", x, y, options);
}

/** Scatter plot of points `(x[i], y[i])`; same inputs as {@link linePlot}. */
export function scatterPlot(x: ArrayLike<number> | readonly ArrayLike<number>[], y: SeriesData, options: XYPlotOptions = {}): Plot {
  return xyPlot("scatterPlot", "point", x, y, options);
}

/** Options of {@link logLogPlot}. */
export interface LogLogOptions extends PlotOptions {
  /** Fit only the points with fitRange[0] <= x <= fitRange[1] (e.g. the asymptotic regime). */
  fitRange?: readonly [number, number];
  /** Draw markers (default true: log-log data are usually a few sizes). */
  points?: boolean;
}

/**
 * Log-log plot with a least-squares power-law fit per series, `y ~ C x^slope`
 * (`slope` = OLS slope of log10 y on log10 x, see {@link fitPowerLaw}). The fitted lines are drawn
 * dashed, the slopes appear in the legend (or subtitle, for one series) and are returned in
 * `plot.fits` / `plot.slope`. Needs x > 0 and y > 0.
 */
export function logLogPlot(x: ArrayLike<number> | readonly ArrayLike<number>[], y: SeriesData, options: LogLogOptions = {}): Plot {
  const where = "logLogPlot";
  checkOptions(where, options, [...COMMON_KEYS, "fitRange", "points"]);
  const series = normalizeSeries(where, y, options.series);
  const xs = xForSeries(where, x, series);
  const fits: SeriesFit[] = series.map((s, k) => ({ series: s.name, ...fitPowerLaw(xs[k], s.values, options.fitRange) }));
  // fitPowerLaw only checks positivity inside the fit range; the log axes need it everywhere.
  series.forEach((s, k) => {
    for (let i = 0; i < s.values.length; i++) {
      if (!(xs[k][i] > 0) || !(s.values[i] > 0)) throw new DomainError(`${where}: point ${i} of "${s.name}" is (${xs[k][i]}, ${s.values[i]}); log axes need x > 0 and y > 0`);
    }
  });
  const label = (k: number) => (series.length > 1 ? `${series[k].name} (slope ${fits[k].slope.toPrecision(4)})` : series[k].name);
  const rows: Record<string, unknown>[] = [];
  const fitRows: Record<string, unknown>[] = [];
  series.forEach((s, k) => {
    for (let i = 0; i < s.values.length; i++) rows.push({ x: xs[k][i], y: s.values[i], series: label(k) });
    const f = fits[k];
    for (const xv of [f.xMin, f.xMax]) fitRows.push({ x: xv, y: 10 ** (f.intercept + f.slope * Math.log10(xv)), series: label(k) });
  });
  const spec = base(where, options);
  if (series.length === 1) {
    const f = fits[0];
    const note = `fitted slope ${f.slope.toPrecision(4)} (least squares in log-log, x in [${formatNumber(f.xMin, 4)}, ${formatNumber(f.xMax, 4)}], R² = ${formatNumber(f.r2, 4)})`;
    spec.title = { text: options.title ?? "", subtitle: options.subtitle ? [options.subtitle, note] : note };
  }
  const color = colorBy(series.map((_, k) => ({ name: label(k) })));
  const xRange = extent([...xs, ...fits.map((f) => [f.xMin, f.xMax])]);
  const yRange = extent([...series.map((s) => s.values), fitRows.map((r) => r.y as number)]);
  const enc = (extra: Record<string, unknown> = {}) => ({
    x: axis("x", options.xLabel ?? "x", "log", false, xRange),
    y: axis("y", options.yLabel ?? "y", "log", false, yRange),
    ...(color ? { color } : {}),
    ...extra,
  });
  const showPoints = options.points ?? true;
  spec.layer = [
    { data: { values: rows }, mark: { type: "line", point: showPoints ? { filled: true, size: 40 } : false, strokeWidth: 2 }, encoding: enc(greyscaleChannels(color, { shape: showPoints, dash: !showPoints })) },
    { data: { values: fitRows }, mark: { type: "line", strokeDash: [6, 4], strokeWidth: 1.5, ...(color ? {} : { color: "black" }) }, encoding: enc() },
  ];
  const slopes = fits.map((f) => `${f.series}: slope ${formatNumber(f.slope, 6)} (R² ${formatNumber(f.r2, 4)})`).join(", ");
  return new Plot(spec, describe("log-log plot", options, series, `; fitted ${slopes}`), fits);
}

/** Options of {@link heatmap}. */
export interface HeatmapOptions extends Omit<PlotOptions, "series"> {
  /** Order of the input along each axis: "fft" (default, w_j = 2πj/n) or "centred" (fftshift order, w from -π up). */
  order?: "fft" | "centred";
  /** Title of the colour legend, with units. */
  colorLabel?: string;
  /** vega colour scheme (default "viridis"). */
  scheme?: string;
}

/** Most cells a heat-map carries (one SVG rectangle each): a 128 x 128 grid. */
export const MAX_HEATMAP_CELLS = 16_384;

/** Frequency of index j on an axis of n points, wrapped into [-π, π): the FFT grid 2πj/n, or fftshift order. */
function gridFrequency(j: number, n: number, order: "fft" | "centred"): number {
  if (order === "centred") return (2 * Math.PI * (j - Math.floor(n / 2))) / n;
  const w = (2 * Math.PI * j) / n;
  return w < Math.PI ? w : w - 2 * Math.PI;
}

/**
 * Heat-map of real values on a 2-D frequency grid of shape `[n1, n2]` (row-major: `values[j1 * n2 + j2]`),
 * drawn over [-π, π)² with ω1 horizontal and ω2 vertical; each cell is centred on its grid frequency
 * and 2π/n wide. The input follows the FFT-order convention unless `order: "centred"`.
 */
export function heatmap(values: ArrayLike<number>, shape: readonly [number, number], options: HeatmapOptions = {}): Plot {
  const where = "heatmap";
  checkOptions(where, options, ["title", "subtitle", "xLabel", "yLabel", "width", "height", "order", "colorLabel", "scheme"]);
  const order = checkOneOf(where, "order", options.order ?? "fft", ["fft", "centred"] as const);
  if (!Array.isArray(shape) || shape.length !== 2) throw new ShapeError(`${where}: shape must be [n1, n2], got ${JSON.stringify(shape)}`);
  const n1 = checkInteger(where, "n1", shape[0], 1);
  const n2 = checkInteger(where, "n2", shape[1], 1);
  if (values.length !== n1 * n2) throw new ShapeError(`${where}: ${values.length} values for a ${n1} x ${n2} grid (need ${n1 * n2})`);
  if (n1 * n2 > MAX_HEATMAP_CELLS) throw new SizeLimitError(`${where}: ${n1} x ${n2} = ${n1 * n2} cells; at most ${MAX_HEATMAP_CELLS} (128 x 128) — evaluate on a coarser grid`);
  checkFinite(where, values);
  const rows: Record<string, unknown>[] = [];
  const h1 = Math.PI / n1;
  const h2 = Math.PI / n2;
  for (let j1 = 0; j1 < n1; j1++) {
    const w1 = gridFrequency(j1, n1, order);
    for (let j2 = 0; j2 < n2; j2++) {
      const w2 = gridFrequency(j2, n2, order);
      rows.push({ w1: w1 - h1, w1b: w1 + h1, w2: w2 - h2, w2b: w2 + h2, value: values[j1 * n2 + j2] });
    }
  }
  const spec = base(where, { ...options, width: options.width ?? 360, height: options.height ?? 360 });
  spec.data = { values: rows };
  // A hairline stroke in the fill colour hides anti-aliasing seams between neighbouring cells.
  spec.mark = { type: "rect", strokeWidth: 0.5, stroke: { expr: "scale('color', datum.value)" } };
  // The axis spans exactly the cells: [-π - π/n, π - π/n] for even n, [-π, π] for odd n.
  const freqAxis = (field: string, title: string, n: number) => {
    const lo = gridFrequency(0, n, "centred") - Math.PI / n;
    const hi = gridFrequency(n - 1, n, "centred") + Math.PI / n;
    return {
      field, type: "quantitative", title,
      scale: { domain: [lo, hi], nice: false, zero: false },
      axis: { values: PI_TICKS.filter((t) => t >= lo - 1e-12 && t <= hi + 1e-12), labelExpr: PI_LABELS, grid: false },
    };
  };
  spec.encoding = {
    x: freqAxis("w1", options.xLabel ?? "ω₁ (rad)", n1),
    x2: { field: "w1b" },
    y: freqAxis("w2", options.yLabel ?? "ω₂ (rad)", n2),
    y2: { field: "w2b" },
    color: { field: "value", type: "quantitative", title: options.colorLabel ?? "value", scale: { scheme: options.scheme ?? "viridis" } },
  };
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) { lo = Math.min(lo, values[i]); hi = Math.max(hi, values[i]); }
  const title = options.title ? ` "${options.title}"` : "";
  return new Plot(spec, `heat-map${title}: ${n1} x ${n2} frequency grid (${order} order), values in [${formatNumber(lo, 4)}, ${formatNumber(hi, 4)}]`);
}

/** Options of {@link histogram}. */
export interface HistogramOptions extends PlotOptions {
  /** Number of equal-width bins over [min, max] of all series (default Sturges: ceil(log2 n) + 1, at most 200). */
  bins?: number;
  /** Plot densities count / (n * bin width) instead of counts, so series of different sizes compare. */
  density?: boolean;
}

/**
 * Histogram of one or several series on common equal-width bins (bin k is [e_k, e_{k+1}), the last
 * one closed). Several series are overlaid, semi-transparent, not stacked.
 */
export function histogram(values: SeriesData, options: HistogramOptions = {}): Plot {
  const where = "histogram";
  checkOptions(where, options, [...COMMON_KEYS, "bins", "density"]);
  const series = normalizeSeries(where, values, options.series);
  let lo = Infinity;
  let hi = -Infinity;
  let total = 0;
  for (const s of series) for (let i = 0; i < s.values.length; i++) { lo = Math.min(lo, s.values[i]); hi = Math.max(hi, s.values[i]); total++; }
  const bins = checkInteger(where, "bins", options.bins ?? Math.min(200, Math.ceil(Math.log2(Math.max(...series.map((s) => s.values.length)))) + 1), 1, 10_000);
  if (lo === hi) { lo -= 0.5; hi += 0.5; } // all equal: one unit-wide range around the value
  const width = (hi - lo) / bins;
  const rows: Record<string, unknown>[] = [];
  for (const s of series) {
    const counts = new Array<number>(bins).fill(0);
    for (let i = 0; i < s.values.length; i++) counts[Math.min(bins - 1, Math.floor((s.values[i] - lo) / width))]++;
    for (let k = 0; k < bins; k++) {
      const count = options.density ? counts[k] / (s.values.length * width) : counts[k];
      rows.push({ lo: lo + k * width, hi: k === bins - 1 ? hi : lo + (k + 1) * width, count, series: s.name });
    }
  }
  const spec = base(where, options);
  spec.data = { values: rows };
  // rect with explicit x/x2 and y/y2 (from 0): bars span exactly their bin edges.
  spec.mark = { type: "rect", opacity: series.length > 1 ? 0.55 : 0.9, stroke: "white", strokeWidth: 0.5 };
  const encoding: Record<string, unknown> = {
    x: { field: "lo", type: "quantitative", title: options.xLabel ?? "value", scale: { zero: false } },
    x2: { field: "hi" },
    y: { field: "count", type: "quantitative", title: options.yLabel ?? (options.density ? "density" : "count"), stack: null },
    y2: { datum: 0 },
  };
  const color = colorBy(series);
  if (color) encoding.color = color;
  spec.encoding = encoding;
  return new Plot(spec, describe("histogram", options, series, `; ${bins} bins over [${formatNumber(lo, 4)}, ${formatNumber(hi, 4)}], ${total} values`));
}

/** Options of {@link cdfPlot}. */
export interface CdfOptions extends PlotOptions {
  xScale?: "linear" | "log";
  /** Most plotted steps per series (default 2000); larger samples are drawn at evenly spaced ranks. */
  maxPoints?: number;
}

/**
 * Empirical CDFs F_n(v) = #{i : x_i <= v} / n of one or several samples (e.g. singular-value
 * distributions), drawn as right-continuous step functions. Samples with more than `maxPoints`
 * values are drawn through the points (x_(k), k/n) at evenly spaced ranks k.
 */
export function cdfPlot(samples: SeriesData, options: CdfOptions = {}): Plot {
  const where = "cdfPlot";
  checkOptions(where, options, [...COMMON_KEYS, "xScale", "maxPoints"]);
  const xScale = checkOneOf(where, "xScale", options.xScale ?? "linear", ["linear", "log"] as const);
  const maxPoints = checkInteger(where, "maxPoints", options.maxPoints ?? 2000, 2, MAX_PLOT_ROWS);
  // Samples are thinned to maxPoints steps before plotting, so the inline-row limit applies afterwards.
  const series = normalizeSeries(where, samples, options.series, Infinity);
  const rows: Record<string, unknown>[] = [];
  for (const s of series) {
    const sorted = Float64Array.from(s.values).sort();
    const n = sorted.length;
    if (xScale === "log" && !(sorted[0] > 0)) throw new DomainError(`${where}: sample "${s.name}" has the value ${sorted[0]}; a log x axis needs values > 0`);
    const m = Math.min(n, maxPoints);
    rows.push({ x: sorted[0], p: 0, k: 0, series: s.name });
    for (let i = 0; i < m; i++) {
      const rank = m === n ? i + 1 : Math.round(1 + (i * (n - 1)) / (m - 1));
      rows.push({ x: sorted[rank - 1], p: rank / n, k: i + 1, series: s.name });
    }
  }
  if (rows.length > MAX_PLOT_ROWS) throw new SizeLimitError(`${where}: ${rows.length} steps in total; at most ${MAX_PLOT_ROWS} — lower maxPoints`);
  const spec = base(where, options);
  spec.data = { values: rows };
  spec.mark = { type: "line", interpolate: "step-after", strokeWidth: 2 };
  const encoding: Record<string, unknown> = {
    x: axis("x", options.xLabel ?? "value", xScale, false, extent([rows.map((r) => r.x as number)])),
    y: { field: "p", type: "quantitative", title: options.yLabel ?? "empirical CDF", scale: { domain: [0, 1] } },
    order: { field: "k", type: "quantitative" },
  };
  const color = colorBy(series);
  if (color) Object.assign(encoding, { color }, greyscaleChannels(color, { dash: true }));
  spec.encoding = encoding;
  return new Plot(spec, describe("empirical CDF plot", options, series));
}
