/**
 * LaTeX to HTML on the Node side, for pages read without Jupyter and without network: KaTeX
 * renders each formula to HTML (typeset with KaTeX's stylesheet and fonts, shipped beside the
 * pages) plus MathML (for screen readers and copy-paste), with the TeX source kept in an
 * `<annotation encoding="application/x-tex">`.
 *
 * A formula KaTeX cannot parse is never dropped silently: it is shown as its source in a red
 * `.katex-error` span, and counted (`TexRender.errors`) so the site generator can report it.
 */
import katex from "katex";

/** The result of rendering one formula. */
export interface TexRender {
  html: string;
  /** KaTeX's parse errors (empty when the formula rendered). */
  errors: string[];
}

/** KaTeX settings used for every formula of the site (and by the Markdown renderer). */
export const KATEX_OPTIONS = Object.freeze({
  output: "htmlAndMathml" as const,
  throwOnError: false,
  // Unicode text inside math (σ, →) is accepted quietly instead of warning on the console.
  strict: "ignore" as const,
  trust: false,
});

/** Renders TeX math (no `$` delimiters) to HTML; `display` for display style (`$$...$$`). */
export function renderTex(tex: string, display = false): TexRender {
  try {
    return { html: katex.renderToString(tex, { ...KATEX_OPTIONS, displayMode: display, throwOnError: true }), errors: [] };
  } catch (e) {
    const message = (e as Error).message;
    const escaped = tex.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    return { html: `<span class="katex-error" title="${message.replace(/"/g, "&quot;").replace(/</g, "&lt;")}">${escaped}</span>`, errors: [message] };
  }
}

/**
 * Renders a `text/latex` output: `$$...$$` (display) or `$...$` (inline) around the whole string,
 * or `\[...\]`, `\(...\)`; a string without delimiters is taken as display math.
 */
export function renderLatexOutput(latex: string): TexRender {
  const t = latex.trim();
  for (const [open, close, display] of [["$$", "$$", true], ["\\[", "\\]", true], ["\\(", "\\)", false], ["$", "$", false]] as const) {
    if (t.length >= open.length + close.length && t.startsWith(open) && t.endsWith(close)) {
      const inner = t.slice(open.length, t.length - close.length);
      // "$$a$$ and $$b$$" is not one formula: leave it to the Markdown renderer
      if (!inner.includes(open)) return renderTex(inner, display);
      return { html: "", errors: [`mixed text and math in text/latex: ${t.slice(0, 80)}`] };
    }
  }
  return renderTex(t, true);
}
