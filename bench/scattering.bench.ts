/**
 * Benchmarks of src/scattering (scatteringEnergy), each timed side by side with the numpy
 * implementation of the same algorithm (bench/scattering.py: depth-first over paths, the same
 * pruning and last-layer shortcut, np.fft.fftn / ifftn) in the same run; median of 3 rounds,
 * rounds interleaved, process start-up and the numpy warm-up excluded:
 * 1. 1-D: the loudest 4096-sample window of alsa-utils' Front_Center.wav, shannon bank J = 8
 *    (16 analytic filters), depth 4, prune 1e-10;
 * 2. 2-D: scipy's ascent (data/ascent, 256 x 256, mean-subtracted), shannon bank J = 4 with 8
 *    orientations (32 filters), depth 3, prune 1e-8.
 * Cross-check: both give the same W_n, outputs and pruned energy (relative 1e-9). Wall time is the
 * BENCH row; the CPU time of each side is printed beside it (robust to other jobs on the machine).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { filterBank, scatteringEnergy, type FilterBank } from "../src/scattering/index";
import { readWav } from "../src/io/wav";
import { parseNpy } from "../src/io/npy";
import { median, pythonReference } from "./harness";

const root = process.env.CONVSPEC_ROOT ?? join(__dirname, "..");
const repeats = 3;

function support(r: Float64Array): number[] { const out: number[] = []; for (let k = 0; k < r.length / 2; k++) if (r[2 * k] !== 0 || r[2 * k + 1] !== 0) out.push(k); return out; }

function run(name: string, shape: number[], signal: Float64Array, bank: FilterBank, depth: number, prune: number): void {
  // the numpy reference takes 0/1 masks as supports (true of shannon banks)
  for (const f of [bank.lowpass, ...bank.filters.map((g) => g.response)]) for (let k = 0; k < f.length; k++) if (f[k] !== 0 && f[k] !== 1) throw new Error("bench: the numpy reference needs 0/1 masks");
  const cfg = { shape, signal: Array.from(signal), lowpass: support(bank.lowpass), filters: bank.filters.map((f) => support(f.response)), depth, prune, repeats: 1 };
  const x = shape.length === 1 ? signal : { shape, data: signal };
  let ours = scatteringEnergy(x, bank, { depth, prune, maxPaths: 1e7 }); // warm-up (plans, packed bank)
  const tOurs: number[] = [];
  const tRef: number[] = [];
  const cOurs: number[] = [];
  const cRef: number[] = [];
  let ref = pythonReference<{ median_s: number; cpu_s: number; propagated: number[]; output: number[]; pruned: number }>("scattering.py", cfg);
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    const c = process.cpuUsage();
    ours = scatteringEnergy(x, bank, { depth, prune, maxPaths: 1e7 });
    tOurs.push((performance.now() - t) / 1000);
    cOurs.push(process.cpuUsage(c).user / 1e6);
    ref = pythonReference<{ median_s: number; cpu_s: number; propagated: number[]; output: number[]; pruned: number }>("scattering.py", cfg);
    tRef.push(ref.median_s);
    cRef.push(ref.cpu_s);
  }
  let worst = Math.abs(ours.pruned - ref.pruned) / ours.input;
  for (let n = 0; n <= depth; n++) {
    worst = Math.max(worst, Math.abs(ours.layers[n].propagated - ref.propagated[n]) / ours.input);
    if (n < depth) worst = Math.max(worst, Math.abs(ours.layers[n].output! - ref.output[n]) / ours.input);
  }
  const paths = ours.layers.reduce((a, l) => a + l.paths, 0);
  console.log(`${name}: ${paths} paths; W_n / ||f||^2 = ${ours.layers.map((l) => (l.propagated / ours.input).toExponential(3)).join(", ")}; largest difference to numpy ${worst.toExponential(2)} of ||f||^2`);
  if (!(worst < 1e-9)) throw new Error(`${name}: convspec and numpy disagree by ${worst} of ||f||^2`);
  // CPU time of the one thread each side uses: less sensitive than wall time to other jobs on the machine
  console.log(`${name}: CPU time convspec ${median(cOurs).toFixed(3)} s, numpy ${median(cRef).toFixed(3)} s, ratio ${(median(cOurs) / median(cRef)).toFixed(2)}x`);
  console.log("BENCH " + JSON.stringify({ name, convspec_s: median(tOurs), reference: "numpy (same algorithm, np.fft.fftn/ifftn)", reference_s: median(tRef), goal: 1.0 }));
}

function main(): void {
  const voice = readWav("/usr/share/sounds/alsa/Front_Center.wav").channels[0];
  const N = 4096;
  let best = -1;
  let start = 0;
  for (let i = 0; i + N <= voice.length; i += 512) {
    let e = 0;
    for (let j = 0; j < N; j++) e += voice[i + j] ** 2;
    if (e > best) { best = e; start = i; }
  }
  run("scatteringEnergy 1-D, speech N = 4096, shannon J = 8, depth 4, prune 1e-10", [N], voice.slice(start, start + N), filterBank({ kind: "shannon", size: [N], scales: 8 }), 4, 1e-10);

  const a = parseNpy(new Uint8Array(readFileSync(join(root, "data", "ascent", "ascent-256-u16.npy"))), "ascent");
  const img = Float64Array.from(a.data as ArrayLike<number>);
  const mean = img.reduce((s, v) => s + v, 0) / img.length;
  for (let i = 0; i < img.length; i++) img[i] -= mean;
  run("scatteringEnergy 2-D, ascent 256x256, shannon J = 4, 8 orientations, depth 3, prune 1e-8", [256, 256], img, filterBank({ kind: "shannon", size: [256, 256], scales: 4, orientations: 8 }), 3, 1e-8);
}

main();
