#!/usr/bin/env node
// npm run reproduce [-- [--only] NAME ...]
// Executes every notebook in notebooks/ (sorted; or only the NAMEs given, by `--only NAME` or
// positionally; NAME = file name without .ipynb, or a unique prefix) with the convspec kernel
// through nbclient, and writes into out/ (git-ignored):
//   out/notebooks/<name>.ipynb                   the executed notebooks
//   out/figures/<name>-<cell>-<k>.{svg,png,pdf}  every image/svg+xml output; its PNG (resvg, DejaVu Sans)
//                                                and vector PDF (rsvg-convert, fonts embedded, fixed date)
//   out/claims.json, out/claims.md               every claim, grouped by source document then statement
//   out/site/index.html, out/site/<name>.html    the offline site: verdicts, every notebook as a page
//                                                (KaTeX-rendered math, inline SVG), checked in headless
//                                                Chromium with the network blocked
//   out/browser/site-index.png, site-page.png    screenshots of the site's index and of one page
//   out/browser/tour.png                         the tour run in classic Notebook + headless Chromium (when the tour is run)
// A full run (no NAMEs, default notebooks/) also rewrites the claims summary table in README.md
// between <!-- claims-summary:start --> and <!-- claims-summary:end -->.
// A failing cell stops the run with the notebook, cell number and error (exit 1); a site page that
// does not render cleanly is exit 1 too; failed claims give exit 2 after the report is written.
// Run `bash scripts/setup.sh` first (npm does).
// Environment: CONVSPEC_NOTEBOOK_DIR (default notebooks/) and CONVSPEC_OUT_DIR (default out/).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join, resolve } from "node:path";
import { relative } from "node:path";
import { collectArtifacts, executeNotebooks, listNotebooks, NOTEBOOK_DIR, root } from "./notebook-runner.mjs";

const require = createRequire(import.meta.url);
const { renderPng, renderPdf, claimsReportJson, claimsReportMarkdown, claimsSummaryMarkdown, writeSite } = require(join(root, "dist", "index.js"));

const USAGE = "usage: npm run reproduce [-- [--only] NAME ...]   (NAME: notebook file, without .ipynb, or a unique prefix; --only may repeat or take NAME,NAME)";
const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}
const names = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--only") {
    if (i + 1 >= args.length) { console.error(`reproduce: --only needs a notebook name\n${USAGE}`); process.exit(2); }
    names.push(...args[++i].split(",").filter(Boolean));
  } else if (args[i].startsWith("--only=")) {
    names.push(...args[i].slice(7).split(",").filter(Boolean));
  } else if (args[i].startsWith("-")) {
    console.error(`reproduce: unknown option ${args[i]}\n${USAGE}`);
    process.exit(2);
  } else {
    names.push(args[i]);
  }
}
let paths;
try {
  paths = listNotebooks(names);
} catch (e) {
  console.error(`reproduce: ${e.message}`);
  process.exit(2);
}
if (paths.length === 0) {
  console.error("reproduce: no notebooks to run");
  process.exit(2);
}
const fullRun = names.length === 0 && process.env.CONVSPEC_NOTEBOOK_DIR === undefined;

const out = resolve(process.env.CONVSPEC_OUT_DIR ?? join(root, "out"));
const nbOut = join(out, "notebooks");
const figOut = join(out, "figures");
const siteOut = join(out, "site");
mkdirSync(nbOut, { recursive: true });
mkdirSync(figOut, { recursive: true });
// Figures of the notebooks about to run are replaced, never mixed with an older run's.
for (const p of paths) {
  const stem = basename(p, ".ipynb");
  for (const f of readdirSync(figOut)) if (f.startsWith(`${stem}-`) && /-\d+-\d+\.(svg|png|pdf)$/.test(f)) rmSync(join(figOut, f));
}

const rel = (p) => { const r = relative(process.cwd(), p); return r.startsWith("..") ? p : r || "."; };
const seconds = (t) => `${((Date.now() - t) / 1000).toFixed(1)} s`;
const t0 = Date.now();
const allClaims = [];
let failedCell;
let done = 0;
console.log(`reproduce: ${paths.length} notebook(s): ${paths.map((p) => basename(p)).join(", ")}`);
const results = await executeNotebooks(paths, nbOut, {
  onResult: (r) => {
    done++;
    console.log(`reproduce: [${done}/${paths.length}] ${r.notebook} ${r.ok ? "executed" : "FAILED"} in ${r.seconds.toFixed(1)} s`);
  },
});
const tFigures = Date.now();
let figureCount = 0;
for (const r of results) {
  const artifacts = collectArtifacts(join(nbOut, r.notebook));
  const stem = basename(r.notebook, ".ipynb");
  for (const f of artifacts.figures) {
    const file = join(figOut, `${stem}-${f.cell}-${f.k}`);
    writeFileSync(`${file}.svg`, f.svg);
    writeFileSync(`${file}.png`, await renderPng(f.svg));
    writeFileSync(`${file}.pdf`, await renderPdf(f.svg));
    figureCount++;
  }
  allClaims.push(...artifacts.claims);
  if (artifacts.figures.length) console.log(`reproduce: ${r.notebook}: ${artifacts.figures.length} figure(s) -> ${rel(figOut)}/${stem}-*.{svg,png,pdf}`);
  if (!r.ok) failedCell = r;
}
if (figureCount) console.log(`reproduce: ${figureCount} figure(s) as SVG + PNG + PDF in ${seconds(tFigures)}`);

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
  const tTour = Date.now();
  const { runTourInBrowser } = await import("./browser-tour.mjs");
  const page = await runTourInBrowser({ screenshot: join(out, "browser", "tour.png") });
  if (page.errorOutputs > 0 || page.svgPlots < 1 || page.typesetNodes < 1) {
    console.error(`reproduce: the tour in the browser shows ${page.errorOutputs} error(s), ${page.svgPlots} SVG plot(s), ${page.typesetNodes} typeset formula(s)`);
    process.exit(1);
  }
  console.log(`reproduce: 00-tour.ipynb in classic Notebook + Chromium: ${page.svgPlots} SVG plot(s), ${page.typesetNodes} typeset formula(s) -> ${rel(page.screenshot)} (${seconds(tTour)})`);
}

const report = claimsReportJson(allClaims);
writeFileSync(join(out, "claims.json"), JSON.stringify(report, null, 2) + "\n");
writeFileSync(join(out, "claims.md"), claimsReportMarkdown(allClaims) + "\n");

// The offline site, then a look at every page in Chromium with the network blocked.
const tSite = Date.now();
const site = writeSite({
  notebooks: results.map((r) => join(nbOut, r.notebook)),
  outDir: siteOut,
  report,
  links: { "claims report (Markdown)": "../claims.md", "claims (JSON)": "../claims.json", "figures (SVG, PNG, PDF)": "../figures/" },
});
const { checkSiteInBrowser, siteProblems } = await import("./browser-site.mjs");
const shotPage = site.pages.find((p) => p.notebook !== "00-tour.ipynb") ?? site.pages[0];
const seen = await checkSiteInBrowser(siteOut, {
  screenshots: { index: join(out, "browser", "site-index.png"), page: { file: shotPage.file, path: join(out, "browser", "site-page.png") } },
});
const problems = siteProblems(seen, Object.fromEntries(site.pages.map((p) => [p.file, p.figures])));
for (const p of site.pages) if (p.texErrors.length) problems.push(`${p.file}: KaTeX could not parse: ${p.texErrors.slice(0, 3).join(" | ")}`);
const formulas = seen.pages.reduce((s, p) => s + p.katex, 0);
if (problems.length) {
  console.error(`reproduce: the site in ${rel(siteOut)} has problems:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  process.exit(1);
}
console.log(`reproduce: site ${rel(site.index)}: ${site.pages.length} page(s), ${formulas} typeset formula(s), ${seen.pages.reduce((s, p) => s + p.svgFigures, 0)} figure(s); checked in Chromium with the network blocked (${seen.requests.length} request(s) attempted) -> ${rel(join(out, "browser"))}/site-{index,page}.png (${seconds(tSite)})`);

if (fullRun) {
  const readme = join(root, "README.md");
  const text = existsSync(readme) ? readFileSync(readme, "utf8") : "";
  const start = "<!-- claims-summary:start -->";
  const end = "<!-- claims-summary:end -->";
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i >= 0 && j > i) {
    const table = `${start}\n${claimsSummaryMarkdown(report)}\n\n${report.total} claims, ${report.passed} checks passed, ${report.failed} failed (written by \`npm run reproduce\`; details in \`out/claims.md\` and \`out/site/index.html\`).\n${end}`;
    const next = text.slice(0, i) + table + text.slice(j + end.length);
    if (next !== text) {
      writeFileSync(readme, next);
      console.log("reproduce: README.md claims summary table updated");
    }
  }
}

console.log(`reproduce: ${results.length} notebook(s) in ${seconds(t0)} in total; ${report.total} claims: ${report.passed} passed, ${report.failed} failed -> ${rel(out)}/claims.{json,md}`);
if (report.failed > 0) {
  for (const c of allClaims.filter((x) => !x.passed)) console.error(`reproduce: CLAIM FAILED ${c.notebook} cell ${c.cell}: ${c.name} — ${c.reason ?? ""}`);
  process.exit(2);
}
