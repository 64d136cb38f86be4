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

test("PrunedRealDft.mirror names exactly the stored conjugate pairs X_f = conj X_g (g < f) of real data, 1-D to 3-D, odd and even last axes", () => {
  const rng = new Rng(77);
  for (const [n, L] of [[[5], [8]], [[4], [7]], [[3, 4], [6, 6]], [[3, 4], [5, 7]], [[2, 3, 2], [4, 5, 4]], [[1, 1], [1, 2]]] as [number[], number[]][]) {
    const dft = new PrunedRealDft(n, L, 1);
    const X = dft.forward(rng.normals(dft.boxSize));
    const mirror = dft.mirror;
    // brute force: stored index of a frequency vector, and every f whose negative is stored earlier
    const half = [...L.slice(0, -1), Math.floor(L[L.length - 1] / 2) + 1];
    const index = (k: number[]) => k.reduce((acc, v, a) => acc * half[a] + v, 0);
    let pairs = 0;
    for (let f = 0; f < dft.halfSize; f++) {
      const k: number[] = [];
      for (let a = L.length - 1, r = f; a >= 0; a--) { k.unshift(r % half[a]); r = Math.floor(r / half[a]); }
      const neg = k.map((v, a) => (L[a] - v) % L[a]);
      const stored = neg[neg.length - 1] < half[half.length - 1];
      const g = stored ? index(neg) : -1;
      assert.equal(mirror[f], stored && g < f ? g : -1, `n ${n} L ${L} f ${f}`);
      if (mirror[f] >= 0) {
        pairs++;
        assert.ok(Math.abs(X[2 * f] - X[2 * g]) < 1e-12 && Math.abs(X[2 * f + 1] + X[2 * g + 1]) < 1e-12);
      }
    }
    if (L.join() === "6,6") assert.equal(pairs, 4); // columns k_2 = 0 and 3: k_1 = 4, 5 pair with 2, 1
  }
});
