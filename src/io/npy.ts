/**
 * NumPy `.npy` reader (format versions 1.0, 2.0, 3.0; see numpy/lib/format.py):
 * magic `\x93NUMPY`, version bytes, header length (uint16 LE for v1, uint32 LE for v2/v3), an
 * ASCII/UTF-8 Python dict literal `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`,
 * then the raw array bytes. Supports little/big endian, C and Fortran order, float16/32/64, signed
 * and unsigned ints of 1/2/4/8 bytes and bool. Object, string, complex and structured dtypes are
 * rejected with a FormatError (they are not real-valued weights).
 */
import { FormatError } from "../core/errors";
import { DTYPE_BYTES, StoredDtype, WeightTensor, decodeElements, elementCount, fortranToC } from "./tensor";

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

const KIND_TO_DTYPE: Record<string, StoredDtype> = {
  f2: "float16", f4: "float32", f8: "float64",
  i1: "int8", i2: "int16", i4: "int32", i8: "int64",
  u1: "uint8", u2: "uint16", u4: "uint32", u8: "uint64",
  b1: "bool",
};

/** Parsed `.npy` header. */
export interface NpyHeader {
  dtype: StoredDtype;
  littleEndian: boolean;
  fortranOrder: boolean;
  shape: number[];
  /** Byte offset of the array data. */
  dataOffset: number;
}

/** Parses the header of a `.npy` file (see file comment); FormatError on anything malformed. */
export function parseNpyHeader(bytes: Uint8Array, where = "parseNpy"): NpyHeader {
  if (bytes.length < 10 || MAGIC.some((m, i) => bytes[i] !== m)) {
    throw new FormatError(`${where}: not a .npy file (missing the \\x93NUMPY magic string)`);
  }
  const major = bytes[6];
  let headerLen: number;
  let start: number;
  if (major === 1) { headerLen = bytes[8] | (bytes[9] << 8); start = 10; }
  else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new FormatError(`${where}: truncated .npy header`);
    headerLen = (bytes[8] | (bytes[9] << 8) | (bytes[10] << 16)) + bytes[11] * 2 ** 24;
    start = 12;
  } else throw new FormatError(`${where}: unsupported .npy format version ${major}.${bytes[7]}; supported: 1.0, 2.0, 3.0`);
  if (start + headerLen > bytes.length) throw new FormatError(`${where}: header claims ${headerLen} bytes but the file has ${bytes.length - start} after the preamble; the file is truncated`);
  const header = Buffer.from(bytes.buffer, bytes.byteOffset + start, headerLen).toString(major === 3 ? "utf8" : "latin1");
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(header);
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(header);
  const shapeM = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shapeM) {
    throw new FormatError(`${where}: .npy header ${JSON.stringify(header.trim())} lacks 'descr', 'fortran_order' or 'shape' (structured dtypes are not supported)`);
  }
  const code = descr[1];
  const order = code[0];
  const kind = code.slice(1);
  const dtype = KIND_TO_DTYPE[kind];
  if (!"<>|=".includes(order) || code.length < 2 || dtype === undefined) {
    throw new FormatError(`${where}: unsupported numpy dtype ${JSON.stringify(code)}; supported: float16/32/64, int8..int64, uint8..uint64, bool (e.g. '<f4')`);
  }
  // '=' is native order; numpy writes explicit '<'/'>' for multi-byte types, '|' for single bytes
  const littleEndian = order !== ">";
  const parts = shapeM[1].split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  const shape = parts.map((s) => {
    if (!/^\d+L?$/.test(s)) throw new FormatError(`${where}: invalid shape entry ${JSON.stringify(s)} in .npy header`);
    return parseInt(s, 10);
  });
  return { dtype, littleEndian, fortranOrder: fortran[1] === "True", shape, dataOffset: start + headerLen };
}

/**
 * Reads a `.npy` file's bytes into a {@link WeightTensor} (row-major float64 data). The data must
 * be exactly `prod(shape) * itemsize` bytes: fewer is a truncated file, more is a corrupt one;
 * both raise FormatError.
 */
export function parseNpy(bytes: Uint8Array, name = "array", format: "npy" | "npz" = "npy"): WeightTensor {
  const where = `parseNpy(${name})`;
  const h = parseNpyHeader(bytes, where);
  const count = elementCount(where, h.shape);
  let data = decodeElements(where, bytes, h.dataOffset, count, h.dtype, h.littleEndian);
  const used = h.dataOffset + count * DTYPE_BYTES[h.dtype];
  if (used !== bytes.length) {
    throw new FormatError(`${where}: header shape [${h.shape}] of ${h.dtype} accounts for ${used - h.dataOffset} data bytes but the file has ${bytes.length - h.dataOffset}; shape and data do not match`);
  }
  if (h.fortranOrder) data = fortranToC(data, h.shape);
  return { name, shape: h.shape, dtype: h.dtype, data, format };
}

