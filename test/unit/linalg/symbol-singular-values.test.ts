import { test } from "node:test";
import assert from "node:assert/strict";
import { symbolSingularValues } from "../../../src/spectrum/batched-grid";
import { batchedSingularValues } from "../../../src/spectrum/batched";
import { evaluateOnGrid } from "../../../src/grid/evaluate";
import { circularGrid, sineGrid, uniformGrid, type FrequencyGrid } from "../../../src/grid/grids";
import { tapCount, type KernelTensor } from "../../../src/core/kernel-tensor";
import { Rng } from "../../../src/core/random";
import { OptionError, DomainError } from "../../../src/core/errors";
import { python } from "../grid/helpers";

const EPS = 2.220446049250313e-16;

function randomKernel(rng: Rng, cout: number, cin: number, shape: number[]): KernelTensor {
  return { cout, cin, shape, origin: shape.map((k) => Math.floor((k - 1) / 2)), data: rng.normals(cout * cin * tapCount(shape)) };
}

/** Normwise: both sides are backward-stable SVDs of (conjugate) matrices: 40 c eps ||K||_1 bounds ||F|| errors. */
function tol(K: KernelTensor): number {
  let l1 = 0;
  for (const v of K.data) l1 += Math.abs(v);
  return 40 * Math.max(K.cout, K.cin) * EPS * l1;
}

test("half-grid symmetry gives the same per-point singular values as the full grid", () => {
  const rng = new Rng(41);
  const cases: [KernelTensor, FrequencyGrid][] = [
    [randomKernel(rng, 4, 3, [3, 3]), circularGrid([6, 5])],
    [randomKernel(rng, 3, 5, [3]), circularGrid(9)],
    [randomKernel(rng, 2, 2, [2, 3, 2]), circularGrid([4, 3, 6])],
    [randomKernel(rng, 3, 3, [3, 3]), uniformGrid([8, 6])],
    [randomKernel(rng, 3, 2, [3, 3]), sineGrid([4, 4])], // not closed under negation: full path
  ];
  for (const [K, g] of cases) {
    const withSym = symbolSingularValues(K, g, { threads: 1 });
    const r = Math.min(K.cout, K.cin);
    const direct = batchedSingularValues(evaluateOnGrid(K, g), g.size, K.cout, K.cin, { threads: 1 });
    assert.equal(withSym.length, g.size * r);
    for (let i = 0; i < direct.length; i++) assert.ok(Math.abs(withSym[i] - direct[i]) <= tol(K), `${g.kind} ${g.shape}: entry ${i} ${withSym[i]} vs ${direct[i]}`);
    assert.deepEqual(Array.from(symbolSingularValues(K, g, { useSymmetry: false, threads: 1 })), Array.from(direct));
    // evaluating in slices of the first axis (tiny memory budget) changes only rounding (direct sums there)
    const sliced = symbolSingularValues(K, g, { threads: 1, sliceNumbers: 1 });
    for (let i = 0; i < direct.length; i++) assert.ok(Math.abs(sliced[i] - direct[i]) <= tol(K), `sliced ${g.kind} ${g.shape}: entry ${i}`);
  }
});

test("circular-grid singular values equal numpy's fft2 + svd (Sedghi et al.)", () => {
  const rng = new Rng(42);
  const K = randomKernel(rng, 5, 4, [3, 3]);
  const ref = python(
    `K = np.array(inp["data"]).reshape(5, 4, 3, 3)
P = np.zeros((5, 4, 7, 6)); P[:, :, :3, :3] = K
P = np.roll(P, (-1, -1), axis=(2, 3))
F = np.fft.fft2(P, axes=(2, 3)).transpose(2, 3, 0, 1).reshape(42, 5, 4)
out = np.linalg.svd(F, compute_uv=False).ravel().tolist()`,
    { data: Array.from(K.data) },
  );
  const got = symbolSingularValues(K, circularGrid([7, 6]), { threads: 2 });
  for (let i = 0; i < ref.length; i++) assert.ok(Math.abs(got[i] - ref[i]) <= tol(K), `entry ${i}: ${got[i]} vs numpy ${ref[i]}`);
});

test("symbolSingularValues rejects unknown options", () => {
  const K = randomKernel(new Rng(43), 1, 1, [3]);
  assert.throws(() => symbolSingularValues(K, circularGrid(4), { symmetric: true } as never), OptionError);
  assert.throws(() => symbolSingularValues(K, circularGrid(4), { useSymmetry: "yes" as never }), OptionError);
  assert.throws(() => symbolSingularValues(K, circularGrid(4), { sliceNumbers: 0 }), DomainError);
});
