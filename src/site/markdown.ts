/**
 * Markdown with `$...$` / `$$...$$` math to HTML: markdown-it (CommonMark, with tables) and
 * markdown-it-texmath, whose formulas go through KaTeX with the site's {@link KATEX_OPTIONS}.
 * HTML inside the Markdown is kept (notebook authors use it), as Jupyter does.
 */
import MarkdownIt from "markdown-it";
import texmath from "markdown-it-texmath";
import katex from "katex";
import { KATEX_OPTIONS } from "./tex";

let md: MarkdownIt.MarkdownIt | undefined;

function renderer(): MarkdownIt.MarkdownIt {
  if (!md) {
    md = new MarkdownIt({ html: true, linkify: false, typographer: false });
    md.use(texmath, { engine: katex, delimiters: ["dollars", "brackets"], katexOptions: { ...KATEX_OPTIONS } });
  }
  return md;
}

/** The result of rendering Markdown: HTML and the formulas KaTeX could not parse. */
export interface MarkdownRender {
  html: string;
  /** Sources of formulas that failed (shown red in the page). */
  errors: string[];
}

/** Renders Markdown (with math) to HTML. */
export function renderMarkdown(source: string): MarkdownRender {
  const html = renderer().render(source);
  // texmath renders with throwOnError false: KaTeX marks a failed formula with class "katex-error".
  const errors = [...html.matchAll(/<span class="katex-error" title="([^"]*)"/g)].map((m) => m[1]);
  return { html, errors };
}
