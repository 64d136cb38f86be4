/**
 * The Gram-symbol product of the zero-padded layer (src/conv/zero-pad-gram.ts) against two
 * independent products: ConvCore's index tables `applyT(apply(x))` (checked against the definition
 * in conv-core.test.ts) and ZeroPadFftConv.gram (circulant embedding of T itself, no Gram symbol,
 * no ring), and its ring count against a brute-force count from the definition.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../../src/core/random";
import { ShapeError, SizeLimitError } from "../../../src/core/errors";
import { ConvCore, ZeroPadFftConv, ZeroPadGram, interleave, deinterleave } from "../../../src/conv/index";
import { PrunedRealDft } from "../../../src/grid/pruned-dft";

const prod = (a: readonly number[]) => a.reduce((s, v) => s * v, 1);
const relErr = (a: Float64Array, b: Float64Array) => {
  assert.equal(a.length, b.length);
  let e = 0, s = 0;
  for (let i = 0; i < a.length; i++) { e = Math.max(e, Math.abs(a[i] - b[i])); s = Math.max(s, Math.abs(b[i])); }
  return e / s;
};

interface Case { cout: number; cin: number; shape: number[]; origin: number[]; n: number[] }

function check(c: Case, rng: Rng, where: string): void {
  const { cout, cin, shape, origin, n } = c;
  const k = rng.normals(cout * cin * prod(shape));
  const gram = new ZeroPadGram(cout, cin, shape, origin, n, k);
  const core = new ConvCore({ cout, cin, shape, origin, n, padding: "zero" });
  const fft = new ZeroPadFftConv(cout, cin, shape, origin, n, k);
  const x = rng.normals(cin * prod(n));
  const ref = core.applyT(k, core.apply(k, x));
  // both references sum O(taps * cout) products of O(1) numbers exactly as defined; the Gram path
  // adds the R sums (taps * cout terms), O(L)-term DFT sums with unit phases and a subtraction of
  // the ring part (of the size of the result): ~1e-14 relative expected, 1e-12 leaves two decades
  const tag = `${where}: ${cout}x${cin} k ${JSON.stringify(shape)} origin ${JSON.stringify(origin)} n ${JSON.stringify(n)}`;
  const g = gram.gram(x);
  assert.ok(relErr(g, ref) < 1e-12, `vs index tables ${tag}: ${relErr(g, ref)}`);
  assert.ok(relErr(g, fft.gram(x)) < 1e-12, `vs ZeroPadFftConv ${tag}`);
}

test("ZeroPadGram.gram equals ConvCore applyT(apply(x)) and ZeroPadFftConv.gram to 1e-12 (random kernels, 1-D to 3-D, non-square channels, any origin, even k, n_a = 1)", () => {
  const rng = new Rng(1701);
  for (let r = 0; r < 60; r++) {
    const d = rng.int(1, 3);
    const shape = Array.from({ length: d }, () => rng.int(1, d === 3 ? 4 : 6));
    const origin = shape.map((kk) => rng.int(0, kk - 1));
    const n = shape.map(() => rng.int(1, d === 3 ? 6 : 12));
    check({ cout: rng.int(1, 7), cin: rng.int(1, 7), shape, origin, n }, rng, `case ${r}`);
  }
  // named corners: even sizes with both origins, n_a = 1 (all but one tap row outside), n < k, cout != cin both ways
  const named: Case[] = [
    { cout: 3, cin: 5, shape: [4], origin: [0], n: [7] },
    { cout: 5, cin: 3, shape: [4], origin: [3], n: [7] },
    { cout: 2, cin: 4, shape: [2, 4], origin: [1, 2], n: [5, 6] },
    { cout: 4, cin: 2, shape: [3, 3], origin: [1, 1], n: [1, 9] },
    { cout: 3, cin: 3, shape: [5, 3], origin: [0, 2], n: [2, 1] },
    { cout: 2, cin: 3, shape: [3, 2, 3], origin: [2, 0, 1], n: [4, 1, 3] },
    { cout: 1, cin: 1, shape: [1], origin: [0], n: [1] },
    { cout: 6, cin: 2, shape: [6], origin: [2], n: [3] },
  ];
  named.forEach((c, i) => check(c, rng, `named ${i}`));
});

test("ZeroPadGram at a conv-layer size (24 -> 16, 3x3, n = 20 x 17) equals the index tables; ring counts match a brute-force count", () => {
  const rng = new Rng(1702);
  check({ cout: 24, cin: 16, shape: [3, 3], origin: [1, 1], n: [20, 17] }, rng, "layer");
  const g = new ZeroPadGram(2, 2, [3, 3], [1, 1], [20, 17], rng.normals(36));
  assert.deepEqual(g.grid, [22, 19]);
  assert.equal(g.frequencies, 22 * 10);
  assert.equal(g.ringPositions, 22 * 19 - 20 * 17);
  // brute force: (ring position, tap) pairs whose tap lands in the box
  for (const [shape, origin, n] of [[[3, 3], [1, 1], [20, 17]], [[4, 2], [0, 1], [3, 1]], [[3, 2, 2], [2, 0, 1], [2, 3, 4]]] as number[][][]) {
    const d = shape.length;
    let count = 0;
    const ext = n.map((na, a) => na + shape[a] - 1);
    for (let e = 0; e < prod(ext); e++) {
      const j: number[] = [];
      let rem = e;
      for (let a = d - 1; a >= 0; a--) { j[a] = (rem % ext[a]) + origin[a] - shape[a] + 1; rem = Math.floor(rem / ext[a]); }
      if (j.every((v, a) => v >= 0 && v < n[a])) continue;
      for (let t = 0; t < prod(shape); t++) {
        let rt = t, ok = true;
        for (let a = d - 1; a >= 0; a--) { const p = rt % shape[a]; rt = Math.floor(rt / shape[a]); const b = j[a] + p - origin[a]; if (b < 0 || b >= n[a]) ok = false; }
        if (ok) count++;
      }
    }
    const gg = new ZeroPadGram(1, 1, shape, origin, n, rng.normals(prod(shape)));
    assert.equal(gg.ringTriples, count, `triples ${JSON.stringify([shape, origin, n])}`);
  }
});

test("ZeroPadGram.gramInterleaved agrees with gram, is repeatable with reused buffers (also in place), and the Gram symbol is Hermitian PSD on the diagonal", () => {
  const rng = new Rng(1703);
  const [cout, cin, shape, origin, n] = [5, 4, [3, 2], [1, 0], [6, 5]];
  const k = rng.normals(cout * cin * prod(shape));
  const g = new ZeroPadGram(cout, cin, shape, origin, n, k);
  const N = prod(n);
  const x = rng.normals(cin * N);
  const plain = g.gram(x);
  const xi = interleave(x, cin, N);
  assert.deepEqual(deinterleave(xi, cin, N), x);
  const out = new Float64Array(cin * N);
  const first = Float64Array.from(g.gramInterleaved(xi, out));
  assert.ok(relErr(deinterleave(first, cin, N), plain) < 1e-15);
  // a second call with the same buffers, after an unrelated product dirtied the scratch
  g.gramInterleaved(rng.normals(cin * N), out);
  const second = g.gramInterleaved(xi, out);
  assert.equal(second, out);
  assert.deepEqual(second, first);
  const inPlace = Float64Array.from(xi);
  g.gramInterleaved(inPlace, inPlace);
  assert.deepEqual(inPlace, first);
  // diagonal of G(w) = Lambda^H Lambda: sum of |Lambda_oi|^2 >= 0 (compare with ZeroPadFftConv's Lambda)
  const fft = new ZeroPadFftConv(cout, cin, shape, origin, n, k);
  const tri = (cin * (cin + 1)) / 2;
  for (let f = 0; f < g.frequencies; f++) {
    for (let i = 0, row = 0; i < cin; row += cin - i, i++) {
      let s = 0;
      for (let o = 0; o < cout; o++) { const q = 2 * ((f * cout + o) * cin + i); s += fft.lambda[q] ** 2 + fft.lambda[q + 1] ** 2; }
      assert.ok(Math.abs(g.gramSymbol[2 * (f * tri + row)] - s) < 1e-12 * Math.max(1, s));
    }
  }
});

test("PrunedRealDft with output buffers returns the same numbers as without, also on reuse (1-D to 3-D, lengths not multiples of the unrolling)", () => {
  const rng = new Rng(1704);
  for (const [n, L, width] of [[[7], [9], 3], [[5, 6], [7, 9], 2], [[3, 2, 5], [5, 3, 7], 4], [[32, 9], [34, 11], 5]] as [number[], number[], number][]) {
    const dft = new PrunedRealDft(n, L, width);
    const x = rng.normals(prod(n) * width);
    const X = dft.forward(x), back = dft.inverse(X);
    const Xo = new Float64Array(X.length).fill(7), bo = new Float64Array(back.length).fill(7);
    for (let rep = 0; rep < 2; rep++) {
      assert.deepEqual(dft.forward(x, Xo), X);
      assert.deepEqual(dft.inverse(X, bo), back);
      dft.forward(rng.normals(x.length)); // dirties the scratch between the two rounds
    }
    // and the transforms themselves: inverse(forward(x)) = x on the box
    for (let i = 0; i < x.length; i++) assert.ok(Math.abs(back[i] - x[i]) < 1e-12);
    assert.throws(() => dft.forward(x, new Float64Array(X.length - 1)), ShapeError);
    assert.throws(() => dft.inverse(X, new Float64Array(back.length + 1)), ShapeError);
  }
});

test("ZeroPadGram rejects bad shapes with ShapeError", () => {
  const k9 = new Float64Array(2 * 3 * 9);
  assert.throws(() => new ZeroPadGram(2, 3, [3, 3], [1, 1], [4], k9), ShapeError);
  assert.throws(() => new ZeroPadGram(2, 3, [3, 3], [1, 1], [4, 0], k9), ShapeError);
  assert.throws(() => new ZeroPadGram(2, 3, [3, 3], [1, 3], [4, 4], k9), ShapeError);
  assert.throws(() => new ZeroPadGram(2, 3, [3, 3], [1, 1], [4, 4], new Float64Array(10)), ShapeError);
  assert.throws(() => new ZeroPadGram(0, 3, [3, 3], [1, 1], [4, 4], k9), ShapeError);
  assert.throws(() => new ZeroPadGram(2, 3, [], [], [], new Float64Array(6)), ShapeError);
  const g = new ZeroPadGram(2, 3, [3, 3], [1, 1], [4, 4], k9);
  assert.throws(() => g.gram(new Float64Array(47)), ShapeError);
  assert.throws(() => g.gramInterleaved(new Float64Array(48), new Float64Array(47)), ShapeError);
  assert.throws(() => g.gramInterleaved(new Float64Array(49)), ShapeError);
  assert.throws(() => ZeroPadGram.gramCost(2, 3, [3, 3], [1, 1], [4]), ShapeError);
  assert.throws(() => interleave(new Float64Array(5), 2, 3), ShapeError);
});

test("ZeroPadGram refuses a Gram symbol above evaluateOnGrid's 2 GiB before its set-up, and says when the lags overflow", () => {
  // 2 H cin^2 = 2 * 612 * 512^2 numbers = 2.4 GiB (the check runs before R's 6e9 multiply-adds)
  assert.throws(() => new ZeroPadGram(512, 512, [3, 3], [1, 1], [32, 32], new Float64Array(512 * 512 * 9)), SizeLimitError);
  assert.equal(ZeroPadGram.symbolNumbers(512, [3, 3], [32, 32]), 2 * 612 * 512 * 512);
  assert.throws(() => new ZeroPadGram(1, 1, [2], [0], [3], Float64Array.from([1e200, 1e200])), /overflowed/);
});
