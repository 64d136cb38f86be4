#!/usr/bin/env node
// npm run reproduce [-- NAME ...]
// Executes every notebook in notebooks/ (sorted; or only the NAMEs given) with the convspec kernel
// through nbclient, and writes into out/ (git-ignored):
//   out/notebooks/<name>.ipynb               the executed notebooks
//   out/figures/<name>-<cell>-<k>.{svg,png}  every image/svg+xml output, and its PNG (resvg, DejaVu Sans)
//   out/claims.json, out/claims.md           every claim of the notebooks run, its numbers, pass/fail
//   out/browser/tour.png                     the tour run in classic Notebook + headless Chromium (when the tour is run)
// A failing cell stops the run with the notebook, cell number and error (exit 1); failed claims
// give exit 2 after the report is written. Run `bash scripts/setup.sh` first (npm does).
// Environment: CONVSPEC_NOTEBOOK_DIR (default notebooks/) and CONVSPEC_OUT_DIR (default out/).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join, resolve } from "node:path";
import { relative } from "node:path";
import { collectArtifacts, executeNotebooks, listNotebooks, NOTEBOOK_DIR, root } from "./notebook-runner.mjs";

const require = createRequire(import.meta.url);
const { renderPng, claimsReportJson, claimsReportMarkdown } = require(join(root, "dist", "index.js"));

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log("usage: npm run reproduce [-- NAME ...]   (NAME: notebook file, without .ipynb, or a unique prefix)");
  process.exit(0);
}
let paths;
try {
  paths = listNotebooks(args);
} catch (e) {
  console.error(`reproduce: ${e.message}`);
  process.exit(2);
}
if (paths.length === 0) {
  console.error("reproduce: no notebooks to run");
  process.exit(2);
}

const out = resolve(process.env.CONVSPEC_OUT_DIR ?? join(root, "out"));
const nbOut = join(out, "notebooks");
const figOut = join(out, "figures");
mkdirSync(nbOut, { recursive: true });
mkdirSync(figOut, { recursive: true });
// Figures of the notebooks about to run are replaced, never mixed with an older run's.
for (const p of paths) {
  const stem = basename(p, ".ipynb");
  for (const f of readdirSync(figOut)) if (f.startsWith(`${stem}-`) && /-\d+-\d+\.(svg|png)$/.test(f)) rmSync(join(figOut, f));
}

const rel = (p) => { const r = relative(process.cwd(), p); return r.startsWith("..") ? p : r || "."; };
const t0 = Date.now();
const allClaims = [];
let failedCell;
const results = await executeNotebooks(paths, nbOut, {
  onResult: (r) => {
    if (r.ok) console.log(`reproduce: ${r.notebook} executed in ${r.seconds.toFixed(1)} s`);
  },
});
for (const r of results) {
  const artifacts = collectArtifacts(join(nbOut, r.notebook));
  const stem = basename(r.notebook, ".ipynb");
  for (const f of artifacts.figures) {
    const file = join(figOut, `${stem}-${f.cell}-${f.k}`);
    writeFileSync(`${file}.svg`, f.svg);
    writeFileSync(`${file}.png`, await renderPng(f.svg));
  }
  allClaims.push(...artifacts.claims);
  if (artifacts.figures.length) console.log(`reproduce: ${r.notebook}: ${artifacts.figures.length} figure(s) -> ${rel(figOut)}/${stem}-*.{svg,png}`);
  if (!r.ok) failedCell = r;
}

if (failedCell) {
  const r = failedCell;
  const where = r.cell ? `cell ${r.cell}${r.execution_count ? ` (In [${r.execution_count}])` : ""}` : "kernel start-up";
  console.error(`\nreproduce: FAILED in ${rel(join(NOTEBOOK_DIR, r.notebook))}, ${where}:\n  ${r.ename}: ${r.evalue}`);
  const tb = (r.traceback ?? []).join("\n").replace(/\x1b\[[0-9;]*m/g, "");
  if (tb.trim()) console.error(tb.split("\n").map((l) => `  | ${l}`).join("\n"));
  console.error(`reproduce: the partly executed notebook is ${rel(join(nbOut, r.notebook))}`);
  process.exit(1);
}

// The tour, once more, as a reader sees it: classic Notebook in headless Chromium.
if (paths.some((p) => basename(p) === "00-tour.ipynb")) {
  const { runTourInBrowser } = await import("./browser-tour.mjs");
  const page = await runTourInBrowser({ screenshot: join(out, "browser", "tour.png") });
  if (page.errorOutputs > 0 || page.svgPlots < 1 || page.typesetNodes < 1) {
    console.error(`reproduce: the tour in the browser shows ${page.errorOutputs} error(s), ${page.svgPlots} SVG plot(s), ${page.typesetNodes} typeset formula(s)`);
    process.exit(1);
  }
  console.log(`reproduce: 00-tour.ipynb in classic Notebook + Chromium: ${page.svgPlots} SVG plot(s), ${page.typesetNodes} typeset formula(s) -> ${rel(page.screenshot)}`);
}

const report = claimsReportJson(allClaims);
writeFileSync(join(out, "claims.json"), JSON.stringify(report, null, 2) + "\n");
writeFileSync(join(out, "claims.md"), claimsReportMarkdown(allClaims) + "\n");
console.log(`reproduce: ${results.length} notebook(s) in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${report.total} claims: ${report.passed} passed, ${report.failed} failed -> ${rel(out)}/claims.{json,md}`);
if (report.failed > 0) {
  for (const c of allClaims.filter((x) => !x.passed)) console.error(`reproduce: CLAIM FAILED ${c.notebook} cell ${c.cell}: ${c.name} — ${c.reason ?? ""}`);
  process.exit(2);
}
