/**
 * TensorFlow.js weights reader: a manifest (`*-weights_manifest.json`, or the `weightsManifest`
 * key of a `model.json`) is a list of groups `{paths: [shard files], weights: [{name, shape,
 * dtype, quantization?}]}`. A group's shards are concatenated and its weights read one after the
 * other, row-major, little-endian. Decoding follows tfjs-core's `io.decodeWeights`:
 * - dtype float32 / int32 / bool stored as 4 / 4 / 1 bytes;
 * - `quantization: {dtype: "uint8" | "uint16", scale, min}`: the value is `q * scale + min`
 *   (rounded to float32 for float32 weights, to the nearest integer for int32 weights), exactly
 *   what TF.js computes;
 * - `quantization: {dtype: "float16"}`: IEEE binary16.
 * The byte count of every group must equal the sum of its weights' sizes, so truncated shards and
 * shapes that do not match the bytes raise FormatError.
 */
import { FormatError } from "../core/errors";
import { DTYPE_BYTES, Quantization, StoredDtype, WeightMap, decodeElements, elementCount } from "./tensor";

/** One weight entry of a TF.js manifest. */
export interface TfjsWeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; scale?: number; min?: number; original_dtype?: string };
}

/** One group of a TF.js manifest. */
export interface TfjsWeightGroup {
  paths: string[];
  weights: TfjsWeightSpec[];
}

const BASE_DTYPES: Record<string, StoredDtype> = { float32: "float32", int32: "int32", bool: "bool" };

/** Validates the JSON of a manifest (array of groups) and returns it typed. */
export function checkTfjsManifest(json: unknown, where = "parseTfjs"): TfjsWeightGroup[] {
  const groups = (json && typeof json === "object" && !Array.isArray(json) && "weightsManifest" in (json as object))
    ? (json as { weightsManifest: unknown }).weightsManifest
    : json;
  if (!Array.isArray(groups) || groups.length === 0) throw new FormatError(`${where}: a TF.js manifest is a non-empty array of {paths, weights} groups (or a model.json with "weightsManifest")`);
  groups.forEach((g, k) => {
    if (!g || !Array.isArray(g.paths) || !Array.isArray(g.weights) || g.paths.some((p: unknown) => typeof p !== "string")) {
      throw new FormatError(`${where}: manifest group ${k} needs "paths" (array of file names) and "weights" (array)`);
    }
    for (const w of g.weights) {
      if (!w || typeof w.name !== "string" || !Array.isArray(w.shape) || typeof w.dtype !== "string") {
        throw new FormatError(`${where}: manifest group ${k} has a weight without name/shape/dtype: ${JSON.stringify(w)}`);
      }
    }
  });
  return groups as TfjsWeightGroup[];
}

/**
 * Decodes the weights of a parsed manifest, given the bytes of every shard, keyed by the path as
 * written in the manifest. A shard missing from `shards` raises FormatError naming it.
 */
export function parseTfjs(manifest: unknown, shards: ReadonlyMap<string, Uint8Array>, where = "parseTfjs"): WeightMap {
  const groups = checkTfjsManifest(manifest, where);
  const out: WeightMap = new Map();
  groups.forEach((group, gi) => {
    const parts: Uint8Array[] = group.paths.map((p) => {
      const b = shards.get(p);
      if (!b) throw new FormatError(`${where}: manifest group ${gi} names shard "${p}", which is missing`);
      return b;
    });
    const buffer = parts.length === 1 ? parts[0] : new Uint8Array(Buffer.concat(parts));
    let offset = 0;
    for (const w of group.weights) {
      const wWhere = `${where}: weight "${w.name}"`;
      const base = BASE_DTYPES[w.dtype];
      if (base === undefined) throw new FormatError(`${wWhere} has dtype ${JSON.stringify(w.dtype)}; supported: float32, int32, bool`);
      const count = elementCount(wWhere, w.shape);
      const q = w.quantization;
      let data: Float64Array;
      let quantization: Quantization | undefined;
      let stored: StoredDtype = base;
      if (q) {
        if (q.dtype === "uint8" || q.dtype === "uint16") {
          if (typeof q.scale !== "number" || typeof q.min !== "number" || !Number.isFinite(q.scale) || !Number.isFinite(q.min)) {
            throw new FormatError(`${wWhere}: quantization ${q.dtype} needs finite numbers "scale" and "min", got ${JSON.stringify(q)}`);
          }
          if (base === "bool") throw new FormatError(`${wWhere}: bool weights cannot be quantised`);
          stored = q.dtype;
          data = decodeElements(wWhere, buffer, offset, count, stored, true);
          const scale = q.scale, min = q.min;
          if (base === "float32") for (let i = 0; i < count; i++) data[i] = Math.fround(data[i] * scale + min);
          else for (let i = 0; i < count; i++) data[i] = Math.round(data[i] * scale + min);
          quantization = { dtype: q.dtype, scale, min };
        } else if (q.dtype === "float16") {
          if (base !== "float32") throw new FormatError(`${wWhere}: float16 quantization applies to float32 weights only, got ${w.dtype}`);
          stored = "float16";
          data = decodeElements(wWhere, buffer, offset, count, stored, true);
          quantization = { dtype: "float16" };
        } else {
          throw new FormatError(`${wWhere} has quantization dtype ${JSON.stringify(q.dtype)}; supported: uint8, uint16, float16`);
        }
      } else {
        data = decodeElements(wWhere, buffer, offset, count, base, true);
      }
      offset += count * DTYPE_BYTES[stored];
      if (out.has(w.name)) throw new FormatError(`${wWhere} appears twice in the manifest`);
      out.set(w.name, { name: w.name, shape: [...w.shape], dtype: stored, data, format: "tfjs", ...(quantization ? { quantization } : {}) });
    }
    if (offset !== buffer.length) {
      throw new FormatError(`${where}: manifest group ${gi} describes ${offset} bytes of weights but its shards (${group.paths.join(", ")}) hold ${buffer.length}; shapes do not match the bytes`);
    }
  });
  return out;
}
