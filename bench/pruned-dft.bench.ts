// PrunedRealDft (src/grid/pruned-dft.ts), the transforms of every zero-padded FFT product: forward
// and inverse of `width` batched channels on a box n inside the grid L, against numpy's rfftn /
// irfftn of the zero-padded box (bench/pruned_dft_reference.py), at the two sizes of the sigma_max
// benchmark (64 channels, 32 x 32 in 34 x 34; 256 channels, 8 x 8 in 10 x 10). Medians of
// BENCH_REPEATS (default 15) repeats after warm-up, both sides in this run; preallocated outputs.
import { PrunedRealDft } from "../src/grid/pruned-dft";
import { Rng } from "../src/core/random";
import { median, pythonReference } from "./harness";

const REPEATS = Math.max(10, Number(process.env.BENCH_REPEATS ?? 15));
const ms = (f: () => unknown) => { const t = performance.now(); f(); return performance.now() - t; };

for (const [n, L, width] of [[[32, 32], [34, 34], 64], [[8, 8], [10, 10], 256]] as [number[], number[], number][]) {
  const dft = new PrunedRealDft(n, L, width);
  const x = new Rng(17).normals(dft.boxSize * width);
  const X = dft.forward(x);
  const outF = new Float64Array(X.length), outI = new Float64Array(x.length);
  for (let r = 0; r < 5; r++) { dft.forward(x, outF); dft.inverse(X, outI); }
  const tf: number[] = [], ti: number[] = [];
  for (let r = 0; r < REPEATS; r++) { tf.push(ms(() => dft.forward(x, outF))); ti.push(ms(() => dft.inverse(X, outI))); }
  const ref = pythonReference<{ forward_s: number; inverse_s: number }>("pruned_dft_reference.py", { n, L, width, repeats: REPEATS });
  const shape = `n ${n.join("x")} L ${L.join("x")} width ${width}`;
  for (const [dir, t, r] of [["forward", median(tf) / 1000, ref.forward_s], ["inverse", median(ti) / 1000, ref.inverse_s]] as [string, number, number][]) {
    console.log(`# PrunedRealDft.${dir} ${shape}: ${(1000 * t).toFixed(3)} ms, numpy ${(1000 * r).toFixed(3)} ms, ratio ${(t / r).toFixed(2)}`);
    console.log("BENCH " + JSON.stringify({ name: `PrunedRealDft.${dir} ${shape}`, convspec_s: t, reference: "numpy rfftn / irfftn of the zero-padded box", reference_s: r }));
  }
}
