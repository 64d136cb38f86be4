import { test, after } from "node:test";
import assert from "node:assert/strict";
import { Matrix, SVD } from "ml-matrix";
import {
  batchedGram, batchedHermitianEigenvalues, batchedSingularValues, batchedSpectralNorm,
} from "../../../src/spectrum/batched";
import { shutdownWorkers } from "../../../src/spectrum/workers";
import { Rng } from "../../../src/core/random";
import { ShapeError, DomainError, OptionError } from "../../../src/core/errors";
import { python } from "../grid/helpers";
import { lanczosTrapMatrix } from "./lanczos-trap";

const EPS = 2.220446049250313e-16;

/**
 * `A = U diag(s) V^H` (n x n, interleaved complex) with random unitary U, V from numpy (QR of
 * complex Gaussians, `default_rng(seed)`): a matrix with the prescribed singular values s.
 */
function prescribedSpectrum(n: number, s: number[], seed: number): Float64Array {
  return Float64Array.from(python(
    `rng = np.random.default_rng(${seed})
def unitary(k):
    q, r = np.linalg.qr(rng.standard_normal((k, k)) + 1j * rng.standard_normal((k, k)))
    return q
A = unitary(inp["n"]) @ np.diag(inp["s"]) @ unitary(inp["n"]).conj().T
out = np.stack([A.real.ravel(), A.imag.ravel()], axis=1).ravel().tolist()`,
    { n, s },
  ));
}

after(() => shutdownWorkers());

/**
 * Singular values via ml-matrix's real SVD of the real embedding [[A, -B], [B, A]] of A + iB
 * (each singular value of the complex matrix appears twice): an independent algorithm (JAMA).
 */
function embeddedSvd(F: Float64Array, base: number, m: number, n: number): number[] {
  const E = Matrix.zeros(2 * m, 2 * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const a = F[2 * (base + i * n + j)];
      const b = F[2 * (base + i * n + j) + 1];
      E.set(i, j, a); E.set(i, j + n, -b); E.set(i + m, j, b); E.set(i + m, j + n, a);
    }
  }
  const s = new SVD(E, { computeLeftSingularVectors: false, computeRightSingularVectors: false, autoTranspose: true }).diagonal;
  return Array.from({ length: Math.min(m, n) }, (_, i) => s[2 * i]);
}

/**
 * Normwise tolerance for backward-stable methods (ours and JAMA's): |sigma_i - ref_i| <= c * n * eps * sigma_max.
 * c = 20 covers both algorithms' constants (Householder products ~ n eps each); a wrong sign,
 * missing conjugation or index slip errs by O(sigma_max).
 */
function normwiseTol(m: number, n: number, smax: number): number {
  return 20 * Math.max(m, n) * EPS * Math.max(smax, 1e-300);
}

const SHAPES: [number, number][] = [[1, 1], [1, 4], [4, 1], [2, 3], [3, 2], [5, 5], [7, 4], [4, 7], [16, 16], [33, 20], [20, 33]];

test("singular values (bidiagonal and gram) match ml-matrix on the real embedding", () => {
  const rng = new Rng(31);
  for (const [m, n] of SHAPES) {
    const batch = 3;
    const F = rng.normals(2 * batch * m * n);
    const r = Math.min(m, n);
    const bid = batchedSingularValues(F, batch, m, n, { threads: 1 });
    const gram = batchedSingularValues(F, batch, m, n, { threads: 1, method: "gram" });
    for (let b = 0; b < batch; b++) {
      const ref = embeddedSvd(F, b * m * n, m, n);
      const t = normwiseTol(m, n, ref[0]);
      for (let i = 0; i < r; i++) {
        assert.ok(Math.abs(bid[b * r + i] - ref[i]) <= t, `${m}x${n} b=${b} i=${i}: bidiagonal ${bid[b * r + i]} vs ${ref[i]}`);
        // gram: lambda has error O(eps sigma_max^2), so sigma_i errs by that / sigma_i (documented trade-off)
        const tg = t * (ref[0] / Math.max(ref[i], 1e-8 * ref[0]));
        assert.ok(Math.abs(gram[b * r + i] - ref[i]) <= tg, `${m}x${n} b=${b} i=${i}: gram ${gram[b * r + i]} vs ${ref[i]}`);
        if (i > 0) assert.ok(bid[b * r + i] <= bid[b * r + i - 1], "descending order");
      }
    }
  }
});

test("singular values and Hermitian eigenvalues match numpy (svd, eigvalsh) on a mixed batch", () => {
  const rng = new Rng(32);
  // 96 x 100: larger than LANCZOS_MIN_SIZE, so the default spectral norm takes the Lanczos route
  const cases: [number, number, number][] = [[12, 9, 6], [9, 12, 6], [64, 64, 3], [96, 100, 2]];
  for (const [m, n, batch] of cases) {
    const F = rng.normals(2 * batch * m * n);
    const ref = python(
      `a = np.array(inp["F"]).reshape(-1, 2); z = (a[:, 0] + 1j * a[:, 1]).reshape(inp["batch"], inp["m"], inp["n"])
s = np.linalg.svd(z, compute_uv=False)
g = np.conj(np.transpose(z, (0, 2, 1))) @ z
out = {"s": s.ravel().tolist(), "ev": np.linalg.eigvalsh(g).ravel().tolist()}`,
      { F: Array.from(F), batch, m, n },
    );
    const sv = batchedSingularValues(F, batch, m, n, { threads: 1 });
    const r = Math.min(m, n);
    for (let b = 0; b < batch; b++) {
      const t = normwiseTol(m, n, ref.s[b * r]);
      for (let i = 0; i < r; i++) assert.ok(Math.abs(sv[b * r + i] - ref.s[b * r + i]) <= t, `${m}x${n}: ${sv[b * r + i]} vs numpy ${ref.s[b * r + i]}`);
    }
    const norms = batchedSpectralNorm(F, batch, m, n);
    for (let b = 0; b < batch; b++) assert.ok(Math.abs(norms[b] - ref.s[b * r]) <= 5e-14 * ref.s[b * r] + normwiseTol(m, n, ref.s[b * r]));
    const G = batchedGram(F, batch, m, n);
    const ev = batchedHermitianEigenvalues(G, batch, n, { threads: 1 });
    for (let b = 0; b < batch; b++) {
      const lmax = ref.ev[b * n + n - 1];
      // eigenvalues of G: normwise error c n eps ||G|| (G itself is formed with error n eps ||F||^2)
      const t = 40 * Math.max(m, n) * EPS * lmax;
      for (let i = 0; i < n; i++) assert.ok(Math.abs(ev[b * n + i] - ref.ev[b * n + i]) <= t, `${m}x${n} eig ${i}: ${ev[b * n + i]} vs ${ref.ev[b * n + i]}`);
    }
  }
});

test("small singular values: bidiagonal resolves sigma down to 1e-14 sigma_max (prescribed U diag(s) V^H)", () => {
  const n = 24;
  // numpy only builds random unitary U, V (QR of complex Gaussians); the expected values are the prescribed s
  const s = Array.from({ length: n }, (_, i) => 10 ** (-14 * i / (n - 1)));
  const A = prescribedSpectrum(n, s, 7);
  const sv = batchedSingularValues(A, 1, n, n, { threads: 1 });
  // forming A in floating point already perturbs it by ~ n eps ||A||: absolute errors of that size are the floor
  const t = normwiseTol(n, n, 1);
  for (let i = 0; i < n; i++) assert.ok(Math.abs(sv[i] - s[i]) <= t, `sigma_${i}: ${sv[i]} vs ${s[i]}`);
  // the gram route cannot resolve these (documented); it still must be within its own bound eps smax^2 / s_i, capped at sqrt(eps)
  const sg = batchedSingularValues(A, 1, n, n, { threads: 1, method: "gram" });
  for (let i = 0; i < n; i++) assert.ok(Math.abs(sg[i] - s[i]) <= Math.max(t / Math.max(s[i], 1e-300), 40 * n * Math.sqrt(EPS)) && sg[i] >= 0);
});

test("rank-deficient and zero matrices: exact zeros and the rank-one closed form", () => {
  const rng = new Rng(33);
  const m = 6;
  const n = 5;
  const u = rng.normals(2 * m);
  const v = rng.normals(2 * n);
  const F = new Float64Array(2 * 2 * m * n); // matrix 0: u v^H, matrix 1: zero
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      // u_i conj(v_j)
      F[2 * (i * n + j)] = u[2 * i] * v[2 * j] + u[2 * i + 1] * v[2 * j + 1];
      F[2 * (i * n + j) + 1] = u[2 * i + 1] * v[2 * j] - u[2 * i] * v[2 * j + 1];
    }
  }
  const norm = (x: Float64Array) => Math.sqrt(x.reduce((s, a) => s + a * a, 0));
  const s1 = norm(u) * norm(v); // ||u v^H||_2 = |u| |v|
  const sv = batchedSingularValues(F, 2, m, n, { threads: 1 });
  assert.ok(Math.abs(sv[0] - s1) <= normwiseTol(m, n, s1));
  for (let i = 1; i < n; i++) assert.ok(sv[i] >= 0 && sv[i] <= normwiseTol(m, n, s1));
  for (let i = n; i < 2 * n; i++) assert.equal(sv[i], 0);
  const nrm = batchedSpectralNorm(F, 2, m, n, { threads: 1, method: "lanczos" });
  assert.ok(Math.abs(nrm[0] - s1) <= 1e-13 * s1);
  assert.equal(nrm[1], 0);
});

test("batchedGram equals F^H F computed entry by entry; eigenvalues read only the lower triangle", () => {
  const rng = new Rng(34);
  for (const [m, n] of [[4, 3], [3, 4], [5, 5]]) {
    const F = rng.normals(2 * m * n);
    const G = batchedGram(F, 1, m, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let re = 0;
        let im = 0;
        let absSum = 0;
        for (let r = 0; r < m; r++) {
          const ar = F[2 * (r * n + i)], ai = -F[2 * (r * n + i) + 1];
          const br = F[2 * (r * n + j)], bi = F[2 * (r * n + j) + 1];
          re += ar * br - ai * bi;
          im += ar * bi + ai * br;
          absSum += Math.hypot(ar, ai) * Math.hypot(br, bi);
        }
        // same products, different summation order: |error| <= 2 (m + 2) eps sum_r |F_ri| |F_rj| (standard dot-product bound)
        const t = 2 * (m + 2) * EPS * absSum;
        assert.ok(Math.abs(G[2 * (i * n + j)] - re) <= t && Math.abs(G[2 * (i * n + j) + 1] - im) <= t, `G[${i},${j}]`);
      }
    }
    const ev = batchedHermitianEigenvalues(G, 1, n, { threads: 1 });
    const garbled = Float64Array.from(G);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) { garbled[2 * (i * n + j)] = 123; garbled[2 * (i * n + j) + 1] = -7; }
    assert.deepEqual(Array.from(batchedHermitianEigenvalues(garbled, 1, n, { threads: 1 })), Array.from(ev));
    for (let i = 1; i < n; i++) assert.ok(ev[i] >= ev[i - 1], "ascending");
  }
});

test("spectral norm: certified Lanczos agrees with the bidiagonal sigma_max, also for a nearly double top value", () => {
  const rng = new Rng(35);
  for (const [m, n] of [[30, 30], [40, 25], [25, 40], [64, 64], [8, 8]]) {
    const F = rng.normals(2 * 4 * m * n);
    const lan = batchedSpectralNorm(F, 4, m, n, { threads: 1, method: "lanczos" });
    const sv = batchedSingularValues(F, 4, m, n, { threads: 1 });
    const r = Math.min(m, n);
    for (let b = 0; b < 4; b++) {
      // Lanczos stop guarantees relative error <= tol/2 = 5e-14; the SVD reference errs by normwiseTol
      assert.ok(Math.abs(lan[b] - sv[b * r]) <= 5e-14 * sv[b * r] + normwiseTol(m, n, sv[b * r]), `${m}x${n}: ${lan[b]} vs ${sv[b * r]}`);
    }
  }
  // prescribed spectrum with sigma_1 - sigma_2 = 1e-9: slow Krylov convergence, but the stop is certified
  const n = 40;
  const s = Array.from({ length: n }, (_, i) => (i === 0 ? 1 : i === 1 ? 1 - 1e-9 : 0.9 * (1 - i / n)));
  const A = prescribedSpectrum(n, s, 8);
  const lan = batchedSpectralNorm(A, 1, n, n, { threads: 1, method: "lanczos" });
  assert.ok(Math.abs(lan[0] - 1) <= 5e-14 + normwiseTol(n, n, 1), `near-double top: ${lan[0]}`);
});

test("the default spectral norm is the largest singular value even when Lanczos' start vector misses it", () => {
  // Real A = 2 u1u1' + 1.7 u2u2' + 1.3 u3u3' + 3 vv' + 0.5 (rest), 128 x 128, with span(u1, u2)
  // holding the real and imaginary parts of the fixed Lanczos start vector and v orthogonal to
  // them (construction in ./lanczos-trap.ts): the Krylov space stays in an invariant subspace
  // without v, so "lanczos" certifies 2 (a singular value, not the largest). The default
  // (bidiagonal SVD) must give ||A|| = 3: backward-stable, error a few ulps of 3, so 1e-12.
  const c = 128;
  const real = lanczosTrapMatrix(c);
  const A = new Float64Array(2 * c * c); // interleaved complex, imaginary parts 0
  for (let k = 0; k < c * c; k++) A[2 * k] = real[k];
  assert.ok(Math.abs(batchedSpectralNorm(A, 1, c, c, { threads: 1 })[0] - 3) < 1e-12);
  assert.ok(Math.abs(batchedSpectralNorm(A, 1, c, c, { threads: 1, method: "auto" })[0] - 3) > 0.5, "the Lanczos estimate's documented failure mode");
});

test("worker threads give bit-identical results to the synchronous path", () => {
  const rng = new Rng(36);
  const [m, n, batch] = [20, 20, 64];
  const F = rng.normals(2 * batch * m * n);
  for (const threads of [2, 3]) {
    assert.deepEqual(Array.from(batchedSingularValues(F, batch, m, n, { threads })), Array.from(batchedSingularValues(F, batch, m, n, { threads: 1 })));
    assert.deepEqual(Array.from(batchedSpectralNorm(F, batch, m, n, { threads })), Array.from(batchedSpectralNorm(F, batch, m, n, { threads: 1 })));
    const G = batchedGram(F, batch, m, n);
    assert.deepEqual(Array.from(batchedHermitianEigenvalues(G, batch, n, { threads })), Array.from(batchedHermitianEigenvalues(G, batch, n, { threads: 1 })));
  }
});

test("bad input raises typed errors", () => {
  const F = new Float64Array(2 * 2 * 3 * 3);
  assert.throws(() => batchedSingularValues(F, 2, 3, 4), ShapeError);
  assert.throws(() => batchedSingularValues(F, 2, 0, 3), DomainError);
  assert.throws(() => batchedSingularValues(F, 2, 3, 3, { method: "jacobi" as never }), OptionError);
  assert.throws(() => batchedSingularValues(F, 2, 3, 3, { threads: 0 }), DomainError);
  assert.throws(() => batchedSingularValues(F, 2, 3, 3, { fast: true } as never), OptionError);
  const bad = Float64Array.from(F);
  bad[5] = NaN;
  assert.throws(() => batchedSingularValues(bad, 2, 3, 3), DomainError);
  assert.throws(() => batchedHermitianEigenvalues(F, 2, 4), ShapeError);
  assert.throws(() => batchedSpectralNorm(F, 2, 3, 3, { tol: 0 }), DomainError);
  assert.throws(() => batchedGram([1, 2] as never, 1, 1, 1), ShapeError);
  assert.equal(batchedSingularValues(new Float64Array(0), 0, 3, 3).length, 0);
});
