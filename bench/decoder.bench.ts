/**
 * Benchmarks of src/decoder, each timed side by side with its reference in the same run (median of
 * a few repeats, rounds interleaved, process start-up excluded):
 * 1. the ESRGAN-slim x2 generator on its 128 x 128 photo with every feature map's spectrum map
 *    recorded (loadTfjsModel executor on the shared conv core + spectrumMap) vs the same forward pass
 *    in numpy (BLAS products per tap + np.fft.fft2 per layer), bench/decoder_reference.py;
 * 2. the plain forward pass vs @tensorflow/tfjs's pure-JS CPU backend (what a JavaScript user runs);
 * 3. the Monte Carlo of claim 2 (10^4 random 3x3 kernels, 64 x 64 grid, mean and standard error of
 *    |T|^2 per frequency) vs numpy (fft2 of the padded kernels).
 * Cross-checks: outputs agree with numpy and tfjs; both Monte Carlo means agree with the closed form.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { loadTfjsModel, readPng, monteCarloResponsePower, expectedResponsePower } from "../src/decoder/index";
import { median, pythonReference, timed } from "./harness";

const pkgDir = join(dirname(require.resolve("@upscalerjs/esrgan-slim")), "../../../../..");
const modelJson = join(pkgDir, "models/x2/model.json");
const photo = readPng(join(pkgDir, "assets/fixture.png"));
const repeats = 3;


async function main() {
  const model = loadTfjsModel(modelJson);
  // 1. recorded forward pass vs numpy
  const ours: number[] = [], ref: number[] = [];
  let out = model.forward(photo);
  let numpyOut: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const [t] = timed(() => model.forward(photo, { record: true }));
    ours.push(t);
    const p = pythonReference("decoder_reference.py", { task: "forward", model: modelJson, image: Array.from(photo.data), shape: photo.shape, record: true, repeats: 1 });
    ref.push(p.median_s);
    numpyOut = p.output;
  }
  let d = 0, mx = 0;
  for (let i = 0; i < out.data.length; i++) { d = Math.max(d, Math.abs(out.data[i] - numpyOut[i])); mx = Math.max(mx, Math.abs(out.data[i])); }
  console.log(`generator output vs numpy: max |diff| = ${d.toExponential(2)} (max |output| ${mx.toFixed(1)})`);
  console.log("BENCH " + JSON.stringify({ name: "ESRGAN-slim x2 forward, 128x128 photo, every spectrum map recorded", convspec_s: median(ours), reference: "numpy (BLAS per tap) + fft2 per layer", reference_s: median(ref), goal: 1.0 }));

  // 2. plain forward vs tfjs CPU backend
  const tf = require("@tensorflow/tfjs");
  await tf.setBackend("cpu");
  const json = JSON.parse(readFileSync(modelJson, "utf8"));
  const bin = readFileSync(join(dirname(modelJson), json.weightsManifest[0].paths[0]));
  const tfModel = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) }));
  const [C, H, W] = photo.shape;
  const hwc = new Float32Array(C * H * W);
  for (let c = 0; c < C; c++) for (let i = 0; i < H * W; i++) hwc[i * C + c] = photo.data[c * H * W + i];
  const input = tf.tensor4d(hwc, [1, H, W, C]);
  const plain: number[] = [], tfTimes: number[] = [];
  let yt: Float32Array = new Float32Array(0);
  for (let r = 0; r < repeats; r++) {
    const [t, o] = timed(() => model.forward(photo));
    plain.push(t); out = o;
    const t0 = performance.now();
    const y = tfModel.predict(input);
    yt = await y.data();
    y.dispose();
    tfTimes.push((performance.now() - t0) / 1000);
  }
  d = 0;
  const n = 4 * H * W;
  for (let c = 0; c < 3; c++) for (let i = 0; i < n; i++) d = Math.max(d, Math.abs(out.data[c * n + i] - yt[i * 3 + c]));
  console.log(`generator output vs tfjs (float32): max |diff| = ${d.toExponential(2)}`);
  console.log("BENCH " + JSON.stringify({ name: "ESRGAN-slim x2 forward, 128x128 photo (plain)", convspec_s: median(plain), reference: "@tensorflow/tfjs 4.11 CPU backend (pure JS, float32)", reference_s: median(tfTimes) }));

  // 3. Monte Carlo of E|T|^2
  const opts = { kernelSize: 3, size: [64, 64], mu: 0.1, sigma: 0.2 };
  const exact = expectedResponsePower(opts);
  const mcOurs: number[] = [], mcRef: number[] = [];
  let zOurs = 0, zRef = 0;
  for (let r = 0; r < repeats; r++) {
    const [t, est] = timed(() => monteCarloResponsePower({ ...opts, samples: 10000, seed: 100 + r }));
    mcOurs.push(t);
    const p = pythonReference("decoder_reference.py", { task: "montecarlo", k: 3, n: 64, samples: 10000, mu: 0.1, sigma: 0.2, seed: 100 + r, repeats: 1 });
    mcRef.push(p.median_s);
    for (let f = 0; f < exact.length; f++) { zOurs = Math.max(zOurs, Math.abs(est.mean[f] - exact[f]) / est.standardError[f]); zRef = Math.max(zRef, Math.abs(p.mean[f] - exact[f]) / p.se[f]); }
  }
  console.log(`Monte Carlo vs closed form, worst |z| over 4096 frequencies: convspec ${zOurs.toFixed(2)}, numpy ${zRef.toFixed(2)}`);
  console.log("BENCH " + JSON.stringify({ name: "Monte Carlo E|T|^2, 10^4 3x3 kernels, 64x64", convspec_s: median(mcOurs), reference: "numpy fft2 of padded kernels", reference_s: median(mcRef), goal: 1.0 }));
}
main().catch((e) => { console.error(e); process.exit(1); });
