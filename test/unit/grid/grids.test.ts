import { test } from "node:test";
import assert from "node:assert/strict";
import { circularGrid, sineGrid, uniformGrid, customGrid, gridPoint, gridPoints, halfGrid, gridWeightTotal } from "../../../src/grid/grids";
import { ShapeError, DomainError, OptionError } from "../../../src/core/errors";

test("circular grid: w_j = 2 pi j / n in FFT order, N-D row-major points", () => {
  const g = circularGrid([3, 4]);
  assert.equal(g.kind, "circular");
  assert.deepEqual(g.shape, [3, 4]);
  assert.equal(g.size, 12);
  assert.deepEqual(Array.from(g.axes[1]), [0, Math.PI / 2, Math.PI, (3 * Math.PI) / 2]);
  // point 7 = (j1, j2) = (1, 3): last axis fastest
  assert.deepEqual(Array.from(gridPoint(g, 7)), [(2 * Math.PI) / 3, (3 * Math.PI) / 2]);
  const pts = gridPoints(g);
  assert.equal(pts.length, 24);
  assert.deepEqual(Array.from(pts.subarray(14, 16)), Array.from(gridPoint(g, 7)));
  assert.equal(circularGrid(5).shape.length, 1);
});

test("sine grid: pi j / (n + 1), j = 1..n; 2-D mirror variant covers both signs of axis 2 with weight 1/2", () => {
  const g1 = sineGrid(3);
  assert.deepEqual(Array.from(g1.axes[0]), [Math.PI / 4, Math.PI / 2, (3 * Math.PI) / 4]);
  assert.equal(g1.weights, undefined);
  const g2 = sineGrid([2, 3]);
  assert.deepEqual(g2.shape, [2, 6]);
  assert.deepEqual(Array.from(g2.axes[1]), [-3, -2, -1, 1, 2, 3].map((j) => (Math.PI * j) / 4));
  assert.equal(gridWeightTotal(g2), 6); // = 2 * 3, the count of the n1 x n2 layer's frequency groups
  const gp = sineGrid([2, 3], { signs: "positive" });
  assert.deepEqual(gp.shape, [2, 3]);
  assert.equal(gridWeightTotal(gp), 6);
  assert.throws(() => sineGrid([2, 3], { signs: "both" as never }), OptionError);
});

test("uniform grid covers [a, b) with m points; custom grid copies its axes", () => {
  const g = uniformGrid(4);
  assert.deepEqual(Array.from(g.axes[0]), [-Math.PI, -Math.PI / 2, 0, Math.PI / 2]);
  const h = uniformGrid([2, 5], { range: [0, 1] });
  assert.deepEqual(Array.from(h.axes[1]), [0, 0.2, 0.4, 0.6, 0.8]);
  const src = [0.1, 0.2];
  const c = customGrid([src, [3]]);
  src[0] = 9;
  assert.deepEqual(Array.from(c.axes[0]), [0.1, 0.2]);
  assert.equal(c.size, 2);
});

test("half grids keep one of each {w, -w} pair with weights summing to the full size", () => {
  for (const n of [[8], [7], [4, 6], [5, 5], [3, 4, 5]]) {
    const full = circularGrid(n);
    const half = halfGrid(full);
    assert.equal(gridWeightTotal(half), full.size);
    // every full point w has w or -w (mod 2 pi) in the half grid: check by brute force
    const key = (w: Float64Array) => Array.from(w, (x) => Math.round((((x % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI)) * 1e9) % Math.round(2 * Math.PI * 1e9)).join(",");
    const halfKeys = new Set<string>();
    for (let p = 0; p < half.size; p++) halfKeys.add(key(gridPoint(half, p)));
    let weighted = 0;
    for (let p = 0; p < full.size; p++) {
      const w = gridPoint(full, p);
      const neg = w.map((x) => -x);
      assert.ok(halfKeys.has(key(w)) || halfKeys.has(key(neg)), `point ${w} not represented`);
      weighted++;
    }
    assert.equal(weighted, full.size);
    assert.equal(half.axes[n.length - 1].length, Math.floor(n[n.length - 1] / 2) + 1);
  }
  const u = halfGrid(uniformGrid([4, 6]));
  assert.equal(gridWeightTotal(u), 24);
  assert.throws(() => halfGrid(sineGrid([3, 3])), DomainError);
  assert.equal(gridWeightTotal(halfGrid(uniformGrid(5))), 5); // -pi + 2 pi j / 5 is symmetric too
  assert.throws(() => halfGrid(uniformGrid(4, { range: [0, 1] })), DomainError);
});

test("bad grid input raises typed errors", () => {
  assert.throws(() => circularGrid(0), ShapeError);
  assert.throws(() => circularGrid([3, 2.5]), ShapeError);
  assert.throws(() => circularGrid([]), ShapeError);
  assert.throws(() => uniformGrid(4, { range: [1, 1] }), DomainError);
  assert.throws(() => uniformGrid(4, { span: 2 } as never), OptionError);
  assert.throws(() => customGrid([[0.1, NaN]]), DomainError);
  assert.throws(() => customGrid([]), ShapeError);
  assert.throws(() => customGrid([[1, 2]], { weights: [1] }), ShapeError);
  assert.throws(() => gridPoint(circularGrid(3), 3), DomainError);
});
