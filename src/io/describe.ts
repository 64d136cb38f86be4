/**
 * `weightsTable(weights)`: a displayable overview of a loaded model, one row per tensor: name,
 * shape, stored dtype (with the TF.js dequantisation `q * scale + min` when present), element
 * count and the range [min, max] of the values.
 */
import { ShapeError } from "../core/errors";
import { table, type Table } from "../display/table";
import type { WeightMap } from "./tensor";

/** Overview table of a weight map (see file comment). */
export function weightsTable(weights: WeightMap, options: { caption?: string } = {}): Table {
  if (!(weights instanceof Map) || weights.size === 0) throw new ShapeError("weightsTable: expected a non-empty Map from loadWeights");
  let total = 0;
  const rows = [...weights.values()].map((t) => {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < t.data.length; i++) { const v = t.data[i]; if (v < lo) lo = v; if (v > hi) hi = v; }
    total += t.data.length;
    const q = t.quantization;
    return {
      name: t.name, shape: `[${t.shape.join(", ")}]`, stored: t.dtype,
      dequantisation: q && q.scale !== undefined ? `q * ${q.scale.toPrecision(4)} + ${q.min!.toPrecision(4)}` : "-",
      elements: t.data.length, min: t.data.length ? lo : "-", max: t.data.length ? hi : "-",
    };
  });
  return table(rows, { digits: 4, caption: options.caption ?? `${weights.size} tensors, ${total} values` });
}
