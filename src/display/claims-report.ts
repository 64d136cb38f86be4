/**
 * The claims report of `npm run reproduce`: every claim found in the executed notebooks, as
 * JSON (machine-readable) and Markdown (for people), with a pass/fail summary.
 */
import { formatCompact, formatNumber } from "./format";
import type { ClaimRecord } from "./claims";

/** A claim as collected from a notebook output. */
export interface CollectedClaim extends ClaimRecord {
  /** Notebook file name, e.g. "00-tour.ipynb". */
  notebook: string;
  /** 1-based index of the code cell among all cells of the notebook. */
  cell: number;
}

/** The JSON report written to out/claims.json. */
export interface ClaimsReportJson {
  total: number;
  passed: number;
  failed: number;
  claims: CollectedClaim[];
}

/** Counts and lists the collected claims. */
export function claimsReportJson(claims: readonly CollectedClaim[]): ClaimsReportJson {
  const failed = claims.filter((c) => !c.passed).length;
  return { total: claims.length, passed: claims.length - failed, failed, claims: [...claims] };
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function num(x: number | null): string {
  return x === null ? "NaN" : formatCompact(x, 10);
}

/** Markdown: a headline, failed claims first (with reasons), then one table per notebook. */
export function claimsReportMarkdown(claims: readonly CollectedClaim[]): string {
  const report = claimsReportJson(claims);
  const lines: string[] = ["# Claims report", ""];
  lines.push(`**${report.total} claims: ${report.passed} passed, ${report.failed} failed.**`, "");
  if (report.failed > 0) {
    lines.push("## Failed claims", "");
    for (const c of claims.filter((x) => !x.passed)) lines.push(`- **${c.notebook}, cell ${c.cell}: ${c.name}** — ${c.reason ?? "failed"}`);
    lines.push("");
  }
  const notebooks = [...new Set(claims.map((c) => c.notebook))];
  for (const nb of notebooks) {
    lines.push(`## ${nb}`, "");
    lines.push("| | cell | claim | measured | | expected | tolerance (abs + rel·\\|expected\\|) | \\|Δ\\| (≈ only) | values | source |");
    lines.push("|---|---:|---|---:|:---:|---:|---|---:|---:|---|");
    for (const c of claims.filter((x) => x.notebook === nb)) {
      const op = c.comparison === "approx" ? "≈" : c.comparison === "<=" ? "≤" : "≥";
      const tol = `${formatNumber(c.tolerance.abs, 3)} + ${formatNumber(c.tolerance.rel, 3)}`;
      const values = c.count > 1 ? `${c.count} (${c.failures} failed)` : "1";
      lines.push(`| ${c.passed ? "✅ pass" : "❌ **FAIL**"} | ${c.cell} | ${cell(c.name)} | ${num(c.measured)} | ${op} | ${num(c.expected)} | ${tol} | ${c.error === null || c.comparison !== "approx" ? "—" : formatNumber(c.error, 3)} | ${values} | ${cell(c.source ?? "")} |`);
    }
    lines.push("");
  }
  return lines.join("\n");
}
