/**
 * Stencil construction: layouts (checked against an index formula written here), typed-array
 * input, symbolic stencils, subs, toKernelTensor, display, and bad input -> typed errors.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Stencil } from "../../../src/stencil/stencil";
import { laplacianStencil } from "../../../src/stencil/named";
import { Rational } from "../../../src/algebra/rational";
import { DISPLAY } from "../../../src/display/channel";
import { ShapeError, DomainError, OptionError, ParseError } from "../../../src/core/errors";

const num = (s: Stencil) => s.toKernelTensor().data;

test("bare 1-D array is one in / one out channel, centred origin; 2-D nested is single-channel 2-D", () => {
  const s = Stencil.from([1, -2, 1]);
  assert.deepEqual([s.cout, s.cin, s.shape, s.origin, s.isNumeric], [1, 1, [3], [1], true]);
  const t = Stencil.from([[0, 1, 0], [1, -4, 1], [0, 1, 0]]);
  assert.deepEqual([t.shape, t.origin], [[3, 3], [1, 1]]);
  assert.deepEqual(Array.from(num(t)), Array.from(num(laplacianStencil(2))));
  // even sizes: origin floor((k-1)/2) (PyTorch "same")
  assert.deepEqual(Stencil.from([[1, 2], [3, 4]]).origin, [0, 0]);
  assert.deepEqual(Stencil.from([1, 2, 3, 4]).origin, [1]);
});

test("layouts oihw / hwio / oiw / wio / oidhw / dhwio map to the canonical [o][i][spatial] order", () => {
  const [co, ci, h, w] = [2, 3, 2, 3];
  const val = (o: number, i: number, y: number, x: number) => 1000 * o + 100 * i + 10 * y + x;
  const oihw = Array.from({ length: co }, (_, o) => Array.from({ length: ci }, (_, i) => Array.from({ length: h }, (_, y) => Array.from({ length: w }, (_, x) => val(o, i, y, x)))));
  const hwio = Array.from({ length: h }, (_, y) => Array.from({ length: w }, (_, x) => Array.from({ length: ci }, (_, i) => Array.from({ length: co }, (_, o) => val(o, i, y, x)))));
  const a = Stencil.from(oihw, { layout: "oihw" }), b = Stencil.from(hwio, { layout: "hwio" });
  assert.deepEqual([a.cout, a.cin, a.shape], [co, ci, [h, w]]);
  const d = num(a);
  for (let o = 0; o < co; o++) for (let i = 0; i < ci; i++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    assert.equal(d[((o * ci + i) * h + y) * w + x], val(o, i, y, x));
  }
  assert.deepEqual(Array.from(num(b)), Array.from(d));
  // typed-array form of the same weights
  const flat = new Float32Array(oihw.flat(3) as number[]);
  assert.deepEqual(Array.from(num(Stencil.from({ shape: [co, ci, h, w], data: flat }, { layout: "oihw" }))), Array.from(d));
  // 1-D and 3-D analogues
  const oiw = [[[1, 2, 3]], [[4, 5, 6]]];
  const wio = [[[1, 4]], [[2, 5]], [[3, 6]]];
  assert.deepEqual(Array.from(num(Stencil.from(oiw, { layout: "oiw" }))), Array.from(num(Stencil.from(wio, { layout: "wio" }))));
  const data = Float64Array.from({ length: 2 * 2 * 2 }, (_, k) => k);
  const s3 = Stencil.from({ shape: [1, 1, 2, 2, 2], data }, { layout: "oidhw" });
  const dhwio = Stencil.from({ shape: [2, 2, 2, 1, 1], data }, { layout: "dhwio" });
  assert.deepEqual(Array.from(num(s3)), Array.from(num(dhwio)));
  assert.deepEqual(s3.shape, [2, 2, 2]);
});

test("symbolic stencils: names per tap, subs to numbers, toKernelTensor names the free symbols", () => {
  const s = Stencil.symbolic("a", [2, 3]);
  assert.deepEqual(s.symbols, ["a_0_0", "a_0_1", "a_0_2", "a_1_0", "a_1_1", "a_1_2"]);
  assert.equal(s.isNumeric, false);
  assert.throws(() => s.toKernelTensor(), (e: unknown) => e instanceof DomainError && /a_0_0/.test(e.message));
  const vals: Record<string, number> = {};
  s.symbols.forEach((n, k) => { vals[n] = k - 2.5; });
  const t = s.subs(vals);
  assert.equal(t.isNumeric, true);
  assert.deepEqual(Array.from(num(t)), [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5]);
  const m = Stencil.symbolic("k", [3], { cout: 2, cin: 1 });
  assert.deepEqual(m.symbols.slice(0, 2), ["k_0_0_0", "k_0_0_1"]);
  // string entries, partial and exact substitution
  const u = Stencil.from(["a", "2*a + b", "b^2"]).subs({ a: Rational.of(1, 3) });
  assert.deepEqual(u.symbols, ["b"]);
  assert.equal(u.entries[1].toString(), "b + 2/3");
  assert.equal(Stencil.from(["a"]).subs({ a: "b + 1" }).entries[0].toString(), "b + 1");
});

test("display: text/latex with the origin boxed and a text/plain fallback", () => {
  const b = Stencil.from(["a", "b", "c"])[DISPLAY]();
  assert.match(String(b["text/plain"]), /Stencil 1x1, shape \[3\], origin \[1\], symbols a, b, c/);
  assert.equal(b["text/latex"], "$$\\begin{bmatrix} a & \\boxed{b} & c \\end{bmatrix}$$");
});

test("bad input raises typed errors that say what is allowed", () => {
  assert.throws(() => Stencil.from([[1, 2], [3]]), (e: unknown) => e instanceof ShapeError && /ragged/.test(e.message));
  assert.throws(() => Stencil.from([]), (e: unknown) => e instanceof ShapeError && /empty/.test(e.message));
  assert.throws(() => Stencil.from([[]]), ShapeError);
  assert.throws(() => Stencil.from({ shape: [0], data: [] }), ShapeError);
  assert.throws(() => Stencil.from([1, NaN, 1]), (e: unknown) => e instanceof DomainError && /finite/.test(e.message));
  assert.throws(() => Stencil.from([1, Infinity]), DomainError);
  assert.throws(() => Stencil.from({ shape: [2], data: new Float64Array([1, -Infinity]) }), DomainError);
  assert.throws(() => Stencil.from([[[1]]], { layout: "nchw" as never }), (e: unknown) => e instanceof OptionError && /oihw/.test(e.message));
  assert.throws(() => Stencil.from([[[[1]]]]), (e: unknown) => e instanceof OptionError && /explicit layout/.test(e.message));
  assert.throws(() => Stencil.from([1, 2], { layout: "oihw" }), ShapeError);
  assert.throws(() => Stencil.from(["sin(a)"]), (e: unknown) => e instanceof ParseError && /allowed/.test(e.message));
  assert.throws(() => Stencil.from(["1/a"]), ParseError);
  assert.throws(() => Stencil.from(["a +"]), ParseError);
  assert.throws(() => Stencil.from(["pi"]), ParseError);
  assert.throws(() => Stencil.from([1, 2, 3], { origin: [3] }), (e: unknown) => e instanceof DomainError && /outside the kernel; allowed 0..2/.test(e.message));
  assert.throws(() => Stencil.from([1, 2, 3], { origin: [0, 0] }), ShapeError);
  assert.throws(() => Stencil.from([1, 2, 3], { bogus: 1 } as never), OptionError);
  assert.throws(() => Stencil.from("abc"), ShapeError);
  assert.throws(() => Stencil.from([null as never]), ShapeError);
  assert.throws(() => Stencil.symbolic("w", [3]), ParseError);
  assert.throws(() => Stencil.from({ shape: [3], data: [1, 2] }), ShapeError);
});
