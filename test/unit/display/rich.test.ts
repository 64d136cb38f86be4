import { test } from "node:test";
import assert from "node:assert/strict";
import { latex, html, markdown } from "../../../src/display/rich";
import { show } from "../../../src/display/show";
import { DISPLAY, toMimeBundle } from "../../../src/display/channel";
import { linePlot } from "../../../src/display/plots";
import { VEGALITE_MIME } from "../../../src/display/plot";
import { captureStdout, recordingSink } from "./helpers";

test("latex: display and inline math, delimiters normalised", () => {
  assert.deepEqual(latex("x^2")[DISPLAY](), { "text/latex": "$$x^2$$", "text/plain": "x^2" });
  assert.deepEqual(latex("$$x^2$$")[DISPLAY](), { "text/latex": "$$x^2$$", "text/plain": "x^2" });
  assert.deepEqual(latex("\\[ a \\]")[DISPLAY](), { "text/latex": "$$a$$", "text/plain": "a" });
  assert.deepEqual(latex("$a$", { inline: true })[DISPLAY](), { "text/latex": "$a$", "text/plain": "a" });
  assert.throws(() => latex(3 as never), TypeError);
});

test("html and markdown carry a text/plain fallback", () => {
  assert.deepEqual(html("<p>a &amp; <b>b</b></p><p>c</p>")[DISPLAY](), { "text/html": "<p>a &amp; <b>b</b></p><p>c</p>", "text/plain": "a & b\nc" });
  assert.deepEqual(markdown("# T\n- x")[DISPLAY](), { "text/markdown": "# T\n- x", "text/plain": "# T\n- x" });
});

test("show: outside a kernel prints text/plain; in a kernel sends the whole bundle with options", async () => {
  const printed = await captureStdout(() => show(latex("a+b")));
  assert.equal(printed, "a+b\n");
  const plain = await captureStdout(() => show({ x: 1 }));
  assert.equal(plain, "{ x: 1 }\n");

  const { sent, restore } = recordingSink();
  try {
    const done = show(latex("y"), { displayId: "d1" });
    // Synchronous bundles go out before show() returns.
    assert.equal(sent.length, 1);
    await done;
    assert.deepEqual(sent[0], { bundle: { "text/latex": "$$y$$", "text/plain": "y" }, options: { displayId: "d1" } });
    await show(linePlot([0, 1, 2], [0, 1, 4], { title: "T" }));
    assert.equal(sent.length, 2);
    assert.deepEqual(Object.keys(sent[1].bundle).sort(), [VEGALITE_MIME, "image/svg+xml", "text/plain"].sort());
  } finally {
    restore();
  }
});

test("toMimeBundle adds text/plain to a bundle without one", async () => {
  const obj = { [DISPLAY]: () => ({ "text/html": "<i>x</i>" }) };
  const b = await toMimeBundle(obj);
  assert.equal(b["text/html"], "<i>x</i>");
  assert.equal(typeof b["text/plain"], "string");
});

test("settleDisplays waits for a show() that was not awaited", async () => {
  const { settleDisplays } = await import("../../../src/display/channel");
  const { sent, restore } = recordingSink();
  try {
    void show(linePlot([0, 1], [0, 1]));
    assert.equal(sent.length, 0, "the SVG is still rendering");
    await settleDisplays();
    assert.equal(sent.length, 1);
    assert.ok(String(sent[0].bundle["image/svg+xml"]).startsWith("<svg"));
  } finally {
    restore();
  }
});
