/**
 * The non-convolution operations of a decoder on feature maps `[C, H, W]` (see feature-map.ts):
 * ReLU, zero padding, upsampling, channel concatenation and residual addition, with their
 * frequency-domain effect in the doc comments (spectra as in spectrum-map.ts).
 */
import { DomainError, ShapeError, checkInteger, checkOneOf, checkOptions } from "../core/index";
import { FeatureMap, checkFeatureMap } from "./feature-map";

/** `max(x, 0)` entrywise: outside the linear frequency theory (mixes every frequency). */
export function relu(x: FeatureMap): FeatureMap {
  const f = checkFeatureMap("relu", x);
  const out = new Float64Array(f.data.length);
  for (let i = 0; i < out.length; i++) out[i] = f.data[i] > 0 ? f.data[i] : 0;
  return { shape: f.shape, data: out };
}

/** Options of {@link zeroPad}. */
export interface ZeroPadOptions {
  /** Size after padding, `[M', N']` (each >= the map's). */
  size: readonly number[];
  /** Where the map's (0, 0) lands; default [0, 0] (zeros appended after, as in the paper). */
  offset?: readonly number[];
}

/**
 * Zero padding `M x N -> M' x N'`: `y[c, m + o_1, n + o_2] = x[c, m, n]`, zero elsewhere. Its spectrum is
 * the Dirichlet mixing of dirichlet.ts (`padSpectrum`): the DC leaks to every frequency with gain `tau_uv`.
 */
export function zeroPad(x: FeatureMap, options: ZeroPadOptions): FeatureMap {
  const where = "zeroPad";
  checkOptions(where, options, ["size", "offset"]);
  const f = checkFeatureMap(where, x);
  const [C, M, N] = f.shape;
  if (!options || !Array.isArray(options.size) || options.size.length !== 2) throw new ShapeError(`${where}: size must be [M', N']`);
  const M2 = checkInteger(where, "size[0]", options.size[0], M), N2 = checkInteger(where, "size[1]", options.size[1], N);
  const off = options.offset ?? [0, 0];
  const o1 = checkInteger(where, "offset[0]", off[0], 0, M2 - M), o2 = checkInteger(where, "offset[1]", off[1], 0, N2 - N);
  const out = new Float64Array(C * M2 * N2);
  for (let c = 0; c < C; c++) for (let m = 0; m < M; m++) out.set(f.data.subarray((c * M + m) * N, (c * M + m + 1) * N), (c * M2 + m + o1) * N2 + o2);
  return { shape: [C, M2, N2], data: out };
}

/** Crops rows `[o1, o1 + M')` and columns `[o2, o2 + N')` of every channel. */
export function crop(x: FeatureMap, size: readonly number[], offset: readonly number[] = [0, 0]): FeatureMap {
  const where = "crop";
  const f = checkFeatureMap(where, x);
  const [C, M, N] = f.shape;
  const M2 = checkInteger(where, "size[0]", size[0], 1, M), N2 = checkInteger(where, "size[1]", size[1], 1, N);
  const o1 = checkInteger(where, "offset[0]", offset[0], 0, M - M2), o2 = checkInteger(where, "offset[1]", offset[1], 0, N - N2);
  const out = new Float64Array(C * M2 * N2);
  for (let c = 0; c < C; c++) for (let m = 0; m < M2; m++) out.set(f.data.subarray((c * M + m + o1) * N + o2, (c * M + m + o1) * N + o2 + N2), (c * M2 + m) * N2);
  return { shape: [C, M2, N2], data: out };
}

/** Upsampling rules: "zero" (zero insertion) and "nearest" (copy each pixel into an r x r block). */
export type UpsampleMethod = "zero" | "nearest";
/** Allowed values of {@link UpsampleOptions.method}. */
export const UPSAMPLE_METHODS: readonly UpsampleMethod[] = ["zero", "nearest"];

/** Options of {@link upsample}. */
export interface UpsampleOptions {
  /** Factor r (one number, or [r1, r2]); integer >= 1. */
  factor: number | readonly number[];
  /** Default "nearest". */
  method?: UpsampleMethod;
}

/**
 * Upsampling by r: "zero" `y[r m, r n] = x[m, n]` (zero elsewhere), whose spectrum is the input's
 * tiled r x r times, `Y_{uv} = X_{u mod M, v mod N}`; "nearest" `y[r m + i, r n + j] = x[m, n]`
 * (i, j < r) = zero insertion followed by the r x r box filter, `Y_{uv} = X_{u mod M, v mod N} B_r(u; rM) B_r(v; rN)`
 * with `B_r(u; n) = sum_{j<r} exp(-2 pi i u j / n)` (see {@link nearestUpsampleGain}).
 */
export function upsample(x: FeatureMap, options: UpsampleOptions): FeatureMap {
  const where = "upsample";
  checkOptions(where, options, ["factor", "method"]);
  const f = checkFeatureMap(where, x);
  const method = checkOneOf(where, "method", options?.method ?? "nearest", UPSAMPLE_METHODS);
  const fr = options?.factor;
  const r = typeof fr === "number" ? [fr, fr] : Array.isArray(fr) && fr.length === 2 ? [...fr] : null;
  if (!r) throw new ShapeError(`${where}: factor must be a number or [r1, r2], got ${JSON.stringify(fr)}`);
  const r1 = checkInteger(where, "factor", r[0], 1, 64), r2 = checkInteger(where, "factor", r[1], 1, 64);
  const [C, M, N] = f.shape;
  const M2 = M * r1, N2 = N * r2;
  if (C * M2 * N2 > 1 << 26) throw new ShapeError(`${where}: output [${C}, ${M2}, ${N2}] is too large`);
  const out = new Float64Array(C * M2 * N2);
  for (let c = 0; c < C; c++) for (let m = 0; m < M; m++) for (let n = 0; n < N; n++) {
    const v = f.data[(c * M + m) * N + n];
    if (method === "zero") out[(c * M2 + m * r1) * N2 + n * r2] = v;
    else for (let i = 0; i < r1; i++) for (let j = 0; j < r2; j++) out[(c * M2 + m * r1 + i) * N2 + n * r2 + j] = v;
  }
  return { shape: [C, M2, N2], data: out };
}

/**
 * The box-filter factor of nearest-neighbour upsampling on one axis: `B_r(u; n) = sum_{j<r} exp(-2 pi i u j / n)`,
 * n = r M the upsampled length, returned interleaved complex for u = 0..n-1. `|B_r(u)| = |sin(pi u r / n) / sin(pi u / n)|`:
 * r at DC, and exactly 0 at the copies of DC `u = k M`, k = 1..r-1.
 */
export function nearestUpsampleGain(n: number, r: number): Float64Array {
  const where = "nearestUpsampleGain";
  checkInteger(where, "n", n, 1);
  checkInteger(where, "r", r, 1);
  if (n % r !== 0) throw new DomainError(`${where}: the upsampled length n = ${n} must be a multiple of r = ${r}`);
  const out = new Float64Array(2 * n);
  for (let u = 0; u < n; u++) {
    let re = 0, im = 0;
    for (let j = 0; j < r; j++) { const a = (-2 * Math.PI * ((u * j) % n)) / n; re += Math.cos(a); im += Math.sin(a); }
    out[2 * u] = re;
    out[2 * u + 1] = im;
  }
  return out;
}

/** Channel concatenation `[C1 + C2 + ..., H, W]` (Keras `Concatenate(axis = -1)` in channel-first layout). */
export function concatChannels(maps: readonly FeatureMap[]): FeatureMap {
  const where = "concatChannels";
  if (!Array.isArray(maps) || maps.length === 0) throw new ShapeError(`${where}: needs at least one feature map`);
  const fs = maps.map((m, k) => checkFeatureMap(where, m, `input ${k}`));
  const [, H, W] = fs[0].shape;
  fs.forEach((f, k) => { if (f.shape[1] !== H || f.shape[2] !== W) throw new ShapeError(`${where}: input ${k} is ${f.shape[1]} x ${f.shape[2]}, input 0 is ${H} x ${W}`); });
  const C = fs.reduce((a, f) => a + f.shape[0], 0);
  const out = new Float64Array(C * H * W);
  let o = 0;
  for (const f of fs) { out.set(f.data, o); o += f.data.length; }
  return { shape: [C, H, W], data: out };
}

/** Entrywise sum of feature maps of one shape (residual connection): spectra add. */
export function addMaps(maps: readonly FeatureMap[]): FeatureMap {
  const where = "addMaps";
  if (!Array.isArray(maps) || maps.length === 0) throw new ShapeError(`${where}: needs at least one feature map`);
  const fs = maps.map((m, k) => checkFeatureMap(where, m, `input ${k}`));
  const s = fs[0].shape;
  fs.forEach((f, k) => { if (f.shape.some((v, a) => v !== s[a])) throw new ShapeError(`${where}: input ${k} has shape [${f.shape.join(", ")}], input 0 has [${s.join(", ")}]`); });
  const out = Float64Array.from(fs[0].data);
  for (let k = 1; k < fs.length; k++) { const d = fs[k].data; for (let i = 0; i < out.length; i++) out[i] += d[i]; }
  return { shape: s, data: out };
}
