// The offline site of a reproduction run: notebook pages with KaTeX-rendered math, and the index.
export { writeSite, SITE_CSS, type SiteOptions, type SitePage, type SiteResult } from "./site";
export { notebookPage, notebookTitle, type NotebookJson, type NotebookCell, type NotebookOutput, type NotebookPage, type NotebookPageOptions } from "./notebook-page";
export { renderMarkdown, type MarkdownRender } from "./markdown";
export { renderTex, renderLatexOutput, KATEX_OPTIONS, type TexRender } from "./tex";
