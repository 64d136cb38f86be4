import { test } from "node:test";
import assert from "node:assert/strict";
import { evaluateOnGrid } from "../../../src/grid/evaluate";
import { circularGrid, sineGrid, uniformGrid, customGrid, gridPoint, halfGrid, type FrequencyGrid } from "../../../src/grid/grids";
import { Rng } from "../../../src/core/random";
import { tapOffsets, tapCount, type KernelTensor } from "../../../src/core/kernel-tensor";
import { ShapeError, OptionError, DomainError, SizeLimitError } from "../../../src/core/errors";
import { maxDiff, l1, python } from "./helpers";

const EPS = 2.220446049250313e-16;

function randomKernel(rng: Rng, cout: number, cin: number, shape: number[], origin?: number[]): KernelTensor {
  return { cout, cin, shape, origin: origin ?? shape.map((k) => Math.floor((k - 1) / 2)), data: rng.normals(cout * cin * tapCount(shape)) };
}

/** The definition, point by point: F(w) = sum_q K_q exp(-i <q, w>). */
function directSymbol(K: KernelTensor, grid: FrequencyGrid): Float64Array {
  const taps = tapCount(K.shape);
  const d = K.shape.length;
  const q = tapOffsets(K.shape, K.origin);
  const out = new Float64Array(2 * grid.size * K.cout * K.cin);
  for (let p = 0; p < grid.size; p++) {
    const w = gridPoint(grid, p);
    for (let o = 0; o < K.cout; o++) {
      for (let i = 0; i < K.cin; i++) {
        let re = 0;
        let im = 0;
        for (let t = 0; t < taps; t++) {
          let angle = 0;
          for (let a = 0; a < d; a++) angle += q[t * d + a] * w[a];
          const v = K.data[(o * K.cin + i) * taps + t];
          re += v * Math.cos(angle);
          im -= v * Math.sin(angle);
        }
        const idx = 2 * ((p * K.cout + o) * K.cin + i);
        out[idx] = re;
        out[idx + 1] = im;
      }
    }
  }
  return out;
}

/**
 * Tolerance: each term's phase is computed differently (one angle <q,w> vs a product of per-axis
 * exponentials, angles up to |q| * pi); each costs a few eps * (1 + |q|_1 pi) relative to |K_q|, so
 * the entry error is below 16 eps (1 + pi qmax d) ||K||_1. A wrong sign or offset errs by O(|K|).
 */
function tol(K: KernelTensor): number {
  const qmax = Math.max(...K.shape);
  return 16 * EPS * (1 + Math.PI * qmax * K.shape.length) * l1(K.data);
}

test("evaluateOnGrid matches the direct definition on circular, sine, uniform, custom and half grids", () => {
  const rng = new Rng(21);
  const cases: [KernelTensor, FrequencyGrid][] = [
    [randomKernel(rng, 2, 3, [3]), circularGrid(8)],
    [randomKernel(rng, 2, 3, [3]), circularGrid(7)],
    [randomKernel(rng, 1, 1, [5], [0]), sineGrid(9)],
    [randomKernel(rng, 3, 2, [3, 3]), circularGrid([6, 5])],
    [randomKernel(rng, 3, 2, [3, 2], [2, 0]), sineGrid([4, 5])],
    [randomKernel(rng, 2, 2, [4, 4]), uniformGrid([7, 6])],
    [randomKernel(rng, 2, 1, [2, 3, 2]), circularGrid([4, 5, 3])],
    [randomKernel(rng, 2, 3, [3, 3]), customGrid([[0.3, -1.1], [2.5, 0, -3]])],
    [randomKernel(rng, 2, 2, [5, 3]), halfGrid(circularGrid([8, 6]))],
    [randomKernel(rng, 2, 2, [7, 7]), circularGrid([32, 32])],
    [randomKernel(rng, 1, 2, [2, 96]), circularGrid([3, 128])], // "auto" takes the FFT on axis 2 (m k = 12288 > its FFT estimate)
  ];
  for (const [K, g] of cases) {
    const ref = directSymbol(K, g);
    for (const method of ["auto", "direct"] as const) {
      const got = evaluateOnGrid(K, g, { method });
      assert.ok(maxDiff(got, ref) <= tol(K), `${g.kind} ${g.shape} k=${K.shape} ${method}: error ${maxDiff(got, ref)} > ${tol(K)}`);
    }
    if (g.circularPeriods?.every((p) => p !== null)) {
      const got = evaluateOnGrid(K, g, { method: "fft" });
      assert.ok(maxDiff(got, ref) <= tol(K), `${g.kind} ${g.shape} fft: error ${maxDiff(got, ref)}`);
    }
  }
});

test("circular grid smaller than the kernel wraps taps modulo n and still gives the exact symbol", () => {
  const rng = new Rng(22);
  const K = randomKernel(rng, 2, 2, [5, 4], [1, 3]);
  const g = circularGrid([3, 2]);
  const ref = directSymbol(K, g);
  for (const method of ["fft", "direct"] as const) assert.ok(maxDiff(evaluateOnGrid(K, g, { method }), ref) <= tol(K));
});

test("circular evaluation equals numpy's fft2 of the zero-padded, origin-rolled kernel", () => {
  const rng = new Rng(23);
  const K = randomKernel(rng, 3, 2, [3, 3]);
  const n = [8, 6];
  const ref = python(
    `K = np.array(inp["data"]).reshape(3, 2, 3, 3)
P = np.zeros((3, 2, 8, 6)); P[:, :, :3, :3] = K
P = np.roll(P, (-1, -1), axis=(2, 3))   # tap at offset q = p - 1 goes to index q mod n
F = np.fft.fft2(P, axes=(2, 3)).transpose(2, 3, 0, 1).ravel()
out = np.stack([F.real, F.imag], axis=1).ravel().tolist()`,
    { data: Array.from(K.data) },
  );
  assert.ok(maxDiff(evaluateOnGrid(K, circularGrid(n)), ref) <= tol(K));
});

test("real taps: F(-w) = conj F(w) on a circular grid", () => {
  const rng = new Rng(24);
  const K = randomKernel(rng, 2, 3, [3, 3]);
  const n = [6, 5];
  const F = evaluateOnGrid(K, circularGrid(n));
  const C = 6;
  for (let j1 = 0; j1 < 6; j1++) {
    for (let j2 = 0; j2 < 5; j2++) {
      const p = j1 * 5 + j2;
      const q = ((6 - j1) % 6) * 5 + ((5 - j2) % 5);
      for (let c = 0; c < C; c++) {
        assert.ok(Math.abs(F[2 * (p * C + c)] - F[2 * (q * C + c)]) <= tol(K));
        assert.ok(Math.abs(F[2 * (p * C + c) + 1] + F[2 * (q * C + c) + 1]) <= tol(K));
      }
    }
  }
});

test("evaluateOnGrid rejects mismatched dimensions, bad options and bad kernels", () => {
  const rng = new Rng(25);
  const K = randomKernel(rng, 1, 1, [3, 3]);
  assert.throws(() => evaluateOnGrid(K, circularGrid(4)), ShapeError);
  assert.throws(() => evaluateOnGrid(K, sineGrid([3, 3]), { method: "fft" }), OptionError);
  assert.throws(() => evaluateOnGrid(K, circularGrid([3, 3]), { method: "slow" as never }), OptionError);
  assert.throws(() => evaluateOnGrid(K, circularGrid([3, 3]), { tol: 1 } as never), OptionError);
  const bad = { ...K, data: Float64Array.from(K.data, (v, i) => (i === 4 ? NaN : v)) };
  assert.throws(() => evaluateOnGrid(bad, circularGrid([3, 3])), DomainError);
  assert.throws(() => evaluateOnGrid({ ...K, data: new Float64Array(3) }, circularGrid([3, 3])), ShapeError);
  // 512 x 512 channels on a 32 x 32 grid would need 4 GiB: refused before allocating
  const wide = { cout: 512, cin: 512, shape: [1, 1], origin: [0, 0], data: new Float64Array(512 * 512) };
  assert.throws(() => evaluateOnGrid(wide, circularGrid([32, 32])), SizeLimitError);
});
