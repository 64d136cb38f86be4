import { test } from "node:test";
import assert from "node:assert/strict";
import { boundGradient, REGULARISER_BOUNDS, type RegulariserBound } from "../../../src/regularisation/index";
import { checkJacobian } from "../../../src/models/index";
import { Rng, OptionError, ShapeError, DomainError, type KernelTensor } from "../../../src/core/index";
import { circulantBound, gramIterationBound, supFrobeniusEstimate, tapFrobeniusSum, tapSpectralSum } from "../../../src/bounds/index";
import { spectralNorm } from "../../../src/spectrum/index";

function randomKernel(seed: number, cout: number, cin: number, shape: number[]): KernelTensor {
  const rng = new Rng(seed);
  const taps = shape.reduce((a, b) => a * b, 1);
  return { cout, cin, shape, origin: shape.map((k) => Math.floor((k - 1) / 2)), data: rng.normals(cout * cin * taps) };
}
const withData = (K: KernelTensor, data: Float64Array): KernelTensor => ({ ...K, data });
const n = [6, 6];
const opts = (method: RegulariserBound) => ({ method, inputShape: n, tol: 1e-12 });

// Taylor test: the bound along K + h D must match value + h <g, D> to second order. Generic random
// kernels have a unique maximiser and a simple top singular value, so every bound is smooth there.
for (const method of REGULARISER_BOUNDS) {
  for (const [cout, cin] of [[3, 2], [2, 3]]) {
    test(`boundGradient(${method}) passes a Taylor test on a random ${cout}x${cin}x3x3 kernel`, () => {
      const K = randomKernel(11 + cout, cout, cin, [3, 3]);
      const check = checkJacobian({
        f: (x) => Float64Array.of(boundGradient(withData(K, x), opts(method)).value),
        jacobianMv: (x, v) => {
          const g = boundGradient(withData(K, x), opts(method)).gradient;
          let s = 0;
          for (let i = 0; i < g.length; i++) s += g[i] * v[i];
          return Float64Array.of(s);
        },
      }, K.data, { seed: 3, steps: 14, name: method });
      assert.ok(check.passed, check.toString());
    });
  }
}

// The values are those of the library's bounds (each tested there against dense references); 1e-12
// relative: the same quantity by another code path (different summation order / SVD routine).
test("boundGradient values equal the library's bounds and spectralNorm", () => {
  const K = randomKernel(5, 4, 3, [3, 3]);
  const N = [8, 8];
  const ref: Record<RegulariserBound, number> = {
    exact: spectralNorm(K, { inputShape: n, tol: 1e-12 }).value,
    circulant: circulantBound(K, n, "zero"),
    "tap-spectral-sum": tapSpectralSum(K),
    "sup-frobenius": supFrobeniusEstimate(K, N),
    "tap-frobenius-sum": tapFrobeniusSum(K),
    "gram-iteration": gramIterationBound(K, N, 5),
  };
  for (const m of REGULARISER_BOUNDS) {
    const v = boundGradient(K, opts(m)).value;
    assert.ok(Math.abs(v - ref[m]) <= 1e-10 * ref[m], `${m}: ${v} vs ${ref[m]}`);
  }
  // ordering of a guaranteed bound chain: exact <= circulant <= sup-frobenius, exact <= gram
  const val = (m: RegulariserBound) => boundGradient(K, opts(m)).value;
  assert.ok(val("exact") <= val("circulant") * (1 + 1e-12));
  assert.ok(val("circulant") <= val("sup-frobenius") * (1 + 1e-12));
  assert.ok(val("circulant") <= val("gram-iteration") * (1 + 1e-12));
  assert.ok(val("tap-spectral-sum") <= val("tap-frobenius-sum") * (1 + 1e-12));
});

// Every bound is positively homogeneous of degree 1 in K, so <g, K> = b (Euler); an independent
// check of the gradient's scale (1e-9: Lanczos residual 1e-12 and round-off).
test("boundGradient gradients satisfy Euler's identity <g, K> = b", () => {
  const K = randomKernel(8, 3, 3, [3, 3]);
  for (const m of REGULARISER_BOUNDS) {
    const r = boundGradient(K, opts(m));
    let s = 0;
    for (let i = 0; i < K.data.length; i++) s += r.gradient[i] * K.data[i];
    assert.ok(Math.abs(s - r.value) <= 1e-9 * r.value, `${m}: <g,K> = ${s}, b = ${r.value}`);
  }
});

// Ties. Every bound is convex in K, so a returned subgradient g satisfies b(K + D) >= b(K) + <g, D>
// for all D; a wrong "gradient" at a kink (e.g. twice the true one-sided slope) violates it for some D.
function assertSubgradient(K: KernelTensor, method: RegulariserBound, seed: number) {
  const r = boundGradient(K, opts(method));
  const rng = new Rng(seed);
  for (let trial = 0; trial < 40; trial++) {
    const D = rng.normals(K.data.length, 10 ** rng.range(-6, 0));
    const x = K.data.map((k, i) => k + D[i]);
    let lin = r.value;
    for (let i = 0; i < D.length; i++) lin += r.gradient[i] * D[i];
    const b = boundGradient(withData(K, x), opts(method)).value;
    // 1e-10 absolute slack: the Lanczos residual target 1e-12 on values of order 1
    assert.ok(b >= lin - 1e-10, `${method}: b(K+D) = ${b} < b(K) + <g,D> = ${lin}`);
  }
  return r;
}

test("boundGradient flags a tie between frequencies and returns a subgradient (symmetric 1x3 kernel [1, 0, 1]: |F| = 2 at w = 0 and w = pi)", () => {
  const K: KernelTensor = { cout: 1, cin: 1, shape: [1, 3], origin: [0, 1], data: Float64Array.of(1, 0, 1) };
  for (const m of ["circulant", "sup-frobenius", "gram-iteration"] as const) {
    const r = assertSubgradient(K, m, 4);
    assert.equal(r.tie, true, m);
    assert.ok(Math.abs(r.value - 2) < 1e-12, `${m}: ${r.value}`);
  }
});

test("boundGradient on a kernel with a repeated top singular value (2-channel identity) returns a subgradient", () => {
  // T = I: all singular values equal 1; every top pair gives a subgradient
  const K: KernelTensor = { cout: 2, cin: 2, shape: [3, 3], origin: [1, 1], data: new Float64Array(36) };
  K.data[0 * 9 + 4] = 1; K.data[3 * 9 + 4] = 1;
  for (const m of ["exact", "circulant", "tap-spectral-sum"] as const) {
    const r = assertSubgradient(K, m, 7);
    assert.ok(Math.abs(r.value - 1) < 1e-9, `${m}: ${r.value}`);
    if (m !== "exact") assert.equal(r.tie, true, m);
  }
});

test("boundGradient returns 0 on zero taps (the centre of the subdifferential) and flags them", () => {
  const K = randomKernel(2, 2, 2, [3, 3]);
  for (let b = 0; b < 4; b++) K.data[b * 9 + 0] = 0; // tap 0 zero in every channel pair
  for (const m of ["tap-spectral-sum", "tap-frobenius-sum"] as const) {
    const r = assertSubgradient(K, m, 9);
    assert.equal(r.tie, true);
    for (let b = 0; b < 4; b++) assert.equal(r.gradient[b * 9], 0);
  }
});

test("boundGradient rejects unknown methods, wrong shapes, NaN taps and unknown options with typed errors", () => {
  const K = randomKernel(1, 2, 2, [3, 3]);
  assert.throws(() => boundGradient(K, { method: "nope" as RegulariserBound, inputShape: n }), OptionError);
  assert.throws(() => boundGradient(K, { method: "exact", inputShape: [6] }), ShapeError);
  assert.throws(() => boundGradient(withData(K, K.data.map((v, i) => (i === 3 ? NaN : v))), { method: "circulant", inputShape: n }), DomainError);
  assert.throws(() => boundGradient(K, { method: "circulant", inputShape: n, lambda: 1 } as never), OptionError);
  assert.throws(() => boundGradient(K, { method: "circulant", inputShape: n, tieTolerance: -1 }), DomainError);
});
