/**
 * Ratio summaries (hand-made rows with known min / median / max), report selection, and the
 * random same-norm baseline kernels (Frobenius norm computed directly from the trained taps).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { LayerReport, ratioSummary, compareRatios, randomLikeKernels, type LayerReportRow } from "../../../src/report";
import { loadWeights, listConvKernels } from "../../../src/io";
import { DISPLAY } from "../../../src/display/channel";
import { ShapeError } from "../../../src/core/errors";

function row(index: number, ratios: Record<string, number>): LayerReportRow {
  return {
    index, layer: `L${index}`, cout: 1, cin: 1, kernelShape: [3, 3], inputShape: [4, 4], padding: "zero", stride: 1, strideGuess: 1, strideReason: "",
    exact: { value: 2, residual: 0, iterations: 1, seconds: 0.5 },
    estimates: Object.entries(ratios).map(([method, ratio]) => ({ method, kind: "bound" as const, value: 2 * ratio, guaranteed: true, ratio, seconds: 0 })),
    seconds: 1,
  };
}

test("ratioSummary: min / median / max per method (odd and even counts)", () => {
  const r = new LayerReport([row(0, { a: 1, b: 4 }), row(1, { a: 3, b: 1 }), row(2, { a: 2, b: 10 }), row(3, { a: 1.5, b: 2 })], "hand", 4);
  const s = ratioSummary(r);
  assert.deepEqual(s.map((x) => x.method), ["a", "b"]);
  assert.deepEqual({ min: s[0].min, median: s[0].median, max: s[0].max }, { min: 1, median: 1.75, max: 3 }); // sorted 1, 1.5, 2, 3
  assert.deepEqual({ min: s[1].min, median: s[1].median, max: s[1].max }, { min: 1, median: 3, max: 10 }); // sorted 1, 2, 4, 10
  const sub = r.select((x) => x.index < 3);
  assert.equal(sub.rows.length, 3);
  assert.equal(sub.seconds, 3);
  assert.equal(ratioSummary(sub)[0].median, 2); // 1, 2, 3
  assert.throws(() => r.select(() => false), ShapeError);
  const t = compareRatios({ trained: r, other: sub });
  assert.match(t.toText(), /trained median/);
  assert.match(String(t[DISPLAY]()["text/html"]), /<table/);
});

test("randomLikeKernels: same shapes and Frobenius norms, seeded, different taps", () => {
  const ks = listConvKernels(loadWeights("npm:@vladmandic/face-api/model/face_recognition_model")).slice(0, 3);
  const r1 = randomLikeKernels(ks, { seed: 5 });
  const r2 = randomLikeKernels(ks, { seed: 5 });
  const r3 = randomLikeKernels(ks, { seed: 6 });
  const fro = (d: Float64Array) => Math.sqrt(d.reduce((a, v) => a + v * v, 0));
  ks.forEach((k, j) => {
    assert.deepEqual([r1[j].kernel.cout, r1[j].kernel.cin, ...r1[j].kernel.shape], [k.cout, k.cin, ...k.kernelShape]);
    // one rescaling of a sum of squares: relative error a few ulps times log(length)
    assert.ok(Math.abs(fro(r1[j].kernel.data) / fro(k.kernel.data) - 1) < 1e-12);
    assert.deepEqual(r1[j].kernel.data, r2[j].kernel.data);
    assert.notDeepEqual(r1[j].kernel.data, r3[j].kernel.data);
    assert.notDeepEqual(r1[j].kernel.data, k.kernel.data);
    assert.equal(r1[j].name, `${k.name} (random)`);
  });
  assert.throws(() => randomLikeKernels([]), ShapeError);
});

test("LayerReport display has no wall-clock column (byte-identical notebook outputs); table({ timings: true }) adds it", () => {
  const r = new LayerReport([row(0, { a: 1 }), row(1, { a: 3 })], "hand", 2.5);
  const plain = r.toString();
  assert.ok(!/seconds|total 2\.5 s/.test(plain), plain);
  assert.ok(!String(r[DISPLAY]()["text/html"]).includes("seconds"));
  const timed = r.table({ timings: true }).toText();
  assert.ok(timed.includes("seconds") && timed.includes("total 2.5 s"), timed);
  assert.throws(() => r.table({ timing: true } as never), /timings/);
});
