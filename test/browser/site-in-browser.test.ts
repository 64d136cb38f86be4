/**
 * Browser check of the offline site: `npm run reproduce --only 00-tour` into a scratch out dir,
 * then every page of out/site opened from file:// in headless Chromium with every network request
 * aborted (scripts/browser-site.mjs): each page loads without script errors, formulas are typeset
 * by KaTeX (its local fonts loaded) and no raw `$...$` is left, the figures are inline SVG with
 * text. Screenshots of the index and of the tour's page go to out/browser/site-*.png.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// @ts-expect-error: a plain ES module script without type declarations
import { checkSiteInBrowser, siteProblems } from "../../scripts/browser-site.mjs";

const root = process.env.CONVSPEC_ROOT ?? join(__dirname, "..", "..");

test("the site opens in headless Chromium with the network blocked: pages load, formulas typeset, figures inline", async () => {
  const work = mkdtempSync(join(tmpdir(), "convspec-site-"));
  try {
    const r = spawnSync(process.execPath, [join(root, "scripts", "reproduce.mjs"), "--only", "00-tour"], {
      cwd: root, encoding: "utf8", env: { ...process.env, CONVSPEC_OUT_DIR: work, CONVSPEC_NOTEBOOK_DIR: join(root, "notebooks") },
    });
    assert.equal(r.status, 0, `reproduce: ${r.stdout}\n${r.stderr}`);
    const site = join(work, "site");
    // a page with a formula KaTeX cannot parse must be caught: add one beside the real pages
    const broken = readFileSync(join(site, "00-tour.html"), "utf8").replace("<main>", '<main><p>left raw: $\\frac{1}{2}$ and $$x^2$$</p>');
    const withBroken = join(work, "site-broken");
    cpSync(site, withBroken, { recursive: true });
    writeFileSync(join(withBroken, "zz-broken.html"), broken);

    const shots = join(root, "out", "browser");
    mkdirSync(shots, { recursive: true });
    const seen = await checkSiteInBrowser(site, { screenshots: { index: join(shots, "site-index.png"), page: { file: "00-tour.html", path: join(shots, "site-tour.png") } } });
    assert.deepEqual(seen.pages.map((p: { file: string }) => p.file), ["index.html", "00-tour.html"]);
    assert.deepEqual(seen.requests, [], "no network request may even be attempted");
    const tour = seen.pages[1];
    // the tour has display formulas in Markdown and latex(...) outputs, and one line plot
    assert.ok(tour.katex >= 10, `KaTeX nodes on the tour page: ${tour.katex}`);
    assert.ok(tour.fontsLoaded >= 1, "KaTeX fonts loaded from the local copy");
    assert.equal(tour.svgFigures, 1);
    assert.equal(tour.svgWithText, 1);
    assert.deepEqual(siteProblems(seen, { "00-tour.html": 1 }), []);
    // the probe is not blind: raw TeX on a page is reported
    const bad = await checkSiteInBrowser(withBroken);
    const problems = siteProblems(bad);
    assert.ok(problems.some((p: string) => p.startsWith("zz-broken.html: raw TeX")), problems.join("\n"));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
