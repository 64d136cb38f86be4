import { test } from "node:test";
import assert from "node:assert/strict";
import { convKernel, convKernelGram, convKernelFromCosines, normalizePixels } from "../../../src/tangent-kernels/index";
import { DomainError, OptionError, ShapeError, SizeLimitError } from "../../../src/core/errors";
import { pythonOracle } from "../../helpers/python-oracle";
import { LOAD_REFERENCE, randomInputs } from "./helpers";

test("convKernel with d = 1, L = 1 is the two-layer ReLU NTK k1(t) + t k0(t) and GP k1(t) in closed form", () => {
  for (const th of [0.3, 1.2, 2.5, 3.0]) {
    const x = [[1, 0, 0]], z = [[Math.cos(th), Math.sin(th), 0]];
    const t = Math.cos(th);
    // closed forms in the angle: k0 = (pi - th)/pi, k1 = (sin th + (pi - th) cos th)/pi
    const k0 = (Math.PI - th) / Math.PI, k1 = (Math.sin(th) + (Math.PI - th) * t) / Math.PI;
    // t = cos(th) rounds to 1 ulp; acos(t) then differs from th by eps/sin(th) <= 1e-15 here
    assert.ok(Math.abs(convKernel(x, z, { kind: "gp" }) - k1) < 1e-14);
    assert.ok(Math.abs(convKernel(x, z) - (k1 + t * k0)) < 1e-14);
  }
});

test("convKernelGram matches the numpy position-pair recursion for FC and GAP, NTK and GP (d = 6, zeta = 3, q = 3, L = 3)", () => {
  const X = randomInputs(1, 5, 6, 3), Z = randomInputs(2, 4, 6, 3);
  const ref = pythonOracle<Record<string, number[][]>>(`${LOAD_REFERENCE}
out = {f"{r}-{k}": cntk_gram(inp["X"], inp["Z"], 3, 3, r, k).tolist() for r in ["fc", "gap"] for k in ["ntk", "gp"]}`, { X, Z });
  for (const readout of ["fc", "gap"] as const) for (const kind of ["ntk", "gp"] as const) {
    const G = convKernelGram(X, Z, { layers: 3, filterSize: 3, readout, kind });
    assert.equal(G.rows, 5); assert.equal(G.cols, 4);
    const R = ref[`${readout}-${kind}`];
    for (let a = 0; a < 5; a++) for (let b = 0; b < 4; b++) {
      // same recursion in two implementations: differences are round-off of ~L d q sums, < 1e-13
      assert.ok(Math.abs(G.data[a * 4 + b] - R[a][b]) < 1e-13, `${readout} ${kind} [${a},${b}]: ${G.data[a * 4 + b]} vs ${R[a][b]}`);
      assert.ok(Math.abs(convKernel(X[a], Z[b], { layers: 3, filterSize: 3, readout, kind }) - G.data[a * 4 + b]) < 1e-15);
    }
  }
});

test("convKernelGram of one batch is symmetric with diagonal L + 1 (NTK, FC) and 1 (GP, FC)", () => {
  const X = randomInputs(3, 6, 5, 2);
  const G = convKernelGram(X, { layers: 4, filterSize: 2, kind: "ntk" });
  const H = convKernelGram(X, { layers: 4, filterSize: 2, kind: "gp" });
  for (let a = 0; a < 6; a++) {
    // K(x, x) at t = 1 - O(eps): the sqrt(1 - t) cone of k0 turns eps into ~sqrt(eps) = 1.5e-8
    assert.ok(Math.abs(G.data[a * 6 + a] - 5) < 1e-7);
    assert.ok(Math.abs(H.data[a * 6 + a] - 1) < 1e-7);
    for (let b = 0; b < 6; b++) assert.equal(G.data[a * 6 + b], G.data[b * 6 + a]);
  }
});

test("the GAP kernel equals the average of the FC kernel over cyclic shifts of z", () => {
  const [x, z] = randomInputs(4, 2, 5, 3);
  const opts = { layers: 2, filterSize: 2 } as const;
  let avg = 0;
  for (let s = 0; s < 5; s++) avg += convKernel(x, z.map((_, i) => z[(i + s) % 5]), opts) / 5;
  assert.ok(Math.abs(convKernel(x, z, { ...opts, readout: "gap" }) - avg) < 1e-15);
});

test("convKernelFromCosines agrees with convKernel on the per-pixel cosines", () => {
  const [x, z] = randomInputs(5, 2, 4, 3);
  const t = x.map((p, i) => p.reduce((s, v, c) => s + v * z[i][c], 0));
  assert.ok(Math.abs(convKernelFromCosines(t, { layers: 3, filterSize: 3 }) - convKernel(x, z, { layers: 3, filterSize: 3 })) < 1e-15);
  assert.throws(() => convKernelFromCosines([0.5, 1.5]), DomainError);
  assert.throws(() => convKernelFromCosines([0.5], { readout: "gap" }), DomainError);
});

test("convKernel accepts { shape, data } inputs and normalizePixels makes pixels unit", () => {
  const x = normalizePixels([[3, 4], [0, 2]]) as number[][];
  // 3 * (1/5) rounds to 1 ulp
  [[0.6, 0.8], [0, 1]].forEach((p, i) => p.forEach((v, c) => assert.ok(Math.abs(x[i][c] - v) <= 2.3e-16)));
  const v = convKernel({ shape: [2, 2], data: [0.6, 0.8, 0, 1] }, x, { filterSize: 2 });
  assert.ok(Math.abs(v - 2) < 1e-7);
  assert.throws(() => normalizePixels([[0, 0]]), DomainError);
});

test("convKernel rejects non-unit pixels (naming the pixel), mismatched shapes, filterSize > d, bad layers, NaN, unknown options", () => {
  const x = [[1, 0], [0, 1]];
  assert.throws(() => convKernel(x, [[1, 0], [0.5, 0.5]]), (e: Error) => e instanceof DomainError && /z pixel 1 has norm/.test(e.message));
  assert.throws(() => convKernel(x, [[1, 0]]), ShapeError);
  assert.throws(() => convKernel(x, [[1, 0, 0], [0, 1, 0]]), ShapeError);
  assert.throws(() => convKernel(x, x, { filterSize: 3 }), (e: Error) => e instanceof DomainError && /exceeds the number of pixels d = 2/.test(e.message));
  assert.throws(() => convKernel(x, x, { layers: 0 }), DomainError);
  assert.throws(() => convKernel(x, x, { layers: 1.5 }), DomainError);
  assert.throws(() => convKernel([[NaN, 0], [0, 1]], x), DomainError);
  assert.throws(() => convKernel(x, x, { readout: "max" as "fc" }), OptionError);
  assert.throws(() => convKernel(x, x, { kind: "gpk" as "gp" }), OptionError);
  assert.throws(() => convKernel(x, x, { width: 3 } as object), OptionError);
  assert.throws(() => convKernel([] as number[][], x), ShapeError);
  assert.throws(() => convKernel([[1, 0], [0]] as number[][], x), ShapeError);
  assert.throws(() => convKernelGram({ shape: [9000, 1, 2], data: new Float64Array(18000) }, { shape: [9000, 1, 2], data: new Float64Array(18000) }), DomainError);
  const big = { shape: [9000, 1, 2], data: new Float64Array(18000).map((_, i) => (i % 2 === 0 ? 1 : 0)) };
  assert.throws(() => convKernelGram(big, big), SizeLimitError);
});
