import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { claim, claims, clearClaims, evaluateClaim, CLAIM_MIME, type Claim } from "../../../src/display/claims";
import { claimsReportJson, claimsReportMarkdown, type CollectedClaim } from "../../../src/display/claims-report";
import { DISPLAY, toMimeBundle } from "../../../src/display/channel";
import { DomainError, OptionError, ShapeError, VerificationError } from "../../../src/core/errors";
import { captureStderr, captureStdout, recordingSink } from "./helpers";

beforeEach(() => clearClaims());

test("approx: |m - e| <= abs + rel·|e| (numpy.isclose's rule), decided at the boundary", () => {
  // 0.5 + 0.25 = 0.75 and 0.25 are exact in binary, so these boundary cases are exact.
  assert.equal(evaluateClaim("a", { measured: 1.25, expected: 1, tolerance: 0.25 }).passed, true);
  assert.equal(evaluateClaim("a", { measured: 1.5, expected: 1, tolerance: 0.25 }).passed, false);
  assert.equal(evaluateClaim("r", { measured: 3, expected: 4, tolerance: { rel: 0.25 } }).passed, true); // |Δ| 1 <= 0.25·4
  assert.equal(evaluateClaim("r", { measured: 2.5, expected: 2, tolerance: { rel: 0.125, abs: 0.25 } }).passed, true); // 0.5 <= 0.25 + 0.25
  assert.equal(evaluateClaim("r", { measured: 2.75, expected: 2, tolerance: { rel: 0.125, abs: 0.25 } }).passed, false);
  const r = evaluateClaim("x", { measured: 1.5, expected: 1, tolerance: 0.25 });
  assert.equal(r.error, 0.5);
  assert.match(r.reason ?? "", /differs from expected by more than the tolerance \(excess 0.250\)/);
});

test("bounds: <= and >= with optional slack", () => {
  assert.equal(evaluateClaim("u", { measured: 2, expected: 2, comparison: "<=" }).passed, true);
  assert.equal(evaluateClaim("u", { measured: 2.5, expected: 2, comparison: "<=" }).passed, false);
  assert.equal(evaluateClaim("u", { measured: 2.5, expected: 2, comparison: "<=", tolerance: 0.5 }).passed, true);
  assert.equal(evaluateClaim("l", { measured: 1, expected: 2, comparison: ">=" }).passed, false);
  assert.equal(evaluateClaim("l", { measured: 3, expected: 2, comparison: ">=" }).passed, true);
  assert.match(evaluateClaim("u", { measured: 3, expected: 2, comparison: "<=" }).reason ?? "", /exceeds the upper bound/);
});

test("arrays compare elementwise; the record reports the worst element and the failure count", () => {
  const r = evaluateClaim("v", { measured: [1, 2.5, 3, 10], expected: [1, 2, 3, 4], tolerance: 1 });
  assert.deepEqual([r.passed, r.count, r.failures, r.index, r.measured, r.expected, r.error], [false, 4, 1, 3, 10, 4, 6]);
  const ok = evaluateClaim("v", { measured: Float64Array.from([0.5, 1.5]), expected: 1, tolerance: 0.5 });
  assert.deepEqual([ok.passed, ok.count, ok.failures], [true, 2, 0]);
  assert.throws(() => evaluateClaim("v", { measured: [1, 2], expected: [1, 2, 3], tolerance: 1 }), ShapeError);
  assert.throws(() => evaluateClaim("v", { measured: [], expected: 1, tolerance: 1 }), ShapeError);
});

test("NaN or infinite measured values fail, loudly, with the reason; they never pass", async () => {
  for (const measured of [NaN, Infinity, [1, NaN, 1]]) {
    // A huge tolerance: only the non-finite value can make it fail.
    const r = evaluateClaim("nan", { measured: measured as number, expected: 1, tolerance: 1e300 });
    assert.equal(r.passed, false);
    assert.equal(r.measured, null);
    assert.match(r.reason ?? "", /not a finite number/);
  }
  const { sent, restore } = recordingSink();
  let c: Claim | undefined;
  const err = await captureStderr(() => { c = claim("nan claim", { measured: NaN, expected: 0, tolerance: 1 }); });
  restore();
  assert.match(err, /CLAIM FAILED: FAIL nan claim/);
  const bundle = sent[0].bundle;
  assert.match(String(bundle["text/html"]), /#cf222e/); // red
  assert.match(String(bundle["text/html"]), /✘ FAIL/);
  assert.equal((bundle[CLAIM_MIME] as { passed: boolean }).passed, false);
  assert.equal(claims().failed.length, 1);
  assert.equal(c!.passed, false);
});

test("bad claim definitions throw typed errors", () => {
  assert.throws(() => evaluateClaim("t", { measured: 1, expected: 1 }), OptionError); // approx needs a tolerance
  assert.throws(() => evaluateClaim("t", { measured: 1, expected: NaN, tolerance: 1 }), DomainError);
  assert.throws(() => evaluateClaim("t", { measured: 1, expected: 1, tolerance: -1 }), DomainError);
  assert.throws(() => evaluateClaim("t", { measured: 1, expected: 1, tolerance: { abs: 1, relative: 1 } as never }), OptionError);
  assert.throws(() => evaluateClaim("t", { measured: 1, expected: 1, tolerance: 1, comparison: "==" as never }), OptionError);
  assert.throws(() => evaluateClaim("", { measured: 1, expected: 1, tolerance: 1 }), OptionError);
  assert.throws(() => evaluateClaim("t", { measured: "1" as never, expected: 1, tolerance: 1 }), ShapeError);
});

test("claim(): displayed at once in a kernel with HTML badge, text and JSON; registry; re-render is short", async () => {
  const { sent, restore } = recordingSink();
  try {
    const c = claim("identity", { measured: 2, expected: 2, tolerance: 0, source: "Thm 1" });
    assert.equal(sent.length, 1);
    const b = sent[0].bundle;
    assert.deepEqual(Object.keys(b).sort(), [CLAIM_MIME, "text/html", "text/plain"].sort());
    assert.deepEqual(b[CLAIM_MIME], {
      name: "identity", measured: 2, expected: 2, tolerance: { abs: 0, rel: 0 }, comparison: "approx",
      passed: true, error: 0, count: 1, failures: 0, source: "Thm 1", sequence: 1,
    });
    assert.match(String(b["text/html"]), /#1a7f37/); // green
    assert.equal(b["text/plain"], "PASS identity: measured 2 ≈ expected 2 (tol 0, |Δ| 0) (Thm 1)");
    // As a cell's last value it would be shown twice; the second rendering is a short note without the JSON.
    assert.deepEqual(await toMimeBundle(c), { "text/plain": "PASS identity (shown above)" });
    claim("bound", { measured: 1, expected: 2, comparison: "<=", display: false });
    assert.equal(sent.length, 1, "display: false sends nothing");
    const report = claims();
    assert.deepEqual(report.items.map((x) => [x.name, x.record.sequence]), [["identity", 1], ["bound", 2]]);
    assert.equal(report.allPassed, true);
    assert.equal(String(report[DISPLAY]()["text/plain"]).split("\n")[0], "2 claims: 2 passed, 0 failed");
  } finally {
    restore();
  }
});

test("claim(): outside a kernel prints its line; throwOnFail throws after recording", async () => {
  const out = await captureStdout(() => claim("p", { measured: 1, expected: 1, tolerance: 0 }));
  assert.equal(out, "PASS p: measured 1 ≈ expected 1 (tol 0, |Δ| 0)\n");
  await captureStdout(() => captureStderr(() => {
    assert.throws(() => claim("f", { measured: 2, expected: 1, tolerance: 0, throwOnFail: true }), VerificationError);
  }));
  assert.deepEqual(claims().items.map((c) => [c.name, c.passed]), [["p", true], ["f", false]]);
});

test("claims report: JSON counts and Markdown with failed checks listed first", () => {
  const base = { tolerance: { abs: 1e-12, rel: 0 }, comparison: "approx" as const, count: 1, failures: 0, sequence: 1 };
  const collected: CollectedClaim[] = [
    { ...base, name: "a | b", measured: 1, expected: 1, passed: true, error: 0, notebook: "00-tour.ipynb", cell: 3 },
    { ...base, name: "c", measured: null, expected: 0, passed: false, error: null, failures: 1, reason: "measured value is NaN, not a finite number", notebook: "01-x.ipynb", cell: 5, sequence: 2 },
  ];
  const json = claimsReportJson(collected);
  assert.deepEqual([json.total, json.passed, json.failed, json.claims], [2, 1, 1, collected]);
  assert.deepEqual(json.documents.map((d) => [d.document, d.claims, d.statements, d.checkFailures]), [["workbench", 2, 0, 1]]);
  const md = claimsReportMarkdown(collected);
  assert.ok(md.includes("**2 claims: 1 checks passed, 1 failed.**"));
  assert.ok(md.indexOf("## Failed checks") < md.indexOf("## workbench checks"));
  assert.ok(md.includes("- **01-x.ipynb, cell 5: c** — measured value is NaN, not a finite number"));
  assert.ok(md.includes("| ✅ pass | 00-tour.ipynb | 3 | a \\| b | 1 | ≈ | 1 |"), md);
  assert.ok(md.includes("| ❌ **FAIL** | 01-x.ipynb | 5 | c | NaN | ≈ | 0 |"));
  // For a bound |Δ| says nothing (the margin is in the two numbers): shown as a dash.
  const bound: CollectedClaim = { ...base, comparison: "<=", name: "b", measured: 1, expected: 2, passed: true, error: 1, notebook: "x.ipynb", cell: 1 };
  assert.ok(claimsReportMarkdown([bound]).includes("| ✅ pass | x.ipynb | 1 | b | 1 | ≤ | 2 | 1.00e-12 + 0 | — | 1 |"));
});

test("verdicts: a statement's verdict is the worst of its claims; the summary counts per document", () => {
  const at = (name: string, paper: object | undefined, passed = true) => ({
    ...evaluateClaim(name, { measured: passed ? 1 : 2, expected: 1, tolerance: 0, paper: paper as never }), notebook: "n.ipynb", cell: 1,
  });
  const collected: CollectedClaim[] = [
    at("c1", { document: "004", statement: "S1", verdict: "holds" }),
    at("c2", { document: "004", statement: "S1", verdict: "refuted", note: "K=3: 0.2 < 0.3" }),
    at("c3", { document: "004", statement: "S2", verdict: "holds with caveats", note: "only with circular padding" }),
    at("c4", { document: "004", section: "eq. (3)" }, false),
    at("c5", { document: "001", statement: "T", verdict: "holds", section: "Theorem 1" }),
    at("c6", undefined),
  ];
  const r = claimsReportJson(collected);
  assert.deepEqual(r.documents.map((d) => [d.document, d.claims, d.statements, d.holds, d.caveats, d.refuted, d.checkFailures]),
    [["001", 1, 1, 1, 0, 0, 0], ["004", 4, 2, 0, 1, 1, 1], ["workbench", 1, 0, 0, 0, 0, 0]]);
  assert.deepEqual(r.statements["004"].map((s) => [s.statement, s.verdict, s.claims, s.notes]),
    [["S1", "refuted", 2, ["K=3: 0.2 < 0.3"]], ["S2", "holds with caveats", 1, ["only with circular padding"]]]);
  const md = claimsReportMarkdown(collected);
  assert.ok(md.indexOf("## Seed 001") < md.indexOf("## Seed 004") && md.indexOf("## Seed 004") < md.indexOf("## workbench"));
  assert.ok(md.includes("| S1 |  | ❌ refuted | 2 | 0 | K=3: 0.2 < 0.3 |"), md);
  assert.ok(md.includes("| seed 004: Explaining Representation Bottlenecks of Convolutional Decoder Networks | 4 | 2 | 0 | 1 | 1 | 1 |"));
});

test("verdicts: bad paper references are typed errors naming what is allowed", () => {
  const spec = (paper: object) => ({ measured: 1, expected: 1, tolerance: 0, paper: paper as never });
  assert.throws(() => evaluateClaim("x", spec({ document: "007" })), /paper.document must be one of 000, 001, 002, 003, 004/);
  assert.throws(() => evaluateClaim("x", spec({ document: "001", statement: "s" })), /go together/);
  assert.throws(() => evaluateClaim("x", spec({ document: "001", verdict: "holds" })), /go together/);
  assert.throws(() => evaluateClaim("x", spec({ document: "001", statement: "s", verdict: "refuted" })), /needs paper.note: the counter-example/);
  assert.throws(() => evaluateClaim("x", spec({ document: "001", statement: "s", verdict: "mostly" })), OptionError);
  assert.throws(() => evaluateClaim("x", spec({ document: "001", page: 3 })), OptionError);
  const ok = evaluateClaim("x", spec({ document: "001", section: "Thm 1", statement: "s", verdict: "refuted", note: "W_2 = 0.3" }));
  assert.deepEqual(ok.paper, { document: "001", section: "Thm 1", statement: "s", verdict: "refuted", note: "W_2 = 0.3" });
});
