import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../../src/core/random";
import { DomainError, OptionError, ShapeError } from "../../../src/core/errors";
import { forwardEulerStableStep, integrateLinearOde, shiftedAntisymmetricOperator } from "../../../src/models/stability";
import { maxAbs, maxDiff, multisetDistance, numpy } from "./helpers";

/** Dense A = K - K^T - gamma I for a single-channel 2-D kernel, written in python from the definition (oracle). */
const DENSE_A = `
def dense_a(K, o, n, gamma, periodic):
    k1, k2 = len(K), len(K[0]); n1, n2 = n; N = n1 * n2
    M = np.zeros((N, N))
    for p1 in range(k1):
        for p2 in range(k2):
            for x1 in range(n1):
                for x2 in range(n2):
                    s1, s2 = x1 + p1 - o[0], x2 + p2 - o[1]
                    if periodic: s1, s2 = s1 % n1, s2 % n2
                    elif not (0 <= s1 < n1 and 0 <= s2 < n2): continue
                    M[x1 * n2 + x2, s1 * n2 + s2] += K[p1][p2]
    return M - M.T - gamma * np.eye(N)
`;

const kernel2d = (rng: Rng) => ({ cout: 1, cin: 1, shape: [3, 3], origin: [1, 1], data: rng.normals(9) });

test("K - K^T - gamma I: eigenvalues have real part -gamma; closed form 2i Im(lambda) - gamma equals numpy eig", () => {
  const rng = new Rng(21);
  for (const gamma of [0, 0.5]) {
    const K = kernel2d(rng);
    const op = shiftedAntisymmetricOperator(K, [5, 6], gamma);
    const mu = op.eigenvalues();
    const ours = Array.from({ length: 30 }, (_, k) => [mu[2 * k], mu[2 * k + 1]] as [number, number]);
    const Kn = [Array.from(K.data.subarray(0, 3)), Array.from(K.data.subarray(3, 6)), Array.from(K.data.subarray(6, 9))];
    const eig = numpy<[number, number][]>(`${DENSE_A}\nw = np.linalg.eigvals(dense_a(data['K'], [1, 1], [5, 6], data['g'], True))\nout = [[float(z.real), float(z.imag)] for z in w]`, { K: Kn, g: gamma });
    // normal 30x30 matrix with O(1) entries: numpy's eigenvalues are accurate to ~1e-14
    assert.ok(multisetDistance(ours, eig) < 1e-10, `gamma ${gamma}: ${multisetDistance(ours, eig)}`);
    for (const [re] of eig) assert.ok(Math.abs(re + gamma) < 1e-10);
  }
});

test("multi-channel, zero boundary: every eigenvalue of K - K^T - gamma I has real part -gamma (numpy)", () => {
  const rng = new Rng(22);
  const K = { cout: 2, cin: 2, shape: [3, 3], origin: [1, 1], data: rng.normals(36) };
  const gamma = 0.3;
  const op = shiftedAntisymmetricOperator(K, [4, 3], gamma, "zero");
  const N = 2 * 12;
  const A: number[][] = [];
  for (let j = 0; j < N; j++) { const e = new Float64Array(N); e[j] = 1; A.push(Array.from(op.apply(e))); } // columns
  const re = numpy<number[]>("A = np.array(data).T\nout = [float(z.real) for z in np.linalg.eigvals(A)]", A);
  assert.equal(re.length, N);
  for (const r of re) assert.ok(Math.abs(r + gamma) < 1e-10, `real part ${r}`);
  assert.throws(() => op.eigenvalues(), ShapeError); // closed form only for one periodic channel
});

test("forward Euler grows ||Y|| for antisymmetric K; leapfrog and the shifted scheme do not (numpy matrix powers as oracle)", () => {
  const rng = new Rng(23);
  const K = kernel2d(rng);
  const Kn = [Array.from(K.data.subarray(0, 3)), Array.from(K.data.subarray(3, 6)), Array.from(K.data.subarray(6, 9))];
  const y0 = rng.normals(30);
  const anti = shiftedAntisymmetricOperator(K, [5, 6], 0);
  const rho = maxAbs(anti.eigenvalues());
  const h = 0.5 / rho; // h * rho = 0.5 < 1: leapfrog's stability limit is 1
  const steps = 200;
  const euler = integrateLinearOde(anti, y0, { scheme: "forward-euler", stepSize: h, steps });
  const leap = integrateLinearOde(anti, y0, { scheme: "leapfrog", stepSize: h, steps });
  const gamma = 1.2 * rho; // |1 + h(-gamma + i s)|^2 = (1 - h gamma)^2 + h^2 s^2 <= 0.16 + 0.25 < 1
  const shifted = integrateLinearOde(shiftedAntisymmetricOperator(K, [5, 6], gamma), y0, { scheme: "forward-euler", stepSize: h, steps });
  const ref = numpy<{ euler: number[]; leap: number[]; shifted: number[] }>(`${DENSE_A}
A = dense_a(data['K'], [1, 1], [5, 6], 0.0, True); As = dense_a(data['K'], [1, 1], [5, 6], data['gamma'], True)
h, n, y0 = data['h'], data['steps'], np.array(data['y0'])
def euler(M):
    y, out = y0.copy(), [np.linalg.norm(y0)]
    for _ in range(n): y = y + h * M @ y; out.append(np.linalg.norm(y))
    return out
prev, cur = y0.copy(), y0 + h * A @ y0; leap = [np.linalg.norm(y0), np.linalg.norm(cur)]
for _ in range(n - 1): prev, cur = cur, prev + 2 * h * A @ cur; leap.append(np.linalg.norm(cur))
out = {'euler': euler(A), 'leap': leap, 'shifted': euler(As)}`, { K: Kn, gamma, h, steps, y0: Array.from(y0) });
  // same recursions in the same precision: relative agreement to ~1e-12 (200 steps of O(1) growth)
  const rel = (a: ArrayLike<number>, b: number[]) => maxDiff(a, b) / Math.max(...b);
  assert.ok(rel(euler.norms, ref.euler) < 1e-10);
  assert.ok(rel(leap.norms, ref.leap) < 1e-10);
  assert.ok(rel(shifted.norms, ref.shifted) < 1e-10);
  // the claims: |1 + h i s| > 1 makes Euler grow; the others stay bounded / decay
  assert.ok(euler.growth > 1.5, euler.toString());
  assert.ok(leap.maxGrowth < 1.5, leap.toString());
  assert.ok(shifted.maxGrowth <= 1 + 1e-12 && shifted.growth < 1e-3, shifted.toString());
});

test("forwardEulerStableStep is the largest h with |1 + h(-gamma + i s)| <= 1 for all |s| <= rho", () => {
  for (const [gamma, rho] of [[1, 6], [0.3, 0.1], [2, 2]]) {
    const h = forwardEulerStableStep(gamma, rho);
    const amp = (hh: number, s: number) => Math.hypot(1 - hh * gamma, hh * s);
    // scan s on [0, rho]: the worst mode is s = rho (amplitude increases with |s|)
    for (let k = 0; k <= 100; k++) assert.ok(amp(h, (rho * k) / 100) <= 1 + 1e-14);
    assert.ok(Math.abs(amp(h, rho) - 1) < 1e-14); // the bound is attained
    assert.ok(amp(1.01 * h, rho) > 1); // and sharp
  }
  assert.equal(forwardEulerStableStep(0, 1), 0);
  assert.throws(() => forwardEulerStableStep(-1, 1), DomainError);
});

test("stability functions reject bad input", () => {
  const K = kernel2d(new Rng(1));
  assert.throws(() => shiftedAntisymmetricOperator({ cout: 2, cin: 1, shape: [3], origin: [1], data: new Float64Array(6) }, [5]), ShapeError);
  assert.throws(() => shiftedAntisymmetricOperator(K, [5, 5], -1), DomainError);
  const op = shiftedAntisymmetricOperator(K, [5, 5], 0);
  assert.throws(() => integrateLinearOde(op, new Float64Array(24), { scheme: "forward-euler", stepSize: 0.1, steps: 3 }), ShapeError);
  assert.throws(() => integrateLinearOde(op, new Float64Array(25), { scheme: "rk4" as never, stepSize: 0.1, steps: 3 }), OptionError);
  assert.throws(() => integrateLinearOde(op, new Float64Array(25), { scheme: "leapfrog", stepSize: 0, steps: 3 }), DomainError);
  assert.throws(() => op.apply(new Float64Array(3)), ShapeError);
});
