/**
 * One executed notebook (nbformat 4 JSON) as a self-contained HTML page: Markdown cells rendered
 * (math by KaTeX), code cells with their source and outputs, plots as inline SVG. No script, no
 * network: the page needs only the stylesheets beside it (site.css, katex/katex.min.css).
 *
 * Which representation of an output is shown (the first present, like a Jupyter front end, but
 * preferring the static forms a page can show without a JavaScript renderer):
 * claim record -> its `text/html`; `image/svg+xml` (inline); `text/latex` (KaTeX); `text/html`;
 * `text/markdown`; `image/png` (data URL); `text/plain`.
 */
import { FormatError } from "../core/errors";
import { escapeHtml } from "../display/index";
import { renderMarkdown } from "./markdown";
import { renderLatexOutput } from "./tex";

/** The parts of an nbformat 4 notebook the page uses. */
export interface NotebookJson {
  cells: NotebookCell[];
  metadata?: Record<string, unknown>;
  nbformat?: number;
}

export interface NotebookCell {
  cell_type: "markdown" | "code" | "raw";
  source: string | string[];
  execution_count?: number | null;
  outputs?: NotebookOutput[];
}

export interface NotebookOutput {
  output_type: "stream" | "display_data" | "execute_result" | "error" | "update_display_data";
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  execution_count?: number | null;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

/** What a rendered page contains (for the index and the generator's report). */
export interface NotebookPage {
  /** The page's HTML document. */
  html: string;
  /** The notebook's title: its first Markdown heading, or the file name. */
  title: string;
  /** Inline SVG figures on the page. */
  figures: number;
  /** Formulas typeset (Markdown and text/latex). */
  formulas: number;
  /** Formulas KaTeX could not parse (shown red, as source). */
  texErrors: string[];
  /** Error outputs of the notebook. */
  errorOutputs: number;
}

/** Options of {@link notebookPage}. */
export interface NotebookPageOptions {
  /** File name of the notebook (shown, and used as title when it has no heading). */
  name: string;
  /** Link back to the index (default "index.html"). */
  indexHref?: string;
  /** Link to the notebook file itself, e.g. "../notebooks/00-tour.ipynb". */
  notebookHref?: string;
  /** One line under the title, e.g. the claims count (HTML allowed: the caller escapes). */
  summaryHtml?: string;
}

const CLAIM_MIME = "application/vnd.convspec.claim+json";

function text(v: unknown): string {
  return Array.isArray(v) ? v.join("") : v === undefined || v === null ? "" : String(v);
}

/** Removes ANSI colour codes (tracebacks). */
function stripAnsi(s: string): string {
  return s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "");
}

/** First Markdown heading of the notebook (without #), or undefined. */
export function notebookTitle(nb: NotebookJson): string | undefined {
  for (const c of nb.cells) {
    if (c.cell_type !== "markdown") continue;
    const m = /^\s*#{1,6}\s+(.+?)\s*#*\s*$/m.exec(text(c.source));
    if (m) return m[1].replace(/[*_`]/g, "");
  }
  return undefined;
}

/** Checks the shape of a parsed notebook: FormatError naming what is wrong. */
export function checkNotebook(nb: unknown, name: string): NotebookJson {
  if (nb === null || typeof nb !== "object" || !Array.isArray((nb as NotebookJson).cells)) throw new FormatError(`notebookPage: ${name} is not an nbformat 4 notebook (no "cells" array)`);
  const v = (nb as NotebookJson).nbformat;
  if (v !== undefined && v !== 4) throw new FormatError(`notebookPage: ${name} has nbformat ${v}; only nbformat 4 is supported`);
  return nb as NotebookJson;
}

interface Counters { figures: number; formulas: number; texErrors: string[]; errorOutputs: number }

function renderOutput(out: NotebookOutput, k: Counters): string {
  if (out.output_type === "stream") {
    return `<pre class="output stream ${out.name === "stderr" ? "stderr" : "stdout"}">${escapeHtml(stripAnsi(text(out.text)))}</pre>`;
  }
  if (out.output_type === "error") {
    k.errorOutputs++;
    const tb = (out.traceback ?? []).map(stripAnsi).join("\n");
    return `<pre class="output error">${escapeHtml(`${out.ename ?? "Error"}: ${out.evalue ?? ""}`)}${tb.trim() ? `\n${escapeHtml(tb)}` : ""}</pre>`;
  }
  const data = out.data ?? {};
  if (data[CLAIM_MIME] !== undefined && data["text/html"] !== undefined) return `<div class="output html claim">${text(data["text/html"])}</div>`;
  if (data["image/svg+xml"] !== undefined) {
    k.figures++;
    // nbformat keeps the SVG as written by the kernel; drop an XML prolog so it can sit inline.
    const svg = text(data["image/svg+xml"]).replace(/^\s*<\?xml[^>]*\?>\s*/, "");
    return `<figure class="output svg">${svg}</figure>`;
  }
  if (data["text/latex"] !== undefined) {
    const r = renderLatexOutput(text(data["text/latex"]));
    if (r.errors.length === 0) {
      k.formulas++;
      return `<div class="output latex">${r.html}</div>`;
    }
    // not one formula: render it as Markdown with math (as Jupyter's MathJax would typeset it)
    const m = renderMarkdown(text(data["text/latex"]));
    k.texErrors.push(...m.errors);
    k.formulas += (m.html.match(/class="katex"/g) ?? []).length;
    return `<div class="output latex">${m.html}</div>`;
  }
  if (data["text/html"] !== undefined) return `<div class="output html">${text(data["text/html"])}</div>`;
  if (data["text/markdown"] !== undefined) {
    const m = renderMarkdown(text(data["text/markdown"]));
    k.texErrors.push(...m.errors);
    k.formulas += (m.html.match(/class="katex"/g) ?? []).length;
    return `<div class="output markdown">${m.html}</div>`;
  }
  if (data["image/png"] !== undefined) {
    k.figures++;
    return `<figure class="output png"><img alt="figure" src="data:image/png;base64,${text(data["image/png"]).replace(/\s+/g, "")}"></figure>`;
  }
  if (data["text/plain"] !== undefined) return `<pre class="output plain">${escapeHtml(stripAnsi(text(data["text/plain"])))}</pre>`;
  return "";
}

/**
 * Renders an executed notebook to an HTML page. Deterministic: the same notebook gives the same
 * bytes (no dates, no random ids; SVG ids are already content-derived by the renderer).
 */
export function notebookPage(notebook: unknown, options: NotebookPageOptions): NotebookPage {
  const nb = checkNotebook(notebook, options.name);
  const title = notebookTitle(nb) ?? options.name;
  const k: Counters = { figures: 0, formulas: 0, texErrors: [], errorOutputs: 0 };
  const cells: string[] = [];
  nb.cells.forEach((cell, i) => {
    const src = text(cell.source);
    if (cell.cell_type === "markdown") {
      const m = renderMarkdown(src);
      k.texErrors.push(...m.errors);
      k.formulas += (m.html.match(/class="katex"/g) ?? []).length;
      cells.push(`<section class="cell markdown" id="cell-${i + 1}">${m.html}</section>`);
    } else if (cell.cell_type === "code") {
      const prompt = cell.execution_count == null ? "&nbsp;" : String(cell.execution_count);
      const outputs = (cell.outputs ?? []).map((o) => renderOutput(o, k)).filter(Boolean).join("\n");
      cells.push(`<section class="cell code" id="cell-${i + 1}"><div class="input"><span class="prompt">In [${prompt}]:</span><pre><code class="language-typescript">${escapeHtml(src)}</code></pre></div>${outputs ? `<div class="outputs">${outputs}</div>` : ""}</section>`);
    } else {
      cells.push(`<section class="cell raw" id="cell-${i + 1}"><pre>${escapeHtml(src)}</pre></section>`);
    }
  });
  const index = options.indexHref ?? "index.html";
  const nav = `<nav><a href="${escapeHtml(index)}">← all notebooks and verdicts</a>${options.notebookHref ? ` · <a href="${escapeHtml(options.notebookHref)}">${escapeHtml(options.name)}</a>` : ""}</nav>`;
  const html = pageShell(title, `${nav}\n<header><p class="file">${escapeHtml(options.name)}</p>${options.summaryHtml ? `<p class="summary">${options.summaryHtml}</p>` : ""}</header>\n<main>\n${cells.join("\n")}\n</main>\n${nav}`);
  return { html, title, figures: k.figures, formulas: k.formulas, texErrors: k.texErrors, errorOutputs: k.errorOutputs };
}

/** The HTML document around a page body: UTF-8, the two local stylesheets, no script. */
export function pageShell(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="katex/katex.min.css">
<link rel="stylesheet" href="site.css">
</head>
<body>
${body}
</body>
</html>
`;
}
