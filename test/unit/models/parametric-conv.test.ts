import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../../src/core/random";
import { DomainError, OptionError, ShapeError } from "../../../src/core/errors";
import { fullKernelModel, blockKernelModel } from "../../../src/models/kernel-model";
import { ParametricConv } from "../../../src/models/parametric-conv";
import { mMatrixStencilModel } from "../../../src/stencil/parametric";
import { matVec, maxAbs, maxDiff, multisetDistance, numpy } from "./helpers";

// Tolerances: every comparison below is between two evaluations of the same finite sum in
// double precision (FFT or loop vs dense matrix); entries are O(1) with at most a few hundred
// terms, so 1e-12 absolute leaves ~1e3 ulps of head-room while any indexing error gives O(1).
const TOL = 1e-12;

/** Dense matrix of the 2-D (or 1-D with n2 = 1) cross-correlation, written from the definition. */
function denseFromDefinition(K: Float64Array, cout: number, cin: number, k1: number, k2: number, o1: number, o2: number, n1: number, n2: number, periodic: boolean): Float64Array {
  const N = n1 * n2;
  const M = new Float64Array(cout * N * cin * N);
  for (let o = 0; o < cout; o++) for (let i = 0; i < cin; i++) for (let p1 = 0; p1 < k1; p1++) for (let p2 = 0; p2 < k2; p2++) {
    const kv = K[((o * cin + i) * k1 + p1) * k2 + p2];
    for (let x1 = 0; x1 < n1; x1++) for (let x2 = 0; x2 < n2; x2++) {
      let s1 = x1 + p1 - o1, s2 = x2 + p2 - o2;
      if (periodic) { s1 = ((s1 % n1) + n1) % n1; s2 = ((s2 % n2) + n2) % n2; }
      else if (s1 < 0 || s1 >= n1 || s2 < 0 || s2 >= n2) continue;
      M[(o * N + x1 * n2 + x2) * (cin * N) + i * N + s1 * n2 + s2] += kv;
    }
  }
  return M;
}

test("lecture 1-D example: zero boundary gives the Toeplitz matrix, periodic the circulant (n = 4)", () => {
  // Lecture: z_i = t3 x_{i-1} + t2 x_i + t1 x_{i+1}; in the project's cross-correlation convention
  // that is the kernel [t3, t2, t1] with origin 1 (offsets -1, 0, +1): the flip of the stencil.
  const [t1, t2, t3] = [0.3, -1.7, 2.9];
  const model = fullKernelModel(1, 1, [3]);
  const theta = Float64Array.from([t3, t2, t1]);
  const toeplitz = [t2, t1, 0, 0, t3, t2, t1, 0, 0, t3, t2, t1, 0, 0, t3, t2];
  const circulant = [t2, t1, 0, t3, t3, t2, t1, 0, 0, t3, t2, t1, t1, 0, t3, t2];
  const zero = new ParametricConv(model, { grid: [4], boundary: "zero" });
  const per = new ParametricConv(model, { grid: [4], boundary: "periodic" });
  assert.deepEqual(Array.from(zero.denseMatrix(theta)), toeplitz);
  assert.deepEqual(Array.from(per.denseMatrix(theta)), circulant);
  const x = Float64Array.from([1.5, -2, 0.25, 4]);
  assert.ok(maxDiff(zero.apply(theta, x), matVec(Float64Array.from(toeplitz), 4, 4, x)) < TOL);
  assert.ok(maxDiff(per.apply(theta, x), matVec(Float64Array.from(circulant), 4, 4, x)) < TOL);
  // first column of the circulant is (t2, t3, 0, t1) = K(theta) u_1
  assert.deepEqual(Array.from(per.firstColumns(theta)), [t2, t3, 0, t1]);
});

test("lecture 2-D example (3x3 periodic): z_21 matches the slide's formula", () => {
  // Slide (1-based, convolution): z21 = t33 y13 + t32 y11 + t31 y12 + t23 y23 + t22 y21 + t21 y22 + t13 y33 + t12 y31 + t11 y32.
  // The project kernel is the slide's theta flipped on both axes.
  const rng = new Rng(5);
  const th = rng.normals(9); // th[(a-1)*3 + (b-1)] = t_ab
  const y = rng.normals(9); // y[(i-1)*3 + (j-1)] = y_ij
  const t = (a: number, b: number) => th[(a - 1) * 3 + b - 1];
  const Y = (i: number, j: number) => y[(i - 1) * 3 + j - 1];
  const z21 = t(3, 3) * Y(1, 3) + t(3, 2) * Y(1, 1) + t(3, 1) * Y(1, 2) + t(2, 3) * Y(2, 3) + t(2, 2) * Y(2, 1) + t(2, 1) * Y(2, 2) + t(1, 3) * Y(3, 3) + t(1, 2) * Y(3, 1) + t(1, 1) * Y(3, 2);
  const flipped = new Float64Array(9);
  for (let p1 = 0; p1 < 3; p1++) for (let p2 = 0; p2 < 3; p2++) flipped[p1 * 3 + p2] = th[(2 - p1) * 3 + (2 - p2)];
  for (const method of ["fft", "direct"] as const) {
    const conv = new ParametricConv(fullKernelModel(1, 1, [3, 3]), { grid: [3, 3], boundary: "periodic", method });
    const z = conv.apply(flipped, y);
    assert.ok(Math.abs(z[1 * 3 + 0] - z21) < TOL, `${method}: ${z[3]} vs ${z21}`);
  }
});

test("apply / applyT / jthetaMv / jthetaTMv equal dense-matrix products (1-D, 2-D, channels, batch, all boundaries)", () => {
  const rng = new Rng(11);
  const cases = [
    { cout: 2, cin: 3, k: [3, 1], o: [1, 0], n: [7, 1] },
    { cout: 1, cin: 1, k: [4, 1], o: [3, 0], n: [9, 1] },
    { cout: 2, cin: 2, k: [3, 3], o: [1, 1], n: [6, 5] },
    { cout: 3, cin: 1, k: [2, 3], o: [0, 2], n: [4, 8] },
    { cout: 1, cin: 2, k: [5, 5], o: [2, 2], n: [3, 4] }, // kernel larger than the grid: periodic taps wrap and add
  ];
  for (const c of cases) for (const [boundary, method] of [["periodic", "fft"], ["periodic", "direct"], ["zero", "direct"]] as const) {
    const oneD = c.k[1] === 1 && c.n[1] === 1;
    const model = fullKernelModel(c.cout, c.cin, oneD ? [c.k[0]] : c.k, oneD ? [c.o[0]] : c.o);
    const conv = new ParametricConv(model, { grid: oneD ? [c.n[0]] : c.n, boundary, method });
    const theta = rng.normals(model.nparams);
    const N = c.n[0] * c.n[1];
    const M = denseFromDefinition(theta, c.cout, c.cin, c.k[0], c.k[1], c.o[0], c.o[1], c.n[0], c.n[1], boundary === "periodic");
    const rows = c.cout * N, cols = c.cin * N;
    const nex = 3;
    const Y = rng.normals(nex * cols);
    const Z = conv.apply(theta, Y);
    const W = rng.normals(nex * rows);
    const YT = conv.applyT(theta, W);
    const MT = new Float64Array(cols * rows);
    for (let r = 0; r < rows; r++) for (let s = 0; s < cols; s++) MT[s * rows + r] = M[r * cols + s];
    for (let e = 0; e < nex; e++) {
      const label = `${JSON.stringify(c)} ${boundary}/${method} example ${e}`;
      assert.ok(maxDiff(Z.subarray(e * rows, (e + 1) * rows), matVec(M, rows, cols, Y.subarray(e * cols, (e + 1) * cols))) < TOL, `apply ${label}`);
      assert.ok(maxDiff(YT.subarray(e * cols, (e + 1) * cols), matVec(MT, cols, rows, W.subarray(e * rows, (e + 1) * rows))) < TOL, `applyT ${label}`);
    }
    // J v = K(v) Y since the full model is linear with Q = I; J^T w = sum_e dK <W_e, K Y_e> by the dense matrix of each unit kernel
    const v = rng.normals(model.nparams);
    const Mv = denseFromDefinition(v, c.cout, c.cin, c.k[0], c.k[1], c.o[0], c.o[1], c.n[0], c.n[1], boundary === "periodic");
    const Jv = conv.jthetaMv(theta, v, Y);
    for (let e = 0; e < nex; e++) assert.ok(maxDiff(Jv.subarray(e * rows, (e + 1) * rows), matVec(Mv, rows, cols, Y.subarray(e * cols, (e + 1) * cols))) < TOL);
    const JTw = conv.jthetaTMv(theta, W, Y);
    const expected = new Float64Array(model.nparams);
    for (let p = 0; p < model.nparams; p++) {
      const unit = new Float64Array(model.nparams); unit[p] = 1;
      const Mp = denseFromDefinition(unit, c.cout, c.cin, c.k[0], c.k[1], c.o[0], c.o[1], c.n[0], c.n[1], boundary === "periodic");
      for (let e = 0; e < nex; e++) {
        const z = matVec(Mp, rows, cols, Y.subarray(e * cols, (e + 1) * cols));
        for (let r = 0; r < rows; r++) expected[p] += W[e * rows + r] * z[r];
      }
    }
    assert.ok(maxDiff(JTw, expected) < 1e-11, `jthetaTMv ${JSON.stringify(c)} ${boundary}/${method}: ${maxDiff(JTw, expected)}`);
  }
});

test("eigenvalues via FFT of the first column equal numpy's eig of the dense circulant / BCCB matrix", () => {
  const rng = new Rng(2);
  const specs = [
    { shape: [3], grid: [16] }, // the lecture's exercise: 3-point stencil, n = 16
    { shape: [5], grid: [11] },
    { shape: [3, 3], grid: [4, 5] }, // BCCB
  ];
  const mats: number[][][] = [];
  const ffts: [number, number][][] = [];
  for (const s of specs) {
    const model = fullKernelModel(1, 1, s.shape);
    const conv = new ParametricConv(model, { grid: s.grid, boundary: "periodic" });
    const theta = rng.normals(model.nparams);
    const N = conv.npoints;
    const M = conv.denseMatrix(theta);
    mats.push(Array.from({ length: N }, (_, r) => Array.from(M.subarray(r * N, (r + 1) * N))));
    const lam = conv.periodicEigenvalues(theta);
    ffts.push(Array.from({ length: N }, (_, k) => [lam[2 * k], lam[2 * k + 1]] as [number, number]));
  }
  const eig = numpy<[number, number][][]>("out = []\nfor m in data:\n    w = np.linalg.eigvals(np.array(m))\n    out.append([[float(z.real), float(z.imag)] for z in w])\nout = out", mats);
  // eigvals of a normal matrix with O(1) entries is accurate to ~1e-14; 1e-10 is generous
  eig.forEach((e, k) => assert.ok(multisetDistance(ffts[k], e) < 1e-10, `case ${k}: ${multisetDistance(ffts[k], e)}`));
});

test("matrix-free identities of the lecture: K y = real(ifft(lam .* fft(y))), K^T y = real(fft(lam .* ifft(y)))", () => {
  const rng = new Rng(9);
  const model = fullKernelModel(1, 1, [3]);
  const conv = new ParametricConv(model, { grid: [16], boundary: "periodic" });
  const theta = rng.normals(3);
  const y = rng.normals(16);
  const lam = conv.periodicEigenvalues(theta);
  // independent DFT by the definition (O(n^2))
  const dft = (re: Float64Array, im: Float64Array, sign: number, scale: number) => {
    const n = re.length; const oR = new Float64Array(n), oI = new Float64Array(n);
    for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) {
      const a = (sign * 2 * Math.PI * j * k) / n;
      oR[k] += scale * (re[j] * Math.cos(a) - im[j] * Math.sin(a));
      oI[k] += scale * (re[j] * Math.sin(a) + im[j] * Math.cos(a));
    }
    return [oR, oI];
  };
  const lr = new Float64Array(16), li = new Float64Array(16);
  for (let k = 0; k < 16; k++) { lr[k] = lam[2 * k]; li[k] = lam[2 * k + 1]; }
  const mul = (aR: Float64Array, aI: Float64Array) => { const r = new Float64Array(16), i = new Float64Array(16); for (let k = 0; k < 16; k++) { r[k] = lr[k] * aR[k] - li[k] * aI[k]; i[k] = lr[k] * aI[k] + li[k] * aR[k]; } return [r, i]; };
  const [fr, fi] = dft(y, new Float64Array(16), -1, 1);
  const Ky = dft(...(mul(fr, fi) as [Float64Array, Float64Array]), 1, 1 / 16)[0];
  const [ir, ii] = dft(y, new Float64Array(16), 1, 1 / 16);
  const KTy = dft(...(mul(ir, ii) as [Float64Array, Float64Array]), -1, 1)[0];
  assert.ok(maxDiff(conv.apply(theta, y), Ky) < TOL);
  assert.ok(maxDiff(conv.applyT(theta, y), KTy) < TOL);
});

test("block (width) model equals the full model with the same taps", () => {
  const rng = new Rng(4);
  const blocks = [[fullKernelModel(1, 1, [3, 3]), fullKernelModel(1, 1, [3, 3])], [fullKernelModel(1, 1, [3, 3]), fullKernelModel(1, 1, [3, 3])]];
  const bm = blockKernelModel(blocks);
  const fm = fullKernelModel(2, 2, [3, 3]);
  const theta = rng.normals(bm.nparams);
  assert.equal(bm.nparams, fm.nparams);
  const Y = rng.normals(2 * 2 * 30);
  const a = new ParametricConv(bm, { grid: [6, 5] }).apply(theta, Y);
  const b = new ParametricConv(fm, { grid: [6, 5] }).apply(theta, Y);
  assert.ok(maxDiff(a, b) < TOL && maxAbs(a) > 0.1);
});

test("bad input raises typed errors", () => {
  const model = fullKernelModel(2, 1, [3, 3]);
  const conv = new ParametricConv(model, { grid: [4, 4] });
  const theta = new Float64Array(18).fill(0.5);
  const Y = new Float64Array(2 * 16).fill(1);
  assert.throws(() => conv.apply(new Float64Array(17), Y), ShapeError); // theta of the wrong length
  assert.throws(() => conv.apply(theta, new Float64Array(15)), ShapeError); // not a whole example
  assert.throws(() => conv.apply(theta, new Float64Array(0)), ShapeError); // empty batch
  assert.throws(() => conv.jthetaTMv(theta, new Float64Array(2 * 16 * 3), Y), /W holds 3 examples but Y holds 2/); // mismatched batches
  assert.throws(() => conv.jthetaMv(theta, new Float64Array(3), Y), ShapeError);
  const bad = Float64Array.from(theta); bad[4] = NaN;
  assert.throws(() => conv.apply(bad, Y), DomainError);
  const badY = Float64Array.from(Y); badY[3] = Infinity;
  assert.throws(() => conv.apply(theta, badY), DomainError);
  assert.throws(() => new ParametricConv(model, { grid: [4] }), ShapeError);
  assert.throws(() => new ParametricConv(model, { grid: [4, 4], boundary: "reflect" as never }), OptionError);
  assert.throws(() => new ParametricConv(model, { grid: [4, 4], stride: 2 } as never), OptionError);
  assert.throws(() => new ParametricConv(model, { grid: [4, 0] }), DomainError);
  assert.throws(() => fullKernelModel(1, 1, [3], [3]), DomainError);
  assert.throws(() => blockKernelModel([[fullKernelModel(1, 1, [3])], [fullKernelModel(1, 1, [5])]]), ShapeError);
  assert.throws(() => conv.kernelOperator(theta, 2).apply(new Float64Array(16)), /built for 2/);
  // M-matrix stencil: theta >= 0 is its domain, enforced in every verb that takes theta
  const mm = new ParametricConv(mMatrixStencilModel([3, 3]), { grid: [4, 4] });
  const neg = new Float64Array(8).fill(0.2); neg[5] = -0.1;
  assert.throws(() => mm.apply(neg, new Float64Array(16)), DomainError);
  assert.throws(() => mm.jthetaTMv(neg, new Float64Array(16), new Float64Array(16)), DomainError);
});
