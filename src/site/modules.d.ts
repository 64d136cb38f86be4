// markdown-it-texmath 1.0.0 ships no types: the plugin signature used by src/site/markdown.ts.
declare module "markdown-it-texmath" {
  import type MarkdownIt from "markdown-it";
  const texmath: (md: MarkdownIt.MarkdownIt, options?: { engine?: unknown; delimiters?: string | string[]; katexOptions?: Record<string, unknown>; outerSpace?: boolean }) => void;
  export default texmath;
}
