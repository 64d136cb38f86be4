/**
 * Benchmark: all singular values of a 64 -> 64 3x3 kernel on a 32 x 32 circular grid (the exact
 * spectrum of the circularly padded layer, Sedghi et al. 2019): convspec's symbolSingularValues
 * (symbol by separable sums on the half grid F(-w) = conj F(w), 544 batched 64x64 complex SVDs on
 * both cores) vs numpy (fft2 of the padded kernel + np.linalg.svd on the 1024-matrix stack), timed
 * in the same run, median of several repeats each, process start-up excluded on both sides.
 * Also checks that both give the same values (max abs difference relative to sigma_max).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { symbolSingularValues } from "../src/spectrum/batched-grid";
import { circularGrid } from "../src/grid/grids";
import { Rng } from "../src/core/random";
import { shutdownWorkers } from "../src/spectrum/workers";
import { median } from "./harness";

const root = process.env.CONVSPEC_ROOT ?? join(__dirname, "..");
const cout = 64;
const cin = 64;
const k = 3;
const n = 32;
const repeats = 7;
const data = new Rng(2024).normals(cout * cin * k * k, 1 / Math.sqrt(cin * k * k));
const kernel = { cout, cin, shape: [k, k], origin: [1, 1], data };
const grid = circularGrid([n, n]);

/**
 * The machine may be shared, so the two sides are measured INTERLEAVED: each round times one
 * convspec run per variant, then one numpy run (a fresh python process that imports numpy and
 * warms up untimed before its timed run). Medians over the rounds are reported.
 */
function numpyOnce(): { seconds: number; values: number[] } {
  const py = spawnSync("/usr/bin/python3", [join(root, "bench", "circular-spectrum.py")], {
    input: JSON.stringify({ cout, cin, k, n, repeats: 1, data: Array.from(data) }),
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  if (py.status !== 0) throw new Error(`numpy reference failed: ${py.stderr}`);
  const r = JSON.parse(py.stdout) as { median_s: number; values: number[] };
  return { seconds: r.median_s, values: r.values };
}

const variants: Record<string, () => Float64Array> = {
  auto: () => symbolSingularValues(kernel, grid),
  gram: () => symbolSingularValues(kernel, grid, { method: "gram" }),
  sync: () => symbolSingularValues(kernel, grid, { threads: 1 }),
};
const times: Record<string, number[]> = { auto: [], gram: [], sync: [], numpy: [] };
let last = variants.auto(); // warm-up: JIT and worker pool start
for (const f of Object.values(variants)) f();
let ref = numpyOnce();
for (let r = 0; r < repeats; r++) {
  for (const [name, f] of Object.entries(variants)) {
    const t = performance.now();
    const v = f();
    times[name].push((performance.now() - t) / 1000);
    if (name === "auto") last = v;
  }
  ref = numpyOnce();
  times.numpy.push(ref.seconds);
}
const ours = { median: median(times.auto), times: times.auto, last };
const oursGram = { median: median(times.gram) };
const oursSync = { median: median(times.sync) };
const refMedian = median(times.numpy);

let maxDiff = 0;
let smax = 0;
if (ref.values.length !== ours.last.length) throw new Error("numpy and convspec returned different numbers of values");
for (let i = 0; i < ref.values.length; i++) {
  maxDiff = Math.max(maxDiff, Math.abs(ref.values[i] - ours.last[i]));
  smax = Math.max(smax, ref.values[i]);
}
console.log(`values agree with numpy: max |diff| / sigma_max = ${(maxDiff / smax).toExponential(2)}`);
for (const [name, ts] of Object.entries(times)) console.log(`${name} times (s): ${ts.map((t) => t.toFixed(3)).join(" ")}`);
const reference = "numpy fft2 + np.linalg.svd(compute_uv=False), 1024 x 64x64 complex";
console.log("BENCH " + JSON.stringify({ name: "circular spectrum 64->64 3x3, n=32 (bidiagonal, threads auto)", convspec_s: ours.median, reference, reference_s: refMedian, goal: 1.0 }));
console.log("BENCH " + JSON.stringify({ name: "circular spectrum 64->64 3x3, n=32 (gram method, threads auto)", convspec_s: oursGram.median, reference, reference_s: refMedian, goal: 1.0 }));
console.log("BENCH " + JSON.stringify({ name: "circular spectrum 64->64 3x3, n=32 (bidiagonal, 1 thread)", convspec_s: oursSync.median, reference, reference_s: refMedian }));
if (maxDiff > 1e-10 * smax) {
  console.error(`circular-spectrum: values differ from numpy by ${maxDiff}`);
  process.exitCode = 1;
}
void shutdownWorkers();
