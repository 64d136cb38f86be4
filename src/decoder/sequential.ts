/**
 * A small sequential decoder builder: conv (padding "circular" | "zero" | "valid", stride 1,
 * bias), ReLU, zero padding, upsampling ("zero" insertion | "nearest"), with seeded random weights
 * i.i.d. `N(mu, sigma^2)` (Tang et al.'s setting, seed 004). `forward(x, { record: true })` keeps
 * every feature map and its spectrum map.
 *
 *   const net = sequentialDecoder({ inputChannels: 1, seed: 7 })
 *     .conv({ filters: 4, kernelSize: 3, padding: "circular", mu: 0.1, sigma: 0.2 })
 *     .relu().upsample({ factor: 2, method: "nearest" });
 *   const { output, records } = net.forward(x, { record: true });
 */
import { DomainError, OptionError, Rng, checkInteger, checkOneOf, checkOptions, type KernelTensor } from "../core/index";
import { FeatureMap, checkFeatureMap } from "./feature-map";
import { SpectrumMap, spectrumMap } from "./spectrum-map";
import { ConvLayer2d, ConvPadding, CONV_PADDINGS } from "./conv-layer";
import { relu, upsample, zeroPad, UpsampleMethod, UPSAMPLE_METHODS } from "./operations";

/** Layer kinds of the builder. */
export type DecoderLayerKind = "conv" | "relu" | "zeroPad" | "upsample";
export const DECODER_LAYER_KINDS: readonly DecoderLayerKind[] = ["conv", "relu", "zeroPad", "upsample"];

/** Options of {@link SequentialDecoder.conv}. */
export interface DecoderConvOptions {
  /** Output channels D. */
  filters: number;
  /** K (square kernel). */
  kernelSize: number;
  /** Default "circular". */
  padding?: ConvPadding;
  /** Weights i.i.d. N(mu, sigma^2); defaults mu = 0, sigma = 1 / sqrt(C K^2). */
  mu?: number;
  sigma?: number;
  /** Bias: a number for every channel, an array, or "random" (N(mu, sigma^2)); default 0 (none). */
  bias?: number | readonly number[] | "random";
  /** Tap origin: "centre" (default, floor((K-1)/2)) or "corner" (the paper's one-sided padding). */
  origin?: "centre" | "corner";
  /** Given weights `[D, C, K, K]` (oihw data) instead of random ones. */
  weights?: Float64Array;
}

/** One layer of a built decoder. */
export type DecoderLayer =
  | { kind: "conv"; name: string; layer: ConvLayer2d }
  | { kind: "relu"; name: string }
  | { kind: "zeroPad"; name: string; size: [number, number]; offset: [number, number] }
  | { kind: "upsample"; name: string; factor: number; method: UpsampleMethod };

/** One recorded step of a forward pass: the map after the layer and its spectrum map. */
export interface LayerRecord {
  name: string;
  kind: string;
  feature: FeatureMap;
  spectrum?: SpectrumMap;
}

/** Options of `forward`. */
export interface ForwardOptions {
  /** Keep every intermediate feature map (default false). */
  record?: boolean;
  /** With `record`, also the spectrum map of each (default true). */
  spectra?: boolean;
}

/** Result of a recorded forward pass; `records[0]` is the input. */
export interface RecordedForward {
  output: FeatureMap;
  records: LayerRecord[];
}

/** The builder and the built network (see file comment). */
export class SequentialDecoder {
  readonly layers: DecoderLayer[] = [];
  private channels: number;
  private readonly rng: Rng;

  constructor(inputChannels: number, seed: number) {
    this.channels = checkInteger("sequentialDecoder", "inputChannels", inputChannels, 1);
    this.rng = new Rng(seed);
  }

  /** Appends a conv layer with seeded N(mu, sigma^2) weights (or given ones). */
  conv(options: DecoderConvOptions): this {
    const where = "SequentialDecoder.conv";
    checkOptions(where, options, ["filters", "kernelSize", "padding", "mu", "sigma", "bias", "origin", "weights"]);
    const D = checkInteger(where, "filters", options.filters, 1);
    const K = checkInteger(where, "kernelSize", options.kernelSize, 1);
    const C = this.channels;
    const mu = options.mu ?? 0;
    const sigma = options.sigma ?? 1 / Math.sqrt(C * K * K);
    if (!Number.isFinite(mu) || !Number.isFinite(sigma) || sigma < 0) throw new DomainError(`${where}: mu must be finite and sigma >= 0, got mu = ${mu}, sigma = ${sigma}`);
    const origin = checkOneOf(where, "origin", options.origin ?? "centre", ["centre", "corner"] as const);
    let data: Float64Array;
    if (options.weights !== undefined) {
      if (!(options.weights instanceof Float64Array) || options.weights.length !== D * C * K * K) throw new DomainError(`${where}: weights must be a Float64Array of ${D * C * K * K} numbers`);
      data = Float64Array.from(options.weights);
    } else {
      data = new Float64Array(D * C * K * K);
      for (let i = 0; i < data.length; i++) data[i] = mu + sigma * this.rng.normal();
    }
    let bias: Float64Array | null = null;
    const b = options.bias;
    if (b === "random") { bias = new Float64Array(D); for (let d = 0; d < D; d++) bias[d] = mu + sigma * this.rng.normal(); }
    else if (typeof b === "number") bias = new Float64Array(D).fill(b);
    else if (Array.isArray(b)) bias = Float64Array.from(b);
    else if (b !== undefined) throw new OptionError(`${where}: bias must be a number, an array of ${D} numbers or "random"`);
    const o = origin === "corner" ? 0 : (K - 1) >> 1;
    const kernel: KernelTensor = { cout: D, cin: C, shape: [K, K], origin: [o, o], data };
    const padding = checkOneOf(where, "padding", options.padding ?? "circular", CONV_PADDINGS);
    this.layers.push({ kind: "conv", name: `conv${this.layers.length}`, layer: new ConvLayer2d(kernel, { bias, padding }) });
    this.channels = D;
    return this;
  }

  /** Appends a ReLU. */
  relu(): this {
    this.layers.push({ kind: "relu", name: `relu${this.layers.length}` });
    return this;
  }

  /** Appends zero padding to `size` (map placed at `offset`, default [0, 0]). */
  zeroPad(options: { size: readonly number[]; offset?: readonly number[] }): this {
    checkOptions("SequentialDecoder.zeroPad", options, ["size", "offset"]);
    const s = options.size, o = options.offset ?? [0, 0];
    this.layers.push({ kind: "zeroPad", name: `zeroPad${this.layers.length}`, size: [s[0], s[1]], offset: [o[0], o[1]] });
    return this;
  }

  /** Appends upsampling by `factor` ("nearest" default, or "zero" insertion). */
  upsample(options: { factor: number; method?: UpsampleMethod }): this {
    const where = "SequentialDecoder.upsample";
    checkOptions(where, options, ["factor", "method"]);
    const factor = checkInteger(where, "factor", options.factor, 1, 64);
    const method = checkOneOf(where, "method", options.method ?? "nearest", UPSAMPLE_METHODS);
    this.layers.push({ kind: "upsample", name: `upsample${this.layers.length}`, factor, method });
    return this;
  }

  /** The conv layers' kernels, in order. */
  kernels(): KernelTensor[] {
    return this.layers.flatMap((l) => (l.kind === "conv" ? [l.layer.kernel] : []));
  }

  /** Runs the network; with `record: true` returns every map (records[0] = input) and spectrum map. */
  forward(x: FeatureMap): FeatureMap;
  forward(x: FeatureMap, options: ForwardOptions & { record: true }): RecordedForward;
  forward(x: FeatureMap, options?: ForwardOptions): FeatureMap | RecordedForward;
  forward(x: FeatureMap, options: ForwardOptions = {}): FeatureMap | RecordedForward {
    const where = "SequentialDecoder.forward";
    checkOptions(where, options, ["record", "spectra"]);
    let cur = checkFeatureMap(where, x, "input");
    const record = options.record === true;
    const spectra = options.spectra ?? true;
    const records: LayerRecord[] = [];
    const keep = (name: string, kind: string, f: FeatureMap) => { if (record) records.push({ name, kind, feature: f, ...(spectra ? { spectrum: spectrumMap(f) } : {}) }); };
    keep("input", "input", cur);
    for (const l of this.layers) {
      if (l.kind === "conv") cur = l.layer.apply(cur);
      else if (l.kind === "relu") cur = relu(cur);
      else if (l.kind === "zeroPad") cur = zeroPad(cur, { size: l.size, offset: l.offset });
      else cur = upsample(cur, { factor: l.factor, method: l.method });
      keep(l.name, l.kind, cur);
    }
    return record ? { output: cur, records } : cur;
  }
}

/** Starts a decoder on `inputChannels` channels whose random weights are drawn from `new Rng(seed)`. */
export function sequentialDecoder(options: { inputChannels: number; seed: number }): SequentialDecoder {
  checkOptions("sequentialDecoder", options, ["inputChannels", "seed"]);
  if (!Number.isFinite(options?.seed)) throw new DomainError(`sequentialDecoder: seed must be a finite number, got ${options?.seed}`);
  return new SequentialDecoder(options.inputChannels, options.seed);
}
