import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import katex from "katex";
import { notebookPage, notebookTitle, renderLatexOutput, renderMarkdown, renderTex, writeSite } from "../../../src/site/index";
import { claimsReportJson, type CollectedClaim } from "../../../src/display/index";
import { FormatError, OptionError } from "../../../src/core/errors";

const nb = (cells: any[]) => ({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells });
const md = (source: string) => ({ cell_type: "markdown", metadata: {}, source });
const code = (source: string, outputs: unknown[] = [], n = 1) => ({ cell_type: "code", metadata: {}, execution_count: n, source, outputs });
const display = (data: Record<string, unknown>) => ({ output_type: "display_data", metadata: {}, data });

test("renderTex gives KaTeX's HTML + MathML with the TeX kept as annotation; a parse error is shown, not dropped", () => {
  const r = renderTex("\\sum_q K_q e^{-i q \\omega}", true);
  assert.deepEqual(r.errors, []);
  // the same call to KaTeX directly: the wrapper adds nothing and loses nothing
  assert.equal(r.html, katex.renderToString("\\sum_q K_q e^{-i q \\omega}", { displayMode: true, output: "htmlAndMathml", strict: "ignore", trust: false, throwOnError: true }));
  assert.match(r.html, /<math[^>]*display="block"/);
  assert.match(r.html, /<annotation encoding="application\/x-tex">\\sum_q K_q e\^\{-i q \\omega\}<\/annotation>/);
  const bad = renderTex("\\frac{1}{", false);
  assert.equal(bad.errors.length, 1);
  assert.match(bad.html, /^<span class="katex-error" title="[^"]*">\\frac\{1\}\{<\/span>$/);
});

test("renderLatexOutput strips $$ / $ / \\[ \\] delimiters and picks display or inline style", () => {
  for (const [src, display] of [["$$a+b$$", true], ["$a+b$", false], ["\\[a+b\\]", true], ["\\(a+b\\)", false], ["a+b", true]] as const) {
    const r = renderLatexOutput(src);
    assert.deepEqual(r.errors, [], src);
    assert.equal(r.html, renderTex("a+b", display).html, src);
  }
  assert.equal(renderLatexOutput("$$a$$ and $$b$$").errors.length, 1, "two formulas in one text/latex are not one formula");
});

test("renderMarkdown typesets $..$ and $$..$$ but leaves code spans and fenced code alone", () => {
  const r = renderMarkdown("Symbol $F(\\omega)$, and\n\n$$\\|T\\|_2 \\le \\sup_\\omega \\|F\\|_2$$\n\nCode: `const x = \"$a$\";`\n\n```ts\nconst y = \"$$b$$\";\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
  assert.deepEqual(r.errors, []);
  assert.equal((r.html.match(/class="katex"/g) ?? []).length, 2, r.html);
  assert.equal((r.html.match(/class="katex-display"/g) ?? []).length, 1);
  assert.ok(r.html.includes("<code>const x = &quot;$a$&quot;;</code>"), "inline code keeps its dollars");
  assert.ok(r.html.includes("const y = &quot;$$b$$&quot;;"), "fenced code keeps its dollars");
  assert.match(r.html, /<table>/);
  assert.equal(renderMarkdown("bad $\\frac{1}{$ formula").errors.length, 1);
});

test("notebookPage: Markdown, code, and the static representation of each output", () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>plot</text></svg>';
  const page = notebookPage(nb([
    md("# The title\n\nText with $x^2$."),
    code("const a = 1 < 2;", [
      { output_type: "stream", name: "stdout", text: ["hello ", "<world>\n"] },
      display({ "image/svg+xml": `<?xml version="1.0"?>\n${svg}`, "text/plain": "a plot" }),
      display({ "text/latex": "$$F(\\omega) = 2$$", "text/plain": "F = 2" }),
      display({ "text/html": "<table><tr><td>1</td></tr></table>", "text/plain": "table" }),
      display({ "text/markdown": "**bold** $y$", "text/plain": "md" }),
      { output_type: "execute_result", execution_count: 1, metadata: {}, data: { "text/plain": "[ 1, 2 ]" } },
      { output_type: "error", ename: "RangeError", evalue: "boom", traceback: ["\u001b[31mRangeError\u001b[0m: boom"] },
    ], 7),
  ]), { name: "x.ipynb", notebookHref: "../notebooks/x.ipynb" });
  assert.equal(page.title, "The title");
  assert.equal(page.figures, 1);
  assert.equal(page.formulas, 3); // x^2, F(ω) = 2, y
  assert.equal(page.errorOutputs, 1);
  const h = page.html;
  assert.ok(h.includes(`<figure class="output svg">${svg}</figure>`), "SVG inline, without the XML prolog");
  assert.ok(h.includes("In [7]:") && h.includes("const a = 1 &lt; 2;"));
  assert.ok(h.includes("hello &lt;world&gt;"));
  assert.ok(h.includes("<table><tr><td>1</td></tr></table>"));
  assert.ok(h.includes("<strong>bold</strong>"));
  assert.ok(h.includes("[ 1, 2 ]"));
  assert.ok(h.includes("RangeError: boom") && !h.includes("\u001b["), "traceback without ANSI codes");
  assert.ok(!h.includes("a plot") && !h.includes("F = 2"), "text/plain is not shown when a richer form exists");
  assert.ok(!/<script/i.test(h), "no script");
  assert.ok(!/https?:\/\//.test(h.replace(/xmlns(:\w+)?="[^"]*"/g, "")), "no link to the network");
});

test("notebookTitle falls back to none; bad notebooks give FormatError", () => {
  assert.equal(notebookTitle(nb([md("no heading")])), undefined);
  assert.equal(notebookPage(nb([md("no heading")]), { name: "y.ipynb" }).title, "y.ipynb");
  assert.throws(() => notebookPage({ cells: 3 }, { name: "z.ipynb" }), FormatError);
  assert.throws(() => notebookPage({ nbformat: 3, cells: [] }, { name: "z.ipynb" }), FormatError);
});

test("writeSite writes the index with the verdicts, one page per notebook, KaTeX assets; same input, same bytes", () => {
  const work = mkdtempSync(join(tmpdir(), "convspec-site-"));
  try {
    const path = join(work, "a.ipynb");
    writeFileSync(path, JSON.stringify(nb([md("# Alpha\n\n$a$"), code("1")])));
    const base = { name: "c", measured: 1, expected: 1, tolerance: { abs: 0, rel: 0 }, comparison: "approx" as const, passed: true, error: 0, count: 1, failures: 0, sequence: 1, notebook: "a.ipynb", cell: 2 };
    const claims: CollectedClaim[] = [
      { ...base, paper: { document: "000", section: "abstract", statement: "S <refuted>", verdict: "refuted", note: "3 < 5" } },
      { ...base, sequence: 2, paper: { document: "000", statement: "T", verdict: "holds" } },
      { ...base, sequence: 3, passed: false },
    ];
    const out = join(work, "site");
    mkdirSync(out);
    writeFileSync(join(out, "stale.html"), "a page of an earlier run");
    const r1 = writeSite({ notebooks: [path], outDir: out, report: claimsReportJson(claims), links: { "claims.md": "../claims.md" } });
    const first = ["index.html", "a.html"].map((f) => readFileSync(join(out, f), "utf8"));
    writeSite({ notebooks: [path], outDir: out, report: claimsReportJson(claims), links: { "claims.md": "../claims.md" } });
    assert.deepEqual(["index.html", "a.html"].map((f) => readFileSync(join(out, f), "utf8")), first);
    assert.ok(!existsSync(join(out, "stale.html")), "pages of earlier runs are removed");
    assert.deepEqual(r1.pages.map((p) => [p.file, p.title, p.claims, p.failedClaims, p.formulas]), [["a.html", "Alpha", 3, 1, 1]]);
    assert.ok(existsSync(join(out, "katex", "katex.min.css")) && existsSync(join(out, "katex", "fonts", "KaTeX_Main-Regular.woff2")));
    const index = first[0];
    assert.ok(index.includes("S &lt;refuted&gt;") && index.includes('class="verdict refuted"') && index.includes("3 &lt; 5"), "statement, verdict and note, escaped");
    assert.ok(index.includes('<a href="a.html">a.ipynb</a>'));
    assert.match(index, /3 claims: 2 checks passed, <span class="failed">1 failed<\/span>/);
    // seed 000 row: 2 claims, 2 statements, 1 holds, 0 caveats, 1 refuted, 0 check failures
    assert.match(index, /seed 000: [^<]*<\/a><\/td><td class="n">2<\/td><td class="n">2<\/td><td class="n holds">1<\/td><td class="n caveats">0<\/td><td class="n refuted">1<\/td><td class="n">0<\/td>/);
    assert.throws(() => writeSite({ notebooks: [join(work, "missing.ipynb")], outDir: out, report: claimsReportJson([]) }), OptionError);
    assert.throws(() => writeSite({ notebooks: [], outDir: out, report: claimsReportJson([]), colour: "red" } as never), OptionError);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
