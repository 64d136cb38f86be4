import { test } from "node:test";
import assert from "node:assert/strict";
import { fitDecayRate, harmonicEigenvalues, predictedDecayExponent } from "../../../src/tangent-kernels/index";
import { DomainError, OptionError } from "../../../src/core/errors";

test("predictedDecayExponent of one pixel is Bietti and Mairal's zeta (NTK) and zeta + 2 (GP) at every depth", () => {
  for (const zeta of [2, 3, 5, 9]) for (const layers of [1, 4]) {
    assert.equal(predictedDecayExponent({ zeta, pixels: 1, layers, support: [0] }).exponent, zeta);
    assert.equal(predictedDecayExponent({ zeta, pixels: 1, layers, kind: "gp", support: [0] }).exponent, zeta + 2);
  }
});

test("predictedDecayExponent vanishes where no receptive field covers the support, and matches the settled local slope along k = (s, s) (zeta = 2, d = 2, q = 2)", () => {
  const none = predictedDecayExponent({ zeta: 3, pixels: 4, filterSize: 2, layers: 1, support: [0, 2] });
  assert.equal(none.exponent, null);
  assert.ok(none.vanishes && /no layer-1 receptive field/.test(none.reason));
  // alpha = 2 nu + (zeta - 1) |R| = 1 + 2 = 3 (NTK), 3 + 2 = 5 (GP) along k = (s, s)
  for (const kind of ["ntk", "gp"] as const) {
    const pred = predictedDecayExponent({ zeta: 2, pixels: 2, filterSize: 2, kind, support: [0, 1] }).exponent!;
    // method "gauss": on the torus the FFT's aliasing is ~n^-alpha absolute, 30% of lambda at k = (60, 60) with 512 nodes
    const s = harmonicEigenvalues({ zeta: 2, pixels: 2, filterSize: 2, kind, maxDegree: 120 });
    const ks = Array.from({ length: 30 }, (_, i) => 2 * (i + 1));
    const f = fitDecayRate(ks.map((k) => 2 * k), ks.map((k) => s.eigenvalueOf([k, k])), { range: [60, 120] });
    // eigenvalues to ~1e-13 absolute (error column) against lambda ~ 1e-7..1e-10; the local slope has settled to < 0.01 (measured 3.0008)
    assert.ok(Math.abs(f.localSlopes[f.localSlopes.length - 1].exponent - pred) < 0.02, `${kind}: local slope ${f.localSlopes[f.localSlopes.length - 1].exponent} vs ${pred}`);
  }
});

test("predictedDecayExponent rejects bad supports and options", () => {
  assert.throws(() => predictedDecayExponent({ zeta: 3, pixels: 2, support: [] }), OptionError);
  assert.throws(() => predictedDecayExponent({ zeta: 3, pixels: 2, support: [2] }), OptionError);
  assert.throws(() => predictedDecayExponent({ zeta: 3, pixels: 2, support: [0, 0] }), OptionError);
  assert.throws(() => predictedDecayExponent({ zeta: 1, pixels: 2, support: [0] }), DomainError);
  assert.throws(() => predictedDecayExponent({ zeta: 3, pixels: 2, filterSize: 3, support: [0] }), DomainError);
});
