import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { meanInterval, studentT975, summariseStudy, compareWithBaseline, loadRegularisationStudy, hasRegularisationStudy, createOptimiser, type RunRecord } from "../../../src/regularisation/index";
import { DomainError, ShapeError, OptionError, FormatError } from "../../../src/core/index";
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

// Paired differences by hand: seeds 1, 2; condition minus baseline per seed.
test("compareWithBaseline pairs runs by seed: accuracy and gap differences and the product ratio with t-intervals", () => {
  const runs: RunRecord[] = [
    { name: "none", regularisation: { kind: "none" }, seed: 1, epochs: [epoch(0, 0.1, 0.1, 5), epoch(1, 0.9, 0.8, 40)] },
    { name: "none", regularisation: { kind: "none" }, seed: 2, epochs: [epoch(0, 0.1, 0.1, 5), epoch(1, 0.8, 0.6, 10)] },
    { name: "exact λ=0.1", regularisation: { kind: "penalty", bound: "exact", lambda: 0.1 }, seed: 2, epochs: [epoch(0, 0.1, 0.1, 5), epoch(1, 0.7, 0.7, 5)] },
    { name: "exact λ=0.1", regularisation: { kind: "penalty", bound: "exact", lambda: 0.1 }, seed: 1, epochs: [epoch(0, 0.1, 0.1, 5), epoch(1, 0.8, 0.8, 10)] },
  ];
  const [c] = compareWithBaseline(runs);
  assert.equal(c.name, "exact λ=0.1");
  assert.deepEqual(c.seeds, [2, 1]);
  // test accuracy: seed 1: 0.8 - 0.8 = 0, seed 2: 0.7 - 0.6 = 0.1 -> mean 0.05, sd 0.1/sqrt 2, half-width 12.7062 * 0.05
  assert.ok(Math.abs(c.testAccuracyChange.mean - 0.05) < 1e-15);
  assert.ok(Math.abs(c.testAccuracyChange.halfWidth - 12.7062 * 0.05) < 1e-12);
  // gap: seed 1: 0 - 0.1, seed 2: 0 - 0.2 -> mean -0.15
  assert.ok(Math.abs(c.gapChange.mean + 0.15) < 1e-15);
  // product ratio baseline / condition: 40/10 = 4 and 10/5 = 2 -> geometric mean sqrt 8; log ratios ln 4, ln 2
  assert.ok(Math.abs(c.productReduction.geometricMean - Math.sqrt(8)) < 1e-12);
  const hwLog = 12.7062 * (Math.log(2) / Math.sqrt(2)) / Math.sqrt(2);
  assert.ok(Math.abs(c.productReduction.low - Math.sqrt(8) * Math.exp(-hwLog)) < 1e-9);
  assert.ok(Math.abs(c.productReduction.high - Math.sqrt(8) * Math.exp(hwLog)) < 1e-6);
  assert.throws(() => compareWithBaseline(runs, "projection"), (e: Error) => e instanceof ShapeError && /no run of the baseline "projection"/.test(e.message));
  assert.throws(() => compareWithBaseline(runs.slice(0, 3)), (e: Error) => e instanceof ShapeError && /shares 1 seed/.test(e.message));
});

test("loadRegularisationStudy reads what the script writes (NaN losses from null) and names the file when missing or not a study", () => {
  const dir = mkdtempSync(join(tmpdir(), "regstudy-"));
  const runs = [0, 1].flatMap((k) => [1, 2].map((seed) => ({ name: k ? "exact λ=0.1" : "none", regularisation: k ? { kind: "penalty", lambda: 0.1 } : { kind: "none" }, seed, epochs: [{ ...epoch(0, 0.1, 0.1, 5), trainLoss: null }, epoch(1, 0.8, 0.7, 10 - 5 * k)] })));
  writeFileSync(join(dir, "study.json"), JSON.stringify({ command: "node scripts/regularisation-study.mjs --seeds 2", config: { seeds: 2 }, seconds: 12, runs }));
  assert.equal(hasRegularisationStudy({ dir }), true);
  const s = loadRegularisationStudy({ dir });
  assert.equal(s.command, "node scripts/regularisation-study.mjs --seeds 2");
  assert.ok(Number.isNaN(s.runs[0].epochs[0].trainLoss));
  assert.equal(s.summary.get("exact λ=0.1").sigmaProduct.mean, 5);
  const empty = mkdtempSync(join(tmpdir(), "regstudy-"));
  assert.equal(hasRegularisationStudy({ dir: empty }), false);
  assert.throws(() => loadRegularisationStudy({ dir: empty }), (e: Error) => e instanceof FormatError && /study.json is missing; run scripts\/regularisation-study.mjs/.test(e.message));
  writeFileSync(join(empty, "study.json"), "{ not json");
  assert.throws(() => loadRegularisationStudy({ dir: empty }), (e: Error) => e instanceof FormatError && /not valid JSON/.test(e.message));
  writeFileSync(join(empty, "study.json"), JSON.stringify({ runs: 3 }));
  assert.throws(() => loadRegularisationStudy({ dir: empty }), (e: Error) => e instanceof FormatError && /no "runs" array/.test(e.message));
});
