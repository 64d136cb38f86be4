/**
 * PrunedRealDft (src/grid/pruned-dft.ts) against the naive DFT written from the definition
 * (test/unit/grid/helpers.ts, no shared code): box data zero-padded into the grid and transformed
 * whole, the half spectrum compared; the inverse against the real part of the weighted half sum.
 * Shapes cover 1-D to 3-D, odd and even L (the radix-2 split, the folded odd-length sum and the dense
 * sum all appear in the plans), L = n and L >> n, width 1, odd and even widths above the column block.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../../src/core/random";
import { ShapeError } from "../../../src/core/errors";
import { PrunedRealDft } from "../../../src/grid/pruned-dft";
import { naiveDftn } from "./helpers";

const prod = (a: readonly number[]) => a.reduce((s, v) => s * v, 1);

/** Row-major index of `idx` in `shape`. */
const flat = (idx: readonly number[], shape: readonly number[]) => idx.reduce((q, v, a) => q * shape[a] + v, 0);

/** Iterates all multi-indices of `shape` in row-major order. */
function* indices(shape: readonly number[]): Generator<number[]> {
  const idx = new Array<number>(shape.length).fill(0);
  for (let p = 0; p < prod(shape); p++) {
    yield idx.slice();
    for (let a = shape.length - 1; a >= 0; a--) { if (++idx[a] < shape[a]) break; idx[a] = 0; }
  }
}

const CASES: [number[], number[], number][] = [
  [[5], [8], 3], [[1], [1], 1], [[1], [7], 2], [[7], [7], 1], [[3], [17], 4], [[16], [34], 2], [[32], [34], 67], [[9], [64], 5], [[12], [12], 2],
  [[4, 3], [6, 7], 2], [[8, 8], [10, 10], 3], [[7, 6], [7, 6], 2], [[1, 5], [4, 9], 1], [[3, 4], [5, 6], 67], [[32, 32], [34, 34], 1], [[5, 3], [20, 15], 4],
  [[3, 2, 4], [4, 5, 6], 1], [[2, 3, 3], [5, 3, 8], 2], [[4, 4, 4], [12, 9, 16], 3], [[3, 3, 3], [5, 5, 5], 66],
];

// Both sides sum O(prod L) terms of O(1) numbers with unit phases; the plans add O(log L)-deep
// butterflies: agreement to ~1e-14 of the largest entry, 1e-12 leaves two decades.
const TOL = 1e-12;

test("PrunedRealDft.forward is the half spectrum of the zero-padded box (naive DFT), 1-D to 3-D, odd and even L, L = n and L >> n", () => {
  const rng = new Rng(1701);
  for (const [n, L, width] of CASES) {
    const dft = new PrunedRealDft(n, L, width);
    const d = n.length, h = Math.floor(L[d - 1] / 2) + 1;
    const x = rng.normals(prod(n) * width);
    const X = dft.forward(x);
    assert.equal(X.length, 2 * dft.halfSize * width);
    let err = 0, scale = 0;
    for (let s = 0; s < width; s++) {
      const z = new Float64Array(2 * prod(L));
      let p = 0;
      for (const j of indices(n)) z[2 * flat(j, L)] = x[p++ * width + s];
      const Z = naiveDftn(z, L);
      let f = 0;
      for (const k of indices(dft.half)) {
        const q = flat(k, L);
        err = Math.max(err, Math.abs(X[2 * (f * width + s)] - Z[2 * q]), Math.abs(X[2 * (f * width + s) + 1] - Z[2 * q + 1]));
        scale = Math.max(scale, Math.abs(Z[2 * q]), Math.abs(Z[2 * q + 1]));
        f++;
      }
      assert.equal(f, prod(L.slice(0, d - 1)) * h);
    }
    assert.ok(err <= TOL * scale, `forward n ${n} L ${L} width ${width}: error ${err} of ${scale}`);
  }
});

test("PrunedRealDft.inverse is the real part of the weighted half sum (naive inverse DFT) cropped to the box, and undoes forward", () => {
  const rng = new Rng(1702);
  for (const [n, L, width] of CASES) {
    const dft = new PrunedRealDft(n, L, width);
    const d = n.length, Ld = L[d - 1];
    // an arbitrary (not Hermitian) half spectrum: the map is x_j = Re (1 / prod L) sum_{k_d <= L_d / 2} w_{k_d} X_k e^{+i ...},
    // w = 1 at k_d = 0 and L_d / 2, else 2 (the k_d > L_d / 2 half counted through conjugation)
    const X = rng.normals(2 * dft.halfSize * width);
    const x = dft.inverse(X);
    assert.equal(x.length, prod(n) * width);
    let err = 0, scale = 0;
    for (let s = 0; s < width; s++) {
      const z = new Float64Array(2 * prod(L));
      let f = 0;
      for (const k of indices(dft.half)) {
        const kd = k[d - 1], w = kd === 0 || 2 * kd === Ld ? 1 : 2, q = flat(k, L);
        z[2 * q] = w * X[2 * (f * width + s)];
        z[2 * q + 1] = w * X[2 * (f * width + s) + 1];
        f++;
      }
      const ref = naiveDftn(z, L, true);
      let p = 0;
      for (const j of indices(n)) {
        const r = ref[2 * flat(j, L)];
        err = Math.max(err, Math.abs(x[p++ * width + s] - r));
        scale = Math.max(scale, Math.abs(r));
      }
    }
    assert.ok(err <= TOL * scale, `inverse n ${n} L ${L} width ${width}: error ${err} of ${scale}`);
    // round trip: real box data -> Hermitian half spectrum -> the same box data
    const y = rng.normals(prod(n) * width);
    const back = dft.inverse(dft.forward(y));
    let e2 = 0;
    for (let i = 0; i < y.length; i++) e2 = Math.max(e2, Math.abs(back[i] - y[i]));
    assert.ok(e2 < TOL * 10, `round trip n ${n} L ${L} width ${width}: ${e2}`);
  }
});

test("PrunedRealDft out arguments: results written in place equal the allocating calls, repeated calls reuse them; bad sizes are ShapeErrors", () => {
  const rng = new Rng(1703);
  const dft = new PrunedRealDft([8, 8], [10, 10], 6);
  const outF = new Float64Array(2 * dft.halfSize * 6), outI = new Float64Array(dft.boxSize * 6);
  for (let r = 0; r < 3; r++) {
    const x = rng.normals(dft.boxSize * 6);
    const X = dft.forward(x);
    assert.equal(dft.forward(x, outF), outF);
    assert.deepEqual(outF, X);
    const back = dft.inverse(X);
    assert.equal(dft.inverse(outF, outI), outI);
    assert.deepEqual(outI, back);
    // a later call must not disturb an earlier result (no internal buffer is handed out)
    const X2 = dft.forward(rng.normals(dft.boxSize * 6));
    assert.notEqual(X2, X);
    assert.deepEqual(dft.inverse(X), back);
  }
  assert.throws(() => dft.forward(new Float64Array(dft.boxSize * 6), new Float64Array(3)), ShapeError);
  assert.throws(() => dft.inverse(new Float64Array(2 * dft.halfSize * 6), new Float64Array(3)), ShapeError);
  assert.throws(() => dft.inverse(new Float64Array(5)), ShapeError);
  assert.throws(() => new PrunedRealDft([5], [4], 1), ShapeError);
  assert.throws(() => new PrunedRealDft([2, 2], [3], 1), ShapeError);
});
