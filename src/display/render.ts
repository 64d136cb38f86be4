/**
 * Headless rendering of vega-lite v5 specs: SVG with vega 5 (no canvas, no browser), PNG with
 * resvg and the DejaVu Sans fonts from the system, vector PDF with librsvg's `rsvg-convert`
 * (fonts embedded as subsets). Same spec -> byte-identical SVG, PNG and PDF.
 */
import { spawnSync } from "node:child_process";
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

/** The `rsvg-convert` used for PDF (Debian package librsvg2-bin); override with CONVSPEC_RSVG_CONVERT. */
export const RSVG_CONVERT = process.env.CONVSPEC_RSVG_CONVERT ?? "/usr/bin/rsvg-convert";

/** Options of {@link renderPdf}. */
export interface PdfOptions {
  /**
   * Creation date written into the PDF, as seconds since 1970 (UTC). Default: the environment
   * variable SOURCE_DATE_EPOCH (the reproducible-builds convention) if set, else 0 — a fixed date,
   * so the same figure gives the same bytes in every run.
   */
  creationEpoch?: number;
}

/**
 * Renders a spec, a Plot, or an SVG string to a one-page vector PDF (page size = SVG size in CSS
 * px at 96 dpi, i.e. 0.75 pt per px) with `rsvg-convert` (librsvg + cairo). Text stays text: the
 * fonts (DejaVu Sans, asked for by name, so the result does not depend on fontconfig's idea of
 * "sans-serif") are embedded as subsets. The creation date is fixed (see {@link PdfOptions}), so
 * the output is deterministic. Throws DomainError when rsvg-convert is not installed.
 */
export async function renderPdf(specOrSvg: SpecLike | string, options: PdfOptions = {}): Promise<Buffer> {
  checkOptions("renderPdf", options, ["creationEpoch"]);
  const envEpoch = process.env.SOURCE_DATE_EPOCH;
  const epoch = options.creationEpoch ?? (envEpoch !== undefined && envEpoch !== "" ? Number(envEpoch) : 0);
  if (!Number.isInteger(epoch) || epoch < 0) throw new DomainError(`renderPdf: creationEpoch (or SOURCE_DATE_EPOCH) must be a whole number of seconds >= 0, got ${epoch}`);
  const svg = typeof specOrSvg === "string" ? specOrSvg : await renderSvg(specOrSvg);
  if (!svg.trimStart().startsWith("<svg") && !svg.trimStart().startsWith("<?xml")) {
    throw new FormatError("renderPdf: the string given is not an SVG document (it should start with <svg or <?xml)");
  }
  if (!existsSync(RSVG_CONVERT)) {
    throw new DomainError(`renderPdf: ${RSVG_CONVERT} not found; install Debian package librsvg2-bin (scripts/setup.sh does) or set CONVSPEC_RSVG_CONVERT`);
  }
  // vega writes font-family="sans-serif"; name DejaVu Sans first, as the PNG renderer does.
  const named = svg.replace(/font-family="([^"]*)"/g, (_, f: string) => `font-family="DejaVu Sans, ${f}"`);
  const run = spawnSync(RSVG_CONVERT, ["--format", "pdf"], {
    input: named,
    env: { ...process.env, SOURCE_DATE_EPOCH: String(epoch) },
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.error) throw new DomainError(`renderPdf: could not run ${RSVG_CONVERT}: ${run.error.message}`);
  if (run.status !== 0) throw new FormatError(`renderPdf: rsvg-convert failed (exit ${run.status}): ${run.stderr.toString().trim().slice(0, 500)}`);
  return run.stdout;
}

/** Options of {@link savePlot}: PNG options for `.png`, PDF options for `.pdf`. */
export type SaveOptions = PngOptions & PdfOptions;

/** File extensions {@link savePlot} writes. */
export const PLOT_FILE_TYPES = [".svg", ".png", ".pdf"] as const;

/**
 * Writes a plot to `path` as `.svg`, `.png` or `.pdf` (vector, fonts embedded; see
 * {@link renderPdf}), chosen by the extension, creating the folder.
 * @returns the path written.
 */
export async function savePlot(specOrPlot: SpecLike, path: string, options: SaveOptions = {}): Promise<string> {
  const ext = extname(path).toLowerCase();
  if (!(PLOT_FILE_TYPES as readonly string[]).includes(ext)) throw new OptionError(`savePlot: "${path}" must end in ${PLOT_FILE_TYPES.join(", ")}`);
  checkOptions("savePlot", options, ext === ".png" ? ["scale", "background"] : ext === ".pdf" ? ["creationEpoch"] : []);
  const svg = typeof (specOrPlot as { svg?: unknown }).svg === "function"
    ? await (specOrPlot as { svg: () => Promise<string> }).svg()
    : await renderSvg(specOrPlot);
  const bytes = ext === ".svg" ? svg : ext === ".png" ? await renderPng(svg, options) : await renderPdf(svg, options);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return path;
}
