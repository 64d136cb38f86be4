/**
 * Headless rendering of vega-lite v5 specs: SVG with vega 5 (no canvas, no browser), PNG with
 * resvg and the DejaVu Sans fonts from the system. Same spec -> byte-identical SVG and PNG.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, extname, join } from "node:path";
import { FormatError, OptionError, checkOptions, DomainError } from "../core/errors";

/** A vega-lite v5 top-level spec, as plain JSON. */
export type VegaLiteSpec = Record<string, unknown>;

/** Anything carrying a vega-lite spec (a `Plot`), or the spec itself. */
export type SpecLike = VegaLiteSpec | { readonly spec: VegaLiteSpec; svg?: () => Promise<string> };

/** Where the PNG renderer looks for fonts; override with the environment variable CONVSPEC_FONT_DIR. */
export const FONT_DIR = process.env.CONVSPEC_FONT_DIR ?? "/usr/share/fonts/truetype/dejavu";
/** Font files loaded by resvg (regular, bold for titles, oblique). */
const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"];

function specOf(x: SpecLike): VegaLiteSpec {
  if (x === null || typeof x !== "object") throw new FormatError(`renderSvg: expected a vega-lite spec object or a Plot, got ${x === null ? "null" : typeof x}`);
  const s = (x as { spec?: unknown }).spec;
  return s !== null && typeof s === "object" && !Array.isArray(s) ? (s as VegaLiteSpec) : (x as VegaLiteSpec);
}

/**
 * Renders a vega-lite v5 spec (or a Plot) to an SVG string: vega-lite compiles it to vega, vega 5
 * renders headless (`renderer: "none"`). Text is in `sans-serif`, which browsers resolve and
 * {@link renderPng} maps to DejaVu Sans.
 */
export async function renderSvg(specOrPlot: SpecLike): Promise<string> {
  const spec = specOf(specOrPlot);
  // Loaded on first use: vega is large and most cells never render.
  const vl = await import("vega-lite");
  const vega = await import("vega");
  let vgSpec;
  try {
    vgSpec = vl.compile(spec as never).spec;
  } catch (e) {
    throw new FormatError(`renderSvg: vega-lite could not compile the spec: ${(e as Error).message}`);
  }
  const view = new vega.View(vega.parse(vgSpec), { renderer: "none" });
  try {
    return stableSvgIds(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/**
 * vega numbers gradients and clip paths with process-wide counters (gradient_0, gradient_1, ...),
 * so the same spec would give different bytes depending on what was rendered before, and two
 * figures inlined in one HTML page (the classic Notebook inlines SVG) could share an id and pick
 * up each other's gradient. Renames every id to `v<hash>-<k>`: k by order of appearance, hash of
 * the SVG with ids normalised — deterministic for equal figures, distinct for different ones.
 */
export function stableSvgIds(svg: string): string {
  const ids: string[] = [];
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) if (!ids.includes(m[1])) ids.push(m[1]);
  if (ids.length === 0) return svg;
  const escape = (id: string) => id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`(\\sid="|url\\(#|href="#)(${ids.map(escape).join("|")})(?=[")])`, "g");
  const rename = (text: string, name: (k: number) => string) => text.replace(pattern, (_, pre: string, id: string) => `${pre}${name(ids.indexOf(id))}`);
  const hash = createHash("sha256").update(rename(svg, (k) => `id${k}`)).digest("hex").slice(0, 10);
  return rename(svg, (k) => `v${hash}-${k}`);
}

/** Options of {@link renderPng}. */
export interface PngOptions {
  /** Pixel density: 2 (default) gives 2 px per SVG unit, sharp on screens and in papers. */
  scale?: number;
  /** Background colour (CSS), default white. */
  background?: string;
}

/**
 * Renders a spec, a Plot, or an SVG string to PNG bytes with resvg, using DejaVu Sans from
 * {@link FONT_DIR} for all text (system font discovery is off, so the output does not depend on
 * what else is installed). Throws DomainError when the font is missing (text would vanish).
 */
export async function renderPng(specOrSvg: SpecLike | string, options: PngOptions = {}): Promise<Buffer> {
  checkOptions("renderPng", options, ["scale", "background"]);
  const scale = options.scale ?? 2;
  if (!(scale > 0 && scale <= 16)) throw new DomainError(`renderPng: scale must be in (0, 16], got ${scale}`);
  const svg = typeof specOrSvg === "string" ? specOrSvg : await renderSvg(specOrSvg);
  if (!svg.trimStart().startsWith("<svg") && !svg.trimStart().startsWith("<?xml")) {
    throw new FormatError("renderPng: the string given is not an SVG document (it should start with <svg or <?xml)");
  }
  const fontFiles = FONT_FILES.map((f) => join(FONT_DIR, f)).filter((f) => existsSync(f));
  if (fontFiles.length === 0) {
    throw new DomainError(`renderPng: no DejaVu Sans font in ${FONT_DIR}; install Debian package fonts-dejavu-core (or set CONVSPEC_FONT_DIR), otherwise the PNG would have no text`);
  }
  const { Resvg } = await import("@resvg/resvg-js");
  const resvg = new Resvg(svg, {
    font: { loadSystemFonts: false, fontFiles, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
    background: options.background ?? "white",
    fitTo: { mode: "zoom", value: scale },
  });
  return resvg.render().asPng();
}

/**
 * Writes a plot to `path` as `.svg` or `.png` (chosen by the extension), creating the folder.
 * @returns the path written.
 */
export async function savePlot(specOrPlot: SpecLike, path: string, options: PngOptions = {}): Promise<string> {
  const ext = extname(path).toLowerCase();
  if (ext !== ".svg" && ext !== ".png") throw new OptionError(`savePlot: "${path}" must end in .svg or .png`);
  const svg = typeof (specOrPlot as { svg?: unknown }).svg === "function"
    ? await (specOrPlot as { svg: () => Promise<string> }).svg()
    : await renderSvg(specOrPlot);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, ext === ".svg" ? svg : await renderPng(svg, options));
  return path;
}
