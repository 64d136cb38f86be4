/**
 * The claims report of `npm run reproduce`: every claim found in the executed notebooks, as JSON
 * (machine-readable) and Markdown (for people), grouped by source document, then by statement.
 *
 * Summary per document: statements checked and their verdicts (holds / holds with caveats /
 * refuted), and check failures. A statement's verdict is the worst verdict among its claims
 * (refuted > holds with caveats > holds): one counter-example refutes it. A check failure is a bug
 * of the code or the notebook, counted apart from verdicts.
 */
import { formatCompact, formatNumber } from "./format";
import { VERDICTS, type ClaimRecord, type Verdict } from "./claims";
import { SOURCE_DOCUMENTS, SOURCE_DOCUMENT_IDS } from "./sources";

/** A claim as collected from a notebook output. */
export interface CollectedClaim extends ClaimRecord {
  /** Notebook file name, e.g. "00-tour.ipynb". */
  notebook: string;
  /** 1-based index of the code cell among all cells of the notebook. */
  cell: number;
}

/** Group key of claims that name no source document. */
export const WORKBENCH_GROUP = "workbench";

/** One statement of a document with its claims and combined verdict. */
export interface StatementSummary {
  statement: string;
  section?: string;
  verdict: Verdict;
  /** Notes of the claims (caveats, counter-examples), in order, without repeats. */
  notes: string[];
  claims: number;
  checkFailures: number;
}

/** One row of the summary table. */
export interface DocumentSummary {
  /** Seed id, or {@link WORKBENCH_GROUP} for claims that name no document. */
  document: string;
  title: string;
  claims: number;
  statements: number;
  holds: number;
  caveats: number;
  refuted: number;
  checkFailures: number;
  notebooks: string[];
}

/** The JSON report written to out/claims.json. */
export interface ClaimsReportJson {
  total: number;
  passed: number;
  failed: number;
  documents: DocumentSummary[];
  statements: Record<string, StatementSummary[]>;
  claims: CollectedClaim[];
}

function groupOf(c: ClaimRecord): string {
  return c.paper?.document ?? WORKBENCH_GROUP;
}

function worst(a: Verdict, b: Verdict): Verdict {
  return VERDICTS.indexOf(a) >= VERDICTS.indexOf(b) ? a : b;
}

/** Statements of one group (claims with a verdict), in first-appearance order. */
export function summariseStatements(claims: readonly ClaimRecord[]): StatementSummary[] {
  const byText = new Map<string, StatementSummary>();
  for (const c of claims) {
    const p = c.paper;
    if (!p?.statement || !p.verdict) continue;
    let s = byText.get(p.statement);
    if (!s) {
      s = { statement: p.statement, verdict: p.verdict, notes: [], claims: 0, checkFailures: 0 };
      if (p.section) s.section = p.section;
      byText.set(p.statement, s);
    }
    s.verdict = worst(s.verdict, p.verdict);
    if (p.note && !s.notes.includes(p.note)) s.notes.push(p.note);
    if (!s.section && p.section) s.section = p.section;
    s.claims++;
    if (!c.passed) s.checkFailures++;
  }
  return [...byText.values()];
}

/** Counts, per-document summary rows (seed order, workbench last) and statements. */
export function claimsReportJson(claims: readonly CollectedClaim[]): ClaimsReportJson {
  const failed = claims.filter((c) => !c.passed).length;
  const groups = [...SOURCE_DOCUMENT_IDS, WORKBENCH_GROUP].filter((g) => claims.some((c) => groupOf(c) === g));
  const documents: DocumentSummary[] = [];
  const statements: Record<string, StatementSummary[]> = {};
  for (const g of groups) {
    const mine = claims.filter((c) => groupOf(c) === g);
    const st = summariseStatements(mine);
    statements[g] = st;
    documents.push({
      document: g,
      title: g === WORKBENCH_GROUP ? "workbench checks (no source document)" : SOURCE_DOCUMENTS[g].title,
      claims: mine.length,
      statements: st.length,
      holds: st.filter((s) => s.verdict === "holds").length,
      caveats: st.filter((s) => s.verdict === "holds with caveats").length,
      refuted: st.filter((s) => s.verdict === "refuted").length,
      checkFailures: mine.filter((c) => !c.passed).length,
      notebooks: [...new Set(mine.map((c) => c.notebook))],
    });
  }
  return { total: claims.length, passed: claims.length - failed, failed, documents, statements, claims: [...claims] };
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function num(x: number | null): string {
  return x === null ? "NaN" : formatCompact(x, 10);
}

const VERDICT_MARK: Record<Verdict, string> = { holds: "✅ holds", "holds with caveats": "⚠️ holds with caveats", refuted: "❌ refuted" };

/** The summary table alone (Markdown), as shown at the top of the report and in the README. */
export function claimsSummaryMarkdown(report: ClaimsReportJson): string {
  const lines = [
    "| document | claims | statements checked | holds | holds with caveats | refuted | check failures |",
    "|---|---:|---:|---:|---:|---:|---:|",
  ];
  for (const d of report.documents) {
    const name = d.document === WORKBENCH_GROUP ? d.title : `seed ${d.document}: ${d.title}`;
    lines.push(`| ${cell(name)} | ${d.claims} | ${d.statements} | ${d.holds} | ${d.caveats} | ${d.refuted} | ${d.checkFailures} |`);
  }
  return lines.join("\n");
}

/** Markdown: headline and summary table, failed checks, then per document its statements and claims. */
export function claimsReportMarkdown(claims: readonly CollectedClaim[]): string {
  const report = claimsReportJson(claims);
  const lines: string[] = ["# Claims report", ""];
  lines.push(`**${report.total} claims: ${report.passed} checks passed, ${report.failed} failed.**`, "");
  lines.push("A *check* tests the code's numbers (a failure is a bug); a *verdict* says what those numbers make of the source document's statement.", "");
  lines.push(claimsSummaryMarkdown(report), "");
  if (report.failed > 0) {
    lines.push("## Failed checks", "");
    for (const c of claims.filter((x) => !x.passed)) lines.push(`- **${c.notebook}, cell ${c.cell}: ${c.name}** — ${c.reason ?? "failed"}`);
    lines.push("");
  }
  for (const d of report.documents) {
    const doc = SOURCE_DOCUMENTS[d.document];
    lines.push(doc ? `## Seed ${doc.id}: ${doc.title}` : `## ${d.title}`, "");
    if (doc) lines.push(`${doc.authors}; ${doc.reference}; file \`${doc.file}\`. Notebooks: ${d.notebooks.join(", ")}.`, "");
    const st = report.statements[d.document];
    if (st.length) {
      lines.push("| statement | where | verdict | claims | check failures | notes |", "|---|---|---|---:|---:|---|");
      for (const s of st) lines.push(`| ${cell(s.statement)} | ${cell(s.section ?? "")} | ${VERDICT_MARK[s.verdict]} | ${s.claims} | ${s.checkFailures} | ${cell(s.notes.join("; "))} |`);
      lines.push("");
    }
    lines.push("| | notebook | cell | claim | measured | | expected | tolerance (abs + rel·\\|expected\\|) | \\|Δ\\| (≈ only) | values | statement |");
    lines.push("|---|---|---:|---|---:|:---:|---:|---|---:|---:|---|");
    for (const c of claims.filter((x) => groupOf(x) === d.document)) {
      const op = c.comparison === "approx" ? "≈" : c.comparison === "<=" ? "≤" : "≥";
      const tol = `${formatNumber(c.tolerance.abs, 3)} + ${formatNumber(c.tolerance.rel, 3)}`;
      const values = c.count > 1 ? `${c.count} (${c.failures} failed)` : "1";
      const statement = c.paper?.statement ? `${c.paper.statement} (${c.paper.verdict})` : c.source ?? "";
      lines.push(`| ${c.passed ? "✅ pass" : "❌ **FAIL**"} | ${c.notebook} | ${c.cell} | ${cell(c.name)} | ${num(c.measured)} | ${op} | ${num(c.expected)} | ${tol} | ${c.error === null || c.comparison !== "approx" ? "—" : formatNumber(c.error, 3)} | ${values} | ${cell(statement)} |`);
    }
    lines.push("");
  }
  return lines.join("\n");
}
