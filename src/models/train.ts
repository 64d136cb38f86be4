/**
 * Training a {@link ConvClassifier} on the shipped digit images with full-batch Adam, seeded and
 * reproducible; comparing kernel models (dense vs parametric) by parameters, training curve and
 * test accuracy. Gradients come only from the library's Jacobians (see classifier.ts).
 * Adam: `m <- b1 m + (1-b1) g`, `v <- b2 v + (1-b2) g^2`, `x <- x - lr mhat / (sqrt(vhat) + eps)`
 * with b1 = 0.9, b2 = 0.999, eps = 1e-8. For models whose domain is theta >= 0 (M-matrix) the
 * kernel parameters are projected onto it after each step (`nonnegative: true`).
 */
import { ShapeError, checkInteger, checkOptions } from "../core/errors";
import { Rng } from "../core/random";
import { DISPLAY, type MimeBundle } from "../display/channel";
import { ConvClassifier } from "./classifier";
import type { DigitImages } from "./digits";
import type { KernelModel } from "./kernel-model";
import { Activation, ConvLayer } from "./layer";
import { Boundary, ParametricConv } from "./parametric-conv";
import { linePlot } from "../display/plots";

/** Options of {@link trainDigitClassifier}. */
export interface DigitTrainingOptions {
  /** Kernel model with cin = 1 and a 2-D spatial shape. */
  model: KernelModel;
  /** Label in tables; default the model's name. */
  name?: string;
  boundary?: Boundary;
  activation?: Activation;
  /** First `trainCount` images train, the next `testCount` test (file order). Defaults 400 / 200. */
  trainCount?: number;
  testCount?: number;
  /** Full-batch Adam iterations, default 100. */
  iterations?: number;
  /** Adam step size, default 0.01. */
  learningRate?: number;
  seed?: number;
  /** Standard deviation of the initial theta (uniform [0, 2 initScale] when nonnegative); default 0.5. */
  initScale?: number;
  /** Project theta onto theta >= 0 after each step (M-matrix models). */
  nonnegative?: boolean;
  /** Average-pooling factor after the layer (must divide 8); default 2. */
  pool?: number;
  /** Record test accuracy every this many iterations; default 10. */
  evalEvery?: number;
}

/** One training run: curves and final numbers. */
export class TrainingRun {
  constructor(
    readonly name: string,
    /** Parameters of the convolution kernel model (p). */
    readonly kernelParams: number,
    /** All trained parameters (kernel, bias, classifier). */
    readonly totalParams: number,
    /** Mean cross-entropy at each iteration (before the step). */
    readonly losses: Float64Array,
    /** `[iteration, test accuracy]` pairs. */
    readonly testCurve: readonly (readonly [number, number])[],
    readonly trainAccuracy: number,
    readonly testAccuracy: number,
    readonly params: Float64Array,
    readonly seconds: number,
  ) {}
  get finalLoss(): number { return this.losses[this.losses.length - 1]; }
  /**
   * One line: sizes, final loss, accuracies; with `{ timings: true }` also the wall-clock seconds.
   * Timings are off by default so that a displayed run (a notebook output) is the same bytes on
   * every run; speed belongs to bench/.
   */
  summary(options: { timings?: boolean } = {}): string {
    checkOptions("TrainingRun.summary", options, ["timings"]);
    return `${this.name}: kernel params ${this.kernelParams}, total ${this.totalParams}, final loss ${this.finalLoss.toFixed(4)}, train acc ${(100 * this.trainAccuracy).toFixed(1)}%, test acc ${(100 * this.testAccuracy).toFixed(1)}%${options.timings ? ` (${this.seconds.toFixed(1)} s)` : ""}`;
  }
  toString(): string { return this.summary(); }
  [DISPLAY](): Promise<MimeBundle> { return compareTrainingRuns([this])[DISPLAY](); }
}

/** Trains one classifier; see {@link DigitTrainingOptions}. Deterministic for a given seed. */
export function trainDigitClassifier(data: DigitImages, options: DigitTrainingOptions): TrainingRun {
  const where = "trainDigitClassifier";
  checkOptions(where, options, ["model", "name", "boundary", "activation", "trainCount", "testCount", "iterations", "learningRate", "seed", "initScale", "nonnegative", "evalEvery", "pool"]);
  const model = options.model;
  if (!model || model.cin !== 1 || model.shape.length !== 2) throw new ShapeError(`${where}: model must have cin = 1 and a 2-D kernel (images are single-channel), got cin=${model?.cin}, shape=${model?.shape}`);
  const trainCount = checkInteger(where, "trainCount", options.trainCount ?? 400, 1);
  const testCount = checkInteger(where, "testCount", options.testCount ?? 200, 0);
  if (trainCount + testCount > data.count) throw new ShapeError(`${where}: trainCount + testCount = ${trainCount + testCount} exceeds the ${data.count} images`);
  const iterations = checkInteger(where, "iterations", options.iterations ?? 100, 1, 100000);
  const evalEvery = checkInteger(where, "evalEvery", options.evalEvery ?? 10, 1);
  const lr = options.learningRate ?? 0.01;
  const npix = data.height * data.width;
  const conv = new ParametricConv(model, { grid: [data.height, data.width], boundary: options.boundary ?? "zero" });
  const clf = new ConvClassifier(new ConvLayer(conv, options.activation ?? "relu"), 10, { pool: options.pool ?? 2 });
  const Ytrain = data.images.subarray(0, trainCount * npix);
  const ltrain = data.labels.subarray(0, trainCount);
  const Ytest = data.images.subarray(trainCount * npix, (trainCount + testCount) * npix);
  const ltest = data.labels.subarray(trainCount, trainCount + testCount);

  const rng = new Rng(options.seed ?? 1);
  const params = new Float64Array(clf.nparams);
  const parts = clf.split(params);
  const scale = options.initScale ?? 0.5;
  // M-matrix families of the symbolic core flag their domain theta >= 0
  const nonnegative = options.nonnegative ?? model.nonnegative === true;
  for (let k = 0; k < parts.theta.length; k++) parts.theta[k] = nonnegative ? rng.range(0, 2 * scale) : scale * rng.normal();
  const wScale = 1 / Math.sqrt(clf.features);
  for (let k = 0; k < parts.W.length; k++) parts.W[k] = wScale * rng.normal();

  const accuracy = (pred: Uint8Array, labels: Uint8Array) => { let c = 0; pred.forEach((p, i) => { if (p === labels[i]) c++; }); return c / labels.length; };
  const m = new Float64Array(params.length);
  const v = new Float64Array(params.length);
  const b1 = 0.9, b2 = 0.999, eps = 1e-8;
  const losses = new Float64Array(iterations);
  const testCurve: [number, number][] = [];
  const t0 = performance.now();
  let trainAcc = 0;
  for (let it = 0; it < iterations; it++) {
    if (testCount > 0 && it % evalEvery === 0) testCurve.push([it, accuracy(clf.predict(params, Ytest), ltest)]);
    const { loss, gradient } = clf.lossAndGradient(params, Ytrain, ltrain);
    losses[it] = loss;
    const c1 = 1 - b1 ** (it + 1), c2 = 1 - b2 ** (it + 1);
    for (let k = 0; k < params.length; k++) {
      const g = gradient[k];
      m[k] = b1 * m[k] + (1 - b1) * g;
      v[k] = b2 * v[k] + (1 - b2) * g * g;
      params[k] -= (lr * (m[k] / c1)) / (Math.sqrt(v[k] / c2) + eps);
    }
    if (nonnegative) for (let k = 0; k < parts.theta.length; k++) if (parts.theta[k] < 0) parts.theta[k] = 0;
  }
  trainAcc = accuracy(clf.predict(params, Ytrain), ltrain);
  const testAcc = testCount > 0 ? accuracy(clf.predict(params, Ytest), ltest) : NaN;
  if (testCount > 0) testCurve.push([iterations, testAcc]);
  const seconds = (performance.now() - t0) / 1000;
  return new TrainingRun(options.name ?? model.name, model.nparams, clf.nparams, losses, testCurve, trainAcc, testAcc, params, seconds);
}

/** Several runs side by side: a table and the training / test curves. */
export class TrainingComparison {
  constructor(readonly runs: readonly TrainingRun[]) {}
  toString(): string { return this.runs.map((r) => r.summary()).join("\n"); }
  /** HTML table of the runs; wall-clock seconds only with `{ timings: true }` (see {@link TrainingRun.summary}). */
  tableHtml(options: { timings?: boolean } = {}): string {
    checkOptions("TrainingComparison.tableHtml", options, ["timings"]);
    const t = options.timings ?? false;
    const rows = this.runs.map((r) => `<tr><td>${r.name.replace(/</g, "&lt;")}</td><td>${r.kernelParams}</td><td>${r.totalParams}</td><td>${r.finalLoss.toFixed(4)}</td><td>${(100 * r.trainAccuracy).toFixed(1)}%</td><td>${(100 * r.testAccuracy).toFixed(1)}%</td>${t ? `<td>${r.seconds.toFixed(1)}</td>` : ""}</tr>`).join("");
    return `<table><thead><tr><th>kernel model</th><th>kernel params</th><th>all params</th><th>final loss</th><th>train acc.</th><th>test acc.</th>${t ? "<th>seconds</th>" : ""}</tr></thead><tbody>${rows}</tbody></table>`;
  }
  /** Training loss against iteration, one line per model. */
  lossPlot() {
    const series: Record<string, Float64Array> = {};
    for (const r of this.runs) series[r.name] = r.losses;
    return linePlot(this.runs.map((r) => Float64Array.from(r.losses, (_, i) => i)), series, { title: "training loss", xLabel: "iteration", yLabel: "mean cross-entropy (nats)", yScale: "log", width: 380, height: 240 });
  }
  /** Test accuracy against iteration, one line per model. */
  accuracyPlot() {
    const series: Record<string, Float64Array> = {};
    for (const r of this.runs) series[r.name] = Float64Array.from(r.testCurve, ([, a]) => a);
    return linePlot(this.runs.map((r) => Float64Array.from(r.testCurve, ([it]) => it)), series, { title: "test accuracy", xLabel: "iteration", yLabel: "fraction correct", width: 380, height: 240 });
  }
  async [DISPLAY](): Promise<MimeBundle> {
    const [a, b] = await Promise.all([this.lossPlot().svg(), this.accuracyPlot().svg()]);
    return { "text/html": this.tableHtml() + `<div style="display:flex;flex-wrap:wrap">${a}${b}</div>`, "text/plain": this.toString() };
  }
}

/** Wraps runs for display as one table + plot. */
export function compareTrainingRuns(runs: readonly TrainingRun[]): TrainingComparison {
  return new TrainingComparison(runs);
}
