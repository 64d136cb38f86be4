/**
 * Input normalisation for the plot builders: one series or several (array of arrays, or a
 * record name -> values), checked for shape and finiteness.
 */
import { checkFinite, ShapeError, SizeLimitError } from "../core/errors";

/** Values of one or several series: `y`, `[y1, y2]`, or `{ name1: y1, name2: y2 }`. */
export type SeriesData = ArrayLike<number> | readonly ArrayLike<number>[] | Readonly<Record<string, ArrayLike<number>>>;

/** One named series of values. */
export interface NamedSeries {
  name: string;
  values: ArrayLike<number>;
}

/** Most data rows a plot may carry inline (the spec and its SVG grow linearly). */
export const MAX_PLOT_ROWS = 100_000;

/** True for number[] and numeric typed arrays. */
export function isNumberArray(v: unknown): v is ArrayLike<number> {
  if (ArrayBuffer.isView(v)) return !(v instanceof DataView) && !(v instanceof BigInt64Array) && !(v instanceof BigUint64Array);
  return Array.isArray(v) && (v.length === 0 || typeof v[0] === "number");
}

/**
 * Splits `data` into named series; `names` (if given) overrides the names and must match in count.
 * Throws SizeLimitError above `maxRows` values in total.
 */
export function normalizeSeries(where: string, data: SeriesData, names?: readonly string[], maxRows: number = MAX_PLOT_ROWS): NamedSeries[] {
  let out: NamedSeries[];
  if (isNumberArray(data)) {
    out = [{ name: "series 1", values: data }];
  } else if (Array.isArray(data)) {
    out = (data as readonly unknown[]).map((v, i) => {
      if (!isNumberArray(v)) throw new ShapeError(`${where}: series ${i} is not an array of numbers`);
      return { name: `series ${i + 1}`, values: v };
    });
  } else if (data !== null && typeof data === "object") {
    out = Object.entries(data as Record<string, unknown>).map(([name, v]) => {
      if (!isNumberArray(v)) throw new ShapeError(`${where}: series "${name}" is not an array of numbers`);
      return { name, values: v };
    });
  } else {
    throw new ShapeError(`${where}: expected an array of numbers, an array of such arrays, or a record name -> array; got ${data === null ? "null" : typeof data}`);
  }
  if (out.length === 0) throw new ShapeError(`${where}: no series given`);
  if (names) {
    if (names.length !== out.length) throw new ShapeError(`${where}: ${names.length} series names for ${out.length} series`);
    out = out.map((s, i) => ({ name: String(names[i]), values: s.values }));
  }
  if (new Set(out.map((s) => s.name)).size !== out.length) throw new ShapeError(`${where}: series names must be distinct, got ${out.map((s) => s.name).join(", ")}`);
  let rows = 0;
  for (const s of out) {
    if (s.values.length === 0) throw new ShapeError(`${where}: series "${s.name}" is empty`);
    checkFinite(`${where} (series "${s.name}")`, s.values);
    rows += s.values.length;
  }
  if (rows > maxRows) {
    throw new SizeLimitError(`${where}: ${rows} points in total; at most ${maxRows} can be plotted inline — subsample or summarise (histogram, cdfPlot) first`);
  }
  return out;
}

/** The x values for each series: one shared array, or one array per series, with matching lengths. */
export function xForSeries(where: string, x: ArrayLike<number> | readonly ArrayLike<number>[], series: readonly NamedSeries[]): ArrayLike<number>[] {
  const perSeries = !isNumberArray(x);
  const xs = perSeries ? [...(x as readonly ArrayLike<number>[])] : series.map(() => x as ArrayLike<number>);
  if (xs.length !== series.length) throw new ShapeError(`${where}: ${xs.length} x arrays for ${series.length} series`);
  xs.forEach((xi, i) => {
    if (!isNumberArray(xi)) throw new ShapeError(`${where}: x for series "${series[i].name}" is not an array of numbers`);
    if (xi.length !== series[i].values.length) {
      throw new ShapeError(`${where}: series "${series[i].name}" has ${series[i].values.length} y values but ${xi.length} x values`);
    }
    checkFinite(`${where} (x of series "${series[i].name}")`, xi);
  });
  return xs;
}
