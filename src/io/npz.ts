/**
 * NumPy `.npz` reader: a ZIP archive (stored by `np.savez`, deflated by `np.savez_compressed`)
 * whose members `NAME.npy` are `.npy` files; the tensor name is the member name without ".npy".
 */
import { FormatError } from "../core/errors";
import { readZip } from "./zip";
import { parseNpy } from "./npy";
import { WeightMap } from "./tensor";

/** Parses an `.npz` archive held in memory into named tensors (archive order). */
export function parseNpz(bytes: Uint8Array, where = "parseNpz"): WeightMap {
  const out: WeightMap = new Map();
  for (const entry of readZip(bytes, where)) {
    if (entry.name.endsWith("/")) continue; // directory entry
    if (!entry.name.endsWith(".npy")) throw new FormatError(`${where}: member "${entry.name}" is not a .npy file; an .npz holds only NAME.npy members`);
    const name = entry.name.slice(0, -4);
    if (out.has(name)) throw new FormatError(`${where}: duplicate member "${entry.name}"`);
    out.set(name, parseNpy(entry.data, name, "npz"));
  }
  if (out.size === 0) throw new FormatError(`${where}: the archive contains no arrays`);
  return out;
}
