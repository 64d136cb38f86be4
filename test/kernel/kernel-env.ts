/**
 * Shared setup of the kernel tests: the repository's Jupyter prefix (the kernel spec must be
 * installed there, from the current dist/) and a runner for /usr/bin/python3 scripts.
 */
import { spawnSync, SpawnSyncReturns } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

export const ROOT = resolve(__dirname, "..", "..");
export const JUPYTER_PATH = join(ROOT, ".jupyter-prefix", "share", "jupyter");
/** Debian's Python, which has jupyter_client and jupyter_kernel_test (the PATH one may not). */
export const PYTHON = "/usr/bin/python3";

/** Makes sure dist/kernel exists and the spec points at it (idempotent, fast). */
export function ensureKernelInstalled(): void {
  if (!existsSync(join(ROOT, "dist", "kernel", "main.js"))) {
    const b = spawnSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: ROOT, encoding: "utf8" });
    if (!existsSync(join(ROOT, "dist", "kernel", "main.js"))) throw new Error(`build failed:\n${b.stdout}\n${b.stderr}`);
  }
  const r = spawnSync(process.execPath, [join(ROOT, "scripts", "kernel-install.mjs"), "--prefix", join(ROOT, ".jupyter-prefix"), "--quiet"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`kernel-install failed: ${r.stderr}`);
}

/** Runs `/usr/bin/python3 args...` with JUPYTER_PATH set; returns the completed process. */
export function runPython(args: string[], options: { cwd?: string; timeoutMs: number; input?: string }): SpawnSyncReturns<string> {
  return spawnSync(PYTHON, args, {
    cwd: options.cwd ?? ROOT,
    input: options.input,
    encoding: "utf8",
    timeout: options.timeoutMs,
    env: { ...process.env, JUPYTER_PATH, PYTHONDONTWRITEBYTECODE: "1" },
  });
}

/** The JSON after the last `RESULT ` line of a driver's stdout. */
export function driverResult<T>(stdout: string): T {
  const line = stdout.split("\n").reverse().find((l) => l.startsWith("RESULT "));
  if (!line) throw new Error(`driver printed no RESULT line; stdout:\n${stdout}`);
  return JSON.parse(line.slice("RESULT ".length)) as T;
}
