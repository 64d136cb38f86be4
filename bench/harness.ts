/**
 * What every benchmark shares: the median of repeated timings, a timed call, and a run of the
 * Python reference of the same algorithm (JSON in on stdin, JSON out on stdout). The BENCH output
 * line format is described in scripts/run-bench.mjs.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";

/** Repository root (set by scripts/run-bench.mjs; else the parent of bench/). */
export const BENCH_ROOT = process.env.CONVSPEC_ROOT ?? join(__dirname, "..");

/** Median of the values (the upper middle one for an even count); robust against a busy machine. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error("median: no timings");
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Runs `f` once: `[seconds of wall-clock time, its result]`. */
export function timed<T>(f: () => T): [number, T] {
  const t = performance.now();
  const r = f();
  return [(performance.now() - t) / 1000, r];
}

/**
 * Runs `bench/<script>` under Debian's /usr/bin/python3 with `input` as JSON on stdin and returns
 * its JSON stdout; a failing reference is an error (its stderr in the message), never a silent skip.
 */
export function pythonReference<T = any>(script: string, input: unknown): T {
  const r = spawnSync("/usr/bin/python3", [join(BENCH_ROOT, "bench", script)], { input: JSON.stringify(input), encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`python reference bench/${script} failed (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
