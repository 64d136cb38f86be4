import { test } from "node:test";
import assert from "node:assert/strict";
import { trainRegularised, type EpochRecord, type RegularisedTrainingOptions } from "../../../src/regularisation/index";
import { Rng, DomainError, ShapeError, OptionError } from "../../../src/core/index";

// A tiny labelled data set (uniform pixels, labels 0..9): enough to drive every code path of the trainer.
function tinySet(seed: number, count: number, h = 6, w = 6) {
  const rng = new Rng(seed);
  return { images: rng.uniforms(count * h * w), labels: Uint8Array.from({ length: count }, () => rng.int(0, 9)), count, height: h, width: w };
}
const base = (): RegularisedTrainingOptions => ({ train: tinySet(1, 24), test: tinySet(2, 10), channels: 2, blocks: 1, epochs: 2, batchSize: 8 });
// Everything an epoch records except its wall-clock times, which legitimately differ between runs.
const measured = (es: readonly EpochRecord[]) => es.map(({ seconds, regulariserSeconds, ...rest }) => rest);

test("trainRegularised is reproducible bit for bit: one seed gives identical weights and records twice, another seed differs", () => {
  for (const regularisation of [{ kind: "none" as const }, { kind: "penalty" as const, bound: "exact" as const, lambda: 0.05 }, { kind: "projection" as const, maxNorm: 1, every: 2 }]) {
    const a = trainRegularised({ ...base(), seed: 3, regularisation });
    const b = trainRegularised({ ...base(), seed: 3, regularisation });
    // deepStrictEqual compares Float64Arrays element by element with Object.is: bit-identical (NaN at epoch 0 included)
    assert.deepStrictEqual(a.params, b.params, regularisation.kind);
    assert.deepStrictEqual(measured(a.epochs), measured(b.epochs), regularisation.kind);
    const c = trainRegularised({ ...base(), seed: 4, regularisation });
    assert.notDeepStrictEqual(a.params, c.params, regularisation.kind);
  }
});

test("trainRegularised with a large exact-sigma penalty ends with a smaller product of sigma_max than without", () => {
  // lambda = 1 makes sum_l sigma_l^2 (about 5 at initialisation) dominate the cross-entropy (about 2.3),
  // so a correct penalty gradient must pull the product down; a sign error would push it up.
  const none = trainRegularised({ ...base(), epochs: 3, seed: 5 });
  const pen = trainRegularised({ ...base(), epochs: 3, seed: 5, regularisation: { kind: "penalty", bound: "exact", lambda: 1 } });
  const last = (r: typeof none) => r.epochs[r.epochs.length - 1].sigmaProduct;
  assert.ok(last(pen) < 0.5 * last(none), `penalised ${last(pen)} vs unpenalised ${last(none)}`);
  assert.ok(last(pen) < pen.epochs[0].sigmaProduct, "the penalty lowers the product below its initial value");
});

test("trainRegularised rejects lambda < 0, non-finite lambda, bad maxNorm, shapes that do not fit and unknown options with typed errors", () => {
  assert.throws(() => trainRegularised({ ...base(), regularisation: { kind: "penalty", lambda: -0.1 } }), (e: Error) => e instanceof DomainError && /lambda must be a finite number >= 0, got -0.1/.test(e.message));
  assert.throws(() => trainRegularised({ ...base(), regularisation: { kind: "penalty", lambda: NaN } }), DomainError);
  assert.throws(() => trainRegularised({ ...base(), regularisation: { kind: "penalty", lambda: Infinity } }), DomainError);
  assert.throws(() => trainRegularised({ ...base(), regularisation: { kind: "projection", maxNorm: 0 } }), DomainError);
  assert.throws(() => trainRegularised({ ...base(), regularisation: { kind: "penalty", bound: "nuclear" as never } }), /bound/);
  assert.throws(() => trainRegularised({ ...base(), regularisation: { kind: "decay" as never } }), /kind/);
  assert.throws(() => trainRegularised({ ...base(), test: tinySet(2, 10, 5, 6) }), (e: Error) => e instanceof ShapeError && /6x6.*5x6/.test(e.message));
  const short = tinySet(1, 24);
  assert.throws(() => trainRegularised({ ...base(), train: { ...short, count: 25 } }), ShapeError);
  assert.throws(() => trainRegularised({ ...base(), batchSize: 25 }), DomainError);
  assert.throws(() => trainRegularised({ ...base(), learningRate: 0.1 } as never), OptionError);
});

// sgd-momentum with learning rate 1e300: step 1 (at the initial weights) is finite, its update makes
// the kernels ~1e298, and the forward pass of step 2 overflows to Infinity. Training must stop there
// with the step and the layer in the message, never record an epoch of non-finite numbers.
test("trainRegularised stops with a DomainError naming the step and the layer when training diverges", () => {
  const seen: EpochRecord[] = [];
  assert.throws(
    () => trainRegularised({ ...base(), optimiser: { kind: "sgd-momentum", learningRate: 1e300 }, onEpoch: (r) => seen.push(r) }),
    (e: Error) => e instanceof DomainError && /step 2 \(epoch 1\)/.test(e.message) && /layer "(stem|block 1 conv [12])"|(stem|block 1 conv [12]) kernel/.test(e.message),
  );
  assert.deepStrictEqual(seen.map((r) => r.epoch), [0], "only the initial record, no epoch with non-finite numbers");
});
