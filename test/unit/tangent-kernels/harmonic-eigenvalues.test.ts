import { test } from "node:test";
import assert from "node:assert/strict";
import { harmonicEigenvalues, harmonicEigenvalueCost, harmonicMultiplicity, sphereEigenvalues, MAX_PROJECTION_MULTIPLY_ADDS } from "../../../src/tangent-kernels/index";
import { DomainError, OptionError, SizeLimitError } from "../../../src/core/errors";
import { pythonOracle } from "../../helpers/python-oracle";
import { LOAD_REFERENCE } from "./helpers";

// Dense reference on S^1 x S^1 (zeta = 2, d = 2): the n x n torus grid of pixel angles, the Gram
// matrix of the numpy position-pair recursion (bench/tangent_kernels_reference.py, no shared code),
// and B = F^H G F / N^2 in the basis of products of circular harmonics e^{i k.theta}. The grid is a
// group (Z_n^2) under which the FC kernel is invariant, so B is exactly diagonal (its diagonal is the
// trapezoidal-rule eigenvalue, aliases included, which is what method "fft" computes on n nodes).
const TORUS = `${LOAD_REFERENCE}
n, L, q = inp["n"], inp["L"], inp["q"]
th = 2 * np.pi * np.arange(n) / n
T1, T2 = np.meshgrid(th, th, indexing="ij")
X = np.stack([np.stack([np.cos(T1), np.sin(T1)], -1), np.stack([np.cos(T2), np.sin(T2)], -1)], 2).reshape(-1, 2, 2)
k = np.arange(n)
F = np.exp(1j * (np.multiply.outer(T1.ravel(), k)[:, :, None] + np.multiply.outer(T2.ravel(), k)[:, None, :])).reshape(n * n, n * n)
out = {}
for r in ["fc", "gap"]:
    G = cntk_gram(X, X, L, q, r, inp["kind"])
    B = F.conj().T @ G @ F / (n * n) ** 2
    out[r] = {"re": B.real.tolist(), "im_max": float(np.abs(B.imag).max())}
`;
/** Round-off of the grid cosines seen through the sqrt(1 - Lambda) cone (derived in the first test). */
const TORUS_TOL = 2e-10;

test("products of circular harmonics diagonalise the dense FC Gram matrix on the torus grid (off-diagonal at round-off), diagonal = method fft", () => {
  const n = 16;
  for (const kind of ["ntk", "gp"] as const) {
    const ref = pythonOracle<Record<"fc" | "gap", { re: number[][]; im_max: number }>>(TORUS, { n, L: 2, q: 2, kind });
    const B = ref.fc.re;
    let diag = 0, off = 0;
    for (let a = 0; a < n * n; a++) for (let b = 0; b < n * n; b++) (a === b ? (diag = Math.max(diag, Math.abs(B[a][b]))) : (off = Math.max(off, Math.abs(B[a][b]))));
    // The grid cosines <x_i, z_i> = cos a cos b + sin a sin b are exact only to ~eps, and at the N = 256
    // pairs where both pixels align (Lambda = 1 - O(eps), the cone of k0) the kernel moves by
    // ~sqrt(2 eps)/pi ~ 1e-8: B changes by <= N * 1e-8 / N^2 = 4e-11 (measured 2e-11); 2e-10 bounds it.
    assert.ok(off < TORUS_TOL, `largest off-diagonal ${off} vs diagonal ${diag}`);
    assert.ok(ref.fc.im_max < TORUS_TOL);
    const s = harmonicEigenvalues({ zeta: 2, pixels: 2, filterSize: 2, layers: 2, kind, maxDegree: 3, method: "fft", nodes: n });
    for (const r of s.rows) {
      const [k1, k2] = r.degrees;
      // same trapezoidal sums, two implementations (rfftn on exact cosines vs dense products): TORUS_TOL
      assert.ok(Math.abs(r.eigenvalue - B[k1 * n + k2][k1 * n + k2]) < TORUS_TOL, `${kind} k = ${r.degrees}: ${r.eigenvalue} vs ${B[k1 * n + k2][k1 * n + k2]}`);
      // and sign flips of k (the cos / sin harmonics) share the eigenvalue
      const mk = (k: number) => (n - k) % n;
      assert.ok(Math.abs(r.eigenvalue - B[mk(k1) * n + k2][mk(k1) * n + k2]) < TORUS_TOL);
    }
  }
});

test("the GAP Gram matrix on the torus is the FC eigenvalue times the shift-averaging projector: B_gap[k, k'] = lambda_k [k' in {k, swap k}] / 2", () => {
  const n = 16, K = 3;
  const ref = pythonOracle<Record<"fc" | "gap", { re: number[][]; im_max: number }>>(TORUS, { n, L: 2, q: 2, kind: "ntk" });
  const fc = harmonicEigenvalues({ zeta: 2, pixels: 2, filterSize: 2, layers: 2, maxDegree: 2 * K, method: "fft", nodes: 32 });
  const fc16 = harmonicEigenvalues({ zeta: 2, pixels: 2, filterSize: 2, layers: 2, maxDegree: K, method: "fft", nodes: n });
  const gap = harmonicEigenvalues({ zeta: 2, pixels: 2, filterSize: 2, layers: 2, maxDegree: K, method: "fft", nodes: n, readout: "gap" });
  const signed = [0, 1, 2, 3, -1, -2, -3];
  const idx = (a: number, b: number) => ((a + n) % n) * n + ((b + n) % n);
  for (const a of signed) for (const b of signed) for (const c of signed) for (const e of signed) {
    if (Math.abs(a) + Math.abs(b) > K || Math.abs(c) + Math.abs(e) > K) continue;
    const lam = fc16.eigenvalueOf([Math.abs(a), Math.abs(b)]);
    const expected = ((a === c && b === e ? 1 : 0) + (b === c && a === e ? 1 : 0)) * lam / 2;
    assert.ok(Math.abs(ref.gap.re[idx(a, b)][idx(c, e)] - expected) < TORUS_TOL, `(${a},${b}) -> (${c},${e})`);
  }
  // GAP rows carry the FC eigenvalue of their class; the n = 32 rule differs from n = 16 only by aliasing
  for (const r of gap.rows) {
    assert.equal(r.eigenvalue, fc16.eigenvalueOf(r.degrees));
    assert.ok(Math.abs(r.eigenvalue - fc.eigenvalueOf(r.degrees)) <= r.error + 1e-15);
  }
});

// Brute-force dimension of the shift-invariant part of a class: the cyclic shift permutes the product
// basis prod_i Y_{k_i, m_i} (all rotations of k, m_i = 1..N(zeta, k_i)); invariant dim = number of orbits.
function invariantDimension(k: number[], zeta: number): number {
  const d = k.length;
  const tuples: string[] = [];
  const rots = new Set<string>();
  for (let s = 0; s < d; s++) rots.add(JSON.stringify(k.map((_, i) => k[(i + s) % d])));
  for (const rs of rots) {
    const r = JSON.parse(rs) as number[];
    const sizes = r.map((v) => harmonicMultiplicity(zeta, v));
    const m = new Array(d).fill(0);
    for (;;) {
      tuples.push(JSON.stringify(r.map((v, i) => [v, m[i]])));
      let a = d - 1; while (a >= 0 && ++m[a] === sizes[a]) { m[a] = 0; a--; }
      if (a < 0) break;
    }
  }
  const seen = new Set<string>();
  let orbits = 0;
  for (const t of tuples) {
    if (seen.has(t)) continue;
    orbits++;
    const p = JSON.parse(t) as number[][];
    for (let s = 0; s < d; s++) seen.add(JSON.stringify(p.map((_, i) => p[(i + s) % d])));
  }
  return orbits;
}

test("harmonicEigenvalues with GAP counts the shift-invariant dimension of every class (brute-force orbit count, zeta = 2 and 3, d = 3 and 4)", () => {
  for (const [zeta, d, K] of [[2, 4, 4], [3, 3, 4]] as const) {
    const gap = harmonicEigenvalues({ zeta, pixels: d, filterSize: 2, maxDegree: K, readout: "gap" });
    const fc = harmonicEigenvalues({ zeta, pixels: d, filterSize: 2, maxDegree: K });
    let gapTotal = 0, fcTotal = 0;
    for (const r of gap.rows) { assert.equal(r.multiplicity, invariantDimension(r.degrees, zeta), `zeta ${zeta} k ${r.degrees}`); gapTotal += r.fcMultiplicity!; }
    for (const r of fc.rows) fcTotal += r.multiplicity;
    assert.equal(gapTotal, fcTotal); // the classes partition the FC eigenfunctions
  }
});

test("harmonicEigenvalues with filterSize 1 is (1/d) times the single-pixel eigenvalues on one pixel and zero on several (zeta = 3, d = 3, L = 2)", () => {
  // q = 1: K(t) = (1/d) sum_j kappa(t_j), so lambda_k = mu_0 (k = 0), mu_{k_i} / d (one pixel), 0 (more)
  const s = harmonicEigenvalues({ zeta: 3, pixels: 3, layers: 2, maxDegree: 12 });
  const mu = sphereEigenvalues({ zeta: 3, layers: 2, maxDegree: 12 }).rows.map((r) => r.eigenvalue);
  for (const r of s.rows) {
    const sup = r.support;
    const expected = sup.length === 0 ? mu[0] : sup.length === 1 ? mu[r.degrees[sup[0]]] / 3 : 0;
    // gauss in the angles on an analytic (per axis) integrand: round-off of n^3 = 39^3 weighted sums ~ 1e-14
    assert.ok(Math.abs(r.eigenvalue - expected) < 1e-13, `k = ${r.degrees}: ${r.eigenvalue} vs ${expected}`);
    assert.equal(r.structuralZero, sup.length > 1 ? "receptive field" : null);
    assert.equal(r.multiplicity, r.degrees.reduce((p, k) => p * harmonicMultiplicity(3, k), 1));
  }
});

test("harmonicEigenvalues by Gauss in the angles and by FFT on the torus agree within their error estimates (zeta = 2, d = 2, q = 2, L = 2)", () => {
  for (const kind of ["ntk", "gp"] as const) {
    const g = harmonicEigenvalues({ zeta: 2, pixels: 2, filterSize: 2, layers: 2, kind, maxDegree: 20 });
    const f = harmonicEigenvalues({ zeta: 2, pixels: 2, filterSize: 2, layers: 2, kind, maxDegree: 20, method: "fft" });
    let checked = 0;
    for (const r of g.rows) {
      const other = f.eigenvalueOf(r.degrees);
      const fr = f.rows.find((x) => x.degrees[0] === r.degrees[0] && x.degrees[1] === r.degrees[1])!;
      assert.ok(Math.abs(r.eigenvalue - other) <= r.error + fr.error, `${kind} k = ${r.degrees}: gauss ${r.eigenvalue} +- ${r.error}, fft ${other} +- ${fr.error}`);
      if (r.resolved) checked++;
    }
    assert.ok(checked > 100, `${checked} resolved eigenvalues`);
  }
});

test("harmonicEigenvalues refuses grids beyond MAX_TENSOR_POINTS with the estimate, and bad options", () => {
  assert.throws(() => harmonicEigenvalues({ zeta: 3, pixels: 6, maxDegree: 30 }), (e: Error) => e instanceof SizeLimitError && /kernel evaluations/.test(e.message) && /~[\d.e+]+ s at the measured/.test(e.message));
  // d = 2, maxDegree 1000: few evaluations (1274^2) but ~4e9 projection multiply-adds: refused for the projection
  assert.ok(harmonicEigenvalueCost("gauss", 1274, 2, 1000).multiplyAdds > MAX_PROJECTION_MULTIPLY_ADDS);
  assert.throws(() => harmonicEigenvalues({ zeta: 3, pixels: 2, maxDegree: 1000 }), (e: Error) => e instanceof SizeLimitError && /projection multiply-adds/.test(e.message));
  assert.throws(() => harmonicEigenvalues({ zeta: 3, pixels: 2, maxDegree: 10, method: "fft" }), OptionError);
  assert.throws(() => harmonicEigenvalues({ zeta: 2, pixels: 2, maxDegree: 10, method: "fft", nodes: 30 }), OptionError);
  assert.throws(() => harmonicEigenvalues({ zeta: 3, pixels: 2, maxDegree: 10, nodes: 12 }), OptionError);
  assert.throws(() => harmonicEigenvalues({ zeta: 1, pixels: 2, maxDegree: 10 }), DomainError);
  assert.throws(() => harmonicEigenvalues({ zeta: 3, pixels: 2, filterSize: 3, maxDegree: 10 }), DomainError);
  assert.throws(() => harmonicEigenvalues({ zeta: 3, pixels: 2, maxDegree: 4 }).eigenvalueOf([3, 3]), OptionError);
});
