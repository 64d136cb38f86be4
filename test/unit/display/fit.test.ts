import { test } from "node:test";
import assert from "node:assert/strict";
import { fitPowerLaw } from "../../../src/display/fit";
import { Rng } from "../../../src/core/random";
import { DomainError, ShapeError } from "../../../src/core/errors";
import { python } from "./helpers";

test("fitPowerLaw recovers an exact power law y = 3 x^2.5", () => {
  const x = [2, 4, 8, 16, 32, 64, 128];
  const f = fitPowerLaw(x, x.map((v) => 3 * v ** 2.5));
  // Exact data: only rounding in log10 and the sums, ~1e-15 relative; 1e-12 is a safe bound.
  assert.ok(Math.abs(f.slope - 2.5) < 1e-12, `slope ${f.slope}`);
  assert.ok(Math.abs(f.intercept - Math.log10(3)) < 1e-12, `intercept ${f.intercept}`);
  assert.ok(Math.abs(f.r2 - 1) < 1e-12);
  assert.deepEqual([f.count, f.xMin, f.xMax], [7, 2, 128]);
});

test("fitPowerLaw on noisy data matches numpy.polyfit in log10-log10", () => {
  const rng = new Rng(7);
  const x = Array.from({ length: 40 }, (_, i) => 1.3 ** (i + 1));
  const y = x.map((v) => 0.5 * v ** -1.7 * Math.exp(0.2 * rng.normal()));
  const f = fitPowerLaw(x, y, [2, 1e4]);
  const ref = python<{ slope: number; intercept: number; n: number }>(
    `x = np.array(data["x"]); y = np.array(data["y"]); m = (x >= 2) & (x <= 1e4)
p = np.polyfit(np.log10(x[m]), np.log10(y[m]), 1)
out = {"slope": p[0], "intercept": p[1], "n": int(m.sum())}`,
    { x, y },
  );
  // Two least-squares solvers on the same well-conditioned 2-parameter problem agree to ~1e-14.
  assert.equal(f.count, ref.n);
  assert.ok(Math.abs(f.slope - ref.slope) < 1e-10, `${f.slope} vs numpy ${ref.slope}`);
  assert.ok(Math.abs(f.intercept - ref.intercept) < 1e-10, `${f.intercept} vs numpy ${ref.intercept}`);
  assert.ok(f.r2 > 0.9 && f.r2 < 1);
});

test("fitPowerLaw rejects non-positive values, mismatched lengths and degenerate ranges", () => {
  assert.throws(() => fitPowerLaw([1, 2], [1, 0]), DomainError);
  assert.throws(() => fitPowerLaw([-1, 2], [1, 1]), DomainError);
  assert.throws(() => fitPowerLaw([1, 2], [1, NaN]), DomainError);
  assert.throws(() => fitPowerLaw([1, 2, 3], [1, 2]), ShapeError);
  assert.throws(() => fitPowerLaw([1, 1, 1], [1, 2, 3]), ShapeError);
  assert.throws(() => fitPowerLaw([1, 2, 3], [1, 2, 3], [10, 20]), ShapeError);
  assert.throws(() => fitPowerLaw([1, 2, 3], [1, 2, 3], [3, 1]), DomainError);
});
