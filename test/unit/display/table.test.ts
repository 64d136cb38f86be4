import { test } from "node:test";
import assert from "node:assert/strict";
import { table } from "../../../src/display/table";
import { DISPLAY, toMimeBundle } from "../../../src/display/channel";
import { ShapeError, OptionError, DomainError } from "../../../src/core/errors";

test("table of objects: HTML and aligned text with stated significant digits", async () => {
  const t = table([{ name: "pi", value: Math.PI, n: 8 }, { name: "tiny", value: 1.234567e-9, n: 1024 }], { digits: 3, caption: "Numbers" });
  const bundle = await toMimeBundle(t);
  assert.deepEqual(Object.keys(bundle).sort(), ["text/html", "text/plain"]);
  // Text: caption, header, rule, rows; numbers right-aligned to the column width.
  assert.equal(bundle["text/plain"], [
    "Numbers",
    "name    value     n",
    "----  -------  ----",
    "pi       3.14     8",
    "tiny  1.23e-9  1024",
  ].join("\n"));
  const html = String(bundle["text/html"]);
  assert.match(html, /^<table class="convspec-table"><caption>Numbers<\/caption>/);
  assert.equal((html.match(/<tr>/g) ?? []).length, 3, "one header row and two body rows");
  assert.ok(html.includes(">3.14</td>") && html.includes(">1.23e-9</td>") && html.includes(">1024</td>"));
  assert.ok(html.includes('<th style="text-align:right;font-variant-numeric:tabular-nums">value</th>'));
  assert.ok(html.includes('<th style="text-align:left">name</th>'));
});

test("table of arrays with headers; HTML is escaped; columns select and order keys", () => {
  const t = table([[1, "<b>"], [2.5, "x & y"]], { columns: ["k", "label"] });
  const html = t[DISPLAY]()["text/html"] as string;
  assert.ok(html.includes("&lt;b&gt;") && html.includes("x &amp; y") && !html.includes("<b>"));
  const u = table([{ a: 1, b: 2, c: 3 }], { columns: ["c", "a"] });
  assert.deepEqual(u.columns, ["c", "a"]);
  assert.deepEqual(u.cells, [["3", "1"]]);
  // Missing keys become empty cells; NaN is shown, not hidden.
  const v = table([{ a: 1 }, { b: NaN }]);
  assert.deepEqual(v.cells, [["1", ""], ["", "NaN"]]);
});

test("table rejects bad input with typed errors", () => {
  assert.throws(() => table([]), ShapeError);
  assert.throws(() => table([[1, 2], [3]]), ShapeError);
  assert.throws(() => table([[1, 2]], { columns: ["only one"] }), ShapeError);
  assert.throws(() => table([[1], { a: 1 }] as never), ShapeError);
  assert.throws(() => table([{ a: 1 }], { digits: 0 }), DomainError);
  assert.throws(() => table([{ a: 1 }], { colums: ["a"] } as never), OptionError);
});
