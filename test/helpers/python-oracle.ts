/**
 * The one runner for Python reference oracles in tests (numpy, scipy, sympy under /usr/bin/python3,
 * Debian's interpreter; the `python3` first on PATH may lack them).
 *
 * `pythonOracle(code, input)`: the JSON `input` is available to `code` as `inp` (also `data`); `code` must assign
 * `out` (JSON-serialisable), which is returned. numpy is imported as `np`.
 * Oracles whose answer never changes are better frozen as fixtures (see style.md).
 */
import { spawnSync } from "node:child_process";

/** Path of the interpreter that has numpy, scipy and sympy (Debian packages). */
export const PYTHON = "/usr/bin/python3";

export function pythonOracle<T = any>(code: string, input: unknown = null): T {
  const script = `import json, sys\nimport numpy as np\ninp = json.loads(sys.stdin.read())\ndata = inp\n${code}\nsys.stdout.write(json.dumps(out))\n`;
  const r = spawnSync(PYTHON, ["-c", script], { input: JSON.stringify(input), encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.error) throw new Error(`python oracle could not start ${PYTHON}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`python oracle failed (exit ${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
