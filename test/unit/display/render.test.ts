import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderPng, renderSvg, savePlot, stableSvgIds } from "../../../src/display/render";
import { linePlot, heatmap } from "../../../src/display/plots";
import { FormatError, OptionError } from "../../../src/core/errors";
import { decodePng } from "./helpers";

const x = Float64Array.from({ length: 64 }, (_, i) => -Math.PI + (2 * Math.PI * i) / 63);
const y = x.map((t) => 4 * Math.sin(t / 2) ** 2);

/** Dark pixels (all channels < 128) in rows [y0, y1) and the middle `fraction` of the columns of a decoded PNG. */
function darkPixels(png: Buffer, y0: number, y1: number, fraction = 1): number {
  const img = decodePng(png);
  let dark = 0;
  const c0 = Math.floor((img.width * (1 - fraction)) / 2);
  for (let row = y0; row < Math.min(y1, img.height); row++) {
    for (let col = c0; col < img.width - c0; col++) {
      const o = (row * img.width + col) * img.channels;
      if (img.pixels[o] < 128 && img.pixels[o + 1] < 128 && img.pixels[o + 2] < 128) dark++;
    }
  }
  return dark;
}

test("same input gives byte-identical SVG and PNG", async () => {
  const make = () => linePlot(x, { a: y, b: x.map((t) => t * t) }, { title: "Determinism", xLabel: "ω (rad)" });
  const [s1, s2] = [await make().svg(), await renderSvg(make().spec)];
  assert.equal(s1, s2);
  const [p1, p2] = [await make().png(), await renderPng(make())];
  assert.ok(p1.equals(p2), "PNG bytes differ between two renders");
  // The heat-map's colour legend is a gradient: vega numbers it with a process-wide counter,
  // so this also checks that ids are made independent of render order.
  const h = () => heatmap([1, 2, 3, 4, 5, 6], [2, 3]);
  assert.equal(await h().svg(), await h().svg());
  assert.ok((await h().png()).equals(await h().png()));
});

test("PNG text is really there: dark pixels in the title band exist only when there is a title", async () => {
  // Vega puts the title in the top ~25 SVG units; at scale 2 that is the top ~50 pixel rows.
  const withTitle = await renderPng(linePlot(x, y, { title: "A VISIBLE TITLE" }), { scale: 2 });
  const without = await renderPng(linePlot(x, y), { scale: 2 });
  const img = decodePng(withTitle);
  assert.ok(img.width > 900 && img.height > 600, `${img.width} x ${img.height} at scale 2`);
  // The title is centred over the plot: look at the middle half of the columns.
  const titled = darkPixels(withTitle, 0, 40, 0.5);
  assert.ok(titled > 300, `expected glyph pixels in the title band, found ${titled}`);
  // Without a title the same band holds only the (light grey) plot frame: no dark pixel.
  assert.equal(darkPixels(without, 0, 40, 0.5), 0);
  // Axis labels are text too: the bottom band (tick labels, axis title) has glyphs.
  const h = decodePng(without).height;
  assert.ok(darkPixels(without, h - 60, h) > 100);
});

test("savePlot writes SVG or PNG by extension", async () => {
  const dir = mkdtempSync(join(tmpdir(), "convspec-plot-"));
  try {
    const p = linePlot(x, y, { title: "saved" });
    const svgPath = await savePlot(p, join(dir, "sub", "p.svg"));
    assert.ok(readFileSync(svgPath, "utf8").startsWith("<svg"));
    assert.equal(readFileSync(svgPath, "utf8"), await p.svg());
    const pngPath = await savePlot(p.spec, join(dir, "p.png"));
    assert.ok(readFileSync(pngPath).equals(await renderPng(p)));
    await assert.rejects(savePlot(p, join(dir, "p.jpg")), OptionError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("bad specs and non-SVG strings raise FormatError", async () => {
  await assert.rejects(renderSvg({ foo: 1 }), FormatError);
  await assert.rejects(renderPng("not an svg"), FormatError);
});

test("stableSvgIds: ids depend on content only, references follow, different figures get different ids", () => {
  const fig = (n: number, colour: string) =>
    `<svg><defs><linearGradient id="gradient_${n}"><stop stop-color="${colour}"/></linearGradient><clipPath id="clip${n + 1}"><rect/></clipPath></defs>` +
    `<rect fill="url(#gradient_${n})" clip-path="url(#clip${n + 1})"/><use href="#clip${n + 1}"/></svg>`;
  const a = stableSvgIds(fig(0, "red"));
  assert.equal(stableSvgIds(fig(7, "red")), a, "counter values must not matter");
  const ids = [...a.matchAll(/id="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(ids.length, 2);
  assert.match(ids[0], /^v[0-9a-f]{10}-0$/);
  assert.ok(a.includes(`fill="url(#${ids[0]})"`) && a.includes(`clip-path="url(#${ids[1]})"`) && a.includes(`href="#${ids[1]}"`));
  assert.ok(!a.includes("gradient_") && !a.includes('"clip'));
  const b = stableSvgIds(fig(0, "blue"));
  assert.notEqual([...b.matchAll(/id="([^"]+)"/g)][0][1], ids[0], "different content, different ids");
  assert.equal(stableSvgIds("<svg><rect/></svg>"), "<svg><rect/></svg>");
});
