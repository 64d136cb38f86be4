import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../../src/core/random";
import { DomainError, OptionError, ShapeError } from "../../../src/core/errors";
import { DISPLAY } from "../../../src/display/channel";
import { checkAdjoint, checkJacobian, linearOperator } from "../../../src/models/checks";
import { ACTIVATIONS, ConvLayer } from "../../../src/models/layer";
import { parametricConvRegistry, registeredKernelModels } from "../../../src/models/registry";

// The thresholds are the lecture's: adjoint gap < 1e-10, Taylor test with > 3 good steps.

const registry = parametricConvRegistry();

test("the registry covers every kernel model on every boundary rule", () => {
  assert.equal(registry.length, 3 * registeredKernelModels().length);
  assert.ok(registry.some((r) => r.conv.grid.length === 1) && registry.some((r) => r.conv.grid.length === 2));
  assert.ok(registry.some((r) => r.conv.cin > 1) && registry.some((r) => r.conv.cout > 1));
});

test("adjoint and Taylor checks pass on EVERY registered operator (K(theta) and J_theta)", () => {
  for (const r of registry) {
    const a1 = checkAdjoint(r.conv.kernelOperator(r.theta, r.examples), { seed: 3, name: r.name });
    assert.ok(a1.passed, `kernel adjoint ${a1}`);
    const a2 = checkAdjoint(r.conv.jacobianOperator(r.theta, r.Y), { seed: 4, name: r.name });
    assert.ok(a2.passed, `J_theta adjoint ${a2}`);
    const j = checkJacobian({ f: (t) => r.conv.apply(t, r.Y), jacobianMv: (t, v) => r.conv.jthetaMv(t, v, r.Y) }, r.theta, { direction: r.direction, name: r.name });
    assert.ok(j.passed, j.toString());
    // the model's own K(theta) -> J: Taylor test at the kernel level too (catches a wrong jacobianMv in a family)
    const m = r.conv.model;
    const jk = checkJacobian({ f: (t) => m.kernel(t), jacobianMv: (t, v) => m.jacobianMv(t, v) }, r.theta, { direction: r.direction, name: m.name });
    assert.ok(jk.passed, jk.toString());
    const ak = checkAdjoint(linearOperator([m.nparams], [m.cout, m.cin, ...m.shape], (v) => m.jacobianMv(r.theta, v), (w) => m.jacobianTMv(r.theta, w)), { seed: 7, name: m.name });
    assert.ok(ak.passed, ak.toString());
  }
});

test("single layer sigma(K(theta) Y + b): Jacobians in theta, b, Y pass both checks for every operator and activation", () => {
  const rng = new Rng(17);
  for (const r of registry) for (const act of ACTIVATIONS) {
    const layer = new ConvLayer(r.conv, act);
    // ReLU has kinks where K Y + b = 0; a Taylor test needs a point away from them, so draw b
    // until every pre-activation is at least 1e-2 from 0 (deterministic: seeded draws), and use
    // 24 steps so that several step sizes lie below the kink distance.
    const A = r.conv.apply(r.theta, r.Y);
    const N = r.conv.npoints;
    let b = rng.normals(r.conv.cout, 0.3);
    const nearKink = (bb: Float64Array) => A.some((a, k) => Math.abs(a + bb[Math.floor(k / N) % r.conv.cout]) < 1e-2);
    while (act === "relu" && nearKink(b)) b = rng.normals(r.conv.cout, 0.3);
    const steps = act === "relu" ? 24 : 16;
    const ops = layer.jacobianOperators(r.theta, b, r.Y);
    for (const [which, op] of Object.entries(ops)) {
      const a = checkAdjoint(op, { seed: 8, name: `${r.name} ${act} J_${which}` });
      assert.ok(a.passed, a.toString());
    }
    const label = `${r.name} ${act}`;
    const jt = checkJacobian({ f: (t) => layer.forward(t, b, r.Y), jacobianMv: (t, v) => layer.linearize(t, b, r.Y).jthetaMv(v) }, r.theta, { direction: r.direction, steps, name: `${label} theta` });
    const jb = checkJacobian({ f: (t) => layer.forward(r.theta, t, r.Y), jacobianMv: (t, v) => layer.linearize(r.theta, t, r.Y).jbMv(v) }, b, { seed: 10, steps, name: `${label} b` });
    const jy = checkJacobian({ f: (t) => layer.forward(r.theta, b, t), jacobianMv: (t, v) => layer.linearize(r.theta, b, t).jYMv(v) }, r.Y, { seed: 11, steps, name: `${label} Y` });
    for (const j of [jt, jb, jy]) assert.ok(j.passed, j.toString());
  }
});

test("checkJacobian: observed orders 1 and 2 on a smooth map; a wrong Jacobian FAILS", () => {
  const f = (x: Float64Array) => Float64Array.from(x, (v, i) => Math.sin(v) * (i + 1));
  const good = (x: Float64Array, v: Float64Array) => Float64Array.from(x, (xi, i) => Math.cos(xi) * (i + 1) * v[i]);
  const x0 = new Rng(1).normals(6);
  const ok = checkJacobian({ f, jacobianMv: good }, x0);
  assert.ok(ok.passed);
  // sin is smooth: at h = 2^-4..2^-8 E0 falls like h and E1 like h^2 (orders within 0.1 of 1 and 2)
  for (const row of ok.rows.slice(4, 9)) {
    assert.ok(Math.abs(row.orderE0 - 1) < 0.1, `order E0 ${row.orderE0}`);
    assert.ok(Math.abs(row.orderE1 - 2) < 0.1, `order E1 ${row.orderE1}`);
  }
  // The lecture's verdict accepts E0/E1 > 100, so it detects Jacobian errors above ~1% of |J v|
  // (documented in checks.ts); a 50% error in one component of six is far above that.
  const wrong = (x: Float64Array, v: Float64Array) => { const g = good(x, v); g[2] *= 1.5; return g; };
  const bad = checkJacobian({ f, jacobianMv: wrong }, x0);
  assert.equal(bad.passed, false, bad.toString());
  // a convolution Jacobian that is 5% too large: E1 ~ 0.05 h |J v|, E0/E1 ~ 20 < 100 at every step
  const r = registry.find((e) => e.conv.grid.length === 2 && e.conv.cout > 1)!;
  const badConv = checkJacobian({ f: (t) => r.conv.apply(t, r.Y), jacobianMv: (t, v) => { const j = r.conv.jthetaMv(t, v, r.Y); return j.map((x) => 1.05 * x); } }, r.theta);
  assert.equal(badConv.passed, false);
});

test("checkAdjoint: a wrong adjoint FAILS", () => {
  const r = registry.find((e) => e.conv.grid.length === 2 && e.conv.cin === e.conv.cout && e.conv.model.name.startsWith("full"))!;
  const op = r.conv.kernelOperator(r.theta, 1);
  // A^T off by 0.1% in one entry
  const perturbed = checkAdjoint(linearOperator(op.inputShape, op.outputShape, op.apply, (y) => { const x = op.applyT(y); x[0] *= 1.001; x[0] += 1e-3; return x; }));
  assert.equal(perturbed.passed, false, perturbed.toString());
  // A used as its own transpose: wrong for a random (non-symmetric) kernel
  const selfAdjoint = checkAdjoint(linearOperator(op.inputShape, op.outputShape, op.apply, op.apply));
  assert.equal(selfAdjoint.passed, false, selfAdjoint.toString());
});

test("check results render as tables (and the Taylor test as a log-log SVG plot)", async () => {
  const r = registry[0];
  const a = checkAdjoint(r.conv.kernelOperator(r.theta, r.examples));
  const ab = a[DISPLAY]();
  assert.match(String(ab["text/html"]), /<table>.*relative gap/s);
  assert.match(String(ab["text/plain"]), /passed/);
  const j = checkJacobian({ f: (t) => r.conv.apply(t, r.Y), jacobianMv: (t, v) => r.conv.jthetaMv(t, v, r.Y) }, r.theta, { steps: 8 });
  const jb = await j[DISPLAY]();
  assert.match(String(jb["text/html"]), /<table>.*order E1/s);
  assert.match(String(jb["image/svg+xml"]), /^<svg/);
  assert.equal((String(jb["text/plain"]).match(/\n/g) ?? []).length, 8); // header + 8 rows
});

test("checks reject bad input with typed errors", () => {
  const f = { f: (x: Float64Array) => x, jacobianMv: (_x: Float64Array, v: Float64Array) => v };
  assert.throws(() => checkJacobian(f, new Float64Array(3), { direction: new Float64Array(2) }), ShapeError);
  assert.throws(() => checkJacobian(f, new Float64Array(3), { direction: new Float64Array(3) }), DomainError);
  assert.throws(() => checkJacobian(f, new Float64Array(3), { steps: 2 }), DomainError);
  assert.throws(() => checkJacobian(f, new Float64Array(3), { step: 2 } as never), OptionError);
  assert.throws(() => checkAdjoint(linearOperator([2], [3], (x) => x, (y) => y)), ShapeError);
});
