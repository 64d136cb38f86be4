/**
 * A stride-1 2-D conv layer with bias on feature maps `[C, H, W]`, on the library's one conv core
 * (`convOperator(...).apply`, src/spectrum; cross-correlation `y[d, x] = sum_c sum_p W[d, c, p] x[c, x + p - origin] + b_d`):
 * - "circular": indices mod (H, W), output H x W; frequency rule exact (frequency-response.ts,
 *   origin "kernel" for the kernel's origin, "corner" when origin = [0, 0]);
 * - "zero": zeros outside the map, output H x W (Keras/TF.js "same" for odd kernels and, with
 *   origin floor((k - 1)/2), for even ones);
 * - "valid": only positions where the kernel fits, output (H - K1 + 1) x (W - K2 + 1) (the zero-padded
 *   result with the kernel's origin moved to its corner, cropped).
 * Operators are built once per input shape and cached.
 */
import { ShapeError, checkOneOf, checkFinite, asKernel, type KernelLike, type KernelTensor } from "../core/index";
import { convOperator, type ConvOperator } from "../spectrum/index";
import { FeatureMap, checkFeatureMap } from "./feature-map";
import { crop } from "./operations";

/** Paddings of {@link ConvLayer2d}. */
export type ConvPadding = "circular" | "zero" | "valid";
/** Allowed values of the conv padding. */
export const CONV_PADDINGS: readonly ConvPadding[] = ["circular", "zero", "valid"];

/** A conv layer: weights `[D, C, K1, K2]` (oihw, with origin), bias (length D), padding. */
export class ConvLayer2d {
  readonly kernel: KernelTensor;
  readonly bias: Float64Array | null;
  readonly padding: ConvPadding;
  private readonly cache = new Map<string, ConvOperator>();

  constructor(weights: KernelLike, options: { bias?: ArrayLike<number> | null; padding?: ConvPadding } = {}) {
    const where = "ConvLayer2d";
    const K = asKernel(where, weights);
    if (K.shape.length !== 2) throw new ShapeError(`${where}: needs a 2-D kernel, got spatial shape ${JSON.stringify(K.shape)}`);
    this.padding = checkOneOf(where, "padding", options.padding ?? "zero", CONV_PADDINGS);
    this.kernel = this.padding === "valid" ? { ...K, origin: [0, 0] } : K;
    if (options.bias != null) {
      if (options.bias.length !== K.cout) throw new ShapeError(`${where}: bias has ${options.bias.length} entries, the kernel has ${K.cout} output channels`);
      this.bias = Float64Array.from(options.bias);
      checkFinite(`${where} bias`, this.bias);
    } else this.bias = null;
  }

  /** Output shape for an input `[C, H, W]`. */
  outputShape(shape: readonly number[]): [number, number, number] {
    const [C, H, W] = shape;
    const [k1, k2] = this.kernel.shape;
    if (C !== this.kernel.cin) throw new ShapeError(`ConvLayer2d: input has ${C} channels, the kernel expects ${this.kernel.cin}`);
    if (k1 > H || k2 > W) throw new ShapeError(`ConvLayer2d: the ${k1} x ${k2} kernel is larger than the ${H} x ${W} map`);
    return this.padding === "valid" ? [this.kernel.cout, H - k1 + 1, W - k2 + 1] : [this.kernel.cout, H, W];
  }

  /** `y = conv(x) + b` (see file comment). */
  apply(x: FeatureMap): FeatureMap {
    const f = checkFeatureMap("ConvLayer2d.apply", x);
    const outShape = this.outputShape(f.shape);
    const key = `${f.shape[1]}x${f.shape[2]}`;
    let op = this.cache.get(key);
    if (!op) {
      op = convOperator(this.kernel, { inputShape: [...f.shape], padding: this.padding === "circular" ? "circular" : "zero" });
      this.cache.set(key, op);
    }
    const full: FeatureMap = { shape: [this.kernel.cout, f.shape[1], f.shape[2]], data: op.apply(f.data) };
    const y = this.padding === "valid" ? crop(full, [outShape[1], outShape[2]]) : full;
    if (this.bias) {
      const n = outShape[1] * outShape[2];
      for (let d = 0; d < outShape[0]; d++) { const b = this.bias[d]; for (let i = d * n; i < (d + 1) * n; i++) y.data[i] += b; }
    }
    return y;
  }
}
