/**
 * Convolutional NTK (CNTK) and Gaussian-process kernel (CGPK) of a ReLU network in the setting of
 * Geifman, Galun, Jacobs & Basri (NeurIPS 2022, seed 002), the recursion of Arora et al. (2019):
 * an input `x` is `d` pixels (a 1-D circular signal) of `zeta` channels, every pixel a unit vector
 * (x lies on `(S^(zeta-1))^d`); `L` layers of conv (filter size q, stride 1, circular padding, no
 * bias) + ReLU, then a linear readout, fully connected over positions ("fc") or global average
 * pooling ("gap"). The recursion itself (formulas) is in recursion.ts. `L = 1, d = 1` is the
 * two-layer ReLU network: NTK `k1(t) + t k0(t)`, GP `k1(t)`, `t = <x, z>`.
 *
 * Network the kernel is the infinite-width limit of (NTK parametrisation, He scaling):
 * `g^1[c, j] = (1/sqrt(q)) sum_{l, c'} W^1[c, c', l] x[j + l, c']` (unit pixels: no 1/zeta),
 * `g^h[c, j] = (1/sqrt(q m)) sum_{l, c'} W^h[c, c', l] f^{h-1}[c', j + l]`, `f^h = sqrt(2) relu(g^h)`,
 * `f = (1/sqrt(d m)) sum_{c, j} v[c, j] f^L[c, j]` (fc) or `(1/(d sqrt m)) sum_c v[c] sum_j f^L[c, j]` (gap),
 * all weights N(0, 1). Kernel values are dimensionless; `K_fc(x, x) = 1` for the GP and `L + 1`
 * for the NTK (every layer contributes 1 on the diagonal).
 */
import { DomainError, ShapeError, SizeLimitError, checkFinite, checkInteger, checkOneOf, checkOptions } from "../core/errors";
import { CosineRecursion, type KernelKind, type Readout } from "./recursion";

export type { KernelKind, Readout } from "./recursion";
/** Allowed `kind`s: the neural tangent kernel or the Gaussian-process (NNGP) kernel. */
export const KERNEL_KINDS: readonly KernelKind[] = ["ntk", "gp"];
/** Allowed readouts: fully connected over positions, or global average pooling. */
export const READOUTS: readonly Readout[] = ["fc", "gap"];

/** Architecture options shared by every function of this area. */
export interface ConvKernelOptions {
  /** Number L of conv + ReLU layers before the readout, 1..{@link MAX_LAYERS}; default 1. */
  layers?: number;
  /** Filter size q (1..d); default 1. */
  filterSize?: number;
  /** "fc" (default) or "gap". */
  readout?: Readout;
  /** "ntk" (default) or "gp". */
  kind?: KernelKind;
}
const ARCH_KEYS = ["layers", "filterSize", "readout", "kind"] as const;

/** Deepest network accepted (the eigenvalue accuracy is checked up to here). */
export const MAX_LAYERS = 64;
/** A pixel is accepted as a unit vector when | ||x_i|| - 1 | <= this. */
export const UNIT_PIXEL_TOLERANCE = 1e-10;
/** Largest Gram matrix (rows * columns) {@link convKernelGram} builds. */
export const GRAM_ENTRY_LIMIT = 1 << 26;

/** A multi-pixel input: nested `[d][zeta]` arrays, or `{ shape: [d, zeta], data }` (row-major). */
export type PixelInput = readonly (readonly number[])[] | { shape: readonly number[]; data: ArrayLike<number> };
/** A batch of inputs: nested `[n][d][zeta]`, or `{ shape: [n, d, zeta], data }` (row-major). */
export type PixelBatch = readonly (readonly (readonly number[])[])[] | { shape: readonly number[]; data: ArrayLike<number> };

/** Validated architecture. */
export interface Architecture {
  layers: number;
  filterSize: number;
  readout: Readout;
  kind: KernelKind;
}

/** Checks the architecture options for `d` pixels (filterSize <= d, 1 <= layers <= MAX_LAYERS). */
export function resolveArchitecture(where: string, options: ConvKernelOptions | undefined, d: number, extraKeys: readonly string[] = []): Architecture {
  checkOptions(where, options, [...ARCH_KEYS, ...extraKeys]);
  const o = options ?? {};
  const layers = checkInteger(where, "layers", o.layers ?? 1, 1, MAX_LAYERS);
  const filterSize = checkInteger(where, "filterSize", o.filterSize ?? 1, 1);
  if (filterSize > d) throw new DomainError(`${where}: filterSize = ${filterSize} exceeds the number of pixels d = ${d}; allowed 1..${d}`);
  const readout = checkOneOf(where, "readout", o.readout ?? "fc", READOUTS);
  const kind = checkOneOf(where, "kind", o.kind ?? "ntk", KERNEL_KINDS);
  return { layers, filterSize, readout, kind };
}

/** Flat data and shape of a nested or `{shape, data}` input of the given rank. */
function flatten(where: string, name: string, v: unknown, rank: number): { shape: number[]; data: Float64Array } {
  if (v && typeof v === "object" && !Array.isArray(v) && "shape" in (v as object) && "data" in (v as object)) {
    const { shape, data } = v as { shape: readonly number[]; data: ArrayLike<number> };
    if (!Array.isArray(shape) || shape.length !== rank || shape.some((s) => !Number.isInteger(s) || s < 1)) {
      throw new ShapeError(`${where}: ${name}.shape must be ${rank} positive integers, got ${JSON.stringify(shape)}`);
    }
    const n = shape.reduce((a, b) => a * b, 1);
    if (!data || data.length !== n) throw new ShapeError(`${where}: ${name}.data has ${data?.length} numbers; shape ${JSON.stringify(shape)} needs ${n}`);
    const out = Float64Array.from(data as ArrayLike<number>);
    checkFinite(`${where}: ${name}`, out);
    return { shape: [...shape], data: out };
  }
  const shape: number[] = [];
  let cur: unknown = v;
  for (let r = 0; r < rank; r++) {
    if (!Array.isArray(cur) || cur.length === 0) throw new ShapeError(`${where}: ${name} must be a non-empty ${rank}-level nested array or { shape, data }`);
    shape.push(cur.length);
    cur = cur[0];
  }
  const total = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(total);
  let k = 0;
  const walk = (node: unknown, depth: number, path: string) => {
    if (!Array.isArray(node) || node.length !== shape[depth]) throw new ShapeError(`${where}: ${name}${path} has ${Array.isArray(node) ? node.length : "no"} entries; expected ${shape[depth]} (ragged input)`);
    for (let i = 0; i < node.length; i++) {
      if (depth === rank - 1) {
        const x = node[i];
        if (typeof x !== "number" || !Number.isFinite(x)) throw new DomainError(`${where}: ${name}${path}[${i}] is ${String(x)}; only finite numbers are allowed`);
        data[k++] = x;
      } else walk(node[i], depth + 1, `${path}[${i}]`);
    }
  };
  walk(v, 0, "");
  return { shape, data };
}

function checkUnitPixels(where: string, name: string, data: Float64Array, pixels: number, zeta: number): void {
  for (let p = 0; p < pixels; p++) {
    let s = 0;
    for (let c = 0; c < zeta; c++) s += data[p * zeta + c] ** 2;
    const norm = Math.sqrt(s);
    if (!(Math.abs(norm - 1) <= UNIT_PIXEL_TOLERANCE)) {
      throw new DomainError(`${where}: ${name} pixel ${p} has norm ${norm}; every pixel must be a unit vector in R^${zeta} (tolerance ${UNIT_PIXEL_TOLERANCE}); normalizePixels scales them`);
    }
  }
}

/** Returns a copy of `x` (`[d][zeta]` or `[n][d][zeta]`, nested) with every pixel scaled to unit norm; DomainError for a zero pixel. */
export function normalizePixels<T extends PixelInput | PixelBatch>(x: T): number[][] | number[][][] {
  const where = "normalizePixels";
  const rank = Array.isArray(x) && Array.isArray((x as unknown[])[0]) && Array.isArray(((x as unknown[])[0] as unknown[])[0]) ? 3 : 2;
  const { shape, data } = flatten(where, "x", x, rank);
  const zeta = shape[rank - 1];
  for (let p = 0; p < data.length / zeta; p++) {
    let s = 0;
    for (let c = 0; c < zeta; c++) s += data[p * zeta + c] ** 2;
    if (s === 0) throw new DomainError(`${where}: pixel ${p} is zero and has no direction`);
    const inv = 1 / Math.sqrt(s);
    for (let c = 0; c < zeta; c++) data[p * zeta + c] *= inv;
  }
  const d = shape[rank - 2];
  const pix = (off: number) => Array.from({ length: d }, (_, i) => Array.from(data.subarray(off + i * zeta, off + (i + 1) * zeta)));
  if (rank === 2) return pix(0);
  return Array.from({ length: shape[0] }, (_, e) => pix(e * d * zeta));
}

/** Flattens a batch `[n][d][zeta]` and checks that every pixel is a unit vector (internal: not exported from the area). */
export function readPixelBatch(where: string, name: string, X: PixelBatch): { shape: number[]; data: Float64Array } {
  const A = flatten(where, name, X, 3);
  const [n, d, zeta] = A.shape;
  const per = d * zeta;
  for (let e = 0; e < n; e++) checkUnitPixels(where, `${name}[${e}]`, A.data.subarray(e * per, (e + 1) * per), d, zeta);
  return A;
}

/**
 * `K(x, z)`: the CNTK (`kind: "ntk"`) or CGPK (`"gp"`) of the architecture for two inputs of `d`
 * pixels x `zeta` channels; see the file comment. ShapeError when x and z differ in shape,
 * DomainError for a non-unit pixel (names it), filterSize > d, NaN; OptionError for unknown options.
 */
export function convKernel(x: PixelInput, z: PixelInput, options: ConvKernelOptions = {}): number {
  const where = "convKernel";
  const X = flatten(where, "x", x, 2);
  const Z = flatten(where, "z", z, 2);
  if (X.shape[0] !== Z.shape[0] || X.shape[1] !== Z.shape[1]) throw new ShapeError(`${where}: x is ${X.shape.join("x")} (pixels x channels) but z is ${Z.shape.join("x")}; they must match`);
  const [d, zeta] = X.shape;
  const arch = resolveArchitecture(where, options, d);
  checkUnitPixels(where, "x", X.data, d, zeta);
  checkUnitPixels(where, "z", Z.data, d, zeta);
  const rec = new CosineRecursion(d, arch.filterSize, arch.layers, arch.kind);
  if (arch.readout === "fc") {
    const t = new Float64Array(d);
    for (let i = 0; i < d; i++) { let s = 0; for (let c = 0; c < zeta; c++) s += X.data[i * zeta + c] * Z.data[i * zeta + c]; t[i] = s; }
    return rec.fc(t);
  }
  const cc = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let k = 0; k < d; k++) { let s = 0; for (let c = 0; c < zeta; c++) s += X.data[i * zeta + c] * Z.data[k * zeta + c]; cc[i * d + k] = s; }
  return rec.gap(cc);
}

/** Result of {@link convKernelGram}: the `rows x cols` Gram matrix, row-major. */
export interface GramMatrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/**
 * Gram matrix `G[a, b] = K(X_a, Z_b)` for batches `X` (`[n][d][zeta]`) and `Z` (default `X`; then
 * only the upper triangle is computed and mirrored). Same kernel and errors as {@link convKernel};
 * SizeLimitError above {@link GRAM_ENTRY_LIMIT} entries. Cost per entry: `d zeta + L d q`
 * arc-cosine evaluations (fc), `d^2 zeta + L d^2 q` (gap).
 */
export function convKernelGram(X: PixelBatch, Z?: PixelBatch | ConvKernelOptions, options: ConvKernelOptions = {}): GramMatrix {
  const where = "convKernelGram";
  let Zin: PixelBatch | undefined;
  if (Z !== undefined && !Array.isArray(Z) && !(Z && typeof Z === "object" && "shape" in Z)) { options = Z as ConvKernelOptions; Zin = undefined; }
  else Zin = Z as PixelBatch | undefined;
  const A = readPixelBatch(where, "X", X);
  const B = Zin === undefined ? A : readPixelBatch(where, "Z", Zin);
  if (A.shape[1] !== B.shape[1] || A.shape[2] !== B.shape[2]) throw new ShapeError(`${where}: X holds ${A.shape[1]}x${A.shape[2]} inputs but Z holds ${B.shape[1]}x${B.shape[2]}; they must match`);
  const [n, d, zeta] = A.shape;
  const m = B.shape[0];
  const arch = resolveArchitecture(where, options, d);
  if (n * m > GRAM_ENTRY_LIMIT) throw new SizeLimitError(`${where}: ${n} x ${m} = ${n * m} entries; at most ${GRAM_ENTRY_LIMIT} allowed`);
  const per = d * zeta;
  const rec = new CosineRecursion(d, arch.filterSize, arch.layers, arch.kind);
  const out = new Float64Array(n * m);
  const sym = B === A;
  const xa = A.data, zb = B.data;
  if (arch.readout === "fc") {
    const t = new Float64Array(d);
    for (let a = 0; a < n; a++) {
      for (let b = sym ? a : 0; b < m; b++) {
        const oa = a * per, ob = b * per;
        for (let i = 0; i < d; i++) {
          let s = 0;
          const pa = oa + i * zeta, pb = ob + i * zeta;
          for (let c = 0; c < zeta; c++) s += xa[pa + c] * zb[pb + c];
          t[i] = s;
        }
        const v = rec.fc(t);
        out[a * m + b] = v;
        if (sym) out[b * m + a] = v;
      }
    }
  } else {
    const cc = new Float64Array(d * d);
    for (let a = 0; a < n; a++) {
      for (let b = sym ? a : 0; b < m; b++) {
        const oa = a * per, ob = b * per;
        for (let i = 0; i < d; i++) for (let k = 0; k < d; k++) {
          let s = 0;
          const pa = oa + i * zeta, pb = ob + k * zeta;
          for (let c = 0; c < zeta; c++) s += xa[pa + c] * zb[pb + c];
          cc[i * d + k] = s;
        }
        const v = rec.gap(cc);
        out[a * m + b] = v;
        if (sym) out[b * m + a] = v;
      }
    }
  }
  return { rows: n, cols: m, data: out };
}

/**
 * The FC kernel as a function of the per-pixel cosines `t = (t_1..t_d)`, `t_i = <x_i, z_i>` in
 * [-1, 1] (the form the harmonic eigenvalues integrate). DomainError for a cosine outside [-1, 1].
 */
export function convKernelFromCosines(t: ArrayLike<number>, options: ConvKernelOptions = {}): number {
  const where = "convKernelFromCosines";
  if (!t || typeof t.length !== "number" || t.length === 0) throw new ShapeError(`${where}: t must be a non-empty array of cosines`);
  checkFinite(where, t);
  const arch = resolveArchitecture(where, options, t.length);
  if (arch.readout !== "fc") throw new DomainError(`${where}: the GAP kernel depends on all cross-pixel cosines, not only on t; use convKernel`);
  for (let i = 0; i < t.length; i++) if (Math.abs(t[i]) > 1 + 1e-12) throw new DomainError(`${where}: t[${i}] = ${t[i]} is not a cosine (allowed [-1, 1])`);
  return new CosineRecursion(t.length, arch.filterSize, arch.layers, arch.kind).fc(t);
}
