/**
 * The conventions of the README, tested across modules (stencil, symbol, grid, spectrum) against
 * independent references: numpy's FFT and scipy.signal.correlate for the meaning of a layer.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { pythonOracle as python } from "../helpers/python-oracle";
import {
  Rng, Stencil, spectralDensity, convOperator, fft, fftn, evaluateOnGrid, circularGrid,
  complexFrom, type KernelTensor,
} from "../../src";


test("DFT sign: fft of the unit impulse at j = 1 is exp(-2 pi i k / n), inverse carries 1/n", () => {
  const n = 7;
  const x = new Float64Array(2 * n);
  x[2] = 1;
  const X = fft(x);
  for (let k = 0; k < n; k++) {
    // exact values are cos/sin of 2 pi k / n; 1e-15 covers the twiddle round-off of one butterfly pass
    assert.ok(Math.abs(X[2 * k] - Math.cos((2 * Math.PI * k) / n)) < 1e-14);
    assert.ok(Math.abs(X[2 * k + 1] + Math.sin((2 * Math.PI * k) / n)) < 1e-14);
  }
  const back = fft(X, true);
  for (let k = 0; k < 2 * n; k++) assert.ok(Math.abs(back[k] - x[k]) < 1e-14);
});

test("a layer is cross-correlation with a centred origin: zero padding equals scipy.signal.correlate(mode='same')", () => {
  const rng = new Rng(11);
  const [cout, cin, kh, kw, n1, n2] = [2, 3, 3, 5, 7, 6];
  const w = Array.from(rng.normals(cout * cin * kh * kw));
  const x = Array.from(rng.normals(cin * n1 * n2));
  // weights given as nested oihw arrays, as a PyTorch user would
  const nested = Array.from({ length: cout }, (_, o) => Array.from({ length: cin }, (_, i) =>
    Array.from({ length: kh }, (_, a) => Array.from({ length: kw }, (_, b) => w[((o * cin + i) * kh + a) * kw + b]))));
  const stencil = Stencil.from(nested, { layout: "oihw" });
  assert.deepEqual(stencil.origin, [1, 2]);
  const y = convOperator(stencil, { inputShape: [cin, n1, n2], padding: "zero" }).apply(Float64Array.from(x));
  const ref: number[] = python(
    `import sys, json, numpy as np
from scipy.signal import correlate
d = inp
K = np.array(d["w"]).reshape(${cout}, ${cin}, ${kh}, ${kw}); X = np.array(d["x"]).reshape(${cin}, ${n1}, ${n2})
Y = np.stack([sum(correlate(X[i], K[o, i], mode="same") for i in range(${cin})) for o in range(${cout})])
out = Y.ravel().tolist()`,
    { w, x },
  );
  assert.equal(y.length, ref.length);
  // entries are sums of 45 products of N(0,1) numbers: absolute round-off well below 1e-12
  ref.forEach((r, k) => assert.ok(Math.abs(y[k] - r) < 1e-12, `entry ${k}: ${y[k]} vs scipy ${r}`));
});

test("TensorFlow's hwio layout gives the same kernel as PyTorch's oihw", () => {
  const rng = new Rng(5);
  const [cout, cin, kh, kw] = [2, 3, 3, 3];
  const w = rng.normals(cout * cin * kh * kw);
  const hwio = new Float64Array(w.length);
  for (let o = 0; o < cout; o++) for (let i = 0; i < cin; i++) for (let a = 0; a < kh; a++) for (let b = 0; b < kw; b++) {
    hwio[((a * kw + b) * cin + i) * cout + o] = w[((o * cin + i) * kh + a) * kw + b];
  }
  const fromOihw = Stencil.from({ shape: [cout, cin, kh, kw], data: w }, { layout: "oihw" }).toKernelTensor();
  const fromHwio = Stencil.from({ shape: [kh, kw, cin, cout], data: hwio }, { layout: "hwio" }).toKernelTensor();
  assert.deepEqual(Array.from(fromHwio.data), Array.from(fromOihw.data));
  assert.equal(fromHwio.cout, cout);
  assert.equal(fromHwio.cin, cin);
});

test("symbol F(w) = sum_q K_q e^{-i<q,w>}: the circular layer multiplies DFT(x) at w_j by F(-w_j), exact and grid paths agree", () => {
  const rng = new Rng(23);
  const [cout, cin, k, n] = [2, 2, 3, 8];
  const kernel: KernelTensor = { cout, cin, shape: [k, k], origin: [1, 1], data: rng.normals(cout * cin * k * k) };
  const stencil = Stencil.from({ shape: [cout, cin, k, k], data: kernel.data }, { layout: "oihw" });
  const symbol = spectralDensity(stencil);
  const onGrid = evaluateOnGrid(kernel, circularGrid([n, n]));
  const x = rng.normals(cin * n * n);
  const y = convOperator(kernel, { inputShape: [cin, n, n], padding: "circular" }).apply(x);
  const X = Array.from({ length: cin }, (_, i) => fftn(complexFrom(x.subarray(i * n * n, (i + 1) * n * n)), [n, n]));
  const Y = Array.from({ length: cout }, (_, o) => fftn(complexFrom(y.subarray(o * n * n, (o + 1) * n * n)), [n, n]));
  for (let j1 = 0; j1 < n; j1++) for (let j2 = 0; j2 < n; j2++) {
    const j = j1 * n + j2;
    const w: [number, number] = [(2 * Math.PI * j1) / n, (2 * Math.PI * j2) / n];
    const F = symbol.evaluate(w);
    const Fneg = symbol.evaluate([-w[0], -w[1]]);
    for (let e = 0; e < cout * cin; e++) {
      // the exact (symbolic) path and the FFT grid path evaluate the same F(w_j), in FFT order
      assert.ok(Math.hypot(F[2 * e] - onGrid[2 * (j * cout * cin + e)], F[2 * e + 1] - onGrid[2 * (j * cout * cin + e) + 1]) < 1e-12);
    }
    for (let o = 0; o < cout; o++) {
      let re = 0, im = 0;
      for (let i = 0; i < cin; i++) {
        const [fr, fi] = [Fneg[2 * (o * cin + i)], Fneg[2 * (o * cin + i) + 1]];
        const [xr, xi] = [X[i][2 * j], X[i][2 * j + 1]];
        re += fr * xr - fi * xi;
        im += fr * xi + fi * xr;
      }
      // |DFT| values are O(n) = O(8); 1e-11 is ~1000 ulps of that, far below any convention error (O(1))
      assert.ok(Math.hypot(Y[o][2 * j] - re, Y[o][2 * j + 1] - im) < 1e-11, `frequency (${j1}, ${j2}), output ${o}`);
    }
  }
});
