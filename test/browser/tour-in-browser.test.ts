/**
 * Browser check: the tour runs in Debian's classic Jupyter Notebook inside headless Chromium
 * (scripts/browser-tour.mjs), and the rendered page contains the SVG plot (with its text) and
 * MathJax-typeset LaTeX, with no error output. The screenshot lands in out/browser/tour.png.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
// @ts-expect-error: a plain ES module script without type declarations
import { runTourInBrowser } from "../../scripts/browser-tour.mjs";

const root = process.env.CONVSPEC_ROOT ?? join(__dirname, "..", "..");

test("the tour runs in classic Notebook in headless Chromium, with SVG plot and typeset LaTeX", async () => {
  const page = await runTourInBrowser({ screenshot: join(root, "out", "browser", "tour.png") });
  assert.equal(page.errorOutputs, 0, "no cell may show an error output");
  assert.ok(page.svgPlots >= 1, `expected at least one SVG plot, found ${page.svgPlots}`);
  assert.ok(page.svgText >= 1, "the SVG plot must carry text (axis labels, title)");
  assert.ok(page.typesetNodes >= 1, `expected typeset LaTeX, found ${page.typesetNodes} MathJax nodes`);
});
