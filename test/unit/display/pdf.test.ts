import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderPdf, renderPng, savePlot } from "../../../src/display/render";
import { linePlot } from "../../../src/display/plots";
import { DomainError, FormatError, OptionError } from "../../../src/core/errors";
import { decodePng } from "./helpers";

const x = Float64Array.from({ length: 64 }, (_, i) => -Math.PI + (2 * Math.PI * i) / 63);
const plot = () => linePlot(x, { "4 sin²(ω/2)": x.map((t) => 4 * Math.sin(t / 2) ** 2), "ω²": x.map((t) => t * t) }, { title: "A VECTOR FIGURE", xLabel: "ω (rad)", yLabel: "value", piTicks: true });

/** Runs a poppler-utils tool (Debian package poppler-utils) and returns its stdout. */
function poppler(tool: string, args: string[]): Buffer {
  const r = spawnSync(`/usr/bin/${tool}`, args, { maxBuffer: 1 << 28 });
  if (r.error || r.status !== 0) throw new Error(`${tool} failed: ${r.error?.message ?? r.stderr.toString()}`);
  return r.stdout;
}

test("renderPdf gives the same bytes twice, with a fixed creation date", async () => {
  const [a, b] = [await renderPdf(plot()), await plot().pdf()];
  assert.equal(a.subarray(0, 5).toString("latin1"), "%PDF-");
  assert.ok(a.equals(b), "two renders of the same plot differ");
  // the date cairo writes is the epoch asked for: 86400 s = 1970-01-02
  const dated = (await renderPdf(plot(), { creationEpoch: 86_400 })).toString("latin1");
  assert.match(dated, /\/CreationDate \(D?:?19700102000000/);
  assert.match(a.toString("latin1"), /\/CreationDate \(D?:?19700101000000/);
});

test("renderPdf embeds DejaVu Sans and keeps the text as text (pdffonts, pdftotext)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "convspec-pdf-"));
  try {
    const file = join(dir, "p.pdf");
    writeFileSync(file, await renderPdf(plot()));
    const fonts = poppler("pdffonts", [file]).toString().split("\n").slice(2).filter((l) => l.trim());
    assert.ok(fonts.length >= 1, "no font in the PDF");
    for (const line of fonts) {
      assert.match(line, /DejaVuSans/, `font ${line}`);
      // columns: name type encoding emb sub uni object ID — "emb" must be yes for every font
      assert.match(line, /\byes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$/, `font not embedded: ${line}`);
    }
    const text = poppler("pdftotext", [file, "-"]).toString();
    for (const t of ["A VECTOR FIGURE", "ω (rad)", "π/2"]) assert.ok(text.includes(t), `"${t}" not found as text in the PDF: ${JSON.stringify(text.slice(0, 300))}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the PDF rasterised by pdftoppm looks like resvg's PNG of the same SVG", async () => {
  const dir = mkdtempSync(join(tmpdir(), "convspec-pdf-"));
  try {
    const p = plot();
    const file = join(dir, "p.pdf");
    await savePlot(p, file);
    // 1 SVG px = 0.75 pt in the PDF; at 192 dpi 1 pt = 192/72 px, so 1 SVG px = 2 px = resvg's scale 2
    poppler("pdftoppm", ["-png", "-r", "192", "-singlefile", file, join(dir, "page")]);
    const fromPdf = decodePng(readFileSync(join(dir, "page.png")));
    const fromSvg = decodePng(await renderPng(p, { scale: 2 }));
    assert.ok(Math.abs(fromPdf.width - fromSvg.width) <= 2 && Math.abs(fromPdf.height - fromSvg.height) <= 2, `${fromPdf.width}x${fromPdf.height} vs ${fromSvg.width}x${fromSvg.height}`);
    // Two renderers (poppler/cairo vs resvg) differ in anti-aliasing and glyph hinting only: the mean
    // grey-level difference over the common area stays a few percent of full scale, and both have about
    // the same number of dark (ink) pixels; a missing curve, title or tick labels would lose a large
    // share of the ink (the title alone is ~15 % of it).
    const w = Math.min(fromPdf.width, fromSvg.width), h = Math.min(fromPdf.height, fromSvg.height);
    const grey = (img: ReturnType<typeof decodePng>, r: number, c: number) => {
      const o = (r * img.width + c) * img.channels;
      return (img.pixels[o] + img.pixels[o + 1] + img.pixels[o + 2]) / 3;
    };
    let diff = 0, inkPdf = 0, inkSvg = 0;
    for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) {
      diff += Math.abs(grey(fromPdf, r, c) - grey(fromSvg, r, c));
      if (grey(fromPdf, r, c) < 128) inkPdf++;
      if (grey(fromSvg, r, c) < 128) inkSvg++;
    }
    const mean = diff / (w * h) / 255;
    assert.ok(mean < 0.03, `mean grey difference ${mean.toFixed(4)}`);
    assert.ok(inkPdf > 0.9 * inkSvg && inkPdf < 1.1 * inkSvg, `dark pixels: ${inkPdf} in the rasterised PDF, ${inkSvg} in the PNG`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("renderPdf and savePlot refuse bad input with typed errors", async () => {
  await assert.rejects(renderPdf("not an svg"), FormatError);
  await assert.rejects(renderPdf(plot(), { creationEpoch: -1 }), DomainError);
  await assert.rejects(renderPdf(plot(), { creationEpoch: 1.5 }), DomainError);
  await assert.rejects(renderPdf(plot(), { dpi: 300 } as never), OptionError);
  await assert.rejects(savePlot(plot(), join(tmpdir(), "p.pdf"), { scale: 2 } as never), OptionError);
});
