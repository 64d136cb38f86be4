/**
 * The loaders' common output: a named dense tensor `{name, shape, dtype, data}` whose `data` is a
 * Float64Array in row-major (C) order of `shape`, whatever the file stored (float16/32/64, bfloat16,
 * ints, bool, quantised uint8/uint16). Every decoder here checks that the byte count matches the
 * shape, so a corrupt file raises a typed error instead of yielding wrong numbers.
 */
import { FormatError, DomainError, ShapeError } from "../core/errors";

/** Element types the loaders understand (the dtype the values were stored with). */
export type StoredDtype =
  | "float16" | "bfloat16" | "float32" | "float64"
  | "int8" | "uint8" | "int16" | "uint16" | "int32" | "uint32" | "int64" | "uint64"
  | "bool";

/** Dequantisation of TF.js's quantised weights: `value = q * scale + min`, q an unsigned integer. */
export interface Quantization {
  /** Storage type of q ("uint8", "uint16") or "float16" (then scale/min are absent). */
  dtype: "uint8" | "uint16" | "float16";
  scale?: number;
  min?: number;
}

/** A named tensor read from a weights file. */
export interface WeightTensor {
  /** Name as stored in the file (TF.js weight name, npz member without ".npy", safetensors key). */
  readonly name: string;
  /** Dimensions, row-major; `[]` for a scalar. */
  readonly shape: readonly number[];
  /** Type the values were stored with in the file (before dequantisation). */
  readonly dtype: StoredDtype;
  /** Values in row-major order as float64 (exact for every stored type up to 2^53 in magnitude). */
  readonly data: Float64Array;
  /** Present for TF.js quantised weights: how `data` was reconstructed. */
  readonly quantization?: Quantization;
  /** Which file format the tensor came from. */
  readonly format: "npy" | "npz" | "safetensors" | "tfjs";
}

/** Named tensors in file order. */
export type WeightMap = Map<string, WeightTensor>;

/** Bytes per element of each stored dtype. */
export const DTYPE_BYTES: Readonly<Record<StoredDtype, number>> = {
  float16: 2, bfloat16: 2, float32: 4, float64: 8,
  int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, int64: 8, uint64: 8,
  bool: 1,
};

/** Product of the dimensions (1 for a scalar); ShapeError for negative / non-integer / huge sizes. */
export function elementCount(where: string, shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) {
    if (!Number.isInteger(s) || s < 0) throw new ShapeError(`${where}: shape ${JSON.stringify(shape)} has an invalid dimension ${s}; dimensions are non-negative integers`);
    n *= s;
  }
  if (n > 2 ** 31) throw new ShapeError(`${where}: shape ${JSON.stringify(shape)} has ${n} elements; at most 2^31 are supported`);
  return n;
}

/** IEEE 754 binary16 -> number (exact). */
export function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
/** bfloat16 (upper 16 bits of a float32) -> number (exact). */
export function bfloat16ToNumber(b: number): number {
  u32[0] = (b & 0xffff) << 16;
  return f32[0];
}

/**
 * Decodes `count` elements of `dtype` starting at `offset` of `bytes` (row-major as stored) into a
 * Float64Array. `littleEndian` selects the byte order. Throws FormatError when the bytes are too
 * few, and DomainError for 64-bit integers beyond 2^53 (not representable exactly as float64).
 */
export function decodeElements(where: string, bytes: Uint8Array, offset: number, count: number, dtype: StoredDtype, littleEndian: boolean): Float64Array {
  const size = DTYPE_BYTES[dtype];
  if (size === undefined) throw new FormatError(`${where}: unsupported dtype ${JSON.stringify(dtype)}; supported: ${Object.keys(DTYPE_BYTES).join(", ")}`);
  const need = count * size;
  if (offset < 0 || offset + need > bytes.length) {
    throw new FormatError(`${where}: needs ${need} bytes of ${dtype} data at offset ${offset} but the buffer has only ${Math.max(0, bytes.length - offset)}; the file is truncated or the shape is wrong`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, need);
  const out = new Float64Array(count);
  const le = littleEndian;
  switch (dtype) {
    case "float64": for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i, le); break;
    case "float32": for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, le); break;
    case "float16": for (let i = 0; i < count; i++) out[i] = halfToNumber(view.getUint16(2 * i, le)); break;
    case "bfloat16": for (let i = 0; i < count; i++) out[i] = bfloat16ToNumber(view.getUint16(2 * i, le)); break;
    case "int8": for (let i = 0; i < count; i++) out[i] = view.getInt8(i); break;
    case "uint8": for (let i = 0; i < count; i++) out[i] = view.getUint8(i); break;
    case "bool":
      for (let i = 0; i < count; i++) {
        const b = view.getUint8(i);
        if (b > 1) throw new FormatError(`${where}: bool element ${i} has byte value ${b}; only 0 and 1 are valid`);
        out[i] = b;
      }
      break;
    case "int16": for (let i = 0; i < count; i++) out[i] = view.getInt16(2 * i, le); break;
    case "uint16": for (let i = 0; i < count; i++) out[i] = view.getUint16(2 * i, le); break;
    case "int32": for (let i = 0; i < count; i++) out[i] = view.getInt32(4 * i, le); break;
    case "uint32": for (let i = 0; i < count; i++) out[i] = view.getUint32(4 * i, le); break;
    case "int64":
    case "uint64":
      for (let i = 0; i < count; i++) {
        const v = dtype === "int64" ? view.getBigInt64(8 * i, le) : view.getBigUint64(8 * i, le);
        if (v > 9007199254740992n || v < -9007199254740992n) {
          throw new DomainError(`${where}: ${dtype} element ${i} = ${v} exceeds 2^53 and cannot be represented exactly as a float64`);
        }
        out[i] = Number(v);
      }
      break;
    default:
      throw new FormatError(`${where}: unsupported dtype ${JSON.stringify(dtype)}`);
  }
  return out;
}

/**
 * Throws a DomainError naming the tensor and the first NaN/Inf entry (with its multi-index),
 * so that a corrupt or diverged checkpoint is never analysed silently.
 */
export function checkTensorFinite(where: string, t: { name: string; shape: readonly number[]; data: Float64Array }): void {
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i])) {
      const idx: number[] = [];
      let r = i;
      for (let a = t.shape.length - 1; a >= 0; a--) { idx.unshift(r % t.shape[a]); r = Math.floor(r / t.shape[a]); }
      throw new DomainError(`${where}: tensor "${t.name}" has ${d[i]} at index [${idx.join(", ")}]; weights must be finite (pass {allowNonFinite: true} to load anyway)`);
    }
  }
}

/** Reverses the axis order of a Fortran-order (column-major) array, giving row-major data of `shape`. */
export function fortranToC(data: Float64Array, shape: readonly number[]): Float64Array {
  const d = shape.length;
  if (d < 2) return data;
  const out = new Float64Array(data.length);
  // Fortran strides: stride[0] = 1, stride[a] = stride[a-1] * shape[a-1]
  const fstride = new Array<number>(d);
  fstride[0] = 1;
  for (let a = 1; a < d; a++) fstride[a] = fstride[a - 1] * shape[a - 1];
  const idx = new Array<number>(d).fill(0);
  for (let c = 0; c < data.length; c++) {
    let f = 0;
    for (let a = 0; a < d; a++) f += idx[a] * fstride[a];
    out[c] = data[f];
    for (let a = d - 1; a >= 0; a--) {
      if (++idx[a] < shape[a]) break;
      idx[a] = 0;
    }
  }
  return out;
}
