/**
 * Writes weight files with /usr/bin/python3 + numpy (the independent writer) into a fresh temp
 * directory and returns the expected values as numpy sees them (float64 lists, exact in JSON).
 */
import { pythonOracle } from "../../helpers/python-oracle";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Runs a python script (numpy as np, `d` = output directory) through the one oracle runner; the script assigns `out`. */
export function pythonIn(dir: string, code: string): any {
  return pythonOracle(`import os, struct\nd = inp\n${code}`, dir);
}

export function freshDir(): string {
  return mkdtempSync(join(tmpdir(), "convspec-io-"));
}

/** Python helpers shared by the fixtures: a safetensors writer and a TF.js manifest writer. */
export const PY_WRITERS = `
def exp(a):
    a = np.asarray(a)
    return {"shape": list(a.shape), "data": np.ascontiguousarray(a).astype(np.float64).ravel().tolist()}

def write_safetensors(path, tensors, order=None):
    # tensors: name -> (dtype string, shape, raw little-endian bytes)
    names = order or list(tensors)
    header = {"__metadata__": {"format": "pt"}}
    off = 0
    for n in names:
        dt, shape, raw = tensors[n]
        header[n] = {"dtype": dt, "shape": list(shape), "data_offsets": [off, off + len(raw)]}
        off += len(raw)
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h))); f.write(h)
        for n in names: f.write(tensors[n][2])
`;
