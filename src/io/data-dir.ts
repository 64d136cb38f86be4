import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * Directory of a data set shipped in the repository's `data/<name>/`: under `$CONVSPEC_ROOT` when
 * that is set and holds `marker` (the kernel and the tests set it, so a notebook anywhere finds the
 * checkout's data), else next to `src/` or `dist/` (this file sits two levels below the root in both).
 */
export function shippedDataDir(name: string, marker: string): string {
  const root = process.env.CONVSPEC_ROOT;
  if (root && existsSync(join(root, "data", name, marker))) return join(root, "data", name);
  return resolve(__dirname, "..", "..", "data", name);
}
