import { test } from "node:test";
import assert from "node:assert/strict";
import { formatNumber, formatCell, escapeHtml } from "../../../src/display/format";
import { DomainError } from "../../../src/core/errors";

// Expected strings are written by hand from the rule in formatNumber's doc comment.
test("formatNumber: integers below 1e9 are exact, others keep `digits` significant digits", () => {
  assert.equal(formatNumber(1024, 3), "1024");
  assert.equal(formatNumber(-7, 3), "-7");
  assert.equal(formatNumber(Math.PI, 4), "3.142");
  assert.equal(formatNumber(Math.PI, 1), "3");
  assert.equal(formatNumber(0.1, 4), "0.1000");
  assert.equal(formatNumber(9.9996, 4), "10.00"); // rounding moves the exponent
  assert.equal(formatNumber(123456.789, 3), "123000");
  assert.equal(formatNumber(1.5e-9, 3), "1.50e-9");
  assert.equal(formatNumber(6.02214076e23, 4), "6.022e+23");
  assert.equal(formatNumber(2e9, 3), "2.00e+9");
  assert.equal(formatNumber(0.00012345, 3), "0.000123");
  assert.equal(formatNumber(-0, 3), "0");
});

test("formatNumber spells out NaN and infinities and rejects bad digit counts", () => {
  assert.equal(formatNumber(NaN), "NaN");
  assert.equal(formatNumber(Infinity), "Infinity");
  assert.equal(formatNumber(-Infinity), "-Infinity");
  assert.throws(() => formatNumber(1, 0), DomainError);
  assert.throws(() => formatNumber(1, 2.5), DomainError);
});

test("formatCell and escapeHtml", () => {
  assert.equal(formatCell(null), "");
  assert.equal(formatCell("a<b"), "a<b");
  assert.equal(formatCell(12n), "12");
  assert.equal(formatCell(true), "true");
  assert.equal(formatCell({ a: 1 }), '{"a":1}');
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
});

test("formatCompact drops trailing zeros of the mantissa only", async () => {
  const { formatCompact } = await import("../../../src/display/format");
  assert.equal(formatCompact(2.5, 8), "2.5");
  assert.equal(formatCompact(3 + 1e-15, 10), "3");
  assert.equal(formatCompact(1e-13, 10), "1e-13");
  assert.equal(formatCompact(1.25e-13, 10), "1.25e-13");
  assert.equal(formatCompact(1200.5, 3), "1200"); // integer part zeros are kept
  assert.equal(formatCompact(100, 3), "100");
  assert.equal(formatCompact(0.000123, 3), "0.000123");
  assert.equal(formatCompact(NaN), "NaN");
});
