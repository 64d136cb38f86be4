/**
 * Geometry of a convolutional layer: kernel, padding rule, input sizes n, stride s, output sizes
 * m = n / s, validated once. Convention (src/core/kernel-tensor.ts): cross-correlation,
 *   `y[o, x] = sum_i sum_p K[o, i, p] * xpad[i, s*x + p - origin]`,
 * where `xpad` extends the input by the padding rule:
 *   - "zero": 0 outside the image (linear convolution, block multilevel Toeplitz matrix);
 *   - "circular": indices taken modulo n (block multilevel circulant matrix);
 *   - "reflect": mirror without repeating the edge (`-1 -> 1`, `n -> n-2`, as numpy/PyTorch
 *     "reflect"); allowed while every offset is < n on its axis.
 */
import { KernelLike, KernelTensor, asKernel } from "../core/kernel-tensor";
import { ShapeError, SizeLimitError, checkOneOf, checkInteger } from "../core/errors";

/** Boundary handling of a convolutional layer. */
export type Padding = "zero" | "circular" | "reflect";
/** The allowed paddings, in documentation order. */
export const PADDINGS: readonly Padding[] = ["zero", "circular", "reflect"];

/** Largest input/output length the operator accepts (entries of the input or output tensor). */
export const OPERATOR_LENGTH_LIMIT = 1 << 26;

/** Normalised geometry shared by the operator, the exact and the circular spectra. */
export interface ConvGeometry {
  kernel: KernelTensor;
  padding: Padding;
  /** Input spatial sizes. */
  n: number[];
  /** Output spatial sizes n / stride. */
  m: number[];
  stride: number[];
}

/** Validates kernel + options into a {@link ConvGeometry} (typed errors on every bad input). */
export function convGeometry(where: string, kernelLike: KernelLike, options: { inputShape: readonly number[]; padding?: unknown; stride?: unknown }): ConvGeometry {
  const kernel = asKernel(where, kernelLike);
  const d = kernel.shape.length;
  if (!options || !Array.isArray(options.inputShape)) {
    throw new ShapeError(`${where}: inputShape is required: [n1, ..., n${d}] or [cin, n1, ..., n${d}]`);
  }
  let shape = options.inputShape.slice();
  if (shape.length === d + 1) {
    if (shape[0] !== kernel.cin) {
      throw new ShapeError(`${where}: inputShape has ${shape[0]} channels but the kernel expects cin = ${kernel.cin}`);
    }
    shape = shape.slice(1);
  } else if (shape.length !== d) {
    throw new ShapeError(`${where}: inputShape ${JSON.stringify(options.inputShape)} does not fit a ${d}-D kernel; give [n1..n${d}] or [cin, n1..n${d}]`);
  }
  shape.forEach((s, a) => checkInteger(where, `inputShape spatial size ${a}`, s, 1));
  const padding = checkOneOf(where, "padding", options.padding ?? "zero", PADDINGS);
  const strideRaw = options.stride ?? 1;
  const stride = typeof strideRaw === "number" ? new Array<number>(d).fill(strideRaw) : Array.isArray(strideRaw) ? strideRaw.slice() : null;
  if (!stride || stride.length !== d) throw new ShapeError(`${where}: stride must be a number or ${d} numbers, got ${JSON.stringify(strideRaw)}`);
  stride.forEach((s, a) => checkInteger(where, `stride[${a}]`, s, 1));
  const m = shape.map((n, a) => {
    if (n % stride[a] !== 0) throw new ShapeError(`${where}: stride ${stride[a]} does not divide the input size ${n} on axis ${a}; choose a divisor of ${n}`);
    return n / stride[a];
  });
  if (padding === "reflect") {
    kernel.shape.forEach((k, a) => {
      const reach = Math.max(kernel.origin[a], k - 1 - kernel.origin[a]);
      if (reach >= shape[a]) throw new ShapeError(`${where}: reflect padding needs every offset < n; axis ${a} has offset ${reach} but n = ${shape[a]}`);
    });
  }
  const inLen = kernel.cin * shape.reduce((a, b) => a * b, 1);
  const outLen = kernel.cout * m.reduce((a, b) => a * b, 1);
  if (inLen > OPERATOR_LENGTH_LIMIT || outLen > OPERATOR_LENGTH_LIMIT) {
    throw new SizeLimitError(`${where}: input/output length ${inLen}/${outLen} exceeds the limit ${OPERATOR_LENGTH_LIMIT}`);
  }
  return { kernel, padding, n: shape, m, stride };
}
