import { test } from "node:test";
import assert from "node:assert/strict";
import { fft, fftn, rfftn, fftBatch, fftshift, ifftshift } from "../../../src/grid/fft";
import { Rng } from "../../../src/core/random";
import { ShapeError, DomainError } from "../../../src/core/errors";
import { naiveDftn, maxDiff, l1, python } from "./helpers";

const EPS = 2.220446049250313e-16;
/**
 * Tolerance for comparing two DFT algorithms: every output is a sum of terms bounded by ||x||_1;
 * FFT rounding grows like log2(n) (Bluestein: of the padded length, about 4n) and the naive sum
 * like n * eps * ||x||_1 in the worst case, typically sqrt(n). 8 * (log2(4n) + sqrt(n)) * eps * ||x||_1
 * is a comfortable margin above observed errors yet far below any indexing / sign bug (O(||x||)).
 */
function tol(x: Float64Array, n: number): number {
  return 8 * (Math.log2(4 * n) + Math.sqrt(n)) * EPS * Math.max(l1(x), 1);
}

function sizes1to300(): number[] {
  const rng = new Rng(11);
  const s = new Set<number>();
  for (let n = 1; n <= 40; n++) s.add(n); // all short lengths: direct, radix-2/4 and Bluestein edge cases
  for (const n of [64, 97, 127, 128, 131, 251, 256, 257, 263, 293, 299, 300]) s.add(n); // primes and powers of two
  while (s.size < 80) s.add(rng.int(41, 300));
  return [...s].sort((a, b) => a - b);
}

test("1-D fft matches the naive DFT for lengths 1..300 (primes, powers of two, random)", () => {
  const rng = new Rng(1);
  for (const n of sizes1to300()) {
    const x = rng.normals(2 * n);
    const got = fft(x);
    const ref = naiveDftn(x, [n]);
    assert.ok(maxDiff(got, ref) <= tol(x, n), `n=${n}: forward error ${maxDiff(got, ref)} > ${tol(x, n)}`);
    const gotInv = fft(x, true);
    const refInv = naiveDftn(x, [n], true);
    assert.ok(maxDiff(gotInv, refInv) <= tol(x, n) / n, `n=${n}: inverse error ${maxDiff(gotInv, refInv)}`);
  }
});

test("inverse(forward(x)) = x for lengths 1..300 and N-D shapes", () => {
  const rng = new Rng(2);
  for (const n of sizes1to300()) {
    const x = rng.normals(2 * n);
    const back = fft(fft(x), true);
    // the round trip error is bounded by the forward error / n plus the inverse's own: same scale
    assert.ok(maxDiff(back, x) <= tol(x, n), `n=${n}: round trip error ${maxDiff(back, x)}`);
  }
  for (const shape of [[3, 5], [8, 8], [7, 1, 6], [2, 3, 4, 5], [17, 19]]) {
    const size = shape.reduce((a, b) => a * b, 1);
    const x = rng.normals(2 * size);
    const back = fftn(fftn(x, shape), shape, true);
    assert.ok(maxDiff(back, x) <= tol(x, size), `shape ${shape}: round trip error ${maxDiff(back, x)}`);
  }
});

test("fftn matches the separable naive DFT on N-D shapes", () => {
  const rng = new Rng(3);
  // [40, 37] and [6, 3, 40]: strided passes of several 16-line blocks plus a remainder, in runs along the last axis
  for (const shape of [[1], [3, 5], [4, 8], [7, 1, 6], [2, 3, 4, 5], [17, 19], [32, 18], [1, 1, 1], [40, 37], [6, 3, 40]]) {
    const size = shape.reduce((a, b) => a * b, 1);
    const x = rng.normals(2 * size);
    for (const inverse of [false, true]) {
      const got = fftn(x, shape, inverse);
      const ref = naiveDftn(x, shape, inverse);
      const t = tol(x, size) / (inverse ? size : 1);
      assert.ok(maxDiff(got, ref) <= t, `shape ${shape} inverse=${inverse}: error ${maxDiff(got, ref)} > ${t}`);
    }
  }
});

test("rfftn (real fast path) equals fftn of the same data as complex", () => {
  const rng = new Rng(4);
  for (const shape of [[1], [2], [5], [8], [33], [1, 1], [2, 1], [1, 6], [3, 5], [4, 6], [5, 7, 3], [6, 4, 9], [32, 32], [3, 3, 3, 4], [4, 3, 37]]) {
    const size = shape.reduce((a, b) => a * b, 1);
    const x = rng.normals(size);
    const xc = new Float64Array(2 * size);
    for (let i = 0; i < size; i++) xc[2 * i] = x[i];
    const got = rfftn(x, shape);
    const ref = fftn(xc, shape);
    // same algorithm family, differently combined: the DFT tolerance applies
    assert.ok(maxDiff(got, ref) <= tol(x, size), `shape ${shape}: error ${maxDiff(got, ref)}`);
  }
});

test("fftBatch equals one fft per line", () => {
  const rng = new Rng(5);
  for (const [n, batch] of [[1, 3], [6, 4], [16, 5], [19, 2], [45, 3], [10, 0]]) {
    const x = rng.normals(2 * n * batch);
    const got = fftBatch(x, n, batch, false);
    for (let b = 0; b < batch; b++) {
      const line = fft(x.slice(2 * n * b, 2 * n * (b + 1)));
      // identical plan on identical data: results must agree to the last bit
      assert.deepEqual(Array.from(got.subarray(2 * n * b, 2 * n * (b + 1))), Array.from(line));
    }
    const inv = fftBatch(got, n, batch, true);
    assert.ok(maxDiff(inv, x) <= tol(x, n));
  }
});

test("fftn, rfftn, fftshift and ifftshift agree with numpy", () => {
  const rng = new Rng(6);
  const shape = [5, 6, 7];
  const size = 210;
  const re = Array.from(rng.normals(size));
  const im = Array.from(rng.normals(size));
  const ref = python(
    `a = np.array(inp["re"]) + 1j * np.array(inp["im"])
a = a.reshape(inp["shape"])
F = np.fft.fftn(a)
R = np.fft.fftn(np.array(inp["re"]).reshape(inp["shape"]))
S = np.fft.fftshift(a)
T = np.fft.ifftshift(a)
def il(z):
    z = z.ravel()
    return np.stack([z.real, z.imag], axis=1).ravel().tolist()
out = {"F": il(F), "R": il(R), "S": il(S), "T": il(T)}`,
    { re, im, shape },
  );
  const x = new Float64Array(2 * size);
  for (let i = 0; i < size; i++) { x[2 * i] = re[i]; x[2 * i + 1] = im[i]; }
  const t = tol(x, size);
  assert.ok(maxDiff(fftn(x, shape), ref.F) <= t);
  assert.ok(maxDiff(rfftn(Float64Array.from(re), shape), ref.R) <= t);
  // shifts are permutations: exact
  assert.deepEqual(Array.from(fftshift(x, shape)), ref.S);
  assert.deepEqual(Array.from(ifftshift(x, shape)), ref.T);
  // real input is shifted as real
  assert.deepEqual(Array.from(ifftshift(fftshift(Float64Array.from(re), shape), shape)), re);
});

test("bad input raises typed errors", () => {
  assert.throws(() => fft(new Float64Array(0)), ShapeError);
  assert.throws(() => fft(new Float64Array(3)), ShapeError);
  assert.throws(() => fft(Float64Array.from([1, NaN])), DomainError);
  assert.throws(() => fftn(new Float64Array(8), [2, 3]), ShapeError);
  assert.throws(() => fftn(new Float64Array(12), [2, 0, 3]), ShapeError);
  assert.throws(() => fftn(new Float64Array(12), []), ShapeError);
  assert.throws(() => rfftn(new Float64Array(5), [2, 3]), ShapeError);
  assert.throws(() => rfftn(Float64Array.from([1, Infinity]), [2]), DomainError);
  assert.throws(() => fftBatch(new Float64Array(10), 3, 2), ShapeError);
  assert.throws(() => fftshift(new Float64Array(5), [2, 2]), ShapeError);
});
