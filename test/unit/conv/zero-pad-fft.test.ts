/**
 * The circulant-embedding FFT path of the zero-padded layer (src/conv/zero-pad-fft.ts) against the
 * index-table core (ConvCore, checked against the definition in conv-core.test.ts), and the pruned
 * DFTs it is built on against a naive DFT written from the definition (test/unit/grid/helpers.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../../src/core/random";
import { ShapeError } from "../../../src/core/errors";
import { ConvCore, ZeroPadFftConv } from "../../../src/conv/index";
import { PrunedRealDft } from "../../../src/grid/pruned-dft";
import { naiveDftn } from "../grid/helpers";

const prod = (a: readonly number[]) => a.reduce((s, v) => s * v, 1);
const relErr = (a: Float64Array, b: Float64Array) => {
  let e = 0, s = 0;
  for (let i = 0; i < a.length; i++) { e = Math.max(e, Math.abs(a[i] - b[i])); s = Math.max(s, Math.abs(b[i])); }
  return e / s;
};

test("ZeroPadFftConv apply, applyT and T^T T equal the ConvCore index-table products to 1e-12 (random kernels, 1-D to 3-D, non-square channels, any origin)", () => {
  const rng = new Rng(1301);
  let cases = 0;
  for (let r = 0; r < 40; r++) {
    const d = rng.int(1, 3);
    const shape = Array.from({ length: d }, () => rng.int(1, d === 3 ? 3 : 5));
    const origin = shape.map((k) => rng.int(0, k - 1));
    const n = shape.map(() => rng.int(1, d === 3 ? 6 : 12));
    const cout = rng.int(1, 7), cin = rng.int(1, 7);
    const k = rng.normals(cout * cin * prod(shape));
    const fft = new ZeroPadFftConv(cout, cin, shape, origin, n, k);
    const core = new ConvCore({ cout, cin, shape, origin, n, padding: "zero" });
    const x = rng.normals(cin * prod(n)), y = rng.normals(cout * prod(n));
    const Tx = core.apply(k, x), Tty = core.applyT(k, y), gram = core.applyT(k, Tx);
    // both sides sum O(taps * cin) products of O(1) numbers; the DFT path adds O(log L)-deep sums of
    // O(L) terms with unit phases: agreement to ~1e-14 relative, 1e-12 leaves two decades
    const where = `case ${r}: ${cout}x${cin} k ${JSON.stringify(shape)} origin ${JSON.stringify(origin)} n ${JSON.stringify(n)}`;
    assert.ok(relErr(fft.apply(x), Tx) < 1e-12, `apply ${where}`);
    assert.ok(relErr(fft.applyT(y), Tty) < 1e-12, `applyT ${where}`);
    assert.ok(relErr(fft.gram(x), gram) < 1e-12, `gram ${where}`);
    cases++;
  }
  assert.equal(cases, 40);
});

test("ZeroPadFftConv at a conv-layer size (16 -> 24, 3x3, n = 20 x 17) equals the index tables; its grid is n + k - 1", () => {
  const rng = new Rng(1302);
  const [cout, cin, shape, origin, n] = [24, 16, [3, 3], [1, 1], [20, 17]];
  const k = rng.normals(cout * cin * 9);
  const fft = new ZeroPadFftConv(cout, cin, shape, origin, n, k);
  assert.deepEqual(fft.grid, [22, 19]);
  assert.equal(fft.frequencies, 22 * 10);
  const core = new ConvCore({ cout, cin, shape, origin, n, padding: "zero" });
  const x = rng.normals(cin * prod(n));
  assert.ok(relErr(fft.gram(x), core.applyT(k, core.apply(k, x))) < 1e-12);
});

test("PrunedRealDft.forward is the half spectrum of the zero-padded box, inverse its cropped real inverse (naive DFT reference)", () => {
  const rng = new Rng(1303);
  for (const [n, L, width] of [[[5], [8], 3], [[4, 3], [6, 7], 2], [[3, 2, 4], [4, 5, 6], 1], [[7, 6], [7, 6], 2]] as [number[], number[], number][]) {
    const dft = new PrunedRealDft(n, L, width);
    const x = rng.normals(prod(n) * width);
    const X = dft.forward(x);
    const d = n.length, h = Math.floor(L[d - 1] / 2) + 1;
    for (let s = 0; s < width; s++) {
      // channel s zero-padded into the grid, full complex DFT from the definition
      const z = new Float64Array(2 * prod(L));
      const idx = new Array<number>(d).fill(0);
      for (let p = 0; p < prod(n); p++) {
        let q = 0;
        for (let a = 0; a < d; a++) q = q * L[a] + idx[a];
        z[2 * q] = x[p * width + s];
        for (let a = d - 1; a >= 0; a--) { if (++idx[a] < n[a]) break; idx[a] = 0; }
      }
      const Z = naiveDftn(z, L);
      for (let f = 0; f < dft.halfSize; f++) {
        const kd = f % h, lead = Math.floor(f / h);
        const q = lead * L[d - 1] + kd;
        assert.ok(Math.abs(X[2 * (f * width + s)] - Z[2 * q]) < 1e-12 && Math.abs(X[2 * (f * width + s) + 1] - Z[2 * q + 1]) < 1e-12, `forward n ${n} L ${L}`);
      }
    }
    // inverse of the forward is the identity on the box (real data, Hermitian spectrum)
    const back = dft.inverse(X);
    for (let i = 0; i < x.length; i++) assert.ok(Math.abs(back[i] - x[i]) < 1e-12, `inverse n ${n} L ${L}`);
  }
  assert.throws(() => new PrunedRealDft([5], [4], 1), ShapeError);
  assert.throws(() => new PrunedRealDft([5], [6], 0), ShapeError);
  assert.throws(() => new PrunedRealDft([2, 2], [3, 3], 1).forward(new Float64Array(3)), ShapeError);
});
