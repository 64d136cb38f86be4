/**
 * Runs Jupyter's reference kernel test-suite (test_convspec_kernel.py, a jupyter_kernel_test
 * KernelTests subclass) against the installed convspec kernel and requires zero failures and
 * errors. The oracle is the suite's own message-schema validation and expectations.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { ensureKernelInstalled, ROOT, runPython } from "./kernel-env";

/** Parses unittest's verbose output: per-test outcome lines and the final summary. */
export function parseUnittest(output: string): { ran: number; failures: number; errors: number; skipped: number; ok: boolean } {
  const ran = Number(/Ran (\d+) tests?/.exec(output)?.[1] ?? NaN);
  const summary = /\n(OK|FAILED)(?: \(([^)]*)\))?\s*$/.exec(output.trimEnd() + "\n");
  const field = (name: string) => Number(new RegExp(`${name}=(\\d+)`).exec(summary?.[2] ?? "")?.[1] ?? 0);
  return { ran, failures: field("failures"), errors: field("errors"), skipped: field("skipped"), ok: summary?.[1] === "OK" };
}

test("jupyter_kernel_test suite passes against the convspec kernel", () => {
  ensureKernelInstalled();
  const r = runPython([join(ROOT, "test", "kernel", "test_convspec_kernel.py")], { timeoutMs: 120_000 });
  const output = `${r.stdout}\n${r.stderr}`;
  const res = parseUnittest(r.stderr);
  console.log(`kernel suite: ran ${res.ran}, passed ${res.ran - res.failures - res.errors - res.skipped}, skipped ${res.skipped}, failures ${res.failures}, errors ${res.errors}`);
  assert.ok(Number.isFinite(res.ran) && res.ran >= 12, `expected at least the 12 tests of jupyter_kernel_test 0.4.5, output:\n${output}`);
  assert.equal(res.failures, 0, output);
  assert.equal(res.errors, 0, output);
  assert.equal(res.skipped, 0, `every check is enabled, none may skip:\n${output}`);
  assert.ok(res.ok, output);
});
