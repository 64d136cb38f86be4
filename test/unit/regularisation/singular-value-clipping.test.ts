import { test } from "node:test";
import assert from "node:assert/strict";
import { clipSingularValues } from "../../../src/regularisation/index";
import { Rng, DomainError, ShapeError, OptionError, type KernelTensor } from "../../../src/core/index";
import { circulantBound } from "../../../src/bounds/index";
import { singularValues } from "../../../src/spectrum/index";

function randomKernel(seed: number, c: number): KernelTensor {
  return { cout: c, cin: c, shape: [3, 3], origin: [1, 1], data: new Rng(seed).normals(9 * c * c) };
}

// Reference: the library's circular spectrum (Sedghi's FFT + per-frequency SVD, tested against the
// dense SVD in test/unit/spectrum). Clipping must map each singular value s to min(s, c); 1e-10
// relative: two SVD routines on 16x16 / 3x3 blocks.
test("clipSingularValues with support 'full' maps every circular singular value s to min(s, c)", () => {
  const K = randomKernel(3, 3);
  const c = 2;
  const r = clipSingularValues(K, { inputShape: [8, 8], maxNorm: c, padding: "circular", support: "full" });
  assert.deepEqual(r.kernel.shape, [8, 8]);
  const s0 = Array.from(singularValues(K, { inputShape: [8, 8], padding: "circular", method: "circular" })).sort((a, b) => b - a);
  const s1 = Array.from(singularValues(r.kernel, { inputShape: [8, 8], padding: "circular", method: "circular" })).sort((a, b) => b - a);
  assert.equal(s0.length, s1.length);
  for (let j = 0; j < s0.length; j++) assert.ok(Math.abs(s1[j] - Math.min(s0[j], c)) <= 1e-10 * s0[0], `${j}: ${s1[j]} vs min(${s0[j]}, ${c})`);
  // support growth: the clipped operator has taps outside the 3 x 3 support
  let outside = 0;
  for (let b = 0; b < 9; b++) for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) {
    const inside = Math.abs(y - 3) <= 1 && Math.abs(x - 3) <= 1;
    if (!inside) outside = Math.max(outside, Math.abs(r.kernel.data[b * 64 + y * 8 + x]));
  }
  assert.ok(outside > 1e-3, `largest tap outside the 3x3 support: ${outside}`);
});

test("clipSingularValues truncated to k x k exceeds c after one round (the support caveat); alternating rounds decrease the norm towards c", () => {
  const K = randomKernel(3, 3);
  const c = 2;
  const one = clipSingularValues(K, { inputShape: [6, 6], maxNorm: c });
  // the reported norm is the certified circulant bound of the returned kernel (library, 1e-10 relative)
  assert.ok(Math.abs(one.normAfterRounds[0] - circulantBound(one.kernel, [6, 6], "zero")) <= 1e-10 * c);
  assert.ok(one.normBefore > c && one.normAfterRounds[0] > c * 1.05, `after one round: ${one.normAfterRounds[0]}`);
  assert.ok(one.outsideSupportFraction > 0.01);
  const many = clipSingularValues(K, { inputShape: [6, 6], maxNorm: c, rounds: 100 });
  const a = many.normAfterRounds;
  for (let j = 1; j < a.length; j++) assert.ok(a[j] <= a[j - 1] * (1 + 1e-12), `round ${j}: ${a[j]} > ${a[j - 1]}`);
  // convergence to the intersection of the two convex sets: measured 2.0000002 after 100 rounds
  assert.ok(a[a.length - 1] < c * 1.001 && a[a.length - 1] >= c * (1 - 1e-9), `after 100 rounds: ${a[a.length - 1]}`);
});

test("clipSingularValues leaves a kernel already within the norm unchanged", () => {
  const K = randomKernel(4, 2);
  const norm = circulantBound(K, [5, 5], "zero");
  const r = clipSingularValues(K, { inputShape: [5, 5], maxNorm: norm * 1.01 });
  // round trip DFT -> inverse DFT: 1e-12 relative
  for (let i = 0; i < K.data.length; i++) assert.ok(Math.abs(r.kernel.data[i] - K.data[i]) <= 1e-12 * norm);
  assert.ok(r.outsideSupportFraction < 1e-12);
});

test("clipSingularValues rejects bad maxNorm, shapes, rounds with full support and unknown options", () => {
  const K = randomKernel(1, 2);
  assert.throws(() => clipSingularValues(K, { inputShape: [6, 6], maxNorm: -1 }), DomainError);
  assert.throws(() => clipSingularValues(K, { inputShape: [6, 6], maxNorm: NaN }), DomainError);
  assert.throws(() => clipSingularValues(K, { inputShape: [6], maxNorm: 1 }), ShapeError);
  assert.throws(() => clipSingularValues(K, { inputShape: [6, 6], maxNorm: 1, support: "full", rounds: 3 }), DomainError);
  assert.throws(() => clipSingularValues(K, { inputShape: [6, 6], maxNorm: 1, iterations: 3 } as never), OptionError);
});
