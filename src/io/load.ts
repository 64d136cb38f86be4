/**
 * `loadWeights(path)`: reads a weights file from disk and dispatches on its format:
 * - `.npy` (one array, named after the file), `.npz` (NumPy archive), `.safetensors`;
 * - `.json`: a TF.js `*-weights_manifest.json` or a `model.json` with `weightsManifest`; shards are
 *   read relative to the manifest's directory;
 * - a path without one of these extensions, such as `.../face_recognition_model`: the TF.js
 *   manifest `PATH-weights_manifest.json` (how face-api names its models).
 * - `npm:PKG/FILE` (e.g. `npm:@vladmandic/face-api/model/face_recognition_model`): the file inside
 *   an installed package, searched in `node_modules` of the working directory and its ancestors,
 *   then of convspec's own location (so notebooks in `notebooks/` find the repository's packages).
 * Every float tensor is checked for NaN/Inf (DomainError naming tensor and index) unless
 * `allowNonFinite` is set.
 */
import { readFileSync, existsSync, statSync } from "node:fs";
import { dirname, join, basename, extname, resolve } from "node:path";
import { FormatError, checkOptions, checkOneOf } from "../core/errors";
import { WeightMap, checkTensorFinite } from "./tensor";
import { parseNpy } from "./npy";
import { parseNpz } from "./npz";
import { parseSafetensors } from "./safetensors";
import { parseTfjs } from "./tfjs";

/** File formats {@link loadWeights} reads. */
export type WeightFormat = "npy" | "npz" | "safetensors" | "tfjs";
export const WEIGHT_FORMATS: readonly WeightFormat[] = ["npy", "npz", "safetensors", "tfjs"];

/** Options of {@link loadWeights}. */
export interface LoadWeightsOptions {
  /** Force a format instead of guessing from the extension. */
  format?: WeightFormat;
  /** Accept NaN/Inf entries (default false: DomainError). */
  allowNonFinite?: boolean;
}

function readBytes(where: string, path: string): Uint8Array {
  if (!existsSync(path)) throw new FormatError(`${where}: file "${path}" does not exist`);
  if (statSync(path).isDirectory()) throw new FormatError(`${where}: "${path}" is a directory; pass a .npy/.npz/.safetensors file or a TF.js manifest`);
  const b = readFileSync(path);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

function ancestors(dir: string): string[] {
  const out: string[] = [];
  let d = resolve(dir);
  for (;;) {
    out.push(d);
    const up = dirname(d);
    if (up === d) return out;
    d = up;
  }
}

/** Resolves `npm:PKG/FILE` to a path under the nearest `node_modules` holding it (see file comment). */
export function resolveNpmPath(spec: string): string {
  const rest = spec.slice(4);
  const bases = [...ancestors(process.cwd()), ...ancestors(__dirname)];
  for (const b of bases) {
    const p = join(b, "node_modules", rest);
    if (existsSync(p) || existsSync(`${p}-weights_manifest.json`)) return p;
  }
  throw new FormatError(`loadWeights: "${spec}" not found in any node_modules above ${process.cwd()} or ${__dirname}; install the package (npm install) or pass a file path`);
}

/** Resolves the on-disk file and its format (see file comment). */
export function resolveWeightsPath(path: string, format?: WeightFormat): { file: string; format: WeightFormat } {
  const where = "loadWeights";
  if (typeof path !== "string" || path.length === 0) throw new FormatError(`${where}: path must be a non-empty string`);
  if (path.startsWith("npm:")) path = resolveNpmPath(path);
  if (format !== undefined) return { file: path, format: checkOneOf(where, "format", format, WEIGHT_FORMATS) };
  const ext = extname(path).toLowerCase();
  if (ext === ".npy") return { file: path, format: "npy" };
  if (ext === ".npz") return { file: path, format: "npz" };
  if (ext === ".safetensors") return { file: path, format: "safetensors" };
  if (ext === ".json") return { file: path, format: "tfjs" };
  const manifest = `${path}-weights_manifest.json`;
  if (existsSync(manifest)) return { file: manifest, format: "tfjs" };
  throw new FormatError(`${where}: cannot tell the format of "${path}"; allowed: .npy, .npz, .safetensors, a TF.js .json manifest, or a prefix P with P-weights_manifest.json`);
}

/**
 * Loads every tensor of a weights file (see file comment) as `Map<name, WeightTensor>`, with
 * float64 row-major data in the file's own layout (TF.js kernels are `hwio`, PyTorch `oihw`).
 */
export function loadWeights(path: string, options: LoadWeightsOptions = {}): WeightMap {
  const where = "loadWeights";
  checkOptions(where, options, ["format", "allowNonFinite"]);
  const { file, format } = resolveWeightsPath(path, options.format);
  let weights: WeightMap;
  if (format === "npy") {
    const name = basename(file).replace(/\.npy$/i, "");
    weights = new Map([[name, parseNpy(readBytes(where, file), name)]]);
  } else if (format === "npz") weights = parseNpz(readBytes(where, file), `${where}(${basename(file)})`);
  else if (format === "safetensors") weights = parseSafetensors(readBytes(where, file), `${where}(${basename(file)})`).tensors;
  else {
    let manifest: unknown;
    try { manifest = JSON.parse(Buffer.from(readBytes(where, file)).toString("utf8")); }
    catch (err) { if (err instanceof FormatError) throw err; throw new FormatError(`${where}: manifest "${file}" is not valid JSON (${(err as Error).message})`); }
    const dir = dirname(file);
    const shards = new Map<string, Uint8Array>();
    const groups = (manifest && typeof manifest === "object" && "weightsManifest" in (manifest as object)) ? (manifest as { weightsManifest: unknown }).weightsManifest : manifest;
    if (Array.isArray(groups)) {
      for (const g of groups) for (const p of (Array.isArray(g?.paths) ? g.paths : [])) {
        const shardFile = join(dir, String(p));
        if (existsSync(shardFile) && !shards.has(p)) shards.set(p, readBytes(where, shardFile));
      }
    }
    weights = parseTfjs(manifest, shards, `${where}(${basename(file)})`);
  }
  if (!options.allowNonFinite) for (const t of weights.values()) checkTensorFinite(where, t);
  return weights;
}
