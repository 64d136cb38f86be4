/**
 * Session history: the glob used by history search matches exactly as SQLite's GLOB does
 * (IPython searches its history database with GLOB), and tail / range / search / unique / n
 * select the entries IPython's semantics prescribe.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { globToRegExp, SessionHistory } from "../../src/kernel/history";
import { runPython } from "./kernel-env";

test("globToRegExp agrees with SQLite GLOB on patterns x strings", () => {
  const patterns = ["*", "6*7", "6?7", "a[bc]d", "a[!b]d", "a[^b]d", "x*y*z", "[0-9]*", "a.b", "(c)", "*\\*", "a+b", "?"];
  const strings = ["6 * 7", "67", "6x7", "abd", "acd", "aed", "xyz", "x-y-z!", "9 lives", "a.b", "axb", "(c)", "a\\*", "a+b", "q", "", "multi\nline"];
  const pairs = patterns.flatMap((p) => strings.map((s) => [p, s]));
  const py = runPython(
    ["-c", "import json,sqlite3,sys; c=sqlite3.connect(':memory:'); print(json.dumps([bool(c.execute('SELECT ? GLOB ?',(s,p)).fetchone()[0]) for p,s in json.load(sys.stdin)]))"],
    { timeoutMs: 20_000, input: JSON.stringify(pairs) },
  );
  assert.equal(py.status, 0, py.stderr);
  const expected = JSON.parse(py.stdout) as boolean[];
  pairs.forEach(([p, s], i) => assert.equal(globToRegExp(p).test(s), expected[i], `GLOB(${JSON.stringify(p)}, ${JSON.stringify(s)})`));
});

test("tail, range, search, unique and n", () => {
  const h = new SessionHistory(1);
  const inputs = ["a = 1", "6 * 7", "b = 2", "6 * 7", "c = 3"];
  inputs.forEach((code, i) => h.add(i + 1, code, i === 1 ? "42" : null));
  assert.deepEqual(h.query({ hist_access_type: "tail", n: 2 }), [[1, 4, "6 * 7"], [1, 5, "c = 3"]]);
  assert.deepEqual(h.query({ hist_access_type: "tail", n: 1, output: true }), [[1, 5, ["c = 3", null]]]);
  assert.deepEqual(h.query({ hist_access_type: "range", session: 1, start: 2, stop: 3, output: true }), [[1, 2, ["6 * 7", "42"]]]);
  assert.deepEqual(h.query({ hist_access_type: "range", session: 0, start: 4 }), [[1, 4, "6 * 7"], [1, 5, "c = 3"]]);
  assert.deepEqual(h.query({ hist_access_type: "range", session: 2, start: 1 }), [], "another session has no entries here");
  assert.deepEqual(h.query({ hist_access_type: "search", pattern: "6*7" }), [[1, 2, "6 * 7"], [1, 4, "6 * 7"]]);
  assert.deepEqual(h.query({ hist_access_type: "search", pattern: "6*7", unique: true }), [[1, 4, "6 * 7"]]);
  assert.deepEqual(h.query({ hist_access_type: "search", pattern: "? = ?", n: 2 }), [[1, 3, "b = 2"], [1, 5, "c = 3"]]);
});
