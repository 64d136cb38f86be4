// Opens the offline site (out/site/, written by `npm run reproduce`) in headless Debian Chromium
// (playwright-core, no browser download) from file:// URLs, with EVERY network request aborted
// (context.route on all URLs), and reports per page: whether it loaded, the KaTeX-typeset
// formulas, raw TeX left in the text, formulas KaTeX marked as errors, inline SVG figures,
// whether the KaTeX fonts were loaded from the local files, and every network request attempted.
// Used by `npm run reproduce` (which fails on a bad page) and by test/browser/site-in-browser.test.ts.
import { mkdirSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

/** Text of the page outside code blocks that still looks like TeX delimiters: `$$...$$`, `$x$`, `\(`, `\[`. */
function rawTexProbe() {
  const clone = document.body.cloneNode(true);
  for (const el of clone.querySelectorAll("pre, code, .katex, svg, annotation")) el.remove();
  const t = clone.textContent ?? "";
  const hits = [];
  for (const re of [/\$\$[^$]+\$\$/g, /(^|[^\\$])\$[^$\s][^$\n]*?[^\\\s$]\$/g, /\\\(|\\\[/g]) for (const m of t.matchAll(re)) hits.push(m[0].trim().slice(0, 60));
  return hits;
}

/**
 * Checks every *.html page of `siteDir` (index first). `screenshots`: { index?: path, page?: { file, path } }
 * saves full-page PNGs. Returns { pages: [{ file, ok, title, katex, katexErrors, rawTex, svgFigures,
 * svgWithText, fontsLoaded, pageErrors }], requests: [url...] (non-file requests attempted, all aborted) }.
 */
export async function checkSiteInBrowser(siteDir, { screenshots = {} } = {}) {
  const files = readdirSync(siteDir).filter((f) => f.endsWith(".html")).sort((a, b) => (a === "index.html" ? -1 : b === "index.html" ? 1 : a.localeCompare(b)));
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--allow-file-access-from-files"],
  });
  const requests = [];
  const pages = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    // Block the network: every request that is not a local file is aborted (and recorded).
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file:")) return route.continue();
      requests.push(url);
      return route.abort("blockedbyclient");
    });
    context.on("request", (req) => { const u = req.url(); if (!u.startsWith("file:") && !u.startsWith("data:") && !requests.includes(u)) requests.push(u); });
    for (const file of files) {
      const page = await context.newPage();
      const pageErrors = [];
      page.on("pageerror", (e) => pageErrors.push(String(e)));
      let ok = true;
      try {
        await page.goto(pathToFileURL(join(siteDir, file)).href, { waitUntil: "load", timeout: 60_000 });
        await page.evaluate(() => document.fonts.ready);
      } catch (e) {
        ok = false;
        pageErrors.push(String(e));
      }
      const info = ok ? await page.evaluate(() => ({
        title: document.title,
        katex: document.querySelectorAll(".katex").length,
        katexErrors: document.querySelectorAll(".katex-error").length,
        svgFigures: document.querySelectorAll("figure.output svg").length,
        svgWithText: [...document.querySelectorAll("figure.output svg")].filter((s) => [...s.querySelectorAll("text")].some((t) => t.textContent.trim())).length,
        // a KaTeX font counts as loaded only if the browser fetched and decoded it (the CSS is local)
        fontsLoaded: [...document.fonts].filter((f) => f.family.startsWith("KaTeX") && f.status === "loaded").length,
      })) : { title: "", katex: 0, katexErrors: 0, svgFigures: 0, svgWithText: 0, fontsLoaded: 0 };
      const rawTex = ok ? await page.evaluate(rawTexProbe) : [];
      const shot = file === "index.html" ? screenshots.index : screenshots.page?.file === file ? screenshots.page.path : undefined;
      if (ok && shot) {
        mkdirSync(dirname(shot), { recursive: true });
        await page.screenshot({ path: shot, fullPage: true });
      }
      pages.push({ file, ok, ...info, rawTex, pageErrors });
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return { pages, requests };
}

/** Problems found by {@link checkSiteInBrowser}, in words (empty when the site is fine). */
export function siteProblems(result, expectedFigures = {}) {
  const problems = [];
  if (result.requests.length) problems.push(`network requests attempted (all blocked): ${result.requests.slice(0, 5).join(", ")}`);
  for (const p of result.pages) {
    if (!p.ok || p.pageErrors.length) problems.push(`${p.file}: did not load cleanly: ${p.pageErrors.join("; ")}`);
    if (p.katexErrors) problems.push(`${p.file}: ${p.katexErrors} formula(s) KaTeX could not typeset`);
    if (p.rawTex.length) problems.push(`${p.file}: raw TeX in the text: ${p.rawTex.slice(0, 3).join(" | ")}`);
    if (p.katex > 0 && p.fontsLoaded === 0) problems.push(`${p.file}: ${p.katex} formulas but no KaTeX font loaded`);
    const want = expectedFigures[p.file];
    if (want !== undefined && p.svgFigures !== want) problems.push(`${p.file}: ${p.svgFigures} SVG figures, expected ${want}`);
    if (p.svgWithText !== p.svgFigures) problems.push(`${p.file}: ${p.svgFigures - p.svgWithText} SVG figure(s) without any text`);
  }
  return problems;
}
