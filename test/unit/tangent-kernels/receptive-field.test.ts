import { test } from "node:test";
import assert from "node:assert/strict";
import { coveringLayer, coveringWidth, harmonicEigenvalues, receptiveFieldSize, supportOf } from "../../../src/tangent-kernels/index";

// Brute force: the layer-h output at position j reads pixels j .. j + h (q - 1) (mod d); the first h
// (up to 3 d) for which some window contains S, by enumeration of all windows.
function bruteCoveringLayer(S: number[], d: number, q: number): number {
  if (S.length <= 1) return 0;
  for (let h = 1; h <= 3 * d; h++) {
    const span = Math.min(d, h * (q - 1) + 1);
    for (let j = 0; j < d; j++) {
      const win = new Set(Array.from({ length: span }, (_, l) => (j + l) % d));
      if (S.every((i) => win.has(i))) return h;
    }
  }
  return Infinity;
}

test("coveringLayer agrees with brute-force enumeration of receptive-field windows for every support of d <= 7 pixels", () => {
  for (let d = 1; d <= 7; d++) for (let q = 1; q <= d; q++) for (let mask = 0; mask < 1 << d; mask++) {
    const S = Array.from({ length: d }, (_, i) => i).filter((i) => (mask >> i) & 1);
    assert.equal(coveringLayer(S, d, q), bruteCoveringLayer(S, d, q), `d ${d} q ${q} S {${S}}`);
  }
  assert.equal(coveringWidth([0, 4], 5), 2); // circular: 4 and 0 are neighbours
  assert.equal(receptiveFieldSize(3, 10, 3), 7);
  assert.equal(receptiveFieldSize(9, 10, 3), 10);
  assert.deepEqual(supportOf([0, 2, 0, 1]), [1, 3]);
});

test("harmonicEigenvalues flags as structural zeros exactly the supports whose eigenvalues vanish numerically (zeta = 2, d = 4, q = 2, L = 1 and 2, FFT on 32^4 points)", () => {
  for (const layers of [1, 2]) {
    const s = harmonicEigenvalues({ zeta: 2, pixels: 4, filterSize: 2, layers, maxDegree: 7, method: "fft" });
    const lam0 = s.eigenvalueOf([0, 0, 0, 0]);
    for (const r of s.rows) {
      // exact zeros come out at the FFT's round-off (~1e-17 lambda_0); odd total degrees >= 3 vanish at L = 1 too (parity), so test even ones
      if (r.structuralZero) assert.ok(Math.abs(r.eigenvalue) < 1e-15 * lam0, `L ${layers} k ${r.degrees}: ${r.eigenvalue}`);
      else if (r.totalDegree % 2 === 0) assert.ok(Math.abs(r.eigenvalue) > 1e-12 * lam0, `L ${layers} k ${r.degrees}: ${r.eigenvalue} should not vanish`);
    }
  }
});
