import { test } from "node:test";
import assert from "node:assert/strict";
import { linePlot, scatterPlot, logLogPlot, heatmap, histogram, cdfPlot, MAX_HEATMAP_CELLS } from "../../../src/display/plots";
import { fitPowerLaw } from "../../../src/display/fit";
import { MAX_PLOT_ROWS } from "../../../src/display/series";
import { VEGALITE_MIME } from "../../../src/display/plot";
import { toMimeBundle } from "../../../src/display/channel";
import { Rng } from "../../../src/core/random";
import { DomainError, OptionError, ShapeError, SizeLimitError } from "../../../src/core/errors";
import { python } from "./helpers";

type Row = Record<string, number | string>;
const rowsOf = (spec: Record<string, unknown>): Row[] => (spec.data as { values: Row[] }).values;

/** Texts of the <text> elements of a vega SVG (vega escapes &, <, >). */
function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
}

test("linePlot: spec rows, and the spec is valid (it renders, with title, axis titles and legend)", async () => {
  const x = Float64Array.from([0, 1, 2, 3]);
  const p = linePlot(x, { squares: x.map((v) => v * v), cubes: x.map((v) => v ** 3) }, { title: "Powers", xLabel: "n (count)", yLabel: "value (units)", width: 300, height: 200 });
  const rows = rowsOf(p.spec);
  assert.equal(rows.length, 8);
  assert.deepEqual(rows[5], { x: 1, y: 1, series: "cubes" });
  assert.deepEqual(rows[7], { x: 3, y: 27, series: "cubes" });
  const bundle = await toMimeBundle(p);
  assert.deepEqual(Object.keys(bundle).sort(), [VEGALITE_MIME, "image/svg+xml", "text/plain"].sort());
  assert.equal(bundle[VEGALITE_MIME], p.spec);
  const texts = svgTexts(String(bundle["image/svg+xml"]));
  for (const t of ["Powers", "n (count)", "value (units)", "squares", "cubes"]) assert.ok(texts.includes(t), `SVG should contain the text "${t}"; has ${texts.join(" | ")}`);
  assert.equal(bundle["text/plain"], 'line plot "Powers": 2 series (squares: 4 points, cubes: 4 points); x: n (count); y: value (units)');
});

test("scatterPlot with per-series x and names from options; piTicks labels the frequency axis", async () => {
  const p = scatterPlot([[1, 2], [3, 4, 5]], [[1, 1], [2, 2, 2]], { series: ["a", "b"], piTicks: true });
  assert.deepEqual(rowsOf(p.spec).map((r) => [r.x, r.series]), [[1, "a"], [2, "a"], [3, "b"], [4, "b"], [5, "b"]]);
  const texts = svgTexts(await p.svg());
  for (const t of ["−π", "−π/2", "0", "π/2", "π"]) assert.ok(texts.includes(t), `tick label ${t}`);
});

test("logLogPlot: fitted slopes returned and shown; the fit matches fitPowerLaw", async () => {
  const x = [4, 8, 16, 32, 64];
  const one = logLogPlot(x, x.map((v) => 2 * v ** 1.5), { title: "Cost", xLabel: "n", yLabel: "t (s)" });
  assert.ok(Math.abs((one.slope ?? NaN) - 1.5) < 1e-12); // exact power law, rounding only
  const texts = svgTexts(await one.svg());
  assert.ok(texts.some((t) => t.startsWith("fitted slope 1.500 ")), `subtitle with the slope; texts: ${texts.join(" | ")}`);
  const two = logLogPlot(x, { a: x.map((v) => v ** 2), b: x.map((v) => 5 / v) }, { fitRange: [8, 64] });
  assert.deepEqual(two.fits.map((f) => f.series), ["a", "b"]);
  const ref = fitPowerLaw(x, x.map((v) => 5 / v), [8, 64]);
  assert.equal(two.fits[1].slope, ref.slope);
  assert.equal(two.fits[1].count, 4);
  const legend = svgTexts(await two.svg());
  assert.ok(legend.includes("a (slope 2.000)") && legend.includes("b (slope -1.000)"), legend.join(" | "));
  assert.throws(() => logLogPlot([1, 2], [1, -1]), DomainError);
  assert.throws(() => logLogPlot([0.5, 1, 2], [1, 2, 3], { fitRange: [1, 2], title: "t" }).spec && logLogPlot([0, 1, 2], [1, 2, 3], { fitRange: [1, 2] }), DomainError);
});

test("heatmap places values at the FFT-order frequencies (numpy.fft.fftfreq oracle)", () => {
  for (const [n1, n2] of [[4, 5], [3, 6]]) {
    const values = Float64Array.from({ length: n1 * n2 }, (_, i) => i);
    for (const order of ["fft", "centred"] as const) {
      const rows = rowsOf(heatmap(values, [n1, n2], { order }).spec);
      const ref = python<{ f1: number[]; f2: number[] }>(
        `def f(n, order):
    v = np.fft.fftfreq(n) * 2 * np.pi
    return (np.fft.fftshift(v) if order == "centred" else v).tolist()
out = {"f1": f(data["n1"], data["order"]), "f2": f(data["n2"], data["order"])}`,
        { n1, n2, order },
      );
      for (const r of rows) {
        const i = r.value as number;
        const j1 = Math.floor(i / n2), j2 = i % n2;
        // Cell centre = grid frequency; same formula evaluated two ways: agreement to rounding (1e-12).
        assert.ok(Math.abs(((r.w1 as number) + (r.w1b as number)) / 2 - ref.f1[j1]) < 1e-12, `w1 of value ${i} (${order})`);
        assert.ok(Math.abs(((r.w2 as number) + (r.w2b as number)) / 2 - ref.f2[j2]) < 1e-12, `w2 of value ${i} (${order})`);
        assert.ok(Math.abs((r.w1b as number) - (r.w1 as number) - (2 * Math.PI) / n1) < 1e-12, "cell width 2π/n1");
      }
    }
  }
});

test("heatmap renders and checks its input", async () => {
  const h = heatmap([1, 2, 3, 4], [2, 2], { title: "H", colorLabel: "|F|²" });
  const texts = svgTexts(await h.svg());
  assert.ok(texts.includes("H") && texts.includes("|F|²") && texts.includes("ω₁ (rad)"));
  assert.throws(() => heatmap([1, 2, 3], [2, 2]), ShapeError);
  assert.throws(() => heatmap([1, 2, 3, NaN], [2, 2]), DomainError);
  assert.throws(() => heatmap(new Float64Array(129 * 128), [129, 128]), SizeLimitError);
  assert.ok(129 * 128 > MAX_HEATMAP_CELLS);
  assert.throws(() => heatmap([1], [1, 1], { order: "shifted" as never }), OptionError);
});

test("histogram counts agree with numpy.histogram; density integrates to 1", async () => {
  const rng = new Rng(11);
  const v = rng.normals(1000);
  const h = histogram(v, { bins: 12, title: "normals" });
  const rows = rowsOf(h.spec);
  const ref = python<{ counts: number[]; edges: number[] }>(
    `c, e = np.histogram(np.array(data), bins=12)
out = {"counts": c.tolist(), "edges": e.tolist()}`, Array.from(v));
  assert.deepEqual(rows.map((r) => r.count), ref.counts);
  rows.forEach((r, k) => assert.ok(Math.abs((r.lo as number) - ref.edges[k]) < 1e-12));
  const d = rowsOf(histogram(v, { bins: 12, density: true }).spec);
  const integral = d.reduce((s, r) => s + (r.count as number) * ((r.hi as number) - (r.lo as number)), 0);
  assert.ok(Math.abs(integral - 1) < 1e-12, `density integrates to ${integral}`);
  assert.ok(svgTexts(await h.svg()).includes("normals"));
  // All-equal data: one unit-wide range around the value, every value in one bin.
  const flat = rowsOf(histogram([2, 2, 2], { bins: 2 }).spec);
  assert.deepEqual(flat.map((r) => [r.lo, r.hi, r.count]), [[1.5, 2, 0], [2, 2.5, 3]]);
});

test("cdfPlot: each step is the fraction of the sample <= its value (direct count)", async () => {
  const rng = new Rng(3);
  const s = rng.uniforms(50);
  for (const maxPoints of [2000, 7]) {
    const rows = rowsOf(cdfPlot({ s }, { maxPoints }).spec);
    assert.equal(rows.length, Math.min(50, maxPoints) + 1);
    assert.equal(rows[0].p, 0);
    for (const r of rows.slice(1)) {
      const count = Array.from(s).filter((u) => u <= (r.x as number)).length;
      assert.equal(r.p, count / 50, `F(${r.x})`);
    }
    assert.equal(rows[rows.length - 1].p, 1);
  }
  const svg = await cdfPlot([s, s.map((u) => u * u)], { series: ["u", "u²"], title: "CDF" }).svg();
  assert.ok(svgTexts(svg).includes("u²"));
  // Large samples are allowed (thinned), unlike the inline row limit of other plots.
  const big = cdfPlot(new Float64Array(MAX_PLOT_ROWS + 1).map((_, i) => i));
  assert.equal(rowsOf(big.spec).length, 2001);
});

test("plot inputs are validated with typed errors", () => {
  assert.throws(() => linePlot([1, 2, 3], [1, 2]), ShapeError);
  assert.throws(() => linePlot([1, 2], [1, NaN]), DomainError);
  assert.throws(() => linePlot([], []), ShapeError);
  assert.throws(() => linePlot([1], { a: [1], b: "x" } as never), ShapeError);
  assert.throws(() => linePlot([1], [[1], [2]], { series: ["one"] }), ShapeError);
  assert.throws(() => linePlot([1], [[1], [2]], { series: ["same", "same"] }), ShapeError);
  assert.throws(() => linePlot([1, 2], [1, 2], { colour: "red" } as never), OptionError);
  assert.throws(() => linePlot([1, 2], [1, 2], { width: 10 }), DomainError);
  assert.throws(() => linePlot([0, 1], [1, 2], { xScale: "log" }), DomainError);
  assert.throws(() => linePlot(new Float64Array(MAX_PLOT_ROWS + 1), new Float64Array(MAX_PLOT_ROWS + 1)), SizeLimitError);
  assert.throws(() => histogram([1, 2], { bins: 0 }), DomainError);
});

test("linePlot: integer x data (layer index, depth) gets integer ticks only; fractional x keeps fractional ticks", async () => {
  // 5 points over [1, 5] at a width where vega's default would put ticks every 0.5
  const depth = linePlot([1, 2, 3, 4, 5], { W: [1, 0.5, 0.25, 0.1, 0.05] }, { xLabel: "depth", width: 400 });
  const xTicks = (svg: string) => svgTexts(svg).filter((t) => /^-?\d+(\.\d+)?$/.test(t)).map(Number);
  const depthSvg = String((await toMimeBundle(depth))["image/svg+xml"]);
  const labels = xTicks(depthSvg);
  assert.ok(labels.length >= 5, `expected at least the 5 integer ticks; got ${labels.join(", ")}`);
  assert.ok(labels.filter((v) => v >= 1 && v <= 5).every(Number.isInteger) || labels.every((v) => v <= 1), `x ticks must be integers: ${labels.join(", ")}`);
  for (const k of [1, 2, 3, 4, 5]) assert.ok(labels.includes(k), `tick ${k} missing: ${labels.join(", ")}`);
  const frac = linePlot([0.1, 0.35, 0.6], { y: [1, 2, 3] }, { width: 400 });
  assert.ok(!("tickMinStep" in (((frac.spec.encoding as Record<string, { axis?: object }>).x.axis) ?? {})));
});

test("legend labels of 30 characters are not cut; stacked panels hand their config to the top level", async () => {
  const name = "tap-spectral-sum λ = 0.01 (ub)"; // 30 characters
  const p = linePlot([1, 2, 3], { [name]: [1, 2, 3], other: [3, 2, 1] });
  assert.ok(svgTexts(String((await toMimeBundle(p))["image/svg+xml"])).includes(name));
  const { stackPlots } = await import("../../../src/display/stack");
  const s = stackPlots([p, linePlot([1, 2], { y: [1, 2] })]);
  const panels = s.spec.vconcat as Record<string, unknown>[];
  assert.ok(panels.every((q) => !("config" in q)), "vega-lite allows config only at the top level");
  assert.deepEqual(s.spec.config, { legend: { labelLimit: 320 } });
  assert.ok(svgTexts(String((await toMimeBundle(s))["image/svg+xml"])).includes(name));
});
