import { test } from "node:test";
import assert from "node:assert/strict";
import { SmallResNet } from "../../../src/regularisation/index";
import { checkJacobian } from "../../../src/models/index";
import { Rng, ShapeError, DomainError } from "../../../src/core/index";

function tinyData(seed: number, nex: number, h: number, w: number) {
  const rng = new Rng(seed);
  return { images: rng.uniforms(nex * h * w), labels: Uint8Array.from({ length: nex }, () => rng.int(0, 9)) };
}

// Taylor test of the whole backward pass (loss as a function of ALL parameters) on a tiny network.
// Random data puts no pre-activation exactly at a ReLU kink; checkJacobian's small steps stay on one
// side of every kink, so E1 falls like h^2 when the gradient is right.
test("SmallResNet.lossAndGradient passes a Taylor test on a tiny network (2 channels, 2 blocks, 5x6 images)", () => {
  const net = new SmallResNet({ inputShape: [5, 6], channels: 2, blocks: 2 });
  const { images, labels } = tinyData(1, 3, 5, 6);
  const p0 = net.init(2);
  // non-zero biases so that the bias gradients are exercised away from 0
  for (const L of net.layers) for (let o = 0; o < L.cout; o++) p0[L.biasOffset + o] = 0.1 * (o + 1);
  const check = checkJacobian({
    f: (p) => Float64Array.of(net.lossAndGradient(p, images, labels).loss),
    jacobianMv: (p, v) => {
      const g = net.lossAndGradient(p, images, labels).gradient;
      let s = 0;
      for (let i = 0; i < g.length; i++) s += g[i] * v[i];
      return Float64Array.of(s);
    },
  }, p0, { seed: 5, steps: 20, name: "resnet loss" });
  assert.ok(check.passed, check.toString());
});

// Per-tensor Taylor tests: a direction supported on one tensor only, so that an error in one layer's
// gradient cannot hide behind larger terms of the others.
test("SmallResNet gradients of each conv kernel and the classifier pass their own Taylor tests", () => {
  const net = new SmallResNet({ inputShape: [4, 4], channels: 3, blocks: 1 });
  const { images, labels } = tinyData(3, 4, 4, 4);
  const p0 = net.init(4);
  const ranges: [string, number, number][] = net.layers.map((L) => [L.name, L.kernelOffset, L.biasOffset + L.cout]);
  ranges.push(["head", net.headOffset, net.nparams]);
  for (const [name, a, b] of ranges) {
    const dir = new Float64Array(net.nparams);
    const rng = new Rng(a + 1);
    for (let j = a; j < b; j++) dir[j] = rng.normal();
    const check = checkJacobian({
      f: (p) => Float64Array.of(net.lossAndGradient(p, images, labels).loss),
      jacobianMv: (p, v) => { const g = net.lossAndGradient(p, images, labels).gradient; let s = 0; for (let i = 0; i < g.length; i++) s += g[i] * v[i]; return Float64Array.of(s); },
    }, p0, { direction: dir, steps: 20, name });
    assert.ok(check.passed, check.toString());
  }
});

// Independent value check: with zero kernels and biases the features are 0, so the logits are the
// classifier bias and the loss is the cross-entropy of softmax(c) (closed form).
test("SmallResNet loss with zero convolutions equals the closed-form cross-entropy of the classifier bias", () => {
  const net = new SmallResNet({ inputShape: [4, 4], channels: 2, blocks: 1 });
  const p = new Float64Array(net.nparams);
  const bias = net.headOffset + 10 * 2;
  for (let k = 0; k < 10; k++) p[bias + k] = 0.1 * k;
  const { images, labels } = tinyData(2, 5, 4, 4);
  const lse = Math.log(Array.from({ length: 10 }, (_, k) => Math.exp(0.1 * k)).reduce((a, b) => a + b, 0));
  const expected = Array.from(labels, (y) => lse - 0.1 * y).reduce((a, b) => a + b, 0) / labels.length;
  // 1e-14: a handful of exp/log evaluations
  assert.ok(Math.abs(net.lossAndGradient(p, images, labels).loss - expected) < 1e-14);
});

test("SmallResNet is deterministic for a seed and rejects bad shapes, labels and non-finite values", () => {
  const net = new SmallResNet({ inputShape: [4, 4], channels: 2, blocks: 1 });
  assert.deepEqual(net.init(7), net.init(7));
  const { images, labels } = tinyData(2, 3, 4, 4);
  const p = net.init(1);
  assert.throws(() => net.lossAndGradient(p, images.subarray(0, 20), labels), ShapeError);
  assert.throws(() => net.lossAndGradient(p, images, Uint8Array.of(1, 2)), ShapeError);
  assert.throws(() => net.lossAndGradient(p, images, Uint8Array.of(1, 2, 10)), DomainError);
  const bad = p.slice();
  bad[net.layers[1].kernelOffset] = Infinity;
  assert.throws(() => net.lossAndGradient(bad, images, labels), DomainError);
  assert.throws(() => new SmallResNet({ inputShape: [4] as never }), ShapeError);
});
