/**
 * The numeric kernel every numeric module consumes: a dense multi-channel convolution kernel in
 * the canonical layout "oi + spatial" (PyTorch's `oihw` generalised to d spatial axes).
 *
 * Conventions (chosen once; see README "Conventions"):
 * - Layers compute cross-correlation, as PyTorch/TensorFlow do:
 *   `y[o, x] = sum_i sum_p K[o, i, p] * x[i, x + p - origin]` (x, p multi-indices).
 * - Offsets are `q = p - origin`; `origin[d]` is the index of the tap with offset 0 along axis d.
 * - The symbol (spectral density matrix) is `F(w) = sum_q K_q exp(-i <q, w>)`, a `cout x cin`
 *   matrix for `w in [-pi, pi]^d`.
 */
import { ShapeError, DomainError, checkFinite } from "./errors";

export interface KernelTensor {
  /** Output channels. */
  readonly cout: number;
  /** Input channels. */
  readonly cin: number;
  /** Spatial sizes `[k1, ..., kd]`, d >= 1. */
  readonly shape: readonly number[];
  /** Index of the offset-0 tap along each spatial axis, `0 <= origin[d] < shape[d]`. */
  readonly origin: readonly number[];
  /** `cout * cin * prod(shape)` finite numbers, index `((o * cin + i) * prod(shape)) + spatialIndex` (row-major). */
  readonly data: Float64Array;
}

/** Number of spatial taps `prod(shape)`. */
export function tapCount(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/**
 * The weights re-laid tap-major, `W[(t * cout + o) * cin + i] = K[o, i, t]`: the `cout x cin` tap
 * matrices K_t stored one after another (row-major), t the flat spatial index.
 */
export function tapMajorWeights(K: KernelTensor): Float64Array {
  const { cout, cin } = K;
  const taps = tapCount(K.shape);
  const W = new Float64Array(taps * cout * cin);
  for (let o = 0; o < cout; o++) for (let i = 0; i < cin; i++) for (let t = 0; t < taps; t++) W[(t * cout + o) * cin + i] = K.data[(o * cin + i) * taps + t];
  return W;
}

/** Where the entries of a kernel stored in another axis order live; see {@link layoutStrides}. */
export interface LayoutStrides {
  /** Size of the "o" axis (1 if the layout has none). */
  cout: number;
  /** Size of the "i" axis (1 if the layout has none). */
  cin: number;
  /** Spatial kernel sizes, in the layout's order of its spatial axes. */
  spatial: number[];
  /** Row-major strides of the "o" and "i" axes (0 when absent). */
  oStride: number;
  iStride: number;
  /** `tapBase[t]`: offset of spatial tap t (flat row-major index into `spatial`) at o = i = 0. */
  tapBase: Int32Array;
}

/**
 * Index map from the canonical layout to a flat row-major tensor of `shape` whose axes are named
 * by the letters of `layout` ("o" output channels, "i" input channels, any other letter a spatial
 * axis, e.g. "hwio" or "oihw"): canonical entry `K[o, i, t]` is
 * `flat[tapBase[t] + o * oStride + i * iStride]`. The caller checks that `layout.length === shape.length`.
 */
export function layoutStrides(shape: readonly number[], layout: string): LayoutStrides {
  const oPos = layout.indexOf("o"), iPos = layout.indexOf("i");
  const spatialPos: number[] = [];
  for (let k = 0; k < layout.length; k++) if (k !== oPos && k !== iPos) spatialPos.push(k);
  const spatial = spatialPos.map((k) => shape[k]);
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let k = shape.length - 1; k >= 0; k--) { strides[k] = s; s *= shape[k]; }
  const taps = tapCount(spatial);
  const tapBase = new Int32Array(taps);
  const idx = new Array<number>(spatial.length).fill(0);
  for (let t = 0; t < taps; t++) {
    let base = 0;
    for (let a = 0; a < spatial.length; a++) base += idx[a] * strides[spatialPos[a]];
    tapBase[t] = base;
    for (let a = spatial.length - 1; a >= 0; a--) { if (++idx[a] < spatial[a]) break; idx[a] = 0; }
  }
  return {
    cout: oPos >= 0 ? shape[oPos] : 1,
    cin: iPos >= 0 ? shape[iPos] : 1,
    spatial,
    oStride: oPos >= 0 ? strides[oPos] : 0,
    iStride: iPos >= 0 ? strides[iPos] : 0,
    tapBase,
  };
}

/** Default origin: the centre tap `floor((k - 1) / 2)` on each axis (exact centre for odd k). */
export function centredOrigin(shape: readonly number[]): number[] {
  return shape.map((k) => Math.floor((k - 1) / 2));
}

/** Validates a {@link KernelTensor} (sizes, origin inside the kernel, finite data) and returns it. */
export function checkKernel(where: string, k: KernelTensor): KernelTensor {
  if (!k || typeof k !== "object") throw new ShapeError(`${where}: expected a kernel tensor {cout, cin, shape, origin, data}`);
  const { cout, cin, shape, origin, data } = k;
  if (!Number.isInteger(cout) || cout < 1 || !Number.isInteger(cin) || cin < 1) {
    throw new ShapeError(`${where}: channels must be positive integers, got cout=${cout}, cin=${cin}`);
  }
  if (!Array.isArray(shape) || shape.length < 1 || shape.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new ShapeError(`${where}: spatial shape must be a non-empty list of positive integers, got ${JSON.stringify(shape)}`);
  }
  if (!Array.isArray(origin) || origin.length !== shape.length) {
    throw new ShapeError(`${where}: origin must have ${shape.length} entries (one per spatial axis), got ${JSON.stringify(origin)}`);
  }
  origin.forEach((o, d) => {
    if (!Number.isInteger(o) || o < 0 || o >= shape[d]) {
      throw new DomainError(`${where}: origin[${d}] = ${o} is outside the kernel; allowed 0..${shape[d] - 1}`);
    }
  });
  const expected = cout * cin * tapCount(shape);
  if (!(data instanceof Float64Array) || data.length !== expected) {
    throw new ShapeError(`${where}: data must be a Float64Array of ${expected} = ${cout}*${cin}*${shape.join("*")} numbers, got ${data?.length}`);
  }
  checkFinite(where, data);
  return k;
}

/** Offsets `q = p - origin` of every spatial tap in row-major order, as a flat Int32Array (taps x d). */
export function tapOffsets(shape: readonly number[], origin: readonly number[]): Int32Array {
  const d = shape.length;
  const n = tapCount(shape);
  const out = new Int32Array(n * d);
  const idx = new Array<number>(d).fill(0);
  for (let t = 0; t < n; t++) {
    for (let a = 0; a < d; a++) out[t * d + a] = idx[a] - origin[a];
    for (let a = d - 1; a >= 0; a--) {
      if (++idx[a] < shape[a]) break;
      idx[a] = 0;
    }
  }
  return out;
}

/** Anything that can be turned into a numeric kernel: a {@link KernelTensor} or an object (e.g. a `Stencil`) with `toKernelTensor()`. */
export type KernelLike = KernelTensor | { toKernelTensor(): KernelTensor };

/** Normalises a {@link KernelLike} to a validated {@link KernelTensor}. */
export function asKernel(where: string, k: KernelLike): KernelTensor {
  if (k && typeof (k as { toKernelTensor?: unknown }).toKernelTensor === "function") {
    return checkKernel(where, (k as { toKernelTensor(): KernelTensor }).toKernelTensor());
  }
  return checkKernel(where, k as KernelTensor);
}
