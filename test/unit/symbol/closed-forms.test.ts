/**
 * Closed-form symbols of named stencils (exact equality of Laurent polynomials where the closed
 * form is itself a Laurent polynomial; otherwise numerical comparison with a mathjs-evaluated
 * formula at seeded random points, tolerance 1e-12: double evaluation of <= 20 terms), the
 * convention check against a direct cross-correlation, and the 2 x 2 Gram eigenvalue closed form
 * against an independent symmetric eigen-solver (ml-matrix on the real 4 x 4 embedding).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import {
  Stencil, laplacianStencil, sobelStencil, binomialStencil, boxStencil, haarStencil,
  forwardDifferenceStencil, backwardDifferenceStencil, centralDifferenceStencil, outerProduct,
} from "../../../src/stencil/index";
import { spectralDensity } from "../../../src/symbol/spectral-density";
import { LaurentPoly } from "../../../src/algebra/laurent";
import { Rational } from "../../../src/algebra/rational";
import { verify } from "../../../src/symbol/verify";
import { Rng } from "../../../src/core/random";

test("1-D Laplacian: symbol e^{iw} - 2 + e^{-iw}, real form exactly 2*cos(w) - 2", () => {
  const F = spectralDensity(laplacianStencil(1));
  assert.equal(F.realForm().toString(), "F(w) = 2*cos(w) - 2");
  assert.equal(F.realForm().entry(0, 0).toTeX(), "2 \\cos(\\omega) - 2");
  const expected = LaurentPoly.frequencyMonomial([1]).add(LaurentPoly.frequencyMonomial([-1])).add(LaurentPoly.constant(-2, 1));
  assert.ok(F.entry(0, 0).equals(expected));
  // -4 sin^2(w/2) is the same function
  assert.ok(verify(F.entry(0, 0), "-4*sin(w/2)^2").ok);
});

test("2-D / 3-D Laplacian real forms: sum_a 2 cos(w_a) - 2d", () => {
  assert.equal(spectralDensity(laplacianStencil(2)).realForm().entry(0, 0).toString(), "2*cos(w1) + 2*cos(w2) - 4");
  assert.equal(spectralDensity(laplacianStencil(3)).realForm().entry(0, 0).toString(), "2*cos(w1) + 2*cos(w2) + 2*cos(w3) - 6");
});

test("Sobel factorises: F_sobel_x(w1, w2) = (2 + 2 cos w1) * (-2 i sin w2), exactly", () => {
  const smooth = spectralDensity(Stencil.from([1, 2, 1])).entry(0, 0).withDim(1); // in w1
  const diff = spectralDensity(Stencil.from([-1, 0, 1])).entry(0, 0);
  // move the derivative factor to the second frequency variable: z1^q -> z2^q
  const diff2 = LaurentPoly.fromTerms(2, diff.terms().map((t) => ({ syms: t.syms, z: [0, t.z[0]], coef: t.coef })));
  const Fx = spectralDensity(sobelStencil("x")).entry(0, 0);
  assert.ok(Fx.equals(smooth.withDim(2).mul(diff2)));
  assert.ok(verify(Fx, "(2 + 2*cos(w1)) * (-2*i*sin(w2))").ok);
  assert.ok(verify(spectralDensity(sobelStencil("y")).entry(0, 0), "(-2*i*sin(w1)) * (2 + 2*cos(w2))").ok);
});

test("binomial filter of order 2n has symbol cos(w/2)^(2n) = (cos^2(w/2))^n", () => {
  for (const n of [1, 2, 3, 5]) {
    const F = spectralDensity(binomialStencil(2 * n)).entry(0, 0);
    assert.ok(verify(F, `cos(w/2)^${2 * n}`, { tolerance: 1e-12 }).ok, `order ${2 * n}`);
    // exact: the order-2n filter is the n-fold convolution of [1,2,1]/4
    assert.ok(F.equals(spectralDensity(binomialStencil(2)).entry(0, 0).pow(n)));
  }
  // 2-D: product of the 1-D symbols; taps sum to 1 (F(0) = 1)
  assert.ok(verify(spectralDensity(binomialStencil(2, 2)).entry(0, 0), "cos(w1/2)^2 * cos(w2/2)^2", { tolerance: 1e-12 }).ok);
  assert.deepEqual(Array.from(spectralDensity(binomialStencil(4, 2)).evaluate([0, 0])), [1, 0]);
});

test("box filter: Dirichlet kernel sin(k w / 2) / (k sin(w / 2)); Haar low/high |F| = |cos(w/2)|, |sin(w/2)|", () => {
  assert.ok(verify(spectralDensity(boxStencil(5)).entry(0, 0), "sin(5*w/2)/(5*sin(w/2))", { tolerance: 1e-12 }).ok);
  assert.ok(verify(spectralDensity(haarStencil("low")).absSquared(), "cos(w/2)^2", { tolerance: 1e-12 }).ok);
  assert.ok(verify(spectralDensity(haarStencil("high")).absSquared(), "sin(w/2)^2", { tolerance: 1e-12 }).ok);
  // the four 2-D Haar bands are a partition of unity in energy: sum |F_b|^2 = 1
  let s = LaurentPoly.zero(2);
  for (const b of ["ll", "lh", "hl", "hh"] as const) s = s.add(spectralDensity(haarStencil(b)).absSquared());
  assert.ok(s.equals(LaurentPoly.constant(1, 2)));
});

test("differences: forward e^{-iw} - 1, backward 1 - e^{iw}, central -i sin w", () => {
  assert.ok(verify(spectralDensity(forwardDifferenceStencil()).entry(0, 0), "exp(-i*w) - 1").ok);
  assert.ok(verify(spectralDensity(backwardDifferenceStencil()).entry(0, 0), "1 - exp(i*w)").ok);
  assert.equal(spectralDensity(centralDifferenceStencil()).realForm().entry(0, 0).toString(), "i*(-sin(w))");
});

test("convention: cross-correlation of x[n] = exp(-i w n) with the stencil multiplies it by F(w)", () => {
  // y[n] = sum_p K[p] x[n + p - origin] (PyTorch/TF layers); direct evaluation on a few samples
  const rng = new Rng(5);
  for (let trial = 0; trial < 20; trial++) {
    const k = rng.int(1, 5), origin = rng.int(0, k - 1);
    const taps = Array.from({ length: k }, () => rng.int(-5, 5));
    const S = Stencil.from(taps, { origin: [origin] });
    const w = rng.range(-Math.PI, Math.PI), n = rng.int(-10, 10);
    let yr = 0, yi = 0;
    for (let p = 0; p < k; p++) { const m = n + p - origin; yr += taps[p] * Math.cos(-w * m); yi += taps[p] * Math.sin(-w * m); }
    const F = spectralDensity(S).evaluate([w]);
    const xr = Math.cos(-w * n), xi = Math.sin(-w * n);
    assert.ok(Math.abs(yr - (F[0] * xr - F[1] * xi)) < 1e-12 && Math.abs(yi - (F[0] * xi + F[1] * xr)) < 1e-12);
  }
});

test("outerProduct symbol is the product of the factors' symbols (separable stencils)", () => {
  const S = outerProduct(Stencil.from(["a", "b"]), Stencil.from([1, "c", 2]));
  assert.ok(verify(spectralDensity(S).entry(0, 0), "(a + b*exp(-i*w1)) * (exp(i*w2) + c + 2*exp(-i*w2))").ok);
});

test("|F|^2 of a single channel and the 2 x 2 Gram eigenvalues match an independent eigen-solver", () => {
  const F1 = spectralDensity(Stencil.from(["a", "b", "c"]));
  assert.ok(verify(F1.absSquared(), "a^2 + b^2 + c^2 + 2*(a*b + b*c)*cos(w) + 2*a*c*cos(2*w)").ok);
  const S = Stencil.from([[["a", "b", "c"], [1, "d", 0]], [[0, 1, "a"], ["b", 2, -1]]], { layout: "oiw" });
  const ev = spectralDensity(S).gram().eigenvalues();
  const rng = new Rng(11);
  for (let trial = 0; trial < 50; trial++) {
    const vals = { a: rng.range(-2, 2), b: rng.range(-2, 2), c: rng.range(-2, 2), d: rng.range(-2, 2) };
    const w = [rng.range(-Math.PI, Math.PI)];
    const G = spectralDensity(S).gram().evaluate(w, vals);
    // real symmetric embedding [[Re, -Im], [Im, Re]] has each eigenvalue of G twice
    const M = new Matrix(4, 4);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) {
      const re = G[2 * (i * 2 + j)], im = G[2 * (i * 2 + j) + 1];
      M.set(i, j, re); M.set(i + 2, j + 2, re); M.set(i + 2, j, im); M.set(i, j + 2, -im);
    }
    const e = new EigenvalueDecomposition(M, { assumeSymmetric: true }).realEigenvalues.sort((x, y) => y - x);
    const lam = ev.evaluate(w, vals);
    const scale = Math.max(1, Math.abs(e[0]));
    // 1e-10 * scale: quadratic formula cancellation for lambda_- costs a few digits near degeneracy
    assert.ok(Math.abs(lam[0] - e[0]) < 1e-10 * scale && Math.abs(lam[1] - e[3]) < 1e-9 * scale, `${lam} vs ${e}`);
  }
  // the branches are usable by verify: lambda_+ + lambda_- = trace
  const tr = spectralDensity(S).gram().entry(0, 0).add(spectralDensity(S).gram().entry(1, 1));
  const plus = ev.branch(0), minus = ev.branch(1);
  const sum = { freeNames: plus.freeNames, evaluateScope: (s: Record<string, number>) => [plus.evaluateScope(s)[0] + minus.evaluateScope(s)[0], 0] as [number, number], toString: () => "l+ + l-" };
  assert.ok(verify(sum, tr).ok);
});

test("exact rational arithmetic survives: Gram of [1/3, 1/7] is exact", () => {
  const F = spectralDensity(Stencil.from(["1/3", "1/7"], { origin: [0] }));
  const g = F.absSquared();
  assert.equal(g.constantValue(), undefined);
  const c0 = g.terms().find((t) => t.z[0] === 0)!.coef;
  assert.ok(c0.equals(Rational.of(1, 9).add(Rational.of(1, 49))));
});

test("sampling: singular values of F(w) squared are the Gram eigenvalues (closed form); |F| for one channel", async () => {
  const { sampleSymbol1d, sampleSymbol2d, frequencyLine, symbolValuesAt } = await import("../../../src/symbol/sampling");
  const S = Stencil.from([[["a", 1, 0], [2, "b", -1]], [[0, 1, 1], ["a", 0, "b"]]], { layout: "oiw" });
  const F = spectralDensity(S), ev = F.gram().eigenvalues();
  const vals = { a: 0.7, b: -1.3 };
  const ws = frequencyLine(33);
  const [s1, s2] = sampleSymbol1d(F, ws, "singular-values", vals);
  const [e1, e2] = sampleSymbol1d(F.gram(), ws, "eigenvalues", vals);
  for (let j = 0; j < ws.length; j++) {
    const lam = ev.evaluate([ws[j]], vals);
    // 1e-9 relative: SVD / EVD of 4 x 4 embeddings vs quadratic formula, all O(eps * cond) accurate
    assert.ok(Math.abs(s1[j] ** 2 - lam[0]) < 1e-9 * Math.max(1, lam[0]) && Math.abs(s2[j] ** 2 - lam[1]) < 1e-9 * Math.max(1, lam[0]));
    assert.ok(Math.abs(e1[j] - lam[0]) < 1e-9 * Math.max(1, lam[0]) && Math.abs(e2[j] - lam[1]) < 1e-9 * Math.max(1, lam[0]));
  }
  const L = spectralDensity(laplacianStencil(2));
  const h = sampleSymbol2d(L, [4, 4], "abs");
  // |2cos w1 + 2cos w2 - 4| at w = 2 pi (j1, j2) / 4
  for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) assert.ok(Math.abs(h[a * 4 + b] - Math.abs(2 * Math.cos(Math.PI * a / 2) + 2 * Math.cos(Math.PI * b / 2) - 4)) < 1e-14);
  assert.throws(() => symbolValuesAt(F, [0], "eigenvalues", vals));
});

test("TeX of exponentials: offset q gives e^{-i<q, w>} with the sign folded correctly", () => {
  // single taps at offsets (1, -1), (-1, 1), (1, 2), (0, -3)
  const cases: [number[], string][] = [[[1, -1], "e^{-i(\\omega_{1} - \\omega_{2})}"], [[-1, 1], "e^{i(\\omega_{1} - \\omega_{2})}"],
    [[1, 2], "e^{-i(\\omega_{1} + 2\\omega_{2})}"], [[0, -3], "e^{i3\\omega_{2}}"]];
  for (const [q, tex] of cases) {
    // a 3 x 7 kernel, centred origin (1, 3), one unit tap at offset q
    const data = new Array(21).fill(0);
    data[(q[0] + 1) * 7 + (q[1] + 3)] = 1;
    assert.equal(spectralDensity(Stencil.from({ shape: [3, 7], data })).toTeX(), tex);
  }
});
