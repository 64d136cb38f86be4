/**
 * Behaviour unchanged: convOperator and parametricConv on 340 seeded random cases equal the
 * outputs frozen from the code before the shared convolution core (test/fixtures/conv/frozen.json,
 * written by make-conv-fixture.ts at the commit it names).
 *
 * Tolerance: the core may add the same products in another order. Each output entry is a sum of at
 * most nex * cin * taps <= 3 * 3 * 27 = 243 products of O(1) Gaussian numbers, so reordering moves
 * it by at most ~243 * 2^-52 * sum|terms| ~ 1e-12 (terms sum to < 50); the FFT path adds
 * O(eps log N) relative error. 1e-11 times max(1, max|reference|) covers both with margin, and is
 * nine orders of magnitude below the O(1) change any wrong tap, sign or boundary makes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { convOperator, fullKernelModel, parametricConv } from "../../../src/index";
import { OPERATOR_CASES, PARAMETRIC_CASES, operatorCase, parametricCase } from "../../fixtures/conv/cases";

const frozen = JSON.parse(readFileSync(join(__dirname, "../../fixtures/conv/frozen.json"), "utf8"));

function assertClose(what: string, got: Float64Array, want: number[]): void {
  assert.equal(got.length, want.length, `${what}: length`);
  let scale = 1;
  for (const v of want) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let k = 0; k < want.length; k++) worst = Math.max(worst, Math.abs(got[k] - want[k]));
  assert.ok(worst <= 1e-11 * scale, `${what}: max |new - frozen| = ${worst} > ${1e-11 * scale}`);
}

test("convOperator's apply, applyT and toDense equal the frozen outputs on 180 seeded cases (zero, circular, reflect; strides 1-2; 1-D to 3-D)", () => {
  assert.equal(frozen.operator.length, OPERATOR_CASES);
  for (const f of frozen.operator) {
    const c = operatorCase(f.seed);
    const T = convOperator({ cout: c.cout, cin: c.cin, shape: c.shape, origin: c.origin, data: c.kernel }, { inputShape: c.n, padding: c.padding, stride: c.stride });
    const tag = `case ${f.seed} (${c.padding}, n=${c.n}, k=${c.shape}, s=${c.stride})`;
    assertClose(`${tag} apply`, T.apply(c.x), f.apply);
    assertClose(`${tag} applyT`, T.applyT(c.y), f.applyT);
    if (f.dense) assertClose(`${tag} toDense`, T.toDense(), f.dense);
  }
});

test("parametricConv's apply, applyT and jthetaTMv equal the frozen outputs on 160 seeded batched cases (periodic FFT and direct, zero)", () => {
  assert.equal(frozen.parametric.length, PARAMETRIC_CASES);
  for (const f of frozen.parametric) {
    const c = parametricCase(f.seed);
    const P = parametricConv(fullKernelModel(c.cout, c.cin, c.shape, c.origin), { grid: c.grid, boundary: c.boundary, method: c.method });
    const tag = `case ${f.seed} (${c.boundary}/${c.method}, grid=${c.grid}, k=${c.shape}, nex=${c.nex})`;
    assertClose(`${tag} apply`, P.apply(c.theta, c.Y), f.apply);
    assertClose(`${tag} applyT`, P.applyT(c.theta, c.W), f.applyT);
    assertClose(`${tag} jthetaTMv`, P.jthetaTMv(c.theta, c.W, c.Y), f.jthetaTMv);
  }
});
