/**
 * Summary of a regularisation study: runs grouped by condition, each measurement as mean over
 * seeds with a 95% Student-t interval `mean +- t_{0.975, s-1} * sd / sqrt(s)` (sd the sample standard
 * deviation, s seeds; needs s >= 2), plus the figures (test accuracy against lambda per bound; the
 * product of exact per-layer sigma_max against epoch per condition).
 * Generalisation gap = train accuracy - test accuracy (fractions of images).
 */
import { DomainError, ShapeError } from "../core/errors";
import { DISPLAY, type MimeBundle } from "../display/channel";
import { linePlot } from "../display/plots";
import type { Plot } from "../display/plot";
import type { EpochRecord, Regularisation } from "./training";

/** The serialisable part of a run (what scripts/regularisation-study.mjs writes). */
export interface RunRecord {
  name: string;
  regularisation: Regularisation;
  seed: number;
  epochs: readonly EpochRecord[];
}

/** `t_{0.975, df}` for df = 1..30 (scipy.stats.t.ppf(0.975, df), 6 digits; checked in the tests). */
const T975 = [12.7062, 4.30265, 3.18245, 2.77645, 2.57058, 2.44691, 2.36462, 2.306, 2.26216, 2.22814, 2.20099, 2.17881, 2.16037, 2.14479, 2.13145, 2.11991, 2.10982, 2.10092, 2.09302, 2.08596, 2.07961, 2.07387, 2.06866, 2.0639, 2.05954, 2.05553, 2.05183, 2.04841, 2.04523, 2.04227];

/**
 * Two-sided 95% Student-t quantile `t_{0.975, df}`: the table for df <= 30, beyond it the
 * Cornish-Fisher expansion `z + (z^3 + z) / (4 df) + (5 z^5 + 16 z^3 + 3 z) / (96 df^2)`, z = 1.959964
 * (error < 1e-4 for df > 30; tested against scipy).
 */
export function studentT975(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new DomainError(`studentT975: degrees of freedom must be an integer >= 1, got ${df}`);
  if (df <= 30) return T975[df - 1];
  const z = 1.959964;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
}

/** Mean and 95% interval half-width over seeds. */
export interface Interval {
  mean: number;
  halfWidth: number;
  n: number;
}

/** Mean and 95% t-interval of a sample (halfWidth NaN-free: n = 1 gives Infinity, stated in tables as "n/a"). */
export function meanInterval(xs: readonly number[]): Interval {
  if (xs.length === 0) throw new ShapeError("meanInterval: empty sample");
  if (xs.some((x) => !Number.isFinite(x))) throw new DomainError(`meanInterval: sample contains a non-finite value (${xs.join(", ")})`);
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, halfWidth: Infinity, n };
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  return { mean, halfWidth: (studentT975(n - 1) * sd) / Math.sqrt(n), n };
}

/** One condition's row. */
export interface ConditionSummary {
  name: string;
  regularisation: Regularisation;
  seeds: number;
  trainAccuracy: Interval;
  testAccuracy: Interval;
  gap: Interval;
  sigmaProduct: Interval;
  lipschitzBound: Interval;
  secondsPerEpoch: Interval;
  /** Fraction of the epoch time spent on the penalty gradient or projection. */
  regulariserFraction: Interval;
  /** Mean over seeds of the sigma product at each epoch (0 = initialisation). */
  sigmaProductCurve: number[];
}

/** Short labels of the bounds for figure legends (vega-lite cuts legend labels after about 18 characters). */
const SHORT_BOUND: Record<string, string> = { exact: "exact σ", circulant: "circulant", "gram-iteration": "Gram it.", "tap-spectral-sum": "Σ_p ‖K_p‖₂", "sup-frobenius": "sup ‖F‖_F", "tap-frobenius-sum": "Σ_p ‖K_p‖_F" };
const legendLabel = (c: ConditionSummary) => (c.regularisation.kind === "penalty" ? `${SHORT_BOUND[c.regularisation.bound ?? "exact"]} λ=${c.regularisation.lambda ?? 0.01}` : c.name);

const fmtI = (i: Interval, scale = 1, digits = 1) => (Number.isFinite(i.halfWidth) ? `${(i.mean * scale).toFixed(digits)} ± ${(i.halfWidth * scale).toFixed(digits)}` : `${(i.mean * scale).toFixed(digits)} (n/a)`);

/** The study table and figures (displayable). */
export class StudySummary {
  constructor(readonly conditions: readonly ConditionSummary[]) {}

  /** Condition by name (DomainError listing the names when absent). */
  get(name: string): ConditionSummary {
    const c = this.conditions.find((x) => x.name === name);
    if (!c) throw new DomainError(`StudySummary: no condition "${name}"; have ${this.conditions.map((x) => `"${x.name}"`).join(", ")}`);
    return c;
  }

  /** Rows for `table()` / markdown: accuracies in %, intervals 95% over seeds. */
  rows(): Record<string, string | number>[] {
    return this.conditions.map((c) => ({
      condition: c.name,
      seeds: c.seeds,
      "train acc. %": fmtI(c.trainAccuracy, 100),
      "test acc. %": fmtI(c.testAccuracy, 100),
      "gap (pp)": fmtI(c.gap, 100),
      "prod sigma_max": fmtI(c.sigmaProduct, 1, 2),
      "Lipschitz bound": fmtI(c.lipschitzBound, 1, 2),
      "s / epoch": fmtI(c.secondsPerEpoch, 1, 2),
      "regulariser share %": fmtI(c.regulariserFraction, 100, 0),
    }));
  }

  /** The table as GitHub markdown. */
  toMarkdown(): string {
    const rows = this.rows();
    const cols = Object.keys(rows[0]);
    return [`| ${cols.join(" | ")} |`, `|${cols.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${cols.map((k) => String(r[k])).join(" | ")} |`)].join("\n");
  }

  toString(): string {
    return this.toMarkdown();
  }

  /** Test accuracy (mean over seeds, with the interval ends as dashed series) against lambda, one line per penalty bound; lambda = 0 is the no-penalty condition. */
  accuracyVsLambdaPlot(): Plot {
    const none = this.conditions.find((c) => c.regularisation.kind === "none");
    const bounds = [...new Set(this.conditions.filter((c) => c.regularisation.kind === "penalty").map((c) => c.regularisation.bound ?? "exact"))];
    const xs: Float64Array[] = [];
    const series: Record<string, Float64Array> = {};
    for (const b of bounds) {
      const cs = this.conditions.filter((c) => c.regularisation.kind === "penalty" && (c.regularisation.bound ?? "exact") === b).sort((p, q) => (p.regularisation.lambda ?? 0) - (q.regularisation.lambda ?? 0));
      const pts = cs.map((c) => [c.regularisation.lambda ?? 0.01, c.testAccuracy] as const);
      // lambda on a log axis: the no-penalty point is shown at lambda_min / 10
      if (none && pts.length) pts.unshift([pts[0][0] / 10, none.testAccuracy]);
      const x = Float64Array.from(pts, (p) => p[0]);
      const short = SHORT_BOUND[b];
      for (const [label, f] of [[`${short} mean`, (i: Interval) => i.mean], [`${short} low`, (i: Interval) => i.mean - i.halfWidth], [`${short} high`, (i: Interval) => i.mean + i.halfWidth]] as const) {
        series[label] = Float64Array.from(pts, (p) => 100 * f(p[1]));
        xs.push(x);
      }
    }
    return linePlot(xs, series, { title: "test accuracy against the penalty weight", subtitle: "leftmost point: no penalty (drawn at λ_min / 10); low / high: ends of the 95% t-interval over seeds", xLabel: "λ", yLabel: "test accuracy (%)", xScale: "log", width: 440, height: 280 });
  }

  /** Product of the exact per-layer sigma_max (mean over seeds) against epoch, one line per condition. */
  lipschitzVsEpochPlot(): Plot {
    const xs = this.conditions.map((c) => Float64Array.from(c.sigmaProductCurve, (_, i) => i));
    const series: Record<string, Float64Array> = {};
    for (const c of this.conditions) series[legendLabel(c)] = Float64Array.from(c.sigmaProductCurve);
    return linePlot(xs, series, { title: "product of exact per-layer σ_max during training", subtitle: "zero padding, Lanczos; epoch 0 = initialisation; mean over seeds", xLabel: "epoch", yLabel: "∏ σ_max", yScale: "log", width: 440, height: 280 });
  }

  async [DISPLAY](): Promise<MimeBundle> {
    const cols = Object.keys(this.rows()[0]);
    const html = `<table><thead><tr>${cols.map((c) => `<th>${c}</th>`).join("")}</tr></thead><tbody>${this.rows().map((r) => `<tr>${cols.map((k) => `<td>${String(r[k]).replace(/</g, "&lt;")}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
    const [a, b] = await Promise.all([this.accuracyVsLambdaPlot().svg(), this.lipschitzVsEpochPlot().svg()]);
    return { "text/html": `${html}<div style="display:flex;flex-wrap:wrap">${a}${b}</div>`, "text/markdown": this.toMarkdown(), "text/plain": this.toString() };
  }
}

/** Groups runs by condition name (in first-seen order) and summarises each at its last epoch. */
export function summariseStudy(runs: readonly RunRecord[]): StudySummary {
  if (!Array.isArray(runs) || runs.length === 0) throw new ShapeError("summariseStudy: need at least one run");
  const groups = new Map<string, RunRecord[]>();
  for (const r of runs) {
    if (!r || !Array.isArray(r.epochs) || r.epochs.length < 2) throw new ShapeError(`summariseStudy: run "${r?.name}" has no trained epoch`);
    if (!groups.has(r.name)) groups.set(r.name, []);
    groups.get(r.name)!.push(r);
  }
  const conditions: ConditionSummary[] = [];
  for (const [name, rs] of groups) {
    const last = rs.map((r) => r.epochs[r.epochs.length - 1]);
    const trained = rs.map((r) => r.epochs.slice(1));
    const E = Math.min(...rs.map((r) => r.epochs.length));
    conditions.push({
      name,
      regularisation: rs[0].regularisation,
      seeds: rs.length,
      trainAccuracy: meanInterval(last.map((e) => e.trainAccuracy)),
      testAccuracy: meanInterval(last.map((e) => e.testAccuracy)),
      gap: meanInterval(last.map((e) => e.trainAccuracy - e.testAccuracy)),
      sigmaProduct: meanInterval(last.map((e) => e.sigmaProduct)),
      lipschitzBound: meanInterval(last.map((e) => e.lipschitzBound)),
      secondsPerEpoch: meanInterval(trained.map((es) => es.reduce((a, e) => a + e.seconds, 0) / es.length)),
      regulariserFraction: meanInterval(trained.map((es) => es.reduce((a, e) => a + e.regulariserSeconds, 0) / es.reduce((a, e) => a + e.seconds, 0))),
      sigmaProductCurve: Array.from({ length: E }, (_, i) => rs.reduce((a, r) => a + r.epochs[i].sigmaProduct, 0) / rs.length),
    });
  }
  return new StudySummary(conditions);
}

/** Geometric mean of a ratio over seeds with its 95% interval (t-interval of the log ratio, exponentiated). */
export interface RatioInterval {
  /** `exp(mean_s log r_s)`. */
  geometricMean: number;
  /** `exp(mean -+ t sd / sqrt(s))` of the log ratios (0 and Infinity for one seed). */
  low: number;
  high: number;
  n: number;
}

/** One condition against the baseline, seed by seed. */
export interface PairedComparison {
  name: string;
  regularisation: Regularisation;
  /** Seeds present in both the condition and the baseline. */
  seeds: number[];
  /** `test_acc(condition, s) - test_acc(baseline, s)` (fraction of images; positive: better). */
  testAccuracyChange: Interval;
  /** `gap(condition, s) - gap(baseline, s)` (fraction; negative: smaller generalisation gap). */
  gapChange: Interval;
  /** `prod sigma(baseline, s) / prod sigma(condition, s)` at the last epoch (> 1: the condition lowers the product). */
  productReduction: RatioInterval;
}

/**
 * Paired comparison of every condition with a baseline condition (default "none"). Runs with the
 * same seed share initialisation and minibatch order ({@link trainRegularised}), so the per-seed
 * differences `d_s = m(condition, s) - m(baseline, s)` remove the seed-to-seed variation that the
 * unpaired intervals of {@link summariseStudy} contain; each is reported as mean +- t_{0.975, s-1} sd / sqrt(s)
 * (the product as a ratio, on the log scale). Measurements at each run's last epoch.
 * ShapeError when the baseline is absent or a condition shares fewer than 2 seeds with it.
 */
export function compareWithBaseline(runs: readonly RunRecord[], baseline = "none"): PairedComparison[] {
  const where = "compareWithBaseline";
  if (!Array.isArray(runs) || runs.length === 0) throw new ShapeError(`${where}: need at least one run`);
  const last = (r: RunRecord) => {
    if (!Array.isArray(r.epochs) || r.epochs.length < 2) throw new ShapeError(`${where}: run "${r.name}" (seed ${r.seed}) has no trained epoch`);
    return r.epochs[r.epochs.length - 1];
  };
  const base = new Map(runs.filter((r) => r.name === baseline).map((r) => [r.seed, last(r)]));
  if (base.size === 0) throw new ShapeError(`${where}: no run of the baseline "${baseline}"; have ${[...new Set(runs.map((r) => `"${r.name}"`))].join(", ")}`);
  const names = [...new Set(runs.map((r) => r.name))].filter((n) => n !== baseline);
  return names.map((name) => {
    const rs = runs.filter((r) => r.name === name && base.has(r.seed));
    if (rs.length < 2) throw new ShapeError(`${where}: condition "${name}" shares ${rs.length} seed(s) with "${baseline}"; a paired interval needs at least 2`);
    const pairs = rs.map((r) => [last(r), base.get(r.seed)!] as const);
    const logRatio = meanInterval(pairs.map(([c, b]) => Math.log(b.sigmaProduct / c.sigmaProduct)));
    return {
      name,
      regularisation: rs[0].regularisation,
      seeds: rs.map((r) => r.seed),
      testAccuracyChange: meanInterval(pairs.map(([c, b]) => c.testAccuracy - b.testAccuracy)),
      gapChange: meanInterval(pairs.map(([c, b]) => (c.trainAccuracy - c.testAccuracy) - (b.trainAccuracy - b.testAccuracy))),
      productReduction: { geometricMean: Math.exp(logRatio.mean), low: Math.exp(logRatio.mean - logRatio.halfWidth), high: Math.exp(logRatio.mean + logRatio.halfWidth), n: logRatio.n },
    };
  });
}
