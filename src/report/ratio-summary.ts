/**
 * Tightness summary of a {@link LayerReport}: for each method, the min / median / max over layers
 * of `value / exact sigma_max` (1 = exact; > 1 over-estimates), and whether it was guaranteed.
 */
import { table, type Table } from "../display/table";
import type { LayerReport } from "./layer-report";

/** One method's ratio statistics over the layers of a report. */
export interface RatioSummaryRow {
  method: string;
  kind: string;
  layers: number;
  min: number;
  median: number;
  max: number;
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Per-method ratio statistics (see file comment), in the report's method order. */
export function ratioSummary(report: LayerReport): RatioSummaryRow[] {
  return report.methods.map((method) => {
    const es = report.rows.flatMap((r) => r.estimates.filter((e) => e.method === method));
    const ratios = es.map((e) => e.ratio);
    return { method, kind: es[0].kind, layers: ratios.length, min: Math.min(...ratios), median: median(ratios), max: Math.max(...ratios) };
  });
}

/** Side-by-side median ratios of several reports (e.g. trained vs random kernels) as a table. */
export function compareRatios(reports: Record<string, LayerReport>, options: { caption?: string } = {}): Table {
  const names = Object.keys(reports);
  const summaries = names.map((n) => new Map(ratioSummary(reports[n]).map((r) => [r.method, r])));
  const methods = [...new Set(summaries.flatMap((s) => [...s.keys()]))];
  const rows = methods.map((m) => {
    const row: Record<string, unknown> = { method: m, kind: summaries.find((s) => s.has(m))!.get(m)!.kind };
    names.forEach((n, j) => {
      const r = summaries[j].get(m);
      row[`${n} median`] = r ? r.median : "-";
      row[`${n} range`] = r ? `${r.min.toFixed(3)}..${r.max.toFixed(3)}` : "-";
    });
    return row;
  });
  return table(rows, { digits: 4, caption: options.caption ?? "value / exact sigma_max over layers (median and range)" });
}
