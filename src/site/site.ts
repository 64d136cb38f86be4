/**
 * `writeSite`: the offline site of a reproduction run — `index.html` (claims summary per source
 * document, every statement with its verdict, links) and one page per executed notebook
 * ({@link notebookPage}), with KaTeX's stylesheet and fonts copied beside them. Works for any
 * notebooks (nothing is specific to the current ones), reads nothing from the network and writes
 * nothing time-dependent: the same notebooks and claims give byte-identical files.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { checkOptions, OptionError } from "../core/errors";
import { escapeHtml, SOURCE_DOCUMENTS, type ClaimsReportJson, type CollectedClaim } from "../display/index";
import { notebookPage, pageShell } from "./notebook-page";

/** Options of {@link writeSite}. */
export interface SiteOptions {
  /** Executed notebooks (.ipynb paths), in the order the index lists them. */
  notebooks: readonly string[];
  /** Folder to write (created; its old pages are replaced). */
  outDir: string;
  /** The claims report of the same run (`claimsReportJson`). */
  report: ClaimsReportJson;
  /** Title of the index page (default "convspec: reproduced notebooks"). */
  title?: string;
  /** Links shown on the index, relative to outDir, e.g. `{ "claims.md": "../claims.md" }`. */
  links?: Readonly<Record<string, string>>;
  /** Href of each notebook file from the site folder; default `../notebooks/<name>`. */
  notebookHref?: (name: string) => string;
}

/** One page of the site, as written. */
export interface SitePage {
  notebook: string;
  file: string;
  title: string;
  claims: number;
  failedClaims: number;
  figures: number;
  formulas: number;
  texErrors: string[];
  errorOutputs: number;
}

/** What {@link writeSite} wrote. */
export interface SiteResult {
  index: string;
  pages: SitePage[];
}

/** Folder of the KaTeX distribution (stylesheet and fonts) inside node_modules. */
function katexDist(): string {
  return join(dirname(require.resolve("katex/package.json")), "dist");
}

const VERDICT_CLASS = { holds: "holds", "holds with caveats": "caveats", refuted: "refuted" } as const;

/** HTML of the summary: one row per document, then each document's statements. */
function verdictsHtml(report: ClaimsReportJson, pageOf: (notebook: string) => string | undefined): string {
  const rows = report.documents.map((d) => {
    const doc = SOURCE_DOCUMENTS[d.document];
    const name = doc ? `seed ${escapeHtml(doc.id)}: ${escapeHtml(doc.title)}` : escapeHtml(d.title);
    return `<tr><td>${doc ? `<a href="#doc-${escapeHtml(doc.id)}">${name}</a>` : name}</td><td class="n">${d.claims}</td><td class="n">${d.statements}</td><td class="n holds">${d.holds}</td><td class="n caveats">${d.caveats}</td><td class="n refuted">${d.refuted}</td><td class="n${d.checkFailures ? " failed" : ""}">${d.checkFailures}</td></tr>`;
  });
  const parts = [`<table class="summary"><thead><tr><th>document</th><th>claims</th><th>statements checked</th><th>holds</th><th>holds with caveats</th><th>refuted</th><th>check failures</th></tr></thead><tbody>\n${rows.join("\n")}\n</tbody></table>`];
  for (const d of report.documents) {
    const doc = SOURCE_DOCUMENTS[d.document];
    const statements = report.statements[d.document] ?? [];
    const notebooks = d.notebooks.map((n) => { const href = pageOf(n); return href ? `<a href="${escapeHtml(href)}">${escapeHtml(n)}</a>` : escapeHtml(n); }).join(", ");
    parts.push(`<section class="document" id="doc-${escapeHtml(d.document)}"><h3>${doc ? `Seed ${escapeHtml(doc.id)}: ${escapeHtml(doc.title)}` : escapeHtml(d.title)}</h3>`);
    if (doc) parts.push(`<p class="meta">${escapeHtml(doc.authors)}; ${escapeHtml(doc.reference)}; file <code>${escapeHtml(doc.file)}</code>. Notebooks: ${notebooks}.</p>`);
    else parts.push(`<p class="meta">Notebooks: ${notebooks}.</p>`);
    if (statements.length) {
      parts.push(`<table class="statements"><thead><tr><th>statement</th><th>where</th><th>verdict</th><th>claims</th><th>notes (caveats, counter-examples)</th></tr></thead><tbody>`);
      for (const s of statements) {
        parts.push(`<tr><td>${escapeHtml(s.statement)}</td><td>${escapeHtml(s.section ?? "")}</td><td class="verdict ${VERDICT_CLASS[s.verdict]}">${escapeHtml(s.verdict)}</td><td class="n">${s.claims}${s.checkFailures ? ` <span class="failed">(${s.checkFailures} failed)</span>` : ""}</td><td>${s.notes.map(escapeHtml).join("<br>")}</td></tr>`);
      }
      parts.push(`</tbody></table>`);
    } else {
      parts.push(`<p class="meta">No statement of this document is checked with a verdict; its ${d.claims} claim(s) check the code's numbers.</p>`);
    }
    parts.push(`</section>`);
  }
  return parts.join("\n");
}

/** Stylesheet of the site (plain CSS, no web fonts besides KaTeX's). */
export const SITE_CSS = `body { font-family: "DejaVu Sans", system-ui, sans-serif; line-height: 1.45; color: #1f2328; max-width: 1100px; margin: 0 auto; padding: 1em 1.5em 3em; }
a { color: #0969da; }
nav { margin: 0.5em 0 1em; font-size: 0.95em; }
header .file { color: #57606a; margin: 0; font-family: "DejaVu Sans Mono", monospace; }
table { border-collapse: collapse; margin: 0.6em 0 1.2em; font-size: 0.92em; }
th, td { border: 1px solid #d0d7de; padding: 0.25em 0.6em; vertical-align: top; }
th { background: #f6f8fa; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
td.holds, .verdict.holds { color: #1a7f37; }
td.caveats, .verdict.caveats { color: #9a6700; }
td.refuted, .verdict.refuted { color: #8250df; }
.verdict { font-weight: bold; white-space: nowrap; }
.failed { color: #cf222e; font-weight: bold; }
.meta { color: #57606a; }
.cell { margin: 0.9em 0; }
.cell.code .input { display: flex; gap: 0.6em; }
.prompt { color: #57606a; font-family: "DejaVu Sans Mono", monospace; font-size: 0.85em; min-width: 4.5em; padding-top: 0.55em; text-align: right; }
.cell.code pre { flex: 1; margin: 0; }
pre { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 4px; padding: 0.5em 0.7em; overflow-x: auto; font-family: "DejaVu Sans Mono", monospace; font-size: 0.85em; }
.outputs { margin-left: 5.1em; }
.output { margin: 0.4em 0; overflow-x: auto; }
pre.output { background: white; }
pre.stderr { background: #fff8c5; }
pre.error { background: #ffebe9; color: #82071e; }
figure.output { margin: 0.4em 0; }
figure.output svg { max-width: 100%; height: auto; }
.output table { font-size: 0.9em; }
eq, eqn { display: inline; }
section > eqn { display: block; }
.katex-display { overflow-x: auto; overflow-y: hidden; }
.katex-error { color: #cf222e; font-family: monospace; }
`;

/**
 * Writes the site; see the file comment. Returns what each page contains, so the caller (e.g.
 * `npm run reproduce`) can report formulas KaTeX could not parse.
 */
export function writeSite(options: SiteOptions): SiteResult {
  checkOptions("writeSite", options, ["notebooks", "outDir", "report", "title", "links", "notebookHref"]);
  if (!Array.isArray(options.notebooks)) throw new OptionError("writeSite: notebooks must be an array of .ipynb paths");
  const out = options.outDir;
  mkdirSync(out, { recursive: true });
  // pages of an earlier run that are not part of this one go, so the index never links a stale page
  for (const f of readdirSync(out)) if (f.endsWith(".html")) rmSync(join(out, f));
  const dist = katexDist();
  mkdirSync(join(out, "katex"), { recursive: true });
  cpSync(join(dist, "katex.min.css"), join(out, "katex", "katex.min.css"));
  cpSync(join(dist, "fonts"), join(out, "katex", "fonts"), { recursive: true });
  writeFileSync(join(out, "site.css"), SITE_CSS);

  const claimsOf = (name: string): CollectedClaim[] => options.report.claims.filter((c) => c.notebook === name);
  const pageFile = (name: string) => `${basename(name, ".ipynb")}.html`;
  const names = options.notebooks.map((p) => basename(p));
  const pages: SitePage[] = [];
  for (const path of options.notebooks) {
    const name = basename(path);
    if (!existsSync(path)) throw new OptionError(`writeSite: notebook ${path} does not exist`);
    const mine = claimsOf(name);
    const failed = mine.filter((c) => !c.passed).length;
    const summary = `${mine.length} claim${mine.length === 1 ? "" : "s"}${mine.length ? `: ${mine.length - failed} passed, <span class="${failed ? "failed" : ""}">${failed} failed</span>` : ""}`;
    const page = notebookPage(JSON.parse(readFileSync(path, "utf8")), {
      name,
      notebookHref: options.notebookHref ? options.notebookHref(name) : `../notebooks/${name}`,
      summaryHtml: summary,
    });
    writeFileSync(join(out, pageFile(name)), page.html);
    pages.push({ notebook: name, file: pageFile(name), title: page.title, claims: mine.length, failedClaims: failed, figures: page.figures, formulas: page.formulas, texErrors: page.texErrors, errorOutputs: page.errorOutputs });
  }

  const r = options.report;
  const list = pages.map((p) => `<tr><td><a href="${escapeHtml(p.file)}">${escapeHtml(p.notebook)}</a></td><td>${escapeHtml(p.title)}</td><td class="n">${p.claims}</td><td class="n${p.failedClaims ? " failed" : ""}">${p.failedClaims}</td><td class="n">${p.figures}</td><td class="n">${p.formulas}</td></tr>`).join("\n");
  const links = Object.entries(options.links ?? {}).map(([label, href]) => `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`).join(" · ");
  const title = options.title ?? "convspec: reproduced notebooks";
  const body = `<header><h1>${escapeHtml(title)}</h1>
<p><b>${r.total} claims: ${r.passed} checks passed, <span class="${r.failed ? "failed" : ""}">${r.failed} failed</span>.</b> A <i>check</i> tests the code's numbers (a failure is a bug); a <i>verdict</i> says what those numbers make of the source document's statement: holds, holds with caveats (which), or refuted (with the counter-example's numbers).</p>
${links ? `<p>${links}</p>` : ""}</header>
<main>
<h2>Notebooks</h2>
<table class="notebooks"><thead><tr><th>notebook</th><th>title</th><th>claims</th><th>failed</th><th>figures</th><th>formulas</th></tr></thead><tbody>
${list}
</tbody></table>
<h2>Verdicts by source document</h2>
${verdictsHtml(r, (n) => (names.includes(n) ? pageFile(n) : undefined))}
</main>`;
  const index = join(out, "index.html");
  writeFileSync(index, pageShell(title, body));
  return { index, pages };
}
