/**
 * `spectralNormBounds(kernel, {inputShape, padding})`: every spectral-norm bound / estimate of a
 * conv layer side by side with the exact value, as a displayable table (HTML + text).
 * Each row: method, value, whether it is a guaranteed upper bound of ||T||_2 for this padding (and
 * why), ratio value / exact, seconds. Formulas: see symbol-bounds.ts and gram-iteration.ts.
 */
import { KernelLike, KernelTensor } from "../core/kernel-tensor";
import { OptionError, checkOptions, checkInteger } from "../core/errors";
import { DISPLAY, type Displayable, type MimeBundle } from "../display/channel";
import { table, type Table } from "../display/table";
import { convGeometry, Padding } from "../spectrum/conv-operator";
import { spectralNorm } from "../spectrum/spectral-norm";
import {
  circulantBound, fantasticFourBound, lipGridBound, supFrobeniusEstimate, supSymbolNormEstimate, tapFrobeniusSum, tapSpectralSum,
} from "./symbol-bounds";
import { gramIterationBound, kernelSelfConvolutionBound } from "./gram-iteration";

/** Method names of {@link spectralNormBounds}. */
export type BoundMethod =
  | "sup-grid" | "circulant" | "tap-spectral-sum" | "sup-frobenius" | "tap-frobenius-sum"
  | "fantastic-four" | "lipgrid" | "gram-iteration" | "kernel-gram";
/** All methods, in table order. */
export const BOUND_METHODS: readonly BoundMethod[] = [
  "sup-grid", "circulant", "tap-spectral-sum", "sup-frobenius", "tap-frobenius-sum", "fantastic-four", "lipgrid", "gram-iteration", "kernel-gram",
];

/** Options of {@link spectralNormBounds}. */
export interface SpectralNormBoundsOptions {
  inputShape: readonly number[];
  padding?: Padding;
  stride?: number | readonly number[];
  /** Which methods (default all that apply to the kernel's dimension). */
  methods?: readonly BoundMethod[];
  /** Compute the exact value with spectralNorm (default true). */
  exact?: boolean;
  /** Samples per axis of the dense grids (sup-grid, sup-frobenius, lipgrid); default max(64, 2 n, ceil(2 pi sum_a (k_a - 1))), at most 4096. */
  gridSize?: number;
  /** Gram iterations t of "gram-iteration" (default 6) and "kernel-gram" (default 4). */
  gramIterations?: number;
  kernelGramIterations?: number;
}

/** One row of the table. */
export interface BoundRow {
  method: BoundMethod;
  /** Formula in words. */
  formula: string;
  value: number;
  guaranteed: boolean;
  reason: string;
  /** value / exact (null when exact was not computed or is 0). */
  ratio: number | null;
  seconds: number;
}

/** The bounds table (displayable). */
export class SpectralNormBounds implements Displayable {
  constructor(readonly rows: readonly BoundRow[], readonly exact: { value: number; residual: number; seconds: number } | null, readonly padding: Padding, readonly inputShape: readonly number[]) {}

  /**
   * One row per method (value, guaranteed, ratio to exact, reason); with `{ timings: true }` also
   * the wall-clock seconds of each. Timings are off by default so that the displayed table (a
   * notebook output) is the same bytes on every run; speed belongs to bench/.
   */
  table(options: { timings?: boolean } = {}): Table {
    checkOptions("SpectralNormBounds.table", options, ["timings"]);
    const timings = options.timings ?? false;
    const rows: Record<string, unknown>[] = this.rows.map((r) => ({
      method: r.method, value: r.value, guaranteed: r.guaranteed ? "yes" : "no", "ratio to exact": r.ratio ?? "-", ...(timings ? { seconds: r.seconds } : {}), reason: r.reason,
    }));
    if (this.exact) rows.unshift({ method: "exact (Lanczos)", value: this.exact.value, guaranteed: "exact", "ratio to exact": this.exact.value > 0 ? 1 : "-", ...(timings ? { seconds: this.exact.seconds } : {}), reason: `residual ${this.exact.residual.toExponential(1)}` });
    return table(rows, { caption: `Spectral-norm bounds, ${this.padding} padding, input ${JSON.stringify(this.inputShape)}`, digits: 6 });
  }

  [DISPLAY](): MimeBundle {
    return this.table()[DISPLAY]();
  }

  toString(): string {
    return this.table().toText();
  }
}

function timed(f: () => number): { value: number; seconds: number } {
  const t0 = performance.now();
  const value = f();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Computes every requested bound (see {@link BOUND_METHODS}) for the layer of `kernel` on
 * `inputShape` with `padding` and returns the displayable {@link SpectralNormBounds}.
 */
export function spectralNormBounds(kernel: KernelLike, options: SpectralNormBoundsOptions): SpectralNormBounds {
  const where = "spectralNormBounds";
  checkOptions(where, options, ["inputShape", "padding", "stride", "methods", "exact", "gridSize", "gramIterations", "kernelGramIterations"]);
  const g = convGeometry(where, kernel, options);
  // Every row (and the exact norm) is positively homogeneous in the taps: work on K / unit with unit
  // a power of two near max |K| (an exact rescaling) so that squares of very large or very small taps
  // neither overflow (NaN) nor underflow (a "bound" below the norm), then multiply back.
  let maxAbs = 0;
  for (const v of g.kernel.data) maxAbs = Math.max(maxAbs, Math.abs(v));
  const unit = maxAbs > 0 ? 2 ** Math.round(Math.log2(maxAbs)) : 1;
  const K: KernelTensor = unit === 1 ? g.kernel : { ...g.kernel, data: g.kernel.data.map((v) => v / unit) };
  const d = K.shape.length;
  const methods = options.methods ?? BOUND_METHODS.filter((m) => m !== "fantastic-four" || d <= 2);
  for (const m of methods) if (!BOUND_METHODS.includes(m)) throw new OptionError(`${where}: unknown method "${m}"; allowed: ${BOUND_METHODS.join(", ")}`);
  // default also keeps LipGrid's Bernstein factor 1 - pi sum_a (k_a - 1) / m >= 1/2 (wide kernels would
  // otherwise make lipGridBound throw and take the whole table down)
  const lipGridMinimum = Math.ceil(2 * Math.PI * K.shape.reduce((acc, k) => acc + k - 1, 0));
  const gridSize = checkInteger(where, "gridSize", options.gridSize ?? Math.min(4096, Math.max(64, 2 * Math.max(...g.n), lipGridMinimum)), 4, 4096);
  const gramT = checkInteger(where, "gramIterations", options.gramIterations ?? 6, 1, 30);
  const kernelT = checkInteger(where, "kernelGramIterations", options.kernelGramIterations ?? 4, 1, 8);
  const m = new Array<number>(d).fill(gridSize);
  const padding = g.padding;
  const reflect = padding === "reflect";
  const reflectReason = "reflect padding duplicates boundary inputs; T is not a compression of the Laurent/circulant operator";
  const strideNote = g.stride.some((s) => s > 1) ? " (stride only drops rows: still valid)" : "";
  // Reflect padding: each reflected shift S_p reads every input index at most twice per axis with
  // k > 1 (the direct read and one mirrored read) and each output once, so by Schur's test
  // ||S_p|| <= sqrt(2)^d' (d' = axes with k > 1), and ||T|| <= sqrt(2)^d' sum_p ||K_p||_2.
  const reflectAxes = K.shape.filter((k) => k > 1).length;
  const reflectFactor = Math.SQRT2 ** reflectAxes;
  const reflectTapReason = `reflected shifts have norm <= sqrt(2) per axis with k > 1 (Schur test: columns read at most twice, rows once)${strideNote}`;
  const rows: BoundRow[] = [];
  for (const method of methods) {
    let res: { value: number; seconds: number };
    let formula: string, guaranteed: boolean, reason: string;
    switch (method) {
      case "sup-grid":
        res = timed(() => supSymbolNormEstimate(K, m));
        formula = `max ||F(w)||_2 on a ${gridSize}^${d} grid`;
        guaranteed = false; reason = "estimate: a sampled max is <= sup_w ||F||_2 (the sup itself bounds zero/circular)";
        break;
      case "circulant":
        if (reflect) { res = timed(() => circulantBound(K, g.n, "zero")); guaranteed = false; reason = reflectReason; }
        else { res = timed(() => circulantBound(K, g.n, padding as "zero" | "circular")); guaranteed = true; reason = padding === "zero" ? "T is a submatrix of the circulant of size n + k - 1" + strideNote : "equals the exact circular norm (Sedghi et al.)" + strideNote; }
        formula = padding === "circular" ? "max ||F|| on 2 pi j / n" : "max ||F|| on 2 pi j / (n + k - 1)";
        break;
      case "tap-spectral-sum":
        if (reflect) {
          res = timed(() => tapSpectralSum(K)); res.value *= reflectFactor;
          formula = `sqrt(2)^${reflectAxes} sum_p ||K_p||_2 (reflect padding)`; guaranteed = true; reason = reflectTapReason;
        } else {
          res = timed(() => tapSpectralSum(K)); formula = "sum_p ||K_p||_2";
          guaranteed = true; reason = "triangle inequality, shifts are contractions" + strideNote;
        }
        break;
      case "sup-frobenius":
        res = timed(() => supFrobeniusEstimate(K, m)); formula = `max ||F(w)||_F on a ${gridSize}^${d} grid`;
        guaranteed = false; reason = "estimate of sup_w ||F||_F (>= sup ||F||_2) by sampling; see lipgrid for the certified version";
        break;
      case "tap-frobenius-sum":
        res = timed(() => tapFrobeniusSum(K));
        if (reflect) res.value *= reflectFactor;
        formula = reflect ? `sqrt(2)^${reflectAxes} sum_p ||K_p||_F (reflect padding)` : "sum_p ||K_p||_F";
        guaranteed = true; reason = reflect ? `>= sqrt(2)^${reflectAxes} sum_p ||K_p||_2; ` + reflectTapReason : ">= sum_p ||K_p||_2" + strideNote;
        break;
      case "fantastic-four":
        res = timed(() => fantasticFourBound(K)); formula = "sqrt(h w) min_i ||R_i||_2 (Singla & Feizi 2021)";
        guaranteed = !reflect; reason = reflect ? reflectReason : "bounds sup_w ||F||_2" + strideNote;
        break;
      case "lipgrid":
        res = timed(() => lipGridBound(K, m)); formula = `sqrt(max_grid ||F||_F^2 / (1 - sum pi (k-1)/m)), m = ${gridSize} (Araujo et al. 2021)`;
        guaranteed = !reflect; reason = reflect ? reflectReason : "Bernstein correction makes the grid max an upper bound of sup ||F||_F" + strideNote;
        break;
      case "gram-iteration": {
        const N = padding === "circular" ? [...g.n] : g.n.map((n, a) => n + K.shape[a] - 1);
        res = timed(() => gramIterationBound(K, N, gramT)); formula = `max_w ||G_${gramT}(w)||_F^(1/2^${gramT}) on 2 pi j / ${padding === "circular" ? "n" : "(n + k - 1)"} (Delattre et al. 2023)`;
        guaranteed = !reflect; reason = reflect ? reflectReason : "||A||_2 <= ||G_t||_F^(1/2^t) on the exact/embedding circulant grid" + strideNote;
        break;
      }
      case "kernel-gram":
        res = timed(() => kernelSelfConvolutionBound(K, kernelT)); formula = `min(sum_p ||K^(${kernelT})_p||_F, max row abs-sum)^(1/2^${kernelT}) of the self-convolved kernel (Delattre et al. 2024)`;
        guaranteed = !reflect; reason = reflect ? reflectReason : "bounds sup_w ||F||_2 for every n" + strideNote;
        break;
    }
    rows.push({ method, formula, value: res.value * unit, guaranteed, reason, ratio: null, seconds: res.seconds });
  }
  let exact: { value: number; residual: number; seconds: number } | null = null;
  if (options.exact !== false) {
    const t0 = performance.now();
    const s = spectralNorm(K, { inputShape: g.n, padding, stride: g.stride, tol: 1e-10 });
    exact = { value: s.value * unit, residual: s.residual, seconds: (performance.now() - t0) / 1000 };
    // a zero layer has no meaningful ratio: leave it null (shown as "-") rather than NaN
    for (const r of rows) r.ratio = s.value > 0 ? r.value / exact.value : null;
  }
  return new SpectralNormBounds(rows, exact, padding, [K.cin, ...g.n]);
}
