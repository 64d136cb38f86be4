import { test } from "node:test";
import assert from "node:assert/strict";
import { meanInterval, studentT975, summariseStudy, createOptimiser, type RunRecord } from "../../../src/regularisation/index";
import { DomainError, ShapeError, OptionError } from "../../../src/core/index";
import { pythonOracle } from "../../helpers/python-oracle";

test("studentT975 matches scipy.stats.t.ppf(0.975, df) to 5e-5 for df = 1..30 and to 1e-4 beyond", () => {
  const dfs = [...Array.from({ length: 30 }, (_, i) => i + 1), 31, 40, 60, 100, 1000];
  const ref = pythonOracle<number[]>("from scipy.stats import t\nout = [float(t.ppf(0.975, d)) for d in inp]", dfs);
  dfs.forEach((df, i) => assert.ok(Math.abs(studentT975(df) - ref[i]) < (df <= 30 ? 5e-5 : 1e-4), `df ${df}: ${studentT975(df)} vs ${ref[i]}`));
  assert.throws(() => studentT975(0), DomainError);
});

test("meanInterval gives mean +- t sd / sqrt(n) (closed form for [1, 2, 3]: 2 +- 4.30265 / sqrt(3))", () => {
  const r = meanInterval([1, 2, 3]);
  assert.equal(r.mean, 2);
  assert.ok(Math.abs(r.halfWidth - 4.30265 / Math.sqrt(3)) < 1e-12);
  assert.equal(meanInterval([5]).halfWidth, Infinity);
  assert.throws(() => meanInterval([]), ShapeError);
  assert.throws(() => meanInterval([1, NaN]), DomainError);
});

const epoch = (e: number, train: number, testAcc: number, prod: number) => ({ epoch: e, trainLoss: 1, trainAccuracy: train, testAccuracy: testAcc, layerSigmas: [prod], sigmaProduct: prod, lipschitzBound: prod, seconds: e ? 2 : 0, regulariserSeconds: e ? 0.5 : 0 });

test("summariseStudy groups runs by condition and reports the last epoch's accuracies, gap and sigma product", () => {
  const runs: RunRecord[] = [
    { name: "none", regularisation: { kind: "none" }, seed: 1, epochs: [epoch(0, 0.1, 0.1, 5), epoch(1, 0.9, 0.8, 10)] },
    { name: "none", regularisation: { kind: "none" }, seed: 2, epochs: [epoch(0, 0.1, 0.1, 5), epoch(1, 0.8, 0.7, 20)] },
    { name: "exact λ=0.1", regularisation: { kind: "penalty", bound: "exact", lambda: 0.1 }, seed: 1, epochs: [epoch(0, 0.1, 0.1, 5), epoch(1, 0.7, 0.7, 2)] },
    { name: "exact λ=0.1", regularisation: { kind: "penalty", bound: "exact", lambda: 0.1 }, seed: 2, epochs: [epoch(0, 0.1, 0.1, 5), epoch(1, 0.7, 0.7, 2)] },
  ];
  const s = summariseStudy(runs);
  assert.equal(s.conditions.length, 2);
  const none = s.get("none");
  assert.ok(Math.abs(none.testAccuracy.mean - 0.75) < 1e-15);
  assert.ok(Math.abs(none.gap.mean - 0.1) < 1e-15);
  assert.equal(none.sigmaProduct.mean, 15);
  // two seeds: t_{0.975,1} * sd / sqrt 2 with sd = 5 sqrt 2 -> 12.7062 * 5
  assert.ok(Math.abs(none.sigmaProduct.halfWidth - 12.7062 * 5) < 1e-9);
  assert.deepEqual(none.sigmaProductCurve, [5, 15]);
  assert.equal(none.regulariserFraction.mean, 0.25);
  assert.match(s.toMarkdown(), /\| exact λ=0.1 \| 2 \|/);
  assert.throws(() => s.get("nope"), DomainError);
  assert.throws(() => summariseStudy([]), ShapeError);
});

// Optimisers against hand-computed steps.
test("createOptimiser: sgd-momentum and adam make the closed-form first two steps", () => {
  const x = Float64Array.of(1, -1);
  const sgd = createOptimiser(2, { kind: "sgd-momentum", learningRate: 0.1, momentum: 0.5 });
  sgd.step(x, Float64Array.of(1, 2)); // m = g; x -= 0.1 g
  sgd.step(x, Float64Array.of(1, 2)); // m = 0.5 g + g = 1.5 g
  assert.ok(Math.abs(x[0] - (1 - 0.1 - 0.15)) < 1e-15 && Math.abs(x[1] - (-1 - 0.2 - 0.3)) < 1e-15);
  const y = Float64Array.of(0);
  const adam = createOptimiser(1, { kind: "adam", learningRate: 0.01 });
  adam.step(y, Float64Array.of(3)); // bias-corrected m/sqrt(v) = 3/3 = 1 (eps 1e-8)
  assert.ok(Math.abs(y[0] + 0.01 * 3 / (3 + 1e-8)) < 1e-15);
  assert.throws(() => createOptimiser(2, { kind: "rmsprop" as never }), OptionError);
  assert.throws(() => createOptimiser(2, { learningRate: -1 }), DomainError);
  assert.throws(() => sgd.step(Float64Array.of(1), Float64Array.of(1)), ShapeError);
});
