import { test } from "node:test";
import assert from "node:assert/strict";
import { fitDecayRate, studentTQuantile } from "../../../src/tangent-kernels/index";
import { DomainError, ShapeError } from "../../../src/core/errors";
import { Rng } from "../../../src/core/random";
import { pythonOracle } from "../../helpers/python-oracle";

test("fitDecayRate recovers the exponent and constant of an exact power law 3 k^-4.5, with zero standard error", () => {
  const ks = Array.from({ length: 40 }, (_, i) => i + 2);
  const f = fitDecayRate(ks, ks.map((k) => 3 * k ** -4.5));
  // least squares on exact data: round-off of 40 log10 sums, ~1e-14
  assert.ok(Math.abs(f.exponent - 4.5) < 1e-12);
  assert.ok(Math.abs(f.constant / 3 - 1) < 1e-12);
  assert.ok(f.standardError < 1e-12);
  assert.deepEqual(f.range, [2, 41]);
  assert.ok(f.localSlopes.every((s) => Math.abs(s.exponent - 4.5) < 1e-10));
});

test("fitDecayRate matches scipy.stats.linregress (slope, stderr) and scipy's t quantile on noisy data", () => {
  const rng = new Rng(5);
  const ks = Array.from({ length: 25 }, (_, i) => 3 + 2 * i);
  const ls = ks.map((k) => 0.7 * k ** -2.3 * Math.exp(0.2 * rng.normal()));
  const ref = pythonOracle<{ slope: number; se: number; t: number }>(`from scipy import stats
r = stats.linregress(np.log10(inp["k"]), np.log10(inp["l"]))
out = {"slope": r.slope, "se": r.stderr, "t": float(stats.t.ppf(0.975, len(inp["k"]) - 2))}`, { k: ks, l: ls });
  const f = fitDecayRate(ks, ls);
  // same least-squares problem, two implementations: round-off ~1e-14 relative
  assert.ok(Math.abs(-f.exponent - ref.slope) < 1e-12);
  assert.ok(Math.abs(f.standardError / ref.se - 1) < 1e-10);
  // bisection to 1e-14 relative on a continued-fraction CDF accurate to ~1e-15
  assert.ok(Math.abs(studentTQuantile(0.975, 23) / ref.t - 1) < 1e-10);
  assert.ok(Math.abs(f.interval95[1] - f.exponent - ref.t * ref.se) < 1e-10);
});

test("fitDecayRate's 95% interval covers the true exponent in about 95% of 400 noisy synthetic spectra", () => {
  // lambda_k = k^-3 exp(0.3 eps), eps ~ N(0, 1): OLS on log-log with Gaussian noise, so the interval
  // has exact 95% coverage. Binomial sd over 400 trials: sqrt(.95 .05 / 400) = 1.1%; [0.91, 0.99] is > 3.5 sd.
  const rng = new Rng(11);
  const ks = Array.from({ length: 12 }, (_, i) => 2 + i * 3);
  let covered = 0;
  for (let r = 0; r < 400; r++) {
    const f = fitDecayRate(ks, ks.map((k) => k ** -3 * Math.exp(0.3 * rng.normal())));
    if (f.interval95[0] <= 3 && 3 <= f.interval95[1]) covered++;
  }
  assert.ok(covered / 400 > 0.91 && covered / 400 < 0.99, `coverage ${covered / 400}`);
});

test("fitDecayRate skips exact zeros, negatives, unresolved points and degrees outside the range, and says why", () => {
  const ks = [1, 2, 3, 4, 5, 6, 7, 8];
  const ls = [1, 2 ** -2, 0, 4 ** -2, -1e-17, 6 ** -2, 7 ** -2, 8 ** -2];
  const errs = [0, 0, 0, 0, 0, 0, 0.01, 0];
  const f = fitDecayRate(ks, ls, { errors: errs, range: [2, 8] });
  assert.deepEqual(f.skipped.map((s) => [s.degree, s.reason]), [[1, "outside range"], [3, "non-positive"], [5, "non-positive"], [7, "unresolved"]]);
  assert.equal(f.count, 4);
  assert.ok(Math.abs(f.exponent - 2) < 1e-12);
  assert.throws(() => fitDecayRate([1, 2], [1, 0.5]), ShapeError);
  assert.throws(() => fitDecayRate([1, 2, 3], [1, 0.5]), ShapeError);
  assert.throws(() => fitDecayRate([0, 1, 2], [1, 1, 1]), DomainError);
  assert.throws(() => fitDecayRate([1, 2, 3], [1, NaN, 1]), DomainError);
  assert.throws(() => fitDecayRate([1, 2, 3], [1, 1, 1], { range: [3, 1] }), DomainError);
});
