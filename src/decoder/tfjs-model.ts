/**
 * A small executor for Keras layer graphs saved in TF.js layers format (`model.json` with
 * `modelTopology` + `weightsManifest`), for the layer kinds of ESRGAN/RDN-style generators:
 * InputLayer, Conv2D (stride 1, dilation 1, padding "same" | "valid", activation linear | relu,
 * bias), Activation (linear | relu), Concatenate (channel axis), Add, UpSampling2D (nearest).
 * Any other kind or setting is a FormatError naming it.
 *
 * Layout: feature maps are `[C, H, W]` channel-first (feature-map.ts); TF.js kernels `[kh, kw, cin, cout]`
 * (hwio) are converted to oihw with origin `floor((k - 1) / 2)` (TensorFlow's "same" puts the extra
 * padding after), and run on the library's conv core through {@link ConvLayer2d} ("same" -> zero
 * padding, "valid" -> valid). Weights come from the library's TF.js loader (`loadWeights`, manifest
 * order), named `LAYER/kernel`, `LAYER/bias`. Arithmetic in float64 on float32 weights, so outputs
 * differ from TF.js (float32) by float32 round-off.
 */
import { readFileSync, existsSync } from "node:fs";
import { FormatError, ShapeError, checkOptions, type KernelTensor } from "../core/index";
import { loadWeights } from "../io/index";
import { FeatureMap, checkFeatureMap } from "./feature-map";
import { spectrumMap } from "./spectrum-map";
import { ConvLayer2d } from "./conv-layer";
import { relu, concatChannels, addMaps, upsample } from "./operations";
import type { ForwardOptions, LayerRecord, RecordedForward } from "./sequential";

/** Keras layer kinds the executor runs. */
export const TFJS_LAYER_KINDS: readonly string[] = ["InputLayer", "Conv2D", "Activation", "Concatenate", "Add", "UpSampling2D"];

/** One node of the executed graph. */
export interface TfjsLayer {
  name: string;
  kind: string;
  inputs: string[];
  /** Conv2D only: the layer on the conv core. */
  conv?: ConvLayer2d;
  /** Conv2D / Activation: fused activation. */
  activation?: "linear" | "relu";
  /** UpSampling2D: factors [r1, r2]. */
  size?: [number, number];
}

/** A loaded Keras graph (see file comment). */
export interface TfjsModel {
  readonly name: string;
  readonly layers: readonly TfjsLayer[];
  readonly inputName: string;
  readonly outputName: string;
  /** Conv kernels in graph order (oihw). */
  kernels(): { name: string; kernel: KernelTensor; bias: Float64Array | null }[];
  forward(x: FeatureMap): FeatureMap;
  forward(x: FeatureMap, options: ForwardOptions & { record: true }): RecordedForward;
  forward(x: FeatureMap, options?: ForwardOptions): FeatureMap | RecordedForward;
}

function activationOf(where: string, a: unknown): "linear" | "relu" {
  if (a === "linear" || a === "relu") return a;
  throw new FormatError(`${where}: activation ${JSON.stringify(a)} is not supported; supported: "linear", "relu"`);
}

function pair(v: unknown): [number, number] | null {
  if (typeof v === "number") return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every((x) => Number.isInteger(x))) return [v[0], v[1]];
  return null;
}

/**
 * Loads a TF.js layers model (`model.json` path) and returns an executor whose `forward(x)` takes
 * and returns `[C, H, W]` maps (for the ESRGAN-slim generators: RGB in [0, 255] in and out).
 */
export function loadTfjsModel(modelJsonPath: string): TfjsModel {
  const where = "loadTfjsModel";
  if (typeof modelJsonPath !== "string" || !existsSync(modelJsonPath)) throw new FormatError(`${where}: model file "${modelJsonPath}" does not exist`);
  let json: any;
  try { json = JSON.parse(readFileSync(modelJsonPath, "utf8")); } catch (e) { throw new FormatError(`${where}: "${modelJsonPath}" is not valid JSON (${(e as Error).message})`); }
  const topo = json?.modelTopology;
  const cfg = topo?.model_config ?? topo;
  const layersJson = cfg?.config?.layers;
  if (!Array.isArray(layersJson)) throw new FormatError(`${where}: "${modelJsonPath}" has no modelTopology.model_config.config.layers (a TF.js layers model is needed)`);
  const weights = loadWeights(modelJsonPath, { format: "tfjs" });
  const layers: TfjsLayer[] = [];
  const names = new Set<string>();
  for (const l of layersJson) {
    const kind = l?.class_name, c = l?.config ?? {};
    const name = String(l?.name ?? c.name);
    const lw = `${where}: layer "${name}" (${kind})`;
    if (!TFJS_LAYER_KINDS.includes(kind)) throw new FormatError(`${where}: layer "${name}" has kind ${JSON.stringify(kind)}, which the executor does not run; supported: ${TFJS_LAYER_KINDS.join(", ")}`);
    const inbound = Array.isArray(l.inbound_nodes) && l.inbound_nodes.length > 0 ? l.inbound_nodes : [];
    if (inbound.length > 1) throw new FormatError(`${lw}: shared layers (called ${inbound.length} times) are not supported`);
    const inputs: string[] = inbound.length ? inbound[0].map((n: unknown[]) => String(n[0])) : [];
    for (const i of inputs) if (!names.has(i)) throw new FormatError(`${lw}: input "${i}" is not defined before it`);
    const node: TfjsLayer = { name, kind, inputs };
    if (kind === "Conv2D") {
      if (c.data_format && c.data_format !== "channels_last") throw new FormatError(`${lw}: data_format ${c.data_format} not supported (channels_last only)`);
      const st = pair(c.strides ?? 1), dl = pair(c.dilation_rate ?? 1);
      if (!st || st[0] !== 1 || st[1] !== 1) throw new FormatError(`${lw}: strides ${JSON.stringify(c.strides)} not supported (1 only)`);
      if (!dl || dl[0] !== 1 || dl[1] !== 1) throw new FormatError(`${lw}: dilation_rate ${JSON.stringify(c.dilation_rate)} not supported (1 only)`);
      if ((c.groups ?? 1) !== 1) throw new FormatError(`${lw}: groups = ${c.groups} not supported`);
      if (c.padding !== "same" && c.padding !== "valid") throw new FormatError(`${lw}: padding ${JSON.stringify(c.padding)} not supported ("same", "valid")`);
      node.activation = activationOf(lw, c.activation ?? "linear");
      const k = weights.get(`${name}/kernel`);
      if (!k || k.shape.length !== 4) throw new FormatError(`${lw}: weight "${name}/kernel" [kh, kw, cin, cout] is missing from the manifest`);
      const [kh, kw, cin, cout] = k.shape;
      if (c.filters !== undefined && c.filters !== cout) throw new FormatError(`${lw}: config says ${c.filters} filters, the kernel has ${cout}`);
      const data = new Float64Array(cout * cin * kh * kw);
      for (let a = 0; a < kh; a++) for (let b = 0; b < kw; b++) for (let i = 0; i < cin; i++) for (let o = 0; o < cout; o++) data[((o * cin + i) * kh + a) * kw + b] = k.data[((a * kw + b) * cin + i) * cout + o];
      let bias: Float64Array | null = null;
      if (c.use_bias !== false) {
        const b = weights.get(`${name}/bias`);
        if (!b || b.data.length !== cout) throw new FormatError(`${lw}: weight "${name}/bias" of length ${cout} is missing from the manifest`);
        bias = Float64Array.from(b.data);
      }
      node.conv = new ConvLayer2d({ cout, cin, shape: [kh, kw], origin: [(kh - 1) >> 1, (kw - 1) >> 1], data }, { bias, padding: c.padding === "same" ? "zero" : "valid" });
    } else if (kind === "Activation") {
      node.activation = activationOf(lw, c.activation);
    } else if (kind === "Concatenate") {
      if (c.axis !== -1 && c.axis !== 3) throw new FormatError(`${lw}: axis ${c.axis} not supported (the channel axis, -1 or 3)`);
    } else if (kind === "UpSampling2D") {
      if ((c.interpolation ?? "nearest") !== "nearest") throw new FormatError(`${lw}: interpolation ${JSON.stringify(c.interpolation)} not supported ("nearest")`);
      const s = pair(c.size ?? 2);
      if (!s || s[0] < 1 || s[1] < 1) throw new FormatError(`${lw}: size ${JSON.stringify(c.size)} must be two positive integers`);
      node.size = s;
    } else if (kind === "InputLayer") {
      const bis = c.batch_input_shape;
      if (Array.isArray(bis) && bis.length === 4 && bis[3] !== null && !Number.isInteger(bis[3])) throw new FormatError(`${lw}: batch_input_shape ${JSON.stringify(bis)}`);
    }
    names.add(name);
    layers.push(node);
  }
  const ins = cfg.config.input_layers, outs = cfg.config.output_layers;
  if (!Array.isArray(ins) || ins.length !== 1 || !Array.isArray(outs) || outs.length !== 1) throw new FormatError(`${where}: exactly one input and one output layer are supported`);
  const inputName = String(ins[0][0]), outputName = String(outs[0][0]);
  const inputLayer = layersJson.find((l: any) => l.name === inputName);
  const inChannels: number | null = inputLayer?.config?.batch_input_shape?.[3] ?? null;

  function forward(x: FeatureMap, options: ForwardOptions = {}): FeatureMap | RecordedForward {
    const fw = `${where}.forward`;
    checkOptions(fw, options, ["record", "spectra"]);
    const input = checkFeatureMap(fw, x, "input");
    if (inChannels !== null && input.shape[0] !== inChannels) throw new ShapeError(`${fw}: the model takes ${inChannels} channels, the input has ${input.shape[0]}`);
    const record = options.record === true, spectra = options.spectra ?? true;
    const values = new Map<string, FeatureMap>();
    const records: LayerRecord[] = [];
    for (const l of layers) {
      const args = l.inputs.map((i) => values.get(i) as FeatureMap);
      let y: FeatureMap;
      if (l.kind === "InputLayer") y = input;
      else if (l.kind === "Conv2D") { y = (l.conv as ConvLayer2d).apply(args[0]); if (l.activation === "relu") y = relu(y); }
      else if (l.kind === "Activation") y = l.activation === "relu" ? relu(args[0]) : args[0];
      else if (l.kind === "Concatenate") y = concatChannels(args);
      else if (l.kind === "Add") y = addMaps(args);
      else y = upsample(args[0], { factor: l.size as [number, number], method: "nearest" });
      values.set(l.name, y);
      if (record) records.push({ name: l.name, kind: l.kind, feature: y, ...(spectra ? { spectrum: spectrumMap(y) } : {}) });
    }
    const output = values.get(outputName) as FeatureMap;
    return record ? { output, records } : output;
  }

  return {
    name: String(cfg.config.name ?? "model"), layers, inputName, outputName,
    kernels: () => layers.filter((l) => l.conv).map((l) => ({ name: l.name, kernel: (l.conv as ConvLayer2d).kernel, bias: (l.conv as ConvLayer2d).bias })),
    forward: forward as TfjsModel["forward"],
  };
}
