/**
 * Finding and converting the convolution kernels of a loaded model.
 *
 * Layouts (letters as in `Stencil.from`): channels-last `wio`, `hwio`, `dhwio` (TF.js / Keras) and
 * channels-first `oiw`, `oihw`, `oidhw` (PyTorch, what `np.save(model.conv.weight)` writes). The
 * default is channels-last for TF.js files and channels-first for npy / npz / safetensors.
 *
 * Depthwise kernels (TF.js `depthwise_conv2d`, name containing "depthwise", shape `[h, w, c, m]`)
 * are expanded to the equivalent dense kernel with `cout = c * m`, `cin = c`:
 * `K[c * m + j, i] = W[.., c, j]` if `i == c`, else 0 (tf.nn.depthwise_conv2d's channel order),
 * which has the same operator and hence the same singular values.
 *
 * Stride guess (a heuristic from names; weights alone do not store the stride), first match wins:
 * 1. the `strides` option (name -> stride);
 * 2. a name segment "stride2" / "s2" -> 2;
 * 3. torchvision ResNet: "downsample" (1x1 shortcut) -> 2; `layerN.0.conv1` with N >= 2 -> 2;
 * 4. face-api / dlib ResNet: a block whose name contains "down" (e.g. `conv64_down/conv1`):
 *    its `conv1` (or its only conv, e.g. the 7x7 stem `conv32_down/conv`) -> 2;
 * 5. otherwise 1.
 * The guess is reported with its reason so a user can check it against the architecture.
 */
import { ShapeError, OptionError, checkOptions } from "../core/errors";
import { KernelTensor, centredOrigin, checkKernel, layoutStrides } from "../core/kernel-tensor";
import { WeightMap, WeightTensor } from "./tensor";

/** Kernel layouts with explicit channel axes (see file comment). */
export type ConvLayout = "oiw" | "wio" | "oihw" | "hwio" | "oidhw" | "dhwio";
export const CONV_LAYOUTS: readonly ConvLayout[] = ["oiw", "wio", "oihw", "hwio", "oidhw", "dhwio"];

const CHANNELS_FIRST: Record<number, ConvLayout> = { 3: "oiw", 4: "oihw", 5: "oidhw" };
const CHANNELS_LAST: Record<number, ConvLayout> = { 3: "wio", 4: "hwio", 5: "dhwio" };

/** Default layout of a rank-3..5 tensor from a file format: TF.js channels-last, others channels-first. */
export function defaultConvLayout(tensor: Pick<WeightTensor, "shape" | "format">): ConvLayout | undefined {
  const table = tensor.format === "tfjs" ? CHANNELS_LAST : CHANNELS_FIRST;
  return table[tensor.shape.length];
}

function resolveLayout(where: string, tensor: WeightTensor, layout: ConvLayout | "channels-first" | "channels-last" | undefined): ConvLayout {
  const r = tensor.shape.length;
  if (r < 3 || r > 5) {
    throw new ShapeError(`${where}: tensor "${tensor.name}" has shape [${tensor.shape}] (rank ${r}); a convolution kernel has rank 3, 4 or 5 (channels + 1..3 spatial axes)`);
  }
  if (layout === undefined) return defaultConvLayout(tensor)!;
  if (layout === "channels-first") return CHANNELS_FIRST[r];
  if (layout === "channels-last") return CHANNELS_LAST[r];
  if (!(CONV_LAYOUTS as readonly string[]).includes(layout)) throw new OptionError(`${where}: unknown layout ${JSON.stringify(layout)}; allowed: ${CONV_LAYOUTS.join(", ")}, "channels-first", "channels-last"`);
  if (layout.length !== r) throw new ShapeError(`${where}: layout "${layout}" needs a rank-${layout.length} tensor but "${tensor.name}" has shape [${tensor.shape}]`);
  return layout;
}

/** Options of {@link kernelFromTensor}. */
export interface KernelFromTensorOptions {
  /** Axis order of the tensor; default from its format (see {@link defaultConvLayout}). */
  layout?: ConvLayout | "channels-first" | "channels-last";
  /** Offset-0 tap per spatial axis; default centred `floor((k - 1) / 2)` (TF/PyTorch "same"). */
  origin?: readonly number[];
  /** Treat as a depthwise kernel (default: name contains "depthwise"); channels-last layouts only. */
  depthwise?: boolean;
}

/**
 * Converts a loaded tensor to the canonical {@link KernelTensor} `[cout][cin][spatial]` used by
 * the numeric functions (a pure axis permutation; depthwise kernels are expanded to the dense
 * block-diagonal kernel, see file comment). ShapeError for a tensor that is not a conv kernel,
 * DomainError for non-finite entries.
 */
export function kernelFromTensor(tensor: WeightTensor, options: KernelFromTensorOptions = {}): KernelTensor {
  const where = "kernelFromTensor";
  checkOptions(where, options, ["layout", "origin", "depthwise"]);
  if (!tensor || !Array.isArray(tensor.shape) || !(tensor.data instanceof Float64Array)) throw new ShapeError(`${where}: expected a loaded tensor {name, shape, data: Float64Array}`);
  const layout = resolveLayout(where, tensor, options.layout);
  const shape = tensor.shape;
  if (tensor.data.length !== shape.reduce((a, b) => a * b, 1)) throw new ShapeError(`${where}: tensor "${tensor.name}" has ${tensor.data.length} values but shape [${shape}]`);
  const { cout: fileCout, cin, spatial: kShape, oStride, iStride, tapBase } = layoutStrides(shape, layout);
  const taps = tapBase.length;
  const depthwise = options.depthwise ?? /depthwise/i.test(tensor.name);
  if (depthwise && layout !== "wio" && layout !== "hwio" && layout !== "dhwio") {
    throw new OptionError(`${where}: depthwise expansion needs a channels-last layout ([h, w, channels, multiplier]), got "${layout}"; pass {depthwise: false} to read it as a dense kernel`);
  }
  // depthwise: the "i" axis holds the channels c, the "o" axis the multiplier j
  const channels = cin;
  const mult = fileCout;
  const cout = depthwise ? channels * mult : fileCout;
  const data = new Float64Array(cout * cin * taps);
  for (let t = 0; t < taps; t++) {
    const sOff = tapBase[t];
    if (depthwise) {
      for (let c = 0; c < channels; c++) for (let j = 0; j < mult; j++) {
        data[((c * mult + j) * cin + c) * taps + t] = tensor.data[sOff + c * iStride + j * oStride];
      }
    } else {
      for (let o = 0; o < cout; o++) for (let i = 0; i < cin; i++) {
        data[(o * cin + i) * taps + t] = tensor.data[sOff + o * oStride + i * iStride];
      }
    }
  }
  const origin = options.origin ? [...options.origin] : centredOrigin(kShape);
  return checkKernel(`${where}(${tensor.name})`, { cout, cin, shape: kShape, origin, data });
}

/** A conv kernel found in a model. */
export interface ConvKernelInfo {
  /** Tensor name in the file. */
  name: string;
  /** The tensor as loaded (file layout). */
  tensor: WeightTensor;
  /** Layout used to read it. */
  layout: ConvLayout;
  cout: number;
  cin: number;
  /** Spatial kernel size, e.g. [3, 3]. */
  kernelShape: number[];
  /** True for 1x1 (pointwise) kernels: their operator norm is the matrix norm of K, independent of n. */
  pointwise: boolean;
  /** True when read as a depthwise kernel (expanded to a dense block-diagonal kernel). */
  depthwise: boolean;
  /** Guessed stride (see file comment) and why. */
  stride: number;
  strideReason: string;
  /** Canonical kernel for the numeric functions. */
  kernel: KernelTensor;
}

/** Options of {@link listConvKernels}. */
export interface ListConvKernelsOptions {
  /** Layout of every kernel (default from the file format, see {@link defaultConvLayout}). */
  layout?: ConvLayout | "channels-first" | "channels-last";
  /** Known strides by tensor name (override the guess). */
  strides?: Record<string, number>;
  /** Include 1x1 kernels (default true; they are flagged `pointwise`). */
  includePointwise?: boolean;
}

/** The stride heuristic of the file comment: `{stride, reason}` for a kernel tensor name. */
export function guessStride(name: string): { stride: number; reason: string } {
  const segs = name.split(/[/.]/);
  if (segs.some((s) => /(^|_)(stride2|s2)($|_)/i.test(s))) return { stride: 2, reason: "name says stride 2" };
  if (/downsample/i.test(name)) return { stride: 2, reason: "torchvision ResNet downsample shortcut" };
  const tv = /(^|[./])layer([2-9])\.0\.conv1([./]|$)/.exec(name);
  if (tv) return { stride: 2, reason: `torchvision ResNet: first conv of layer${tv[2]}` };
  const downIdx = segs.findIndex((s) => /down/i.test(s));
  if (downIdx >= 0) {
    const rest = segs.slice(downIdx + 1);
    const convSeg = rest.find((s) => /^conv\d*$/i.test(s));
    if (convSeg === undefined || /^conv1?$/i.test(convSeg)) return { stride: 2, reason: `first conv of a "${segs[downIdx]}" block (dlib/face-api ResNet)` };
    return { stride: 1, reason: `later conv of a "${segs[downIdx]}" block` };
  }
  return { stride: 1, reason: "default (no stride hint in the name)" };
}

/**
 * Lists the convolution kernels of a model: every tensor of rank 3..5 whose name is not a
 * bias/norm parameter, in file order, with layout, channels, kernel size, pointwise flag and
 * stride guess, converted to {@link KernelTensor}.
 */
export function listConvKernels(weights: WeightMap, options: ListConvKernelsOptions = {}): ConvKernelInfo[] {
  const where = "listConvKernels";
  checkOptions(where, options, ["layout", "strides", "includePointwise"]);
  if (!(weights instanceof Map)) throw new ShapeError(`${where}: expected the Map returned by loadWeights`);
  const out: ConvKernelInfo[] = [];
  for (const t of weights.values()) {
    const r = t.shape.length;
    if (r < 3 || r > 5) continue;
    if (/(^|[/._])(bias|biases|running_mean|running_var|gamma|beta)$/i.test(t.name)) continue;
    const layout = resolveLayout(where, t, options.layout);
    const depthwise = /depthwise/i.test(t.name) && layout.endsWith("io");
    const kernel = kernelFromTensor(t, { layout, depthwise });
    const pointwise = kernel.shape.every((s) => s === 1);
    if (pointwise && options.includePointwise === false) continue;
    const known = options.strides?.[t.name];
    const guess = known !== undefined ? { stride: known, reason: "given" } : guessStride(t.name);
    out.push({
      name: t.name, tensor: t, layout, cout: kernel.cout, cin: kernel.cin, kernelShape: [...kernel.shape],
      pointwise, depthwise, stride: guess.stride, strideReason: guess.reason, kernel,
    });
  }
  return out;
}
