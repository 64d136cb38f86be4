/**
 * safetensors reader (huggingface/safetensors format): an unsigned 64-bit little-endian header
 * length N, N bytes of UTF-8 JSON `{"NAME": {"dtype": "F32", "shape": [..], "data_offsets": [b, e]},
 * "__metadata__": {...}}`, then the byte buffer; offsets are relative to the buffer start, data is
 * little-endian, row-major. Checks (as the reference implementation does): each tensor's byte range
 * equals `prod(shape) * itemsize`, ranges are in bounds and do not overlap, and together they cover
 * the buffer exactly.
 */
import { FormatError } from "../core/errors";
import { DTYPE_BYTES, StoredDtype, WeightMap, decodeElements, elementCount } from "./tensor";

const SAFETENSORS_DTYPES: Record<string, StoredDtype> = {
  F64: "float64", F32: "float32", F16: "float16", BF16: "bfloat16",
  I64: "int64", I32: "int32", I16: "int16", I8: "int8",
  U64: "uint64", U32: "uint32", U16: "uint16", U8: "uint8", BOOL: "bool",
};

/** Header metadata (`__metadata__`, string -> string), returned next to the tensors. */
export interface SafetensorsFile {
  tensors: WeightMap;
  metadata: Record<string, string>;
}

/** Parses a safetensors file held in memory (see file comment). */
export function parseSafetensors(bytes: Uint8Array, where = "parseSafetensors"): SafetensorsFile {
  if (bytes.length < 8) throw new FormatError(`${where}: file has ${bytes.length} bytes; a safetensors file starts with an 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(bytes.length - 8)) throw new FormatError(`${where}: header length ${n} exceeds the ${bytes.length - 8} bytes after it; the file is truncated or not safetensors`);
  const headerLen = Number(n);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 8, headerLen).toString("utf8"));
  } catch (err) {
    throw new FormatError(`${where}: header is not valid JSON (${(err as Error).message})`);
  }
  if (!header || typeof header !== "object" || Array.isArray(header)) throw new FormatError(`${where}: header must be a JSON object`);
  const base = 8 + headerLen;
  const bufferLen = bytes.length - base;
  const metadata = (header.__metadata__ ?? {}) as Record<string, string>;
  const items: { name: string; dtype: StoredDtype; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === "__metadata__") continue;
    const info = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const dtype = typeof info?.dtype === "string" ? SAFETENSORS_DTYPES[info.dtype] : undefined;
    if (dtype === undefined) throw new FormatError(`${where}: tensor "${name}" has unsupported dtype ${JSON.stringify(info?.dtype)}; supported: ${Object.keys(SAFETENSORS_DTYPES).join(", ")}`);
    if (!Array.isArray(info.shape) || !Array.isArray(info.data_offsets) || info.data_offsets.length !== 2) throw new FormatError(`${where}: tensor "${name}" needs "shape" and a 2-element "data_offsets"`);
    const shape = info.shape as number[];
    const [begin, end] = info.data_offsets as number[];
    const count = elementCount(`${where}: tensor "${name}"`, shape);
    if (!Number.isInteger(begin) || !Number.isInteger(end) || begin < 0 || end < begin || end > bufferLen) {
      throw new FormatError(`${where}: tensor "${name}" data_offsets [${begin}, ${end}] lie outside the ${bufferLen}-byte buffer; the file is truncated or corrupt`);
    }
    if (end - begin !== count * DTYPE_BYTES[dtype]) {
      throw new FormatError(`${where}: tensor "${name}" has shape [${shape}] of ${dtype} = ${count * DTYPE_BYTES[dtype]} bytes but its data_offsets span ${end - begin}; shape and data do not match`);
    }
    items.push({ name, dtype, shape, begin, end });
  }
  // the byte ranges must tile the buffer: no overlap, no hole
  const sorted = [...items].sort((a, b) => a.begin - b.begin);
  let pos = 0;
  for (const it of sorted) {
    if (it.begin !== pos) throw new FormatError(`${where}: tensor "${it.name}" starts at byte ${it.begin}, expected ${pos}; tensors overlap or leave a hole`);
    pos = it.end;
  }
  if (pos !== bufferLen) throw new FormatError(`${where}: tensors cover ${pos} bytes but the buffer has ${bufferLen}; the file has trailing or missing data`);
  const tensors: WeightMap = new Map();
  for (const it of items) {
    const data = decodeElements(`${where}: tensor "${it.name}"`, bytes, base + it.begin, (it.end - it.begin) / DTYPE_BYTES[it.dtype], it.dtype, true);
    tensors.set(it.name, { name: it.name, shape: it.shape, dtype: it.dtype, data, format: "safetensors" });
  }
  return { tensors, metadata };
}
