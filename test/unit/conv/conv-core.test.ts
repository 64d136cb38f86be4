/**
 * Identities of the one convolution core (src/conv/): adjoint, agreement with an independent
 * dense reference written here from the definition, scipy.signal.correlate, the FFT path against
 * the index-table path, the kernel gradient, batching.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../../src/core/random";
import { ConvCore, PeriodicFftConv, type Padding } from "../../../src/conv/index";
import { pythonOracle } from "../../helpers/python-oracle";

const dot = (a: Float64Array, b: Float64Array) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * b[i]; return s; };
const prod = (a: readonly number[]) => a.reduce((s, v) => s * v, 1);

interface Case { cout: number; cin: number; shape: number[]; origin: number[]; n: number[]; stride: number[]; padding: Padding }

function randomCase(rng: Rng, padding: Padding): Case {
  const d = rng.int(1, 3);
  const shape = Array.from({ length: d }, () => rng.int(1, d === 3 ? 3 : 4));
  const origin = shape.map((k) => rng.int(0, k - 1));
  const stride = Array.from({ length: d }, () => rng.int(1, 2));
  const n = shape.map((k, a) => stride[a] * rng.int(Math.ceil(k / stride[a]), Math.ceil(k / stride[a]) + 2));
  return { cout: rng.int(1, 4), cin: rng.int(1, 4), shape, origin, n, stride, padding };
}

/**
 * Reference straight from the definition, sharing no code with src/conv:
 * y[o, x] = sum_i sum_p K[o, i, p] xpad[i, s x + p - origin], one multi-index at a time.
 */
function referenceApply(c: Case, k: Float64Array, x: Float64Array): Float64Array {
  const d = c.n.length;
  const m = c.n.map((v, a) => v / c.stride[a]);
  const taps = prod(c.shape), nIn = prod(c.n), nOut = prod(m);
  const y = new Float64Array(c.cout * nOut);
  const unflat = (f: number, dims: readonly number[]) => { const out = new Array<number>(dims.length); for (let a = dims.length - 1; a >= 0; a--) { out[a] = f % dims[a]; f = Math.floor(f / dims[a]); } return out; };
  for (let f = 0; f < nOut; f++) {
    const xo = unflat(f, m);
    for (let t = 0; t < taps; t++) {
      const p = unflat(t, c.shape);
      let src = 0, inside = true;
      for (let a = 0; a < d; a++) {
        let j = c.stride[a] * xo[a] + p[a] - c.origin[a];
        const na = c.n[a];
        if (j < 0 || j >= na) {
          if (c.padding === "zero") { inside = false; break; }
          j = c.padding === "circular" ? ((j % na) + na) % na : j < 0 ? -j : 2 * (na - 1) - j;
        }
        src = src * na + j;
      }
      if (!inside) continue;
      for (let o = 0; o < c.cout; o++) for (let i = 0; i < c.cin; i++) y[o * nOut + f] += k[(o * c.cin + i) * taps + t] * x[i * nIn + src];
    }
  }
  return y;
}

const PADS: Padding[] = ["zero", "circular", "reflect"];

/** Case r of a seeded sequence: layer, its core, random kernel k and a batch x of 1-3 examples. */
function randomLayer(rng: Rng, r: number) {
  const c = randomCase(rng, PADS[r % 3]);
  const core = new ConvCore(c);
  const k = rng.normals(c.cout * c.cin * prod(c.shape));
  const nex = rng.int(1, 3);
  const x = rng.normals(nex * c.cin * prod(c.n));
  return { c, core, k, nex, x };
}

test("ConvCore.apply equals the definition on 60 random layers (zero, circular, reflect; stride 1-2; 1-D to 3-D; batches of 1-3)", () => {
  const rng = new Rng(11);
  for (let r = 0; r < 60; r++) {
    const { c, core, k, nex, x } = randomLayer(rng, r);
    const y = core.apply(k, x, nex);
    const per = c.cin * prod(c.n), perOut = c.cout * core.nOut;
    for (let e = 0; e < nex; e++) {
      const want = referenceApply(c, k, x.subarray(e * per, (e + 1) * per));
      // sums of <= cin * taps = 108 products of O(1) numbers in another order: 1e-12 absolute is ~50 ulps of the sum
      for (let j = 0; j < perOut; j++) assert.ok(Math.abs(y[e * perOut + j] - want[j]) <= 1e-12, `case ${r} ${JSON.stringify(c)} entry ${j}`);
    }
  }
});

test("ConvCore.applyT is the adjoint: <y, T x> = <T^T y, x> on 60 random batched layers, to 1e-13 relative", () => {
  const rng = new Rng(12);
  for (let r = 0; r < 60; r++) {
    const { c, core, k, nex, x } = randomLayer(rng, r);
    const y = rng.normals(nex * c.cout * core.nOut);
    const lhs = dot(y, core.apply(k, x, nex)), rhs = dot(core.applyT(k, y, nex), x);
    // both sides are one sum of the same ~1e3 products in two orders: rounding is ~1e-16 * sum |terms|
    const scale = Math.sqrt(dot(x, x) * dot(y, y)) * Math.sqrt(dot(k, k));
    assert.ok(Math.abs(lhs - rhs) <= 1e-13 * scale, `case ${r}: ${lhs} vs ${rhs}`);
  }
});

test("ConvCore.kernelGradient G satisfies <w, T(K) x> = <G, K> for every K (random K, 40 layers) and is linear in w", () => {
  const rng = new Rng(13);
  for (let r = 0; r < 40; r++) {
    const c = randomCase(rng, PADS[r % 3]);
    const core = new ConvCore(c);
    const nex = rng.int(1, 3);
    const x = rng.normals(nex * c.cin * prod(c.n));
    const w = rng.normals(nex * c.cout * core.nOut);
    const G = core.kernelGradient(w, x, nex);
    for (let trial = 0; trial < 2; trial++) {
      const K = rng.normals(c.cout * c.cin * prod(c.shape));
      const lhs = dot(w, core.apply(K, x, nex)), rhs = dot(G, K);
      const scale = Math.sqrt(dot(w, w) * dot(x, x) * dot(K, K));
      assert.ok(Math.abs(lhs - rhs) <= 1e-13 * scale, `case ${r}: ${lhs} vs ${rhs}`);
    }
  }
});

test("PeriodicFftConv equals ConvCore with circular padding for apply, applyT and the kernel gradient (kernels larger than the grid included)", () => {
  const rng = new Rng(14);
  for (let r = 0; r < 30; r++) {
    const d = rng.int(1, 2);
    const shape = Array.from({ length: d }, () => rng.int(1, 5));
    const origin = shape.map((k) => rng.int(0, k - 1));
    const n = shape.map(() => rng.int(1, 7));
    const cout = rng.int(1, 3), cin = rng.int(1, 3), nex = rng.int(1, 3);
    const core = new ConvCore({ cout, cin, shape, origin, n, padding: "circular" });
    const fft = new PeriodicFftConv(cout, cin, shape, origin, n);
    const k = rng.normals(cout * cin * prod(shape));
    const Y = rng.normals(nex * cin * prod(n)), W = rng.normals(nex * cout * prod(n));
    // FFT rounding is O(eps log N) relative to the norms involved, all O(1..10) here
    const close = (a: Float64Array, b: Float64Array, what: string) => { for (let j = 0; j < a.length; j++) assert.ok(Math.abs(a[j] - b[j]) <= 1e-11, `${what} case ${r} entry ${j}: ${a[j]} vs ${b[j]}`); };
    close(fft.apply(k, Y, nex), core.apply(k, Y, nex), "apply");
    close(fft.applyT(k, W, nex), core.applyT(k, W, nex), "applyT");
    close(fft.kernelGradient(W, Y, nex), core.kernelGradient(W, Y, nex), "gradient");
  }
});

test("ConvCore.dense has the products as its columns: dense(k) e_j = apply(k, e_j), transpose = applyT", () => {
  const rng = new Rng(15);
  for (let r = 0; r < 12; r++) {
    const c = randomCase(rng, PADS[r % 3]);
    const core = new ConvCore(c);
    const k = rng.normals(c.cout * c.cin * prod(c.shape));
    const A = core.dense(k);
    const rows = c.cout * core.nOut, cols = c.cin * core.nIn;
    const x = rng.normals(cols), y = rng.normals(rows);
    const Ax = core.apply(k, x), ATy = core.applyT(k, y);
    for (let i = 0; i < rows; i++) { let s = 0; for (let j = 0; j < cols; j++) s += A[i * cols + j] * x[j]; assert.ok(Math.abs(s - Ax[i]) <= 1e-12); }
    for (let j = 0; j < cols; j++) { let s = 0; for (let i = 0; i < rows; i++) s += A[i * cols + j] * y[i]; assert.ok(Math.abs(s - ATy[j]) <= 1e-12); }
  }
});

test("ConvCore.apply equals scipy.signal.correlate of the numpy-padded input (np.pad constant / wrap / reflect), sliced by the stride", () => {
  const rng = new Rng(16);
  const cases: { c: Case; k: number[]; x: number[] }[] = [];
  for (let r = 0; r < 24; r++) {
    const c = randomCase(rng, PADS[r % 3]);
    cases.push({ c, k: Array.from(rng.normals(c.cout * c.cin * prod(c.shape))), x: Array.from(rng.normals(c.cin * prod(c.n))) });
  }
  const want = pythonOracle<number[][]>(`
from scipy.signal import correlate
mode = {"zero": "constant", "circular": "wrap", "reflect": "reflect"}
out = []
for case in inp:
    c = case["c"]
    K = np.array(case["k"]).reshape([c["cout"], c["cin"]] + c["shape"])
    X = np.array(case["x"]).reshape([c["cin"]] + c["n"])
    pads = [(o, k - 1 - o) for k, o in zip(c["shape"], c["origin"])]
    sl = tuple(slice(None, None, s) for s in c["stride"])
    Y = []
    for o in range(c["cout"]):
        acc = 0
        for i in range(c["cin"]):
            acc = acc + correlate(np.pad(X[i], pads, mode=mode[c["padding"]]), K[o, i], mode="valid", method="direct")
        Y.append(acc[sl])
    out.append(np.array(Y).ravel().tolist())
`, cases);
  cases.forEach(({ c, k, x }, r) => {
    const got = new ConvCore(c).apply(Float64Array.from(k), Float64Array.from(x));
    assert.equal(got.length, want[r].length, `case ${r} length`);
    // same sums in (possibly) another order: 1e-12 absolute on O(10) values
    for (let j = 0; j < got.length; j++) assert.ok(Math.abs(got[j] - want[r][j]) <= 1e-12, `case ${r} ${JSON.stringify(c)} entry ${j}: ${got[j]} vs scipy ${want[r][j]}`);
  });
});

test("convOperator(...).applyBatch and applyTBatch equal apply and applyT example by example, and reject a wrong length", async () => {
  const { convOperator } = await import("../../../src/index");
  const rng = new Rng(17);
  const K = { cout: 3, cin: 2, shape: [3, 3], origin: [1, 1], data: rng.normals(3 * 2 * 9) };
  const T = convOperator(K, { inputShape: [6, 4], padding: "reflect", stride: [2, 1] });
  const nex = 3;
  const x = rng.normals(nex * T.cols), y = rng.normals(nex * T.rows);
  const X = T.applyBatch(x, nex), Y = T.applyTBatch(y, nex);
  for (let e = 0; e < nex; e++) {
    assert.deepEqual(X.subarray(e * T.rows, (e + 1) * T.rows), T.apply(x.slice(e * T.cols, (e + 1) * T.cols)));
    assert.deepEqual(Y.subarray(e * T.cols, (e + 1) * T.cols), T.applyT(y.slice(e * T.rows, (e + 1) * T.rows)));
  }
  assert.throws(() => T.applyBatch(x, 2), /length 96/);
});
