import { test } from "node:test";
import assert from "node:assert/strict";
import { bidiagonalSingularValues } from "../../../src/spectrum/linalg/bidiagonal-singular-values";
import { tridiagonalEigenvalues } from "../../../src/spectrum/linalg/tridiagonal-eigenvalues";
import { Rng } from "../../../src/core/random";

const EPS = 2.220446049250313e-16;

test("Golub-Kahan-Reinsch bidiagonal QR agrees with QL on the Golub-Kahan tridiagonal, incl. zeros and graded entries", () => {
  // Two different algorithms for the same numbers: sigma(B) = positive eigenvalues of [[0, B^T], [B, 0]].
  const rng = new Rng(51);
  for (let trial = 0; trial < 400; trial++) {
    const n = rng.int(1, 30);
    const d = rng.normals(n);
    const e = rng.normals(n);
    if (trial % 3 === 0) for (let i = 0; i < n; i++) if (rng.uniform() < 0.3) d[i] = 0; // exact zeros on the diagonal
    if (trial % 5 === 0) for (let i = 0; i < n; i++) if (rng.uniform() < 0.3) e[i] = 0; // splits
    if (trial % 7 === 0) for (let i = 0; i < n; i++) d[i] *= 1e-10 ** rng.uniform(); // graded
    const tD = new Float64Array(2 * n);
    const tE = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) { tE[2 * i] = d[i]; if (i < n - 1) tE[2 * i + 1] = e[i]; }
    tridiagonalEigenvalues(tD, tE, 2 * n, 0);
    assert.ok(bidiagonalSingularValues(d, e, n, new Float64Array(n)), `trial ${trial}: did not converge`);
    const s = Array.from(d).sort((a, b) => b - a);
    let norm = 0;
    for (const x of tD) norm = Math.max(norm, Math.abs(x));
    // both are normwise accurate: |error| <= c n eps ||B||; c = 10
    for (let i = 0; i < n; i++) {
      assert.ok(s[i] >= 0);
      assert.ok(Math.abs(s[i] - Math.abs(tD[2 * n - 1 - i])) <= 10 * n * EPS * Math.max(norm, 1e-300), `trial ${trial} n=${n} i=${i}: ${s[i]} vs ${tD[2 * n - 1 - i]}`);
    }
  }
});

test("tridiagonal QL eigenvalues: closed form of the second-difference matrix 2 - 2 cos(pi j / (n + 1))", () => {
  for (const n of [1, 2, 5, 40]) {
    const d = new Float64Array(n).fill(2);
    const e = new Float64Array(n).fill(-1);
    tridiagonalEigenvalues(d, e, n, 0);
    for (let j = 1; j <= n; j++) {
      // ascending order; eigenvalue error O(n eps ||T||), ||T|| <= 4
      assert.ok(Math.abs(d[j - 1] - (2 - 2 * Math.cos((Math.PI * j) / (n + 1)))) <= 4 * n * EPS * 4);
    }
  }
});
