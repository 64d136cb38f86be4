import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { Rng } from "../../../src/core/random";
import { FormatError, ShapeError } from "../../../src/core/errors";
import { checkJacobian } from "../../../src/models/checks";
import { ConvClassifier } from "../../../src/models/classifier";
import { defaultDigitsDir, loadDigits } from "../../../src/models/digits";
import { fullKernelModel } from "../../../src/models/kernel-model";
import { ConvLayer } from "../../../src/models/layer";
import { ParametricConv } from "../../../src/models/parametric-conv";
import { compareTrainingRuns, trainDigitClassifier } from "../../../src/models/train";
import { integrateLinearOde, shiftedAntisymmetricOperator } from "../../../src/models/stability";
import { DISPLAY } from "../../../src/display/channel";
import { doublySymmetricStencilModel, mMatrixStencilModel } from "../../../src/stencil/parametric";
import { numpy } from "./helpers";

const data = loadDigits();

test("shipped digits load and agree with an independent python reader of the same file", () => {
  assert.equal(data.count, 600);
  assert.equal(data.height * data.width, 64);
  const ref = numpy<{ labels: number[]; sum: number; first: number[] }>(`
import os
raw = open(os.path.join(data['dir'], 'digits-8x8.u8'), 'rb').read()
a = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 65)
out = {'labels': a[:, 0].tolist(), 'sum': int(a[:, 1:].astype(np.int64).sum()), 'first': a[0, 1:].tolist()}`, { dir: defaultDigitsDir() });
  assert.deepEqual(Array.from(data.labels), ref.labels);
  // pixel counts are integers / 16: the sum is exact in double precision
  assert.equal(Math.round(data.images.reduce((s, v) => s + v, 0) * 16), ref.sum);
  assert.deepEqual(Array.from(data.images.subarray(0, 64), (v) => v * 16), ref.first);
  assert.match(data.licence, /BSD-3-Clause/);
});

test("a truncated or altered data file raises FormatError", () => {
  const dir = mkdtempSync(join(tmpdir(), "digits-"));
  const src = defaultDigitsDir();
  copyFileSync(join(src, "manifest.json"), join(dir, "manifest.json"));
  const bytes = readFileSync(join(src, "digits-8x8.u8"));
  writeFileSync(join(dir, "digits-8x8.u8"), bytes.subarray(0, bytes.length - 1));
  assert.throws(() => loadDigits({ dir }), /has 38999 bytes/);
  const altered = Buffer.from(bytes); altered[70] ^= 1;
  writeFileSync(join(dir, "digits-8x8.u8"), altered);
  assert.throws(() => loadDigits({ dir }), FormatError);
  assert.throws(() => loadDigits({ dir: join(dir, "nope") }), FormatError);
});

test("classifier gradient (chain rule through the layer's J^T) passes the Taylor test", () => {
  // tanh keeps the loss smooth, so E1 must fall like h^2 (ReLU would cross kinks)
  // (with and without the 2x2 average pooling, whose transpose is part of the chain)
  for (const [model, pool] of [[fullKernelModel(2, 1, [3, 3]), 1], [doublySymmetricStencilModel([3, 3]), 2], [fullKernelModel(3, 1, [3, 3]), 4]] as const) {
    const conv = new ParametricConv(model, { grid: [8, 8], boundary: "zero" });
    const clf = new ConvClassifier(new ConvLayer(conv, "tanh"), 10, { pool });
    const rng = new Rng(31);
    const params = rng.normals(clf.nparams, 0.3);
    const Y = data.images.subarray(0, 20 * 64);
    const labels = data.labels.subarray(0, 20);
    const res = checkJacobian({
      f: (p) => Float64Array.of(clf.lossAndGradient(p, Y, labels).loss),
      jacobianMv: (p, v) => { const g = clf.lossAndGradient(p, Y, labels).gradient; let s = 0; for (let k = 0; k < g.length; k++) s += g[k] * v[k]; return Float64Array.of(s); },
    }, params, { seed: 2 });
    assert.ok(res.passed, res.toString());
  }
});

test("training is reproducible and learns: loss falls, test accuracy far above chance", () => {
  const opts = { model: fullKernelModel(2, 1, [3, 3]), trainCount: 200, testCount: 100, iterations: 40 };
  const a = trainDigitClassifier(data, opts);
  const b = trainDigitClassifier(data, opts);
  assert.deepEqual(Array.from(a.params), Array.from(b.params)); // seeded: bit-identical
  assert.ok(a.losses[0] > 2 && a.finalLoss < 0.5 * a.losses[0], a.toString());
  // 10 balanced classes: chance is 10%; 40 Adam steps on 200 images reach well above 50%
  assert.ok(a.testAccuracy > 0.5, a.toString());
  // M-matrix stencil: the projection keeps theta in its domain
  const m = trainDigitClassifier(data, { model: mMatrixStencilModel([3, 3]), trainCount: 100, testCount: 50, iterations: 15 });
  assert.ok(Array.from(m.params.subarray(0, 8)).every((t) => t >= 0));
  // displays carry no wall-clock time (byte-identical notebook outputs); on request they do
  const cmp = compareTrainingRuns([a, m]);
  assert.ok(!/ s\)|seconds/.test(a.toString() + cmp.toString() + cmp.tableHtml()), cmp.tableHtml());
  assert.ok(a.summary({ timings: true }).endsWith(` (${a.seconds.toFixed(1)} s)`) && cmp.tableHtml({ timings: true }).includes("<th>seconds</th>"));
  assert.throws(() => a.summary({ time: true } as never), /timings/);
});

test("training rejects bad input", () => {
  assert.throws(() => trainDigitClassifier(data, { model: fullKernelModel(2, 2, [3, 3]) }), ShapeError);
  assert.throws(() => trainDigitClassifier(data, { model: fullKernelModel(2, 1, [3]) }), ShapeError);
  assert.throws(() => trainDigitClassifier(data, { model: fullKernelModel(2, 1, [3, 3]), trainCount: 500, testCount: 200 }), ShapeError);
  const clf = new ConvClassifier(new ConvLayer(new ParametricConv(fullKernelModel(1, 1, [3, 3]), { grid: [8, 8] })));
  assert.throws(() => clf.lossAndGradient(new Float64Array(clf.nparams), data.images.subarray(0, 128), data.labels.subarray(0, 3)), ShapeError);
  assert.throws(() => new ConvClassifier(clf.layer, 10, { pool: 3 }), /does not divide/);
});

test("training runs, comparisons and ODE runs render (table + SVG plots)", async () => {
  const run = trainDigitClassifier(data, { model: fullKernelModel(1, 1, [3, 3]), trainCount: 50, testCount: 20, iterations: 12, evalEvery: 4 });
  assert.deepEqual(run.testCurve.map(([it]) => it), [0, 4, 8, 12]);
  const bundle = await compareTrainingRuns([run])[DISPLAY]();
  assert.match(String(bundle["text/html"]), /<table>.*test acc.*<svg.*<svg/s);
  const ode = integrateLinearOde(shiftedAntisymmetricOperator({ cout: 1, cin: 1, shape: [3], origin: [1], data: Float64Array.of(1, 0, 2) }, [8], 0), new Rng(1).normals(8), { scheme: "leapfrog", stepSize: 0.1, steps: 10 });
  const ob = await ode[DISPLAY]();
  assert.match(String(ob["image/svg+xml"]), /^<svg/);
  assert.equal(ode.norms.length, 11);
});
