import { test } from "node:test";
import assert from "node:assert/strict";
import { convOperator } from "../../../src/spectrum/conv-operator";
import { Rng } from "../../../src/core/random";
import type { KernelTensor } from "../../../src/core/kernel-tensor";
import { DomainError, OptionError, ShapeError, SizeLimitError } from "../../../src/core/errors";

function randomKernel(rng: Rng, cout: number, cin: number, shape: number[], origin?: number[]): KernelTensor {
  const taps = shape.reduce((a, b) => a * b, 1);
  return { cout, cin, shape, origin: origin ?? shape.map((k) => Math.floor((k - 1) / 2)), data: rng.normals(cout * cin * taps) };
}

/** Independent dense matrix straight from the definition y[o,x] = sum_i sum_p K[o,i,p] xpad[i, s x + p - origin] (2-D only). */
function naiveDense2d(K: KernelTensor, n: number[], pad: string, s: number): Float64Array {
  const [n1, n2] = n, [k1, k2] = K.shape, m1 = n1 / s, m2 = n2 / s;
  const rows = K.cout * m1 * m2, cols = K.cin * n1 * n2;
  const A = new Float64Array(rows * cols);
  const fix = (j: number, len: number): number => {
    if (j >= 0 && j < len) return j;
    if (pad === "zero") return -1;
    if (pad === "circular") return ((j % len) + len) % len;
    return j < 0 ? -j : 2 * (len - 1) - j;
  };
  for (let o = 0; o < K.cout; o++) for (let x1 = 0; x1 < m1; x1++) for (let x2 = 0; x2 < m2; x2++)
    for (let i = 0; i < K.cin; i++) for (let p1 = 0; p1 < k1; p1++) for (let p2 = 0; p2 < k2; p2++) {
      const a = fix(s * x1 + p1 - K.origin[0], n1), b = fix(s * x2 + p2 - K.origin[1], n2);
      if (a < 0 || b < 0) continue;
      A[((o * m1 + x1) * m2 + x2) * cols + (i * n1 + a) * n2 + b] += K.data[((o * K.cin + i) * k1 + p1) * k2 + p2];
    }
  return A;
}

function matVec(A: Float64Array, rows: number, cols: number, x: Float64Array): Float64Array {
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) { let s = 0; for (let c = 0; c < cols; c++) s += A[r * cols + c] * x[c]; y[r] = s; }
  return y;
}

const cases: [number, number, number[], number[], string, number, number[]?][] = [
  [2, 3, [3, 3], [6, 6], "zero", 1],
  [3, 2, [3, 3], [5, 7], "circular", 1],
  [2, 2, [3, 3], [6, 6], "reflect", 1],
  [2, 3, [2, 4], [6, 8], "zero", 2, [0, 3]],
  [3, 1, [3, 3], [8, 8], "circular", 2],
  [1, 2, [5, 3], [6, 4], "reflect", 2],
];

test("convOperator matches a dense matrix built from the definition (2-D, all paddings, strides, origins)", () => {
  const rng = new Rng(11);
  for (const [cout, cin, shape, n, pad, s, origin] of cases) {
    const K = randomKernel(rng, cout, cin, shape, origin);
    const T = convOperator(K, { inputShape: n, padding: pad as "zero", stride: s });
    const A = naiveDense2d(K, n, pad, s);
    // toDense must equal the naive matrix exactly up to summation order (entries are sums of <= 4 taps)
    const D = T.toDense();
    let maxDiff = 0;
    for (let i = 0; i < A.length; i++) maxDiff = Math.max(maxDiff, Math.abs(A[i] - D[i]));
    assert.ok(maxDiff < 1e-14, `toDense differs by ${maxDiff} (${pad}, stride ${s})`);
    const x = rng.normals(T.cols);
    const y = T.apply(x), yRef = matVec(A, T.rows, T.cols, x);
    // apply sums cin * taps products in a different order: allow 1e-12 relative to the norm
    let err = 0, nrm = 0;
    for (let i = 0; i < y.length; i++) { err = Math.max(err, Math.abs(y[i] - yRef[i])); nrm = Math.max(nrm, Math.abs(yRef[i])); }
    assert.ok(err <= 1e-12 * nrm, `apply error ${err} (${pad})`);
  }
});

test("applyT is the adjoint: |<w, A v> - <A^T w, v>| / |<w, A v>| < 1e-12 (1-D, 2-D, 3-D)", () => {
  const rng = new Rng(12);
  const shapes: [number[], number[]][] = [[[5], [12]], [[3, 3], [8, 6]], [[3, 2, 3], [4, 4, 6]]];
  for (const pad of ["zero", "circular", "reflect"] as const) for (const [ks, n] of shapes) for (const s of [1, 2]) {
    const K = randomKernel(rng, 3, 2, ks);
    const T = convOperator(K, { inputShape: [2, ...n], padding: pad, stride: s });
    const v = rng.normals(T.cols), w = rng.normals(T.rows);
    const Av = T.apply(v), ATw = T.applyT(w);
    let a = 0, b = 0;
    for (let i = 0; i < w.length; i++) a += w[i] * Av[i];
    for (let i = 0; i < v.length; i++) b += ATw[i] * v[i];
    assert.ok(Math.abs(a - b) / Math.abs(a) < 1e-12, `${pad} ${JSON.stringify(n)} stride ${s}: ${a} vs ${b}`);
  }
});

test("convOperator rejects bad input with typed errors", () => {
  const rng = new Rng(13);
  const K = randomKernel(rng, 2, 3, [3, 3]);
  assert.throws(() => convOperator(K, { inputShape: [2, 8, 8] }), ShapeError); // wrong channel count
  assert.throws(() => convOperator(K, { inputShape: [8] }), ShapeError); // wrong dimension
  assert.throws(() => convOperator(K, { inputShape: [8, 8], stride: 3 }), ShapeError); // 3 does not divide 8
  assert.throws(() => convOperator(K, { inputShape: [8, 8], padding: "mirror" as never }), OptionError);
  assert.throws(() => convOperator(K, { inputShape: [8, 8], foo: 1 } as never), OptionError);
  assert.throws(() => convOperator(K, { inputShape: [1, 8], padding: "reflect" }), ShapeError); // reflect needs offsets < n
  const bad = { ...K, data: K.data.slice() };
  bad.data[4] = NaN;
  assert.throws(() => convOperator(bad, { inputShape: [8, 8] }), DomainError);
  const T = convOperator(K, { inputShape: [8, 8] });
  assert.throws(() => T.apply(new Float64Array(5)), ShapeError);
  const big = randomKernel(rng, 64, 64, [3, 3]);
  assert.throws(() => convOperator(big, { inputShape: [32, 32] }).toDense(), SizeLimitError);
});

test("threaded(2) products are bit-identical to the single-threaded ones (row slices are disjoint)", () => {
  const rng = new Rng(14);
  for (const pad of ["zero", "reflect"] as const) {
    const K = randomKernel(rng, 6, 5, [3, 3]);
    const T = convOperator(K, { inputShape: [5, 10, 8], padding: pad, stride: 2 });
    const P = T.threaded(2);
    assert.ok(P, "workers must start");
    try {
      const x = rng.normals(T.cols), y = rng.normals(T.rows);
      assert.deepEqual(P!.apply(x), T.apply(x));
      assert.deepEqual(P!.applyT(y), T.applyT(y));
    } finally {
      P!.dispose();
    }
  }
});
