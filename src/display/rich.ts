/**
 * Displayable wrappers for text formats: LaTeX, HTML and Markdown. Each carries `text/plain`
 * so that every front end (and a plain terminal) shows something.
 */
import { DISPLAY, type Displayable, type MimeBundle } from "./channel";

/** LaTeX math shown typeset by Jupyter (MathJax/KaTeX). */
export class Latex implements Displayable {
  /** The math source without delimiters. */
  readonly tex: string;
  /** `true`: display math `$$...$$`; `false`: inline math `$...$`. */
  readonly block: boolean;
  constructor(tex: string, block = true) {
    if (typeof tex !== "string") throw new TypeError(`latex: expected a string of LaTeX, got ${typeof tex}`);
    this.tex = stripMathDelimiters(tex);
    this.block = block;
  }
  [DISPLAY](): MimeBundle {
    const d = this.block ? "$$" : "$";
    return { "text/latex": `${d}${this.tex}${d}`, "text/plain": this.tex };
  }
  toString(): string {
    return this.tex;
  }
}

/** Removes one pair of surrounding `$$..$$`, `$..$`, `\[..\]` or `\(..\)` delimiters, if present. */
function stripMathDelimiters(tex: string): string {
  const t = tex.trim();
  for (const [open, close] of [["$$", "$$"], ["\\[", "\\]"], ["\\(", "\\)"], ["$", "$"]]) {
    if (t.length >= open.length + close.length && t.startsWith(open) && t.endsWith(close)) {
      return t.slice(open.length, t.length - close.length).trim();
    }
  }
  return t;
}

/**
 * Typeset LaTeX math. `latex("\\|F\\|_2 = 4")` displays as `$$\|F\|_2 = 4$$`; surrounding
 * `$`/`$$`/`\[\]` delimiters in the argument are accepted and normalised.
 * @param options.inline  inline math (`$...$`) instead of display math (`$$...$$`).
 */
export function latex(tex: string, options: { inline?: boolean } = {}): Latex {
  return new Latex(tex, !options.inline);
}

/** Raw HTML output; `text/plain` is the HTML with tags removed. */
export class Html implements Displayable {
  readonly html: string;
  readonly plain: string;
  constructor(html: string, plain?: string) {
    if (typeof html !== "string") throw new TypeError(`html: expected a string of HTML, got ${typeof html}`);
    this.html = html;
    this.plain = plain ?? htmlToPlainText(html);
  }
  [DISPLAY](): MimeBundle {
    return { "text/html": this.html, "text/plain": this.plain };
  }
  toString(): string {
    return this.plain;
  }
}

/** Rough plain-text rendering of HTML: block tags become line breaks, other tags vanish, entities decode. */
function htmlToPlainText(html: string): string {
  return html
    .replace(/<(br|\/p|\/div|\/tr|\/h[1-6]|\/li)\b[^>]*>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Raw HTML. `text/plain` (for terminals) is derived by stripping the tags. */
export function html(source: string): Html {
  return new Html(source);
}

/** Markdown text (rendered by Jupyter front ends; `text/plain` is the source). */
export class Markdown implements Displayable {
  readonly source: string;
  constructor(source: string) {
    if (typeof source !== "string") throw new TypeError(`markdown: expected a string, got ${typeof source}`);
    this.source = source;
  }
  [DISPLAY](): MimeBundle {
    return { "text/markdown": this.source, "text/plain": this.source };
  }
  toString(): string {
    return this.source;
  }
}

/** Markdown output, e.g. a generated summary paragraph with a list. */
export function markdown(source: string): Markdown {
  return new Markdown(source);
}
