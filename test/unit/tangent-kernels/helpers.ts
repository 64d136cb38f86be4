// Shared test fixtures for tangent-kernels: seeded unit-pixel inputs and the numpy reference module.
import { join } from "node:path";
import { Rng } from "../../../src/core/random";

/** Path of bench/tangent_kernels_reference.py (independent numpy implementation). */
export const REFERENCE_PY = join(__dirname, "..", "..", "..", "bench", "tangent_kernels_reference.py");
/** Python prelude that loads the reference module's functions into the oracle's namespace (run_path: its bench `__main__` block stays off). */
export const LOAD_REFERENCE = `import runpy\nglobals().update({k: v for k, v in runpy.run_path(${JSON.stringify(REFERENCE_PY)}).items() if not k.startswith("__")})`;

/** n inputs of d unit pixels with zeta channels, nested [n][d][zeta]. */
export function randomInputs(seed: number, n: number, d: number, zeta: number): number[][][] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => {
    const v = Array.from(rng.normals(zeta));
    const s = Math.hypot(...v);
    return v.map((x) => x / s);
  }));
}
