/**
 * `layerReport(model, {inputShape, padding})`: the spectral report of every convolution layer of a
 * trained model. Per layer (kernel K, input n1 x n2, padding):
 * - exact `sigma_max(T) = ||T||_2` of the layer matrix, matrix-free (Lanczos on T^T T,
 *   `spectralNorm`), with its certified residual;
 * - two approximations from the symbol `F(w) = sum_q K_q e^{-i<q,w>}`:
 *   "circular" `max_{w = 2 pi j / n} ||F(w)||_2` (exact for circular padding, Sedghi et al. 2019)
 *   and "sine" `max_{w = pi j / (n + 1)} ||F(w)||_2` (the sine/tau grid, signs mirrored);
 * - every bound of `spectralNormBounds` (src/bounds/), each with "guaranteed" (a proven upper
 *   bound for this padding) or not;
 * - ratios value / exact and wall-clock seconds of each computation.
 *
 * Stride: by default ("one") every layer is analysed as the stride-1 operator on the given input,
 * whatever its stride in the network (the symbol approximations are stride-1 notions). With
 * `stride: "guess"` the exact value uses the stride guessed by `listConvKernels` (or given), the
 * bounds stay valid (a stride only drops rows of T) and the grid approximations are left empty.
 * The stride used is a column of the table.
 */
import { checkOptions, checkOneOf, OptionError, ShapeError, DomainError } from "../core/errors";
import { DISPLAY, type Displayable, type MimeBundle } from "../display/channel";
import { table, type Table } from "../display/table";
import { linePlot } from "../display/plots";
import { stackPlots } from "../display/stack";
import type { Plot } from "../display/plot";
import { progress as startProgress } from "../display/progress";
import { spectralNorm } from "../spectrum/spectral-norm";
import type { Padding } from "../spectrum/conv-operator";
import { spectralNormBounds, BOUND_METHODS, type BoundMethod } from "../bounds/spectral-norm-bounds";
import { maxSymbolNorm } from "../bounds/symbol-bounds";
import { circularGrid, sineGrid, halfGrid } from "../grid/grids";
import { loadWeights } from "../io/load";
import { listConvKernels, type ConvKernelInfo, type ConvLayout } from "../io/conv-kernels";
import type { WeightMap } from "../io/tensor";

/** Bounds computed by default: all but "kernel-gram", whose cost grows like c^3 4^t (233 s for one 256x256 3x3 layer at t = 4). */
export const DEFAULT_REPORT_METHODS: readonly BoundMethod[] = BOUND_METHODS.filter((m) => m !== "kernel-gram");

/** Options of {@link layerReport}. */
export interface LayerReportOptions {
  /** Spatial input size `[n1, n2]` for every layer, or a function of the layer giving it. */
  inputShape: readonly number[] | ((layer: ConvKernelInfo) => readonly number[]);
  /** Boundary rule of the analysed operator (default "zero"). */
  padding?: Padding;
  /** Which layers: tensor names, or a predicate (default all conv kernels). */
  layers?: readonly string[] | ((layer: ConvKernelInfo) => boolean);
  /** "one" (default): analyse the stride-1 operator; "guess": use each layer's stride (see file comment). */
  stride?: "one" | "guess";
  /** Bound methods (default {@link DEFAULT_REPORT_METHODS}). */
  methods?: readonly BoundMethod[];
  /** Grid points per axis of "sup-grid" (default max(16, 2 max n)); lipgrid / sup-frobenius use spectralNormBounds' default. */
  supGridSize?: number;
  /** Gram iterations of "gram-iteration" (default 6). */
  gramIterations?: number;
  /** Layout when `model` is a path or weight map (default from the file format). */
  layout?: ConvLayout | "channels-first" | "channels-last";
  /** Known strides by tensor name (with stride "guess"). */
  strides?: Record<string, number>;
  /** Show a progress bar (default true). */
  progress?: boolean;
  /** Relative residual target of the exact Lanczos (default 1e-10). */
  tol?: number;
  /** Model name shown in captions and exports (default: the path, or "weights" / "conv kernels"). */
  name?: string;
}

/** One estimate of sigma_max for a layer. */
export interface LayerEstimate {
  /** "circular", "sine" or a bound method. */
  method: string;
  /** "approximation" (symbol on an n-grid), "bound" (guaranteed upper bound) or "estimate" (a bound method that is not guaranteed here). */
  kind: "approximation" | "bound" | "estimate";
  value: number;
  /** Proven upper bound of the exact value for this padding (approximations: false). */
  guaranteed: boolean;
  /** value / exact sigma_max. */
  ratio: number;
  seconds: number;
}

/** The report of one layer. */
export interface LayerReportRow {
  /** Position among the model's conv kernels (0-based, file order). */
  index: number;
  layer: string;
  cout: number;
  cin: number;
  kernelShape: number[];
  inputShape: number[];
  padding: Padding;
  /** Stride of the analysed operator, and the model's guessed stride with its reason. */
  stride: number;
  strideGuess: number;
  strideReason: string;
  exact: { value: number; residual: number; iterations: number; seconds: number };
  estimates: LayerEstimate[];
  /** Total seconds for this layer. */
  seconds: number;
}

function timed<T>(f: () => T): { value: T; seconds: number } {
  const t0 = performance.now();
  const value = f();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

function csvCell(v: unknown): string {
  // String(number) is the shortest text that parses back to the same double
  const s = String(v ?? "");
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The per-layer report (displayable: HTML table + text; `plot()`, `toCSV()`, `toJSON()`). */
/** Methods whose value / exact stays within this of 1 on every layer get the linear-axis panel of `LayerReport.plot`. */
export const CLOSE_RATIO = 0.25;

export class LayerReport implements Displayable {
  constructor(readonly rows: readonly LayerReportRow[], readonly source: string, readonly seconds: number) {}

  /** The report restricted to the layers satisfying `keep` (same source; seconds summed over kept rows). */
  select(keep: (row: LayerReportRow) => boolean): LayerReport {
    const rows = this.rows.filter(keep);
    if (rows.length === 0) throw new ShapeError("LayerReport.select: no layer satisfies the predicate");
    return new LayerReport(rows, this.source, rows.reduce((a, r) => a + r.seconds, 0));
  }

  /** Method names in column order: the approximations, then the bounds. */
  get methods(): string[] {
    const seen: string[] = [];
    for (const r of this.rows) for (const e of r.estimates) if (!seen.includes(e.method)) seen.push(e.method);
    return seen;
  }

  /**
   * Wide table: one row per layer, exact sigma_max, ratio value/exact of every method; with
   * `{ timings: true }` also wall-clock seconds per layer. Timings are off by default so that a
   * displayed report (a notebook output) is the same bytes on every run; speed belongs to bench/.
   */
  table(options: { timings?: boolean } = {}): Table {
    checkOptions("LayerReport.table", options, ["timings"]);
    const timings = options.timings ?? false;
    const methods = this.methods;
    const rows = this.rows.map((r) => {
      const row: Record<string, unknown> = {
        "#": r.index, layer: r.layer, "cout x cin": `${r.cout} x ${r.cin}`, k: r.kernelShape.join("x"), input: r.inputShape.join("x"), stride: r.stride,
        "exact sigma_max": r.exact.value,
      };
      for (const m of methods) {
        const e = r.estimates.find((x) => x.method === m);
        row[`${m}${e?.kind === "bound" ? " (ub)" : ""}`] = e ? e.ratio : "-";
      }
      if (timings) row.seconds = r.seconds;
      return row;
    });
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    const first = this.rows[0];
    return table(rows, {
      columns, digits: 4,
      caption: `Per-layer sigma_max of ${this.source}: exact (Lanczos) and value/exact for approximations and bounds ("(ub)" = guaranteed upper bound), ${first ? first.padding : ""} padding${timings ? `; total ${this.seconds.toFixed(1)} s` : ""}`,
    });
  }

  /**
   * Ratio value / exact of each method along depth (x = layer index). Methods whose ratio stays
   * within {@link CLOSE_RATIO} of 1 on every layer (the grid approximations, circulant, Gram
   * iteration: a few percent) get their own panel on a linear axis; the looser ones share a
   * log-axis panel. Both panels draw the exact value as a labelled reference line at ratio 1.
   */
  plot(options: { methods?: readonly string[]; title?: string } = {}): Plot {
    checkOptions("LayerReport.plot", options, ["methods", "title"]);
    const methods = options.methods ?? this.methods;
    const x = this.rows.map((r) => r.index);
    const series: Record<string, number[]> = {};
    for (const m of methods) {
      const vals = this.rows.map((r) => r.estimates.find((e) => e.method === m)?.ratio);
      if (vals.some((v) => v === undefined)) continue; // method not computed for every layer (e.g. strided approximations)
      series[m] = vals as number[];
    }
    if (Object.keys(series).length === 0) throw new ShapeError("LayerReport.plot: no method was computed for every layer");
    const close = Object.fromEntries(Object.entries(series).filter(([, v]) => v.every((r) => Math.abs(r - 1) <= CLOSE_RATIO)));
    const loose = Object.fromEntries(Object.entries(series).filter(([m]) => !(m in close)));
    const title = options.title ?? "Approximations and bounds of sigma_max along depth";
    const xLabel = "conv layer index (file order)";
    const reference = [{ y: 1, label: "exact σ_max (ratio 1)" }];
    const panels: Plot[] = [];
    if (Object.keys(close).length) {
      panels.push(linePlot(x, close, {
        title: `within ${Math.round(CLOSE_RATIO * 100)} % of the exact value`, xLabel, yLabel: "value / exact σ_max", height: 220, referenceLines: reference,
      }));
    }
    if (Object.keys(loose).length) {
      panels.push(linePlot(x, loose, {
        title: Object.keys(close).length ? "looser methods (log axis)" : "", xLabel, yLabel: "value / exact σ_max", yScale: "log", height: 260, referenceLines: reference,
      }));
    }
    return panels.length === 1
      ? linePlot(x, series, { title, subtitle: this.source, xLabel, yLabel: "value / exact σ_max", yScale: Object.keys(close).length ? "linear" : "log", referenceLines: reference })
      : stackPlots(panels, { title, subtitle: this.source });
  }

  /** Long-format CSV: one line per (layer, method), including the exact value (method "exact"). */
  toCSV(): string {
    const head = ["index", "layer", "cout", "cin", "kernel", "input", "padding", "stride", "stride_guess", "method", "kind", "value", "guaranteed", "ratio", "seconds"];
    const lines = [head.join(",")];
    for (const r of this.rows) {
      const common = [r.index, r.layer, r.cout, r.cin, r.kernelShape.join("x"), r.inputShape.join("x"), r.padding, r.stride, r.strideGuess];
      lines.push([...common, "exact", "exact", r.exact.value, "exact", 1, r.exact.seconds].map(csvCell).join(","));
      for (const e of r.estimates) lines.push([...common, e.method, e.kind, e.value, e.guaranteed, e.ratio, e.seconds].map(csvCell).join(","));
    }
    return lines.join("\n") + "\n";
  }

  /** Plain JSON: `{source, seconds, rows}`. */
  toJSON(): { source: string; seconds: number; rows: LayerReportRow[] } {
    return { source: this.source, seconds: this.seconds, rows: this.rows.map((r) => ({ ...r, estimates: r.estimates.map((e) => ({ ...e })) })) };
  }

  [DISPLAY](): MimeBundle {
    return this.table()[DISPLAY]();
  }

  toString(): string {
    return this.table().toText();
  }
}

function selectLayers(where: string, all: ConvKernelInfo[], layers: LayerReportOptions["layers"]): ConvKernelInfo[] {
  if (layers === undefined) return all;
  if (typeof layers === "function") return all.filter(layers);
  if (!Array.isArray(layers)) throw new OptionError(`${where}: layers must be a list of tensor names or a predicate`);
  for (const name of layers) {
    if (!all.some((k) => k.name === name)) throw new OptionError(`${where}: no conv kernel named ${JSON.stringify(name)}; available: ${all.map((k) => k.name).join(", ")}`);
  }
  return all.filter((k) => layers.includes(k.name));
}

/**
 * Runs the report (see file comment) on `model`: a weights path (anything `loadWeights` reads),
 * a loaded weight map, or the list from `listConvKernels`. Shows a progress bar over layers.
 */
export function layerReport(model: string | WeightMap | readonly ConvKernelInfo[], options: LayerReportOptions): LayerReport {
  const where = "layerReport";
  checkOptions(where, options, ["inputShape", "padding", "layers", "stride", "methods", "supGridSize", "gramIterations", "layout", "strides", "progress", "tol", "name"]);
  if (!options || options.inputShape === undefined) throw new OptionError(`${where}: inputShape is required, e.g. {inputShape: [32, 32]}`);
  const padding = checkOneOf(where, "padding", options.padding ?? "zero", ["zero", "circular", "reflect"] as const);
  const strideMode = checkOneOf(where, "stride", options.stride ?? "one", ["one", "guess"] as const);
  const methods = options.methods ?? DEFAULT_REPORT_METHODS;
  for (const m of methods) if (!BOUND_METHODS.includes(m)) throw new OptionError(`${where}: unknown bound method ${JSON.stringify(m)}; allowed: ${BOUND_METHODS.join(", ")}`);
  let source: string;
  let all: ConvKernelInfo[];
  if (typeof model === "string") {
    source = model;
    all = listConvKernels(loadWeights(model), { layout: options.layout, strides: options.strides });
  } else if (model instanceof Map) {
    source = "weights";
    all = listConvKernels(model, { layout: options.layout, strides: options.strides });
  } else if (Array.isArray(model)) {
    source = "conv kernels";
    all = [...model];
  } else throw new ShapeError(`${where}: model must be a weights path, the Map from loadWeights, or the list from listConvKernels`);
  if (options.name !== undefined) source = String(options.name);
  const index = new Map(all.map((k, i) => [k.name, i]));
  const chosen = selectLayers(where, all, options.layers);
  if (chosen.length === 0) throw new ShapeError(`${where}: no convolution layer to report (the model has ${all.length} conv kernels)`);
  const bar = options.progress === false ? undefined : startProgress(chosen.length, { label: "layerReport: layers" });
  const t0 = performance.now();
  const rows: LayerReportRow[] = [];
  for (const info of chosen) {
    const tl = performance.now();
    const n = [...(typeof options.inputShape === "function" ? options.inputShape(info) : options.inputShape)];
    if (n.length !== info.kernelShape.length || n.some((v) => !Number.isInteger(v) || v < 1)) {
      throw new ShapeError(`${where}: layer "${info.name}" has a ${info.kernelShape.length}-D kernel; inputShape must be ${info.kernelShape.length} positive integers, got [${n}]`);
    }
    const K = info.kernel;
    const stride = strideMode === "guess" ? info.stride : 1;
    if (stride > 1 && n.some((v) => v % stride !== 0)) throw new DomainError(`${where}: layer "${info.name}" has stride ${stride}, which must divide the input size [${n}]; choose a multiple of ${stride} or stride "one"`);
    const ex = timed(() => spectralNorm(K, { inputShape: n, padding, stride, tol: options.tol ?? 1e-10 }));
    const exact = ex.value.value;
    const estimates: LayerEstimate[] = [];
    if (stride === 1) {
      // ||F(-w)|| = ||F(w)|| for real taps: the half circular grid has the same max
      const c = timed(() => maxSymbolNorm(K, halfGrid(circularGrid(n))));
      estimates.push({ method: "circular", kind: "approximation", value: c.value, guaranteed: false, ratio: c.value / exact, seconds: c.seconds });
      const s = timed(() => maxSymbolNorm(K, sineGrid(n)));
      estimates.push({ method: "sine", kind: "approximation", value: s.value, guaranteed: false, ratio: s.value / exact, seconds: s.seconds });
    }
    const supGrid = methods.includes("sup-grid");
    const rest = methods.filter((m) => m !== "sup-grid");
    const boundRows = [];
    if (supGrid) {
      const supGridSize = options.supGridSize ?? Math.max(16, 2 * Math.max(...n));
      boundRows.push(...spectralNormBounds(K, { inputShape: n, padding, stride, methods: ["sup-grid"], exact: false, gridSize: supGridSize }).rows);
    }
    if (rest.length > 0) {
      boundRows.push(...spectralNormBounds(K, { inputShape: n, padding, stride, methods: rest, exact: false, gramIterations: options.gramIterations ?? 6 }).rows);
    }
    const order = new Map(methods.map((m, i) => [m, i]));
    boundRows.sort((a, b) => order.get(a.method)! - order.get(b.method)!);
    for (const b of boundRows) estimates.push({ method: b.method, kind: b.guaranteed ? "bound" : "estimate", value: b.value, guaranteed: b.guaranteed, ratio: b.value / exact, seconds: b.seconds });
    rows.push({
      index: index.get(info.name)!, layer: info.name, cout: K.cout, cin: K.cin, kernelShape: [...K.shape], inputShape: n, padding,
      stride, strideGuess: info.stride, strideReason: info.strideReason,
      exact: { value: exact, residual: ex.value.residual, iterations: ex.value.iterations, seconds: ex.seconds },
      estimates, seconds: (performance.now() - tl) / 1000,
    });
    bar?.tick();
  }
  bar?.done();
  return new LayerReport(rows, source, (performance.now() - t0) / 1000);
}
