import { test } from "node:test";
import assert from "node:assert/strict";
import { arcCosine } from "../../../src/tangent-kernels/index";
import { DomainError, OptionError } from "../../../src/core/errors";
import { Rng } from "../../../src/core/random";

// Reference: k0 and k1 as Gaussian expectations, 2 E[relu'(a) relu'(b)] and 2 E[relu(a) relu(b)],
// integrated by a 2-D Gauss-Hermite-free route: the orthant probability (Sheppard's formula,
// P(a > 0, b > 0) = 1/4 + asin(u)/(2 pi)) gives k0 without acos; k1 is checked by its derivative
// identity k1' = k0 (central differences) and its values at u = -1, 0, 1.
test("arcCosine(0, u) equals twice Sheppard's orthant probability 1/4 + asin(u)/(2 pi)", () => {
  const rng = new Rng(1);
  for (let i = 0; i < 200; i++) {
    const u = rng.range(-1, 1);
    // acos and asin are both correctly rounded to ~1 ulp; 4 eps covers both
    assert.ok(Math.abs(arcCosine(0, u) - 2 * (0.25 + Math.asin(u) / (2 * Math.PI))) <= 4e-16);
  }
});

test("arcCosine(1, u) has k1(-1) = 0, k1(0) = 1/pi, k1(1) = 1 and derivative k0", () => {
  assert.equal(arcCosine(1, -1), 0);
  assert.ok(Math.abs(arcCosine(1, 0) - 1 / Math.PI) < 1e-16);
  assert.equal(arcCosine(1, 1), 1);
  assert.equal(arcCosine(0, 1), 1);
  for (const u of [-0.9, -0.3, 0.1, 0.5, 0.95]) {
    const h = 1e-5;
    const fd = (arcCosine(1, u + h) - arcCosine(1, u - h)) / (2 * h);
    // central difference error h^2 k1'''/6 ~ 1e-10 / (1-u^2)^(3/2) (<= 4e-9 at u = 0.95), round-off 1e-16/h = 1e-11
    assert.ok(Math.abs(fd - arcCosine(0, u)) < 1e-8, `u = ${u}`);
    assert.ok(Math.abs(arcCosine(1, u, { derivative: 1 }) - arcCosine(0, u)) < 1e-16);
    const fd0 = (arcCosine(0, u + h) - arcCosine(0, u - h)) / (2 * h);
    assert.ok(Math.abs(fd0 - arcCosine(0, u, { derivative: 1 })) < 1e-7, `k0' at ${u}`);
  }
});

test("arcCosine is vectorised over arrays and matches the Monte Carlo expectation 2 E[relu(a) relu(b)]", () => {
  const us = [-0.7, 0, 0.6];
  const v = arcCosine(1, us);
  assert.ok(v instanceof Float64Array && v.length === 3);
  const rng = new Rng(7);
  const M = 200000;
  for (let i = 0; i < us.length; i++) {
    const u = us[i];
    let s = 0, s2 = 0;
    for (let m = 0; m < M; m++) {
      const a = rng.normal(), b = u * a + Math.sqrt(1 - u * u) * rng.normal();
      const x = 2 * Math.max(a, 0) * Math.max(b, 0);
      s += x; s2 += x * x;
    }
    const mean = s / M, sd = Math.sqrt(s2 / M - mean * mean);
    // CLT: |mean - k1| < 5 standard errors (seeded, so deterministic; 5 sigma leaves margin)
    assert.ok(Math.abs(mean - v[i]) < 5 * sd / Math.sqrt(M), `u = ${u}: MC ${mean} vs ${v[i]}`);
  }
});

test("arcCosine rejects u outside [-1, 1], NaN, unknown orders and options", () => {
  assert.throws(() => arcCosine(1, 1.01), DomainError);
  assert.throws(() => arcCosine(0, NaN), DomainError);
  assert.throws(() => arcCosine(1, [0, 2]), /argument 1/);
  assert.throws(() => arcCosine(2 as 0, 0.5), OptionError);
  assert.throws(() => arcCosine(0, 0.5, { derivative: 2 as 1 }), OptionError);
  assert.throws(() => arcCosine(0, 0.5, { bogus: 1 } as object), OptionError);
  assert.equal(arcCosine(1, 1 + 1e-13), 1); // round-off slack is clamped
});
