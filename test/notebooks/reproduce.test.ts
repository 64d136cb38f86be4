/**
 * `npm run reproduce` on scratch notebooks (CONVSPEC_NOTEBOOK_DIR / CONVSPEC_OUT_DIR): it writes
 * the executed notebooks, every SVG plot as SVG + PNG, and the claims report; a failing claim
 * gives exit code 2 after the report; a failing cell stops the run naming notebook and cell (exit 1).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = process.env.CONVSPEC_ROOT ?? join(__dirname, "..", "..");

function notebook(cells: string[]): string {
  return JSON.stringify({
    cells: cells.map((source, i) => ({ cell_type: "code", id: `c${i}`, metadata: {}, execution_count: null, outputs: [], source })),
    metadata: {
      kernelspec: { name: "convspec", display_name: "TypeScript (convspec)", language: "typescript" },
      language_info: { name: "typescript" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  });
}

function reproduce(dir: string, out: string) {
  return spawnSync(process.execPath, [join(root, "scripts", "reproduce.mjs")], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, CONVSPEC_NOTEBOOK_DIR: dir, CONVSPEC_OUT_DIR: out },
  });
}

test("reproduce: figures as SVG + PNG + PDF, claims report, exit 2 when a claim fails", () => {
  const work = mkdtempSync(join(tmpdir(), "convspec-repro-"));
  try {
    const dir = join(work, "nb");
    mkdirSync(dir);
    writeFileSync(join(dir, "a.ipynb"), notebook([
      'import { linePlot, claim } from "convspec";',
      'linePlot([1, 2, 3], [1, 4, 9], { title: "squares" })',
      'claim("two plus two", { measured: 2 + 2, expected: 4, tolerance: 0 });\nclaim("wrong on purpose", { measured: 1, expected: 2, tolerance: 0.5 });',
    ]));
    const r = reproduce(dir, join(work, "out"));
    assert.equal(r.status, 2, `exit code; stdout ${r.stdout} stderr ${r.stderr}`);
    assert.match(r.stderr, /CLAIM FAILED a\.ipynb cell 3: wrong on purpose/);
    assert.deepEqual(readdirSync(join(work, "out", "figures")).sort(), ["a-2-1.pdf", "a-2-1.png", "a-2-1.svg"]);
    assert.equal(readFileSync(join(work, "out", "figures", "a-2-1.pdf")).subarray(0, 5).toString(), "%PDF-");
    assert.ok(readFileSync(join(work, "out", "figures", "a-2-1.png")).subarray(1, 4).toString() === "PNG");
    assert.ok(existsSync(join(work, "out", "notebooks", "a.ipynb")));
    const report = JSON.parse(readFileSync(join(work, "out", "claims.json"), "utf8"));
    assert.deepEqual([report.total, report.passed, report.failed], [2, 1, 1]);
    assert.deepEqual(report.claims.map((c: { name: string; cell: number; passed: boolean }) => [c.name, c.cell, c.passed]), [["two plus two", 3, true], ["wrong on purpose", 3, false]]);
    const md = readFileSync(join(work, "out", "claims.md"), "utf8");
    assert.ok(md.includes("**2 claims: 1 checks passed, 1 failed.**") && md.includes("## Failed checks"));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test("reproduce: a failing cell stops the run with notebook, cell number and error (exit 1)", () => {
  const work = mkdtempSync(join(tmpdir(), "convspec-repro-"));
  try {
    const dir = join(work, "nb");
    mkdirSync(dir);
    writeFileSync(join(dir, "b1.ipynb"), notebook(["const x = 1;", 'throw new RangeError("boom " + x);', "2"]));
    writeFileSync(join(dir, "b2.ipynb"), notebook(["1"]));
    const r = reproduce(dir, join(work, "out"));
    assert.equal(r.status, 1, `exit code; stdout ${r.stdout} stderr ${r.stderr}`);
    assert.match(r.stderr, /FAILED in .*b1\.ipynb, cell 2 \(In \[2\]\):\n\s+RangeError: boom 1/);
    // The run stopped: the second notebook was not executed.
    assert.ok(!existsSync(join(work, "out", "notebooks", "b2.ipynb")));
    assert.ok(existsSync(join(work, "out", "notebooks", "b1.ipynb")), "the partly executed notebook is kept");
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

/** Every file under `dir` (relative paths), sorted. */
function filesUnder(dir: string, prefix = ""): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const p = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? filesUnder(dir, p) : [p];
  }).sort();
}

test("reproduce twice gives byte-identical notebooks, figures (SVG, PNG, PDF), claims and site pages (the tour; --only and a positional name)", () => {
  const work = mkdtempSync(join(tmpdir(), "convspec-repro-"));
  try {
    const run = (out: string, args: string[]) => spawnSync(process.execPath, [join(root, "scripts", "reproduce.mjs"), ...args], {
      cwd: root, encoding: "utf8", env: { ...process.env, CONVSPEC_OUT_DIR: out, CONVSPEC_NOTEBOOK_DIR: join(root, "notebooks") },
    });
    const a = run(join(work, "a"), ["--only", "00-tour"]);
    const b = run(join(work, "b"), ["00"]);
    for (const r of [a, b]) {
      assert.equal(r.status, 0, `exit code; stdout ${r.stdout} stderr ${r.stderr}`);
      assert.match(r.stdout, /\[1\/1\] 00-tour\.ipynb executed in \d+\.\d s/, "a progress line per notebook");
      assert.match(r.stdout, /1 notebook\(s\) in \d+\.\d s in total/, "the total time");
    }
    // the browser screenshots are checked elsewhere; everything else must match byte for byte
    const compared = (d: string) => filesUnder(d).filter((f) => !f.startsWith("browser/"));
    const files = compared(join(work, "a"));
    assert.deepEqual(compared(join(work, "b")), files);
    for (const want of ["notebooks/00-tour.ipynb", "claims.json", "claims.md", "site/index.html", "site/00-tour.html", "site/katex/katex.min.css"]) assert.ok(files.includes(want), `${want} written`);
    for (const ext of ["svg", "png", "pdf"]) assert.ok(files.some((f) => f.startsWith("figures/00-tour-") && f.endsWith(`.${ext}`)), `a .${ext} figure`);
    const differ = files.filter((f) => !readFileSync(join(work, "a", f)).equals(readFileSync(join(work, "b", f))));
    assert.deepEqual(differ, [], "files that differ between the two runs");
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test("reproduce: --only without a name and unknown options are usage errors (exit 2)", () => {
  for (const args of [["--only"], ["--frobnicate"]]) {
    const r = spawnSync(process.execPath, [join(root, "scripts", "reproduce.mjs"), ...args], { cwd: root, encoding: "utf8" });
    assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, /usage: npm run reproduce/);
  }
});
