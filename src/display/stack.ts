/**
 * `stackPlots`: several plots in one figure, one below the other (vega-lite `vconcat`) or side by
 * side (`hconcat`). Use it to split a plot whose series live on very different scales — e.g. ratios
 * within a few percent of 1 next to bounds 2-10x larger — into panels that each show their range.
 * Colour, dash and marker scales are shared, so one legend covers every panel.
 */
import { checkOneOf, checkOptions, OptionError, ShapeError } from "../core/errors";
import { Plot } from "./plot";
import type { VegaLiteSpec } from "./render";

/** Options of {@link stackPlots}. */
export interface StackOptions {
  /** Title over the whole figure. */
  title?: string;
  subtitle?: string;
  /** "vertical" (default) or "horizontal". */
  direction?: "vertical" | "horizontal";
}

/** Allowed values of {@link StackOptions.direction}. */
export const STACK_DIRECTIONS = ["vertical", "horizontal"] as const;

/** One figure made of `plots` (at least one), in order; its text summary lists the panels'. */
export function stackPlots(plots: readonly Plot[], options: StackOptions = {}): Plot {
  const where = "stackPlots";
  checkOptions(where, options, ["title", "subtitle", "direction"]);
  const direction = checkOneOf(where, "direction", options.direction ?? "vertical", STACK_DIRECTIONS);
  if (!Array.isArray(plots) || plots.length === 0) throw new ShapeError(`${where}: need a non-empty array of plots`);
  plots.forEach((p, i) => {
    if (!(p instanceof Plot)) throw new OptionError(`${where}: item ${i} is not a Plot (build one with linePlot, scatterPlot, ...)`);
  });
  const panels = plots.map((p) => {
    // $schema and config are top-level only in vega-lite; the panels' config moves up (first one wins)
    const { $schema: _, config: __, ...rest } = p.spec as VegaLiteSpec & { $schema?: string; config?: unknown };
    return rest;
  });
  const config = plots.map((p) => (p.spec as { config?: unknown }).config).find((c) => c !== undefined);
  const spec: VegaLiteSpec = { $schema: "https://vega.github.io/schema/vega-lite/v5.json", ...(config === undefined ? {} : { config }) };
  if (options.title !== undefined || options.subtitle !== undefined) {
    spec.title = options.subtitle === undefined ? { text: options.title ?? "" } : { text: options.title ?? "", subtitle: options.subtitle };
  }
  spec[direction === "vertical" ? "vconcat" : "hconcat"] = panels;
  spec.resolve = { scale: { color: "shared", strokeDash: "shared", shape: "shared" } };
  const title = options.title ? ` "${options.title}"` : "";
  return new Plot(spec, `figure${title} of ${plots.length} panels: ${plots.map((p, i) => `(${i + 1}) ${p.summary}`).join("; ")}`, plots.flatMap((p) => p.fits));
}
