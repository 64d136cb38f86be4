import { test } from "node:test";
import assert from "node:assert/strict";
import { gaussLegendre, gaussJacobi, gegenbauerRule, sphereAngleRule, sphereNormalisation, gegenbauerTable, harmonicMultiplicity } from "../../../src/tangent-kernels/index";
import { DomainError, SizeLimitError } from "../../../src/core/errors";
import { pythonOracle } from "../../helpers/python-oracle";

test("gaussLegendre and gaussJacobi match scipy's roots_legendre / roots_jacobi", () => {
  const cases: [number, number, number][] = [[7, 0, 0], [64, 0, 0], [33, -0.5, -0.5], [40, 0.5, 0.5], [25, 1.5, -0.3], [200, 0, 0]];
  const ref = pythonOracle<{ x: number[]; w: number[] }[]>(`from scipy.special import roots_jacobi
out = [dict(zip(["x", "w"], [v.tolist() for v in roots_jacobi(n, a, b)])) for n, a, b in inp]`, cases);
  cases.forEach(([n, a, b], c) => {
    const r = a === 0 && b === 0 && c % 2 === 0 ? gaussLegendre(n) : gaussJacobi(n, a, b);
    const wmax = Math.max(...ref[c].w);
    for (let j = 0; j < n; j++) {
      // nodes agree to a few ulps. Weights: ours come from the Christoffel function at Newton-polished
      // nodes (1e-14 relative against a 40-digit mpmath run of the same recurrence for n = 25,
      // (1.5, -0.3)); scipy's roots_jacobi weight there is off by 3.3e-13 relative, so 5e-13 wmax.
      assert.ok(Math.abs(r.nodes[j] - ref[c].x[j]) < 2e-14, `nodes n=${n} a=${a} b=${b} j=${j}: ${r.nodes[j]} vs ${ref[c].x[j]}`);
      // (end nodes of n = 200: 2e-13 relative to their own weight, below 5e-13 wmax)
      assert.ok(Math.abs(r.weights[j] - ref[c].w[j]) < 5e-13 * wmax + 5e-13 * ref[c].w[j], `weights n=${n} a=${a} b=${b} j=${j}: ${r.weights[j]} vs ${ref[c].w[j]}`);
    }
  });
  const gl = gaussLegendre(200), gj = gaussJacobi(200, 0, 0);
  for (let j = 0; j < 200; j++) assert.ok(Math.abs(gl.nodes[j] - gj.nodes[j]) < 2e-14);
});

test("gaussJacobi(33, -1/2, -1/2) is Gauss-Chebyshev: nodes cos((2j+1) pi / 66), weights pi/33", () => {
  const r = gaussJacobi(33, -0.5, -0.5);
  for (let j = 0; j < 33; j++) {
    // closed form; 5e-14 relative: the Christoffel sums of n = 33 squared orthonormal values (measured 1.2e-14)
    assert.ok(Math.abs(r.weights[j] - Math.PI / 33) < 5e-14 * (Math.PI / 33));
    assert.ok(Math.abs(r.nodes[j] + Math.cos(((2 * j + 1) * Math.PI) / 66)) < 2e-15);
  }
});

test("sphereAngleRule integrates the moments E[t^2] = 1/zeta and E[t^4] = 3/(zeta(zeta+2)) of the cosine on S^(zeta-1)", () => {
  for (const zeta of [2, 3, 4, 7, 12]) {
    const r = sphereAngleRule(40, zeta);
    let m0 = 0, m2 = 0, m4 = 0;
    for (let j = 0; j < 40; j++) { m0 += r.weights[j]; m2 += r.weights[j] * r.cosine[j] ** 2; m4 += r.weights[j] * r.cosine[j] ** 4; }
    // smooth periodic-like integrands: GL in theta with 40 nodes is exact to round-off
    assert.ok(Math.abs(m0 - 1) < 1e-14, `zeta ${zeta} mass`);
    assert.ok(Math.abs(m2 - 1 / zeta) < 1e-14);
    assert.ok(Math.abs(m4 - 3 / (zeta * (zeta + 2))) < 1e-14);
  }
  assert.ok(Math.abs(sphereNormalisation(2) - Math.PI) < 1e-15);
  assert.ok(Math.abs(sphereNormalisation(3) - 2) < 1e-15);
  assert.ok(Math.abs(sphereNormalisation(5) - 4 / 3) < 1e-15);
});

test("the angle rule converges exponentially on sqrt(1 - t) while the Gegenbauer rule in t converges algebraically", () => {
  // E[sqrt(1 - t)] on S^2 (zeta = 3, t uniform on [-1, 1]): (1/2) int_{-1}^{1} sqrt(1 - t) dt = (2/3) sqrt 2
  const exact = (2 / 3) * Math.SQRT2;
  const err = (n: number, angle: boolean) => {
    const r = angle ? sphereAngleRule(n, 3) : gegenbauerRule(n, 3);
    const t = angle ? (r as ReturnType<typeof sphereAngleRule>).cosine : (r as ReturnType<typeof gegenbauerRule>).nodes;
    let s = 0; for (let j = 0; j < n; j++) s += r.weights[j] * Math.sqrt(Math.max(0, 1 - t[j]));
    return Math.abs(s - exact);
  };
  assert.ok(err(32, true) < 1e-14);
  assert.ok(err(32, false) > 1e-6); // endpoint singularity: O(n^-3) for GL in t
  assert.ok(err(64, false) > err(128, false) * 4); // algebraic, roughly 8x per doubling
});

test("gegenbauerTable is Chebyshev for zeta = 2, Legendre for zeta = 3, and matches scipy for zeta = 6; multiplicities N(zeta, k)", () => {
  const t = [-0.9, -0.2, 0.4, 0.99];
  const P2 = gegenbauerTable(8, 2, t), P3 = gegenbauerTable(8, 3, t), P6 = gegenbauerTable(30, 6, t);
  const ref = pythonOracle<number[][]>(`from scipy.special import eval_gegenbauer, eval_legendre
t = np.array(inp)
out = [(eval_gegenbauer(k, 2.0, t) / eval_gegenbauer(k, 2.0, 1.0)).tolist() for k in range(31)] + [eval_legendre(k, t).tolist() for k in range(9)]`, t);
  for (let k = 0; k <= 8; k++) t.forEach((v, j) => {
    assert.ok(Math.abs(P2[k * 4 + j] - Math.cos(k * Math.acos(v))) < 1e-14);
    assert.ok(Math.abs(P3[k * 4 + j] - ref[31 + k][j]) < 1e-14);
  });
  for (let k = 0; k <= 30; k++) t.forEach((v, j) => assert.ok(Math.abs(P6[k * 4 + j] - ref[k][j]) < 1e-13, `k ${k}`));
  assert.deepEqual([0, 1, 2, 5].map((k) => harmonicMultiplicity(2, k)), [1, 2, 2, 2]);
  assert.deepEqual([0, 1, 2, 5].map((k) => harmonicMultiplicity(3, k)), [1, 3, 5, 11]);
  // zeta = 4: N = (k+1)^2; zeta = 5: (k+1)(k+2)(2k+3)/6
  assert.deepEqual([0, 1, 2, 5].map((k) => harmonicMultiplicity(4, k)), [1, 4, 9, 36]);
  assert.deepEqual([1, 2, 5].map((k) => harmonicMultiplicity(5, k)), [5, 14, 91]);
});

test("quadrature rules reject bad sizes and parameters", () => {
  assert.throws(() => gaussLegendre(0), DomainError);
  assert.throws(() => gaussLegendre(1e6), SizeLimitError);
  assert.throws(() => gaussJacobi(5, -1, 0), DomainError);
  assert.throws(() => gaussJacobi(5, NaN, 0), DomainError);
  assert.throws(() => sphereAngleRule(10, 1), DomainError);
});
