import { test } from "node:test";
import assert from "node:assert/strict";
import { standardiseImages, DomainError, ShapeError } from "../../../src/core/index";

const set = (pixels: number[], count: number) => ({ images: Float64Array.from(pixels), labels: new Uint8Array(count), count, height: 1, width: pixels.length / count });

// Reference set [0, 2, 4, 6]: mean 3, population sd sqrt(5) (closed form); the second set is mapped
// with the reference's statistics, not its own.
test("standardiseImages uses the first set's mean and population sd for every set and leaves the inputs untouched", () => {
  const train = set([0, 2, 4, 6], 2), other = set([3, 8], 1);
  const { sets: [a, b], mean, sd } = standardiseImages(train, other);
  assert.equal(mean, 3);
  assert.ok(Math.abs(sd - Math.sqrt(5)) < 1e-15);
  assert.deepEqual(Array.from(a.images, (v) => +v.toFixed(12)), [-3, -1, 1, 3].map((v) => +(v / Math.sqrt(5)).toFixed(12)));
  assert.ok(Math.abs(b.images[1] - 5 / Math.sqrt(5)) < 1e-15);
  assert.deepEqual(Array.from(train.images), [0, 2, 4, 6]);
  assert.equal(b.count, 1);
  assert.throws(() => standardiseImages(set([1, 1], 1)), DomainError);
  assert.throws(() => standardiseImages(), ShapeError);
});
