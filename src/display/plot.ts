/**
 * `Plot`: a vega-lite v5 spec that displays itself in Jupyter with three MIME types:
 * `application/vnd.vegalite.v5+json` (JupyterLab renders it interactively), `image/svg+xml`
 * (rendered headless by vega 5, for the classic Notebook, nbconvert and papers) and `text/plain`.
 */
import { DISPLAY, type Displayable, type MimeBundle } from "./channel";
import type { PowerLawFit } from "./fit";
import { renderPdf, renderPng, renderSvg, savePlot, type PdfOptions, type PngOptions, type SaveOptions, type VegaLiteSpec } from "./render";

/** MIME type of vega-lite v5 specs in Jupyter. */
export const VEGALITE_MIME = "application/vnd.vegalite.v5+json";

/** A fitted power law for one named series of a log-log plot. */
export interface SeriesFit extends PowerLawFit {
  series: string;
}

/** A displayable plot. Build one with `linePlot`, `scatterPlot`, `logLogPlot`, `heatmap`, `histogram`, `cdfPlot`. */
export class Plot implements Displayable {
  /** The vega-lite v5 spec (plain JSON, data inline). */
  readonly spec: VegaLiteSpec;
  /** One-line description used as `text/plain`. */
  readonly summary: string;
  /** Power-law fits (log-log plots only), one per series. */
  readonly fits: readonly SeriesFit[];
  private svgPromise: Promise<string> | undefined;

  constructor(spec: VegaLiteSpec, summary: string, fits: readonly SeriesFit[] = []) {
    this.spec = spec;
    this.summary = summary;
    this.fits = fits;
  }

  /** Fitted slope of the first series (log-log plots); undefined for other plots. */
  get slope(): number | undefined {
    return this.fits[0]?.slope;
  }

  /** The SVG rendering (computed once, then cached). */
  svg(): Promise<string> {
    this.svgPromise ??= renderSvg(this.spec);
    return this.svgPromise;
  }

  /** PNG bytes (resvg, DejaVu Sans). */
  async png(options: PngOptions = {}): Promise<Buffer> {
    return renderPng(await this.svg(), options);
  }

  /** Vector PDF bytes (rsvg-convert, fonts embedded, fixed creation date). */
  async pdf(options: PdfOptions = {}): Promise<Buffer> {
    return renderPdf(await this.svg(), options);
  }

  /** Writes `.svg`, `.png` or `.pdf` by extension; returns the path. */
  save(path: string, options: SaveOptions = {}): Promise<string> {
    return savePlot(this, path, options);
  }

  async [DISPLAY](): Promise<MimeBundle> {
    return {
      [VEGALITE_MIME]: this.spec,
      "image/svg+xml": await this.svg(),
      "text/plain": this.summary,
    };
  }

  toString(): string {
    return this.summary;
  }
}
