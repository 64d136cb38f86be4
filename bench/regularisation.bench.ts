/**
 * Benchmarks of src/regularisation, timed side by side in the same run (median over steps,
 * process start-up and the first, warm-up step excluded):
 * 1. one training step (forward + backward + Adam update; ours: median of 8 steps, tfjs: mean of 2) of the study's SmallResNet (14 x 14
 *    Fashion-MNIST, 8 channels, 2 blocks, 5 convs of 3 x 3) on a batch of 64 images, against
 *    @tensorflow/tfjs's pure-JS CPU backend running the same network (the same weights; conv2d "same"
 *    is cross-correlation with zero padding, as ours) with tf.train.adam and tf.variableGrads;
 * 2. the penalty gradient sum_l d(b_l^2)/dK_l for every conv layer per step, for the exact sigma_max
 *    (Lanczos warm-started from the previous step's singular vector, as trainRegularised does) and for
 *    sum_p ||K_p||_2, each as a fraction of our training step (reference = the step).
 * Cross-check: loss and gradients of the first step agree with tfjs (float32) to ~1e-5 relative.
 */
import { SmallResNet, createOptimiser, boundGradient, type RegulariserBound } from "../src/regularisation/index";
import { loadFashionMnist } from "../src/io/index";
import { standardiseImages } from "../src/core/index";
import { median } from "./harness";

const steps = 8; // our timed steps after one warm-up step
// tfjs steps timed: its CPU backend's conv2d filter gradient takes seconds per layer (about 40 s a
// step on the shared machine), so 2 steps after the cross-check's variableGrads call (its warm-up)
const tfSteps = 2;
const batch = 64;

async function main() {
  const { sets: [train] } = standardiseImages(loadFashionMnist({ split: "train", count: batch * (steps + 1), pool: 2 }));
  const [H, W] = [train.height, train.width];
  const net = new SmallResNet({ inputShape: [H, W], channels: 8, blocks: 2 });
  const p0 = net.init(1);
  const batchOf = (s: number) => ({ x: train.images.subarray(s * batch * H * W, (s + 1) * batch * H * W), y: train.labels.subarray(s * batch, (s + 1) * batch) });

  // --- tfjs: the same network on the same weights
  const tf = require("@tensorflow/tfjs");
  await tf.setBackend("cpu");
  const c = net.channels;
  const vars = net.layers.map((L) => {
    const k = new Float32Array(9 * L.cin * L.cout); // [3][3][cin][cout] from ours [cout][cin][3][3]
    for (let o = 0; o < L.cout; o++) for (let i = 0; i < L.cin; i++) for (let t = 0; t < 9; t++) k[(t * L.cin + i) * L.cout + o] = p0[L.kernelOffset + (o * L.cin + i) * 9 + t];
    return { k: tf.variable(tf.tensor4d(k, [3, 3, L.cin, L.cout])), b: tf.variable(tf.tensor1d(Float32Array.from(p0.subarray(L.biasOffset, L.biasOffset + L.cout)))) };
  });
  const Wt = new Float32Array(c * 10);
  for (let k = 0; k < 10; k++) for (let ch = 0; ch < c; ch++) Wt[ch * 10 + k] = p0[net.headOffset + k * c + ch];
  const Wv = tf.variable(tf.tensor2d(Wt, [c, 10])), cv = tf.variable(tf.tensor1d(Float32Array.from(p0.subarray(net.headOffset + 10 * c, net.headOffset + 11 * c - c + 10))));
  const conv = (x: any, l: number) => tf.add(tf.conv2d(x, vars[l].k, 1, "same"), vars[l].b);
  const tfLoss = (x: any, y: any) => () => {
    let h = tf.relu(conv(x, 0));
    for (let r = 0; r < net.blocks; r++) h = tf.relu(tf.add(h, conv(tf.relu(conv(h, 1 + 2 * r)), 2 + 2 * r)));
    const z = tf.add(tf.matMul(tf.mean(h, [1, 2]), Wv), cv);
    return tf.losses.softmaxCrossEntropy(y, z);
  };
  const tfBatch = (s: number) => { const { x, y } = batchOf(s); return { x: tf.tensor4d(Float32Array.from(x), [batch, H, W, 1]), y: tf.oneHot(tf.tensor1d(Int32Array.from(y), "int32"), 10) }; };

  // cross-check of the first step's loss and gradients (before any update)
  const { x: x0, y: y0 } = batchOf(0);
  const ours0 = net.lossAndGradient(p0, x0, y0);
  const b0 = tfBatch(0);
  const { value, grads } = tf.variableGrads(tfLoss(b0.x, b0.y));
  const tfL = (await value.data())[0];
  const gStem: Float32Array = await grads[vars[0].k.name].data();
  let gd = 0, gm = 0;
  const L0 = net.layers[0];
  for (let o = 0; o < L0.cout; o++) for (let t = 0; t < 9; t++) { const a = ours0.gradient[L0.kernelOffset + o * 9 + t], b = gStem[t * L0.cout + o]; gd = Math.max(gd, Math.abs(a - b)); gm = Math.max(gm, Math.abs(a)); }
  console.log(`first-step loss: convspec ${ours0.loss.toFixed(6)}, tfjs ${tfL.toFixed(6)}; stem kernel gradient max |diff| / max |g| = ${(gd / gm).toExponential(2)}`);

  // 1. training steps, interleaved
  const opt = createOptimiser(net.nparams, { kind: "adam", learningRate: 0.01 });
  const tfOpt = tf.train.adam(0.01);
  const params = p0.slice();
  const ours: number[] = [], theirs: number[] = [];
  const penalty: Record<string, number[]> = { exact: [], "tap-spectral-sum": [] };
  const starts: (Float64Array | undefined)[] = net.layers.map(() => undefined);
  for (let s = 0; s <= steps; s++) {
    const { x, y } = batchOf(s);
    let t = performance.now();
    const lg = net.lossAndGradient(params, x, y);
    opt.step(params, lg.gradient);
    const tOurs = (performance.now() - t) / 1000;
    let tTf = NaN;
    if (s < tfSteps) {
      const tb = tfBatch(s);
      t = performance.now();
      const cost = tfOpt.minimize(tfLoss(tb.x, tb.y), true);
      await cost.data();
      tTf = (performance.now() - t) / 1000;
      cost.dispose(); tb.x.dispose(); tb.y.dispose();
      theirs.push(tTf);
    }
    // the penalty gradients at this step's weights (exact: warm start from the previous step, as in training)
    const tPen: Record<string, number> = {};
    for (const method of ["exact", "tap-spectral-sum"] as RegulariserBound[]) {
      t = performance.now();
      net.layers.forEach((_, l) => {
        const bg = boundGradient(net.kernel(params, l), { method, inputShape: [H, W], tol: 1e-6, start: method === "exact" ? starts[l] : undefined });
        if (bg.state) starts[l] = bg.state;
      });
      tPen[method] = (performance.now() - t) / 1000;
    }
    if (s === 0) continue; // our warm-up (JIT, cold Lanczos)
    ours.push(tOurs);
    for (const m of Object.keys(penalty)) penalty[m].push(tPen[m]);
  }
  const step = median(ours);
  console.log("BENCH " + JSON.stringify({ name: "SmallResNet training step (fwd + bwd + Adam), batch 64, 14x14, 8 ch, 2 blocks", convspec_s: step, reference: "@tensorflow/tfjs 4.11 CPU backend (pure JS, float32), same network", reference_s: theirs.reduce((a, b) => a + b, 0) / theirs.length, goal: 1.0 }));
  console.log("BENCH " + JSON.stringify({ name: "exact-sigma penalty gradient, all 5 convs (warm Lanczos), as a fraction of the step", convspec_s: median(penalty.exact), reference: "one convspec training step (above)", reference_s: step }));
  console.log("BENCH " + JSON.stringify({ name: "sum_p ||K_p||_2 penalty gradient, all 5 convs, as a fraction of the step", convspec_s: median(penalty["tap-spectral-sum"]), reference: "one convspec training step (above)", reference_s: step }));
}
main().catch((e) => { console.error(e); process.exit(1); });
