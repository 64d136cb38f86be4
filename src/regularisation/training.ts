/**
 * Training the {@link SmallResNet} with minibatch SGD (momentum) or Adam under one of three
 * conditions, recording what the seed's claim "spectral norm bounds serve as effective
 * regularizers" is about:
 *   "none":       minimise the mean cross-entropy `L(theta)`;
 *   "penalty":    minimise `L(theta) + lambda * sum_l b_l(K_l)^2` over the conv layers l, with b one of
 *                 {@link REGULARISER_BOUNDS} (gradient `2 lambda b_l db_l/dK_l` from {@link boundGradient});
 *   "projection": after every `every` optimiser steps, replace each kernel by
 *                 {@link clipSingularValues}`(K_l, maxNorm, rounds)` (Sedghi et al.).
 * Per epoch (and at initialisation, epoch 0): mean training objective (penalty included), train and test accuracy, the exact
 * `sigma_max` of every conv layer (zero padding, Lanczos, {@link spectralNorm}), their product, the
 * residual-aware Lipschitz bound `sigma_0 prod_r (1 + sigma_r1 sigma_r2) ||W||_2 / sqrt(HW)` (ReLU is
 * 1-Lipschitz, average pooling has norm 1/sqrt(HW)), and the training time of the epoch (steps only,
 * evaluation excluded) with the part spent on the penalty or projection.
 * Reproducible bit for bit: initialisation and minibatch order come from `seed` only, all loops
 * run in a fixed order on one thread. A NaN/Inf anywhere stops training with a DomainError naming the
 * step and the layer.
 */
import type { LabelledImages } from "../core/labelled-images";
import { ConvspecError, DomainError, ShapeError, checkInteger, checkOneOf, checkOptions } from "../core/errors";
import { Rng } from "../core/random";
import { spectralNorm } from "../spectrum/index";
import { boundGradient, REGULARISER_BOUNDS, type RegulariserBound } from "./bound-gradient";
import { clipSingularValues } from "./singular-value-clipping";
import { createOptimiser, type OptimiserOptions } from "./optimiser";
import { SmallResNet } from "./resnet";
import { realTopSingularPair } from "./top-singular-pair";

export type RegularisationKind = "none" | "penalty" | "projection";
export const REGULARISATION_KINDS: readonly RegularisationKind[] = ["none", "penalty", "projection"];

/** A training condition. */
export interface Regularisation {
  kind: RegularisationKind;
  /** penalty: which bound (default "exact"). */
  bound?: RegulariserBound;
  /** penalty: lambda >= 0 (default 0.01). */
  lambda?: number;
  /** projection: the maximum singular value c (default 1). */
  maxNorm?: number;
  /** projection: clip-and-truncate rounds (default 1, Sedghi et al.). */
  rounds?: number;
  /** projection: project after every this many steps (default 1). */
  every?: number;
}


/** Options of {@link trainRegularised}. */
export interface RegularisedTrainingOptions {
  train: LabelledImages;
  test: LabelledImages;
  /** Network width and depth; defaults 8 and 2. */
  channels?: number;
  blocks?: number;
  /** Epochs; default 3. */
  epochs?: number;
  /** Minibatch size; default 64 (the last, smaller batch of an epoch is kept). */
  batchSize?: number;
  /** Seed of initialisation and minibatch order; default 1. */
  seed?: number;
  optimiser?: OptimiserOptions;
  /** Default `{ kind: "none" }`. */
  regularisation?: Regularisation;
  /** Label of the condition in tables; default derived from regularisation. */
  name?: string;
  /** Called after every epoch (e.g. a progress bar). */
  onEpoch?: (record: EpochRecord) => void;
}

/** Measurements after an epoch (epoch 0: at initialisation). */
export interface EpochRecord {
  epoch: number;
  /** Mean over the epoch's steps of the minimised objective: cross-entropy plus, for "penalty", `lambda sum_l b_l^2` (nats; NaN at epoch 0). */
  trainLoss: number;
  trainAccuracy: number;
  testAccuracy: number;
  /** Exact sigma_max of each conv layer (zero padding). */
  layerSigmas: number[];
  /** Product of layerSigmas. */
  sigmaProduct: number;
  /** Residual-aware Lipschitz bound of the whole network (file comment). */
  lipschitzBound: number;
  /** Wall time of the epoch's training steps (s; 0 at epoch 0). */
  seconds: number;
  /** Part of `seconds` spent on penalty gradients or projections. */
  regulariserSeconds: number;
}

/** One training run. */
export interface RegularisedRun {
  name: string;
  regularisation: Required<Pick<Regularisation, "kind">> & Regularisation;
  seed: number;
  epochs: EpochRecord[];
  params: Float64Array;
  network: SmallResNet;
}

/** Default condition label: "none", "exact λ=0.01", "projection c=1". */
export function conditionName(r: Regularisation): string {
  if (r.kind === "none") return "none";
  if (r.kind === "penalty") return `${r.bound ?? "exact"} λ=${r.lambda ?? 0.01}`;
  return `projection c=${r.maxNorm ?? 1}${(r.rounds ?? 1) > 1 ? ` ×${r.rounds}` : ""}`;
}

function checkImages(where: string, name: string, d: LabelledImages): void {
  if (!d || !(d.images instanceof Float64Array) || !(d.labels instanceof Uint8Array)) throw new ShapeError(`${where}: ${name} must be {images: Float64Array, labels: Uint8Array, count, height, width}`);
  if (d.images.length !== d.count * d.height * d.width || d.labels.length !== d.count || d.count < 1) throw new ShapeError(`${where}: ${name} holds ${d.images.length} pixels and ${d.labels.length} labels; expected count ${d.count} x ${d.height} x ${d.width}`);
}

function validateRegularisation(where: string, r: Regularisation): Regularisation {
  checkOptions(`${where}: regularisation`, r, ["kind", "bound", "lambda", "maxNorm", "rounds", "every"]);
  const kind = checkOneOf(where, "regularisation.kind", r.kind, REGULARISATION_KINDS);
  if (kind === "penalty") {
    checkOneOf(where, "regularisation.bound", r.bound ?? "exact", REGULARISER_BOUNDS);
    const lambda = r.lambda ?? 0.01;
    if (typeof lambda !== "number" || !(lambda >= 0) || !Number.isFinite(lambda)) throw new DomainError(`${where}: lambda must be a finite number >= 0, got ${lambda}`);
  }
  if (kind === "projection") {
    const c = r.maxNorm ?? 1;
    if (typeof c !== "number" || !(c > 0) || !Number.isFinite(c)) throw new DomainError(`${where}: maxNorm must be a positive finite number, got ${c}`);
    checkInteger(where, "regularisation.rounds", r.rounds ?? 1, 1, 1000);
    checkInteger(where, "regularisation.every", r.every ?? 1, 1);
  }
  return r;
}

function accuracy(net: SmallResNet, params: Float64Array, d: LabelledImages): number {
  const pred = net.predict(params, d.images);
  let c = 0;
  for (let i = 0; i < d.count; i++) if (pred[i] === d.labels[i]) c++;
  return c / d.count;
}

/** Exact per-layer sigma_max, their product and the residual-aware network bound. */
export function networkSpectralSummary(net: SmallResNet, params: Float64Array, starts?: (Float64Array | undefined)[]): { layerSigmas: number[]; sigmaProduct: number; lipschitzBound: number } {
  const [h, w] = net.inputShape;
  const layerSigmas = net.layers.map((_, l) => {
    const r = spectralNorm(net.kernel(params, l), { inputShape: [h, w], padding: "zero", tol: 1e-8, threads: 1, start: starts?.[l], bound: false });
    if (starts) starts[l] = r.vector;
    return r.value;
  });
  const sigmaProduct = layerSigmas.reduce((a, b) => a * b, 1);
  const Wn = realTopSingularPair(params.subarray(net.headOffset, net.headOffset + net.classes * net.channels), net.classes, net.channels).sigma;
  let lip = layerSigmas[0];
  for (let r = 0; r < net.blocks; r++) lip *= 1 + layerSigmas[1 + 2 * r] * layerSigmas[2 + 2 * r];
  return { layerSigmas, sigmaProduct, lipschitzBound: (lip * Wn) / Math.sqrt(h * w) };
}

/** Trains one network under one condition; see the file comment. */
export function trainRegularised(options: RegularisedTrainingOptions): RegularisedRun {
  const where = "trainRegularised";
  checkOptions(where, options, ["train", "test", "channels", "blocks", "epochs", "batchSize", "seed", "optimiser", "regularisation", "name", "onEpoch"]);
  checkImages(where, "train", options.train);
  checkImages(where, "test", options.test);
  const { train, test } = options;
  if (train.height !== test.height || train.width !== test.width) throw new ShapeError(`${where}: train images are ${train.height}x${train.width} but test images ${test.height}x${test.width}`);
  const reg = validateRegularisation(where, options.regularisation ?? { kind: "none" });
  const epochs = checkInteger(where, "epochs", options.epochs ?? 3, 1, 10000);
  const batchSize = checkInteger(where, "batchSize", options.batchSize ?? 64, 1, train.count);
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new DomainError(`${where}: seed must be an integer, got ${seed}`);
  const net = new SmallResNet({ inputShape: [train.height, train.width], channels: options.channels ?? 8, blocks: options.blocks ?? 2 });
  const params = net.init(seed);
  const opt = createOptimiser(net.nparams, options.optimiser ?? {});
  const shuffle = new Rng(seed * 7919 + 17);
  const hw = train.height * train.width;
  const n = [train.height, train.width];
  const starts: (Float64Array | undefined)[] = net.layers.map(() => undefined);
  const metricStarts: (Float64Array | undefined)[] = net.layers.map(() => undefined);
  const records: EpochRecord[] = [];
  const record = (epoch: number, trainLoss: number, seconds: number, regulariserSeconds: number) => {
    const s = networkSpectralSummary(net, params, metricStarts);
    const rec: EpochRecord = { epoch, trainLoss, trainAccuracy: accuracy(net, params, train), testAccuracy: accuracy(net, params, test), ...s, seconds, regulariserSeconds };
    records.push(rec);
    options.onEpoch?.(rec);
  };
  record(0, NaN, 0, 0);
  const order = Int32Array.from({ length: train.count }, (_, i) => i);
  const xb = new Float64Array(batchSize * hw);
  const yb = new Uint8Array(batchSize);
  let step = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    for (let i = train.count - 1; i > 0; i--) { const j = shuffle.int(0, i); const t = order[i]; order[i] = order[j]; order[j] = t; }
    let lossSum = 0, batches = 0, regSeconds = 0;
    const t0 = performance.now();
    for (let b0 = 0; b0 < train.count; b0 += batchSize) {
      const m = Math.min(batchSize, train.count - b0);
      for (let e = 0; e < m; e++) { xb.set(train.images.subarray(order[b0 + e] * hw, (order[b0 + e] + 1) * hw), e * hw); yb[e] = train.labels[order[b0 + e]]; }
      step++;
      let lg;
      try {
        lg = net.lossAndGradient(params, xb.subarray(0, m * hw), yb.subarray(0, m));
      } catch (e) {
        if (e instanceof ConvspecError) throw new DomainError(`${where}: step ${step} (epoch ${epoch}) of "${options.name ?? conditionName(reg)}": ${e.message}`);
        throw e;
      }
      let loss = lg.loss;
      const g = lg.gradient;
      if (reg.kind === "penalty" && (reg.lambda ?? 0.01) > 0) {
        const r0 = performance.now();
        const lambda = reg.lambda ?? 0.01;
        net.layers.forEach((L, l) => {
          const bg = boundGradient(net.kernel(params, l), { method: reg.bound ?? "exact", inputShape: n, tol: 1e-6, start: starts[l] });
          if (bg.state) starts[l] = bg.state;
          if (!Number.isFinite(bg.value)) throw new DomainError(`${where}: step ${step} (epoch ${epoch}): bound of layer "${L.name}" is ${bg.value}`);
          loss += lambda * bg.value * bg.value;
          for (let j = 0; j < bg.gradient.length; j++) g[L.kernelOffset + j] += 2 * lambda * bg.value * bg.gradient[j];
        });
        regSeconds += (performance.now() - r0) / 1000;
      }
      if (!Number.isFinite(loss)) throw new DomainError(`${where}: step ${step} (epoch ${epoch}): loss is ${loss}`);
      lossSum += loss;
      batches++;
      opt.step(params, g);
      if (reg.kind === "projection" && step % (reg.every ?? 1) === 0) {
        const r0 = performance.now();
        net.layers.forEach((_, l) => {
          const K = net.kernel(params, l);
          const clipped = clipSingularValues(K, { inputShape: n, maxNorm: reg.maxNorm ?? 1, rounds: reg.rounds ?? 1 });
          K.data.set(clipped.kernel.data);
        });
        regSeconds += (performance.now() - r0) / 1000;
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    record(epoch, lossSum / batches, seconds, regSeconds);
  }
  return { name: options.name ?? conditionName(reg), regularisation: { ...reg }, seed, epochs: records, params, network: net };
}
