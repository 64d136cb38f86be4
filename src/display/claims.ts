/**
 * Claims: recorded numerical checks of a theorem's statement.
 *
 * `claim(name, { measured, expected, tolerance, comparison })` compares, records the result in an
 * in-process registry (`claims()`), and in a kernel displays it at once — an HTML badge (green
 * pass / red FAIL, with the numbers), `text/plain`, and the machine-readable MIME
 * `application/vnd.convspec.claim+json` that `npm run reproduce` collects into out/claims.{json,md}.
 * Displaying at creation means no check can be lost by not being the last expression of a cell.
 *
 * Two things are kept apart (the verdict scheme):
 * - the **check**: `measured` against `expected`. It tests the code's numbers, so a failed check is
 *   a bug (of the code or of the notebook), and `npm run reproduce` exits 2;
 * - the **verdict** (optional `paper`): the source document's statement this check bears on, and
 *   what the numbers say of it — `"holds"`, `"holds with caveats"` (the `note` says which) or
 *   `"refuted"` (the `note` gives the counter-example's numbers). A refuted statement with a passing
 *   check is a result: the check certifies the counter-example. The report groups claims by
 *   document, then by statement.
 * ```ts
 * claim("K = 3 has a lower p_low than K = 5 at depth 4", {
 *   measured: pLow3, expected: pLow5, comparison: "<=",
 *   paper: { document: "004", section: "Theorem 3", statement: "a smaller kernel strengthens the low-frequency bias",
 *            verdict: "refuted", note: `p_low(K=3) = ${pLow3} < p_low(K=5) = ${pLow5}` } });
 * ```
 * A failing claim is loud (red badge, a line on stderr, listed as failed in the report) but only
 * throws (VerificationError) with `throwOnFail: true` or the environment variable
 * CONVSPEC_STRICT_CLAIMS=1.
 */
import { checkOneOf, checkOptions, DomainError, OptionError, ShapeError, VerificationError } from "../core/errors";
import { DISPLAY, getDisplaySink, type Displayable, type MimeBundle } from "./channel";
import { escapeHtml, formatCompact, formatNumber } from "./format";
import { isNumberArray } from "./series";
import { SOURCE_DOCUMENTS, SOURCE_DOCUMENT_IDS } from "./sources";

/** MIME type of a claim's machine-readable record. */
export const CLAIM_MIME = "application/vnd.convspec.claim+json";

/**
 * How `measured` is compared with `expected`, with allowance `tol = abs + rel * |expected|`:
 * - "approx": |measured - expected| <= tol   (numpy.isclose's rule)
 * - "<=":     measured <= expected + tol      (an upper bound holds)
 * - ">=":     measured >= expected - tol      (a lower bound holds)
 */
export type ClaimComparison = "approx" | "<=" | ">=";
const COMPARISONS = ["approx", "<=", ">="] as const;

/** What the numbers say of a source document's statement. */
export type Verdict = "holds" | "holds with caveats" | "refuted";
/** The allowed verdicts, from best to worst. */
export const VERDICTS: readonly Verdict[] = ["holds", "holds with caveats", "refuted"];

/**
 * The source document a claim belongs to and, optionally, the statement of it the claim tests.
 * `statement` and `verdict` go together; `note` is required unless the verdict is "holds".
 */
export interface PaperReference {
  /** Seed id from {@link SOURCE_DOCUMENTS}: "000" .. "004". */
  document: string;
  /** Section, theorem or equation, where known ("Theorem 2", "eq. (7)", "abstract"). */
  section?: string;
  /** The document's statement, in words. Claims with the same text are grouped as one statement. */
  statement?: string;
  verdict?: Verdict;
  /** The caveat ("holds with caveats") or the counter-example with its numbers ("refuted"). */
  note?: string;
}

/** Absolute and relative tolerance; a bare number means `{ abs: number }`. */
export interface ClaimTolerance {
  abs?: number;
  rel?: number;
}

/** The check a claim makes. Arrays compare elementwise (expected may be a scalar); all must pass. */
export interface ClaimSpec {
  measured: number | ArrayLike<number>;
  expected: number | ArrayLike<number>;
  /** Required for "approx"; defaults to 0 for "<=" and ">=". Say in a comment why it is this size. */
  tolerance?: number | ClaimTolerance;
  /** Default "approx". */
  comparison?: ClaimComparison;
  /** Where the statement comes from, e.g. "Sedghi et al. 2019, Theorem 6". */
  source?: string;
  /** The source document and the statement of it under test, with a verdict; see the file comment. */
  paper?: PaperReference;
  /** Throw a VerificationError (after recording and displaying) when the check fails. */
  throwOnFail?: boolean;
  /** Display the claim now when running in a kernel (default true). */
  display?: boolean;
}

/** The JSON record of a claim (the `application/vnd.convspec.claim+json` payload). */
export interface ClaimRecord {
  name: string;
  /** The measured value; for arrays, the element with the worst margin. */
  measured: number | null;
  /** The expected value paired with `measured`. */
  expected: number | null;
  tolerance: { abs: number; rel: number };
  comparison: ClaimComparison;
  passed: boolean;
  /** |measured - expected| for the reported element (null when not finite). */
  error: number | null;
  /** Number of elements compared (1 for scalars). */
  count: number;
  /** Number of elements that failed. */
  failures: number;
  /** Index of the reported element (arrays only). */
  index?: number;
  /** Why the claim failed, in words (absent when it passed). */
  reason?: string;
  source?: string;
  paper?: PaperReference;
  /** Position in this process's registry (1-based), to tell repeated displays apart. */
  sequence: number;
}

const REGISTRY_KEY = Symbol.for("convspec.claimRegistry");

function registry(): Claim[] {
  const g = globalThis as Record<symbol, unknown>;
  g[REGISTRY_KEY] ??= [];
  return g[REGISTRY_KEY] as Claim[];
}

/** A recorded claim; displayable. */
export class Claim implements Displayable {
  readonly record: Readonly<ClaimRecord>;
  private shown = false;
  constructor(record: ClaimRecord) {
    this.record = Object.freeze({ ...record });
  }
  get name(): string {
    return this.record.name;
  }
  get passed(): boolean {
    return this.record.passed;
  }

  /** One line: `PASS name: measured 1.000000 ≈ expected 1 (|Δ| 2.2e-16 <= tol 1e-12)`. */
  text(): string {
    const r = this.record;
    const status = r.passed ? "PASS" : "FAIL";
    const arr = r.count > 1 ? ` [${r.count} values, ${r.failures} failed; worst at index ${r.index}]` : "";
    const reason = r.reason ? ` — ${r.reason}` : "";
    const paper = r.paper ? ` [seed ${r.paper.document}${r.paper.section ? `, ${r.paper.section}` : ""}${r.paper.verdict ? `: "${r.paper.statement}" ${verdictText(r.paper)}` : ""}]` : "";
    return `${status} ${r.name}: ${describeComparison(r)}${arr}${reason}${r.source ? ` (${r.source})` : ""}${paper}`;
  }

  /** HTML badge: green for pass, red for fail, with the numbers. */
  html(): string {
    const r = this.record;
    const colour = r.passed ? "#1a7f37" : "#cf222e";
    const background = r.passed ? "#dafbe1" : "#ffebe9";
    const badge = `<span style="display:inline-block;padding:0 0.5em;border-radius:0.6em;background:${colour};color:white;font-weight:bold">${r.passed ? "✔ PASS" : "✘ FAIL"}</span>`;
    const arr = r.count > 1 ? ` <span style="color:#57606a">[${r.count} values, ${r.failures} failed; worst at index ${r.index}]</span>` : "";
    const reason = r.reason ? `<br><b>${escapeHtml(r.reason)}</b>` : "";
    const source = r.source ? `<br><span style="color:#57606a">source: ${escapeHtml(r.source)}</span>` : "";
    const doc = r.paper ? SOURCE_DOCUMENTS[r.paper.document] : undefined;
    const verdictColour = { holds: "#1a7f37", "holds with caveats": "#9a6700", refuted: "#8250df" } as const;
    const paper = r.paper && doc
      ? `<br><span style="color:#57606a">seed ${escapeHtml(doc.id)} (${escapeHtml(doc.title)})${r.paper.section ? `, ${escapeHtml(r.paper.section)}` : ""}</span>` +
        (r.paper.verdict ? `<br>statement: <i>${escapeHtml(r.paper.statement ?? "")}</i> — <b style="color:${verdictColour[r.paper.verdict]}">${escapeHtml(r.paper.verdict)}</b>${r.paper.note ? `: ${escapeHtml(r.paper.note)}` : ""}` : "")
      : "";
    return `<div class="convspec-claim" style="border-left:4px solid ${colour};background:${background};padding:0.3em 0.6em;margin:0.2em 0">` +
      `${badge} <b>${escapeHtml(r.name)}</b><br><code>${escapeHtml(describeComparison(r))}</code>${arr}${reason}${source}${paper}</div>`;
  }

  /** The full bundle: HTML badge, text/plain, and the JSON record. */
  bundle(): MimeBundle {
    return { "text/html": this.html(), "text/plain": this.text(), [CLAIM_MIME]: { ...this.record } };
  }

  /** Sends the full bundle to the kernel now (used by `claim()`); later renders say "shown above". */
  displayNow(): void {
    const sink = getDisplaySink();
    if (!sink) {
      // Outside a kernel (scripts, tests): the one-line result, like show() prints.
      process.stdout.write(this.text() + "\n");
      return;
    }
    sink.display(this.bundle());
    this.shown = true;
  }

  [DISPLAY](): MimeBundle {
    // Already displayed by claim(): rendering it again as a cell's last value would duplicate the
    // badge and the report entry, so only a short text remains.
    if (this.shown) return { "text/plain": `${this.passed ? "PASS" : "FAIL"} ${this.name} (shown above)` };
    return this.bundle();
  }

  toString(): string {
    return this.text();
  }
}

function describeComparison(r: ClaimRecord): string {
  const f = (x: number | null) => (x === null ? "NaN" : formatCompact(x, 10));
  const tol = `tol ${formatNumber(r.tolerance.abs, 3)}${r.tolerance.rel ? ` + ${formatNumber(r.tolerance.rel, 3)}·|expected|` : ""}`;
  const op = r.comparison === "approx" ? "≈" : r.comparison === "<=" ? "≤" : "≥";
  // |Δ| is informative for "approx"; for a bound the two numbers themselves tell the margin.
  const err = r.error === null || r.comparison !== "approx" ? "" : `, |Δ| ${formatNumber(r.error, 3)}`;
  return `measured ${f(r.measured)} ${op} expected ${f(r.expected)} (${tol}${err})`;
}

function toArray(where: string, name: string, v: number | ArrayLike<number>): ArrayLike<number> {
  if (typeof v === "number") return [v];
  if (!isNumberArray(v)) throw new ShapeError(`${where}: ${name} must be a number or an array of numbers, got ${v === null ? "null" : typeof v}`);
  if (v.length === 0) throw new ShapeError(`${where}: ${name} is empty`);
  return v;
}

/** Evaluates a claim without recording it (pure). See {@link ClaimComparison} for the rules. */
export function evaluateClaim(name: string, spec: ClaimSpec, sequence = 0): ClaimRecord {
  const where = `claim "${name}"`;
  if (typeof name !== "string" || name.trim() === "") throw new OptionError("claim: the name must be a non-empty string");
  checkOptions(where, spec, ["measured", "expected", "tolerance", "comparison", "source", "paper", "throwOnFail", "display"]);
  const paper = spec.paper === undefined ? undefined : checkPaper(where, spec.paper);
  const comparison = checkOneOf(where, "comparison", spec.comparison ?? "approx", COMPARISONS);
  if (spec.tolerance === undefined && comparison === "approx") {
    throw new OptionError(`${where}: "approx" needs a tolerance (a number = absolute, or { abs, rel })`);
  }
  const t = spec.tolerance ?? 0;
  const tolerance = typeof t === "number" ? { abs: t, rel: 0 } : { abs: t.abs ?? 0, rel: t.rel ?? 0 };
  if (typeof t === "object" && t !== null) checkOptions(`${where} tolerance`, t, ["abs", "rel"]);
  for (const [k, v] of Object.entries(tolerance)) {
    if (!(v >= 0) || !Number.isFinite(v)) throw new DomainError(`${where}: tolerance.${k} must be a finite number >= 0, got ${v}`);
  }
  const measured = toArray(where, "measured", spec.measured);
  const expected = toArray(where, "expected", spec.expected);
  if (expected.length !== 1 && expected.length !== measured.length) {
    throw new ShapeError(`${where}: ${measured.length} measured values but ${expected.length} expected; give one expected value or one per measured value`);
  }
  for (let i = 0; i < expected.length; i++) {
    if (!Number.isFinite(expected[i])) throw new DomainError(`${where}: expected value ${i} is ${expected[i]}; expected values must be finite`);
  }
  // Per element: margin = (violation) - (allowance); the element passes iff margin <= 0.
  let failures = 0;
  let worst = -1;
  let worstMargin = -Infinity;
  let nonFinite = -1;
  for (let i = 0; i < measured.length; i++) {
    const m = measured[i];
    const e = expected.length === 1 ? expected[0] : expected[i];
    if (!Number.isFinite(m)) {
      failures++;
      if (nonFinite < 0) nonFinite = i;
      continue;
    }
    const allowed = tolerance.abs + tolerance.rel * Math.abs(e);
    const violation = comparison === "approx" ? Math.abs(m - e) : comparison === "<=" ? m - e : e - m;
    const margin = violation - allowed;
    if (margin > 0) failures++;
    if (margin > worstMargin) { worstMargin = margin; worst = i; }
  }
  const index = nonFinite >= 0 ? nonFinite : worst;
  const m = measured[index];
  const e = expected.length === 1 ? expected[0] : expected[index];
  const passed = failures === 0;
  const record: ClaimRecord = {
    name,
    measured: Number.isFinite(m) ? m : null,
    expected: e,
    tolerance,
    comparison,
    passed,
    error: Number.isFinite(m) ? Math.abs(m - e) : null,
    count: measured.length,
    failures,
    sequence,
  };
  if (measured.length > 1) record.index = index;
  if (nonFinite >= 0) {
    record.reason = `measured value${measured.length > 1 ? ` at index ${nonFinite}` : ""} is ${m}, not a finite number`;
  } else if (!passed) {
    const op = comparison === "approx" ? "differs from expected by more than the tolerance" : comparison === "<=" ? "exceeds the upper bound" : "is below the lower bound";
    record.reason = `measured ${op} (excess ${formatNumber(worstMargin, 3)})`;
  }
  if (spec.source !== undefined) record.source = String(spec.source);
  if (paper) record.paper = paper;
  return record;
}

/** Validates a {@link PaperReference}: known document, statement with verdict, note where needed. */
function checkPaper(where: string, paper: PaperReference): PaperReference {
  if (paper === null || typeof paper !== "object") throw new OptionError(`${where}: paper must be an object { document, section?, statement?, verdict?, note? }`);
  checkOptions(`${where} paper`, paper, ["document", "section", "statement", "verdict", "note"]);
  if (!SOURCE_DOCUMENTS[paper.document]) {
    throw new OptionError(`${where}: paper.document must be one of ${SOURCE_DOCUMENT_IDS.join(", ")} (the seed ids), got ${JSON.stringify(paper.document)}`);
  }
  for (const k of ["section", "statement", "note"] as const) {
    const v = paper[k];
    if (v !== undefined && (typeof v !== "string" || v.trim() === "")) throw new OptionError(`${where}: paper.${k} must be a non-empty string`);
  }
  if ((paper.statement === undefined) !== (paper.verdict === undefined)) {
    throw new OptionError(`${where}: paper.statement and paper.verdict go together (a statement under test needs a verdict, a verdict needs its statement)`);
  }
  if (paper.verdict !== undefined) {
    checkOneOf(`${where} paper`, "verdict", paper.verdict, VERDICTS);
    if (paper.verdict !== "holds" && paper.note === undefined) {
      throw new OptionError(`${where}: verdict "${paper.verdict}" needs paper.note: ${paper.verdict === "refuted" ? "the counter-example with its numbers" : "the caveat"}`);
    }
  }
  const out: PaperReference = { document: paper.document };
  for (const k of ["section", "statement", "verdict", "note"] as const) if (paper[k] !== undefined) (out as unknown as Record<string, string>)[k] = paper[k] as string;
  return Object.freeze(out);
}

/** "holds", "holds with caveats: …", "refuted: …" — the verdict in words, or "" without one. */
export function verdictText(paper: PaperReference | undefined): string {
  if (!paper?.verdict) return "";
  return paper.note ? `${paper.verdict}: ${paper.note}` : paper.verdict;
}

/**
 * Records a numerical check of a statement and (in a kernel) displays it; see the file comment.
 * ```ts
 * claim("|1 - e^{-iw}|^2 = 4 sin^2(w/2) on 1001 points",
 *       { measured: lhs, expected: rhs, tolerance: 1e-12 });   // arrays: elementwise
 * claim("||K||_2 <= bound", { measured: norm, expected: bound, comparison: "<=", tolerance: { rel: 1e-12 } });
 * ```
 * A NaN or infinite measured value fails (never passes silently).
 */
export function claim(name: string, spec: ClaimSpec): Claim {
  const reg = registry();
  const c = new Claim(evaluateClaim(name, spec, reg.length + 1));
  reg.push(c);
  if (spec.display ?? true) c.displayNow();
  if (!c.passed) {
    process.stderr.write(`convspec: CLAIM FAILED: ${c.text()}\n`);
    if (spec.throwOnFail || process.env.CONVSPEC_STRICT_CLAIMS === "1") throw new VerificationError(`claim failed: ${c.text()}`);
  }
  return c;
}

/** Summary of the claims recorded in this process; displays as a table with a pass/fail headline. */
export class ClaimsReport implements Displayable {
  readonly items: readonly Claim[];
  constructor(items: readonly Claim[]) {
    this.items = items;
  }
  get failed(): Claim[] {
    return this.items.filter((c) => !c.passed);
  }
  get allPassed(): boolean {
    return this.items.every((c) => c.passed);
  }
  /** "3 claims: 3 passed, 0 failed". */
  headline(): string {
    return `${this.items.length} claim${this.items.length === 1 ? "" : "s"}: ${this.items.length - this.failed.length} passed, ${this.failed.length} failed`;
  }
  [DISPLAY](): MimeBundle {
    const lines = [this.headline(), ...this.items.map((c) => `  ${c.text()}`)];
    const rows = this.items.map((c) => `<li>${c.html()}</li>`).join("");
    const colour = this.allPassed ? "#1a7f37" : "#cf222e";
    return {
      "text/plain": lines.join("\n"),
      "text/html": `<div><b style="color:${colour}">${escapeHtml(this.headline())}</b><ul style="list-style:none;padding-left:0">${rows}</ul></div>`,
    };
  }
}

/** All claims recorded in this process so far, in order. */
export function claims(): ClaimsReport {
  return new ClaimsReport([...registry()]);
}

/** Forgets all recorded claims (e.g. between test cases). */
export function clearClaims(): void {
  registry().length = 0;
}
