/**
 * `import { ... } from "convspec"` works WITH TYPES from a notebook outside the repository:
 * in cwd = a fresh temp directory (no node_modules), a cell using convspec exports runs, and a
 * cell with a type error against a convspec type is reported as a TypeScript compile error.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { driverResult, ensureKernelInstalled, ROOT, runPython } from "./kernel-env";

interface Anywhere {
  kernel_cwd: string;
  use: { status: string; result: string };
  type_error: { status: string; ename: string; evalue: string };
  unawaited_show: { status: string; types: string[]; mimes: string[] };
}

test("convspec resolves with types from a directory outside the repository", () => {
  ensureKernelInstalled();
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "convspec-anywhere-")));
  try {
    const r = runPython([join(ROOT, "test", "kernel", "kernel_driver.py"), "anywhere", dir], { cwd: dir, timeoutMs: 60_000 });
    assert.equal(r.status, 0, `driver failed:\n${r.stdout}\n${r.stderr}`);
    const res = driverResult<Anywhere>(r.stdout);
    assert.equal(res.kernel_cwd, `'${dir}'`, "the kernel runs in the notebook's directory");
    // toMimeBundle adds text/plain to a bundle that lacks it (src/display/channel.ts).
    assert.deepEqual(res.use, { status: "ok", result: "'text/html,text/plain'" });
    // show(plot) without await renders asynchronously; the kernel waits for it before replying,
    // so the plot lands in the cell that asked for it.
    assert.equal(res.unawaited_show.status, "ok");
    assert.ok(res.unawaited_show.types.includes("display_data"), `outputs: ${res.unawaited_show.types}`);
    assert.ok(res.unawaited_show.mimes.includes("image/svg+xml"), `mimes: ${res.unawaited_show.mimes}`);
    assert.equal(res.type_error.status, "error");
    assert.equal(res.type_error.ename, "TSError");
    // DisplayOptions.displayId is a string in convspec's declarations: only the real types know.
    assert.match(res.type_error.evalue, /Type 'number' is not assignable to type 'string'/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
