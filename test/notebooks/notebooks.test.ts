/**
 * Executes every notebook in notebooks/ with the convspec kernel through nbclient (the executor
 * `npm run reproduce` uses) and checks the saved outputs: no error output, the expected MIME types
 * (for the tour: LaTeX, SVG, vega-lite, HTML, claims), every claim passed, and — for the tour —
 * that two runs save byte-identical notebooks (figures included).
 * Needs the setup step (dist/ built, kernel installed in .jupyter-prefix/): `npm test` runs it.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
// @ts-expect-error -- plain ES module without type declarations, shared with scripts/reproduce.mjs
import { collectArtifacts, executeNotebooks, listNotebooks } from "../../scripts/notebook-runner.mjs";

interface RunResult { notebook: string; ok: boolean; cell?: number; ename?: string; evalue?: string }
interface Artifacts {
  figures: { cell: number; k: number; svg: string }[];
  claims: { name: string; passed: boolean; reason?: string; cell: number }[];
  mimeTypes: string[];
  errors: { cell: number; ename: string; evalue: string }[];
}

/** MIME types each notebook must produce (any notebook: text/plain and at least one claim). */
const EXPECTED_MIME: Record<string, string[]> = {
  "00-tour.ipynb": ["text/latex", "image/svg+xml", "application/vnd.vegalite.v5+json", "text/html", "application/vnd.convspec.claim+json", "text/plain"],
};

const notebooks: string[] = listNotebooks();

test("there is at least the tour notebook", () => {
  assert.ok(notebooks.map((p) => basename(p)).includes("00-tour.ipynb"));
});

// Executed copies stay here until the end, so the determinism check can compare against the first run.
const firstRun = mkdtempSync(join(tmpdir(), "convspec-nb-"));
after(() => rmSync(firstRun, { recursive: true, force: true }));

for (const path of notebooks) {
  const name = basename(path);
  test(`notebook ${name} executes without errors, with the expected outputs and all claims passing`, async () => {
    const out = firstRun;
    {
      const [result] = (await executeNotebooks([path], out, { stderr: "pipe" })) as RunResult[];
      assert.ok(result.ok, `${name} failed in cell ${result.cell}: ${result.ename}: ${result.evalue}`);
      const a = collectArtifacts(join(out, name)) as Artifacts;
      assert.deepEqual(a.errors, [], "no error outputs");
      for (const m of EXPECTED_MIME[name] ?? ["text/plain", "application/vnd.convspec.claim+json"]) {
        assert.ok(a.mimeTypes.includes(m), `${name} should produce ${m}; it produced ${a.mimeTypes.join(", ")}`);
      }
      assert.ok(a.claims.length > 0, `${name} records no claim`);
      const failed = a.claims.filter((c) => !c.passed);
      assert.deepEqual(failed.map((c) => `cell ${c.cell}: ${c.name}: ${c.reason}`), [], "every claim passes");
      for (const f of a.figures) assert.ok(f.svg.startsWith("<svg") && f.svg.includes("<text"), `figure ${f.cell}-${f.k} is an SVG with text`);
    }
  });
}

test("the tour saves byte-identical notebooks on two runs (figures, progress bar, claims)", async () => {
  const tour = notebooks.find((p) => basename(p) === "00-tour.ipynb")!;
  const second = mkdtempSync(join(tmpdir(), "convspec-nb-b-"));
  try {
    const [r] = (await executeNotebooks([tour], second, { stderr: "pipe" })) as RunResult[];
    assert.ok(r.ok, `tour failed: ${r.ename}: ${r.evalue}`);
    const [a, b] = [firstRun, second].map((d) => readFileSync(join(d, "00-tour.ipynb"), "utf8"));
    assert.ok(a.includes("image/svg+xml"));
    assert.equal(a, b);
  } finally {
    rmSync(second, { recursive: true, force: true });
  }
});
