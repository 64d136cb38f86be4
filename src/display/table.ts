/**
 * `table(rows)`: an HTML table for notebooks plus an aligned plain-text table for terminals,
 * with numbers shown to a stated number of significant digits.
 */
import { checkInteger, checkOptions, ShapeError } from "../core/errors";
import { DISPLAY, type Displayable, type MimeBundle } from "./channel";
import { DEFAULT_SIGNIFICANT_DIGITS, escapeHtml, formatCell } from "./format";

/** One row: an object (cells by column name) or an array (cells by position). */
export type TableRow = Record<string, unknown> | readonly unknown[];

/** Options of {@link table}. */
export interface TableOptions {
  /** Column names. Object rows: which keys, in this order (default: keys in first-seen order). Array rows: the headers (default "1", "2", ...). */
  columns?: readonly string[];
  /** Significant digits for numbers (1..17, default 6); see {@link formatNumber}. */
  digits?: number;
  /** A caption shown above the table. */
  caption?: string;
}

/** A displayable table; cells are kept formatted as strings. */
export class Table implements Displayable {
  readonly columns: readonly string[];
  /** Formatted cells, `cells[row][column]`. */
  readonly cells: readonly (readonly string[])[];
  /** Whether each column holds only numbers (right-aligned). */
  readonly numeric: readonly boolean[];
  readonly caption: string | undefined;
  readonly digits: number;

  constructor(columns: readonly string[], cells: string[][], numeric: boolean[], digits: number, caption?: string) {
    this.columns = columns;
    this.cells = cells;
    this.numeric = numeric;
    this.digits = digits;
    this.caption = caption;
  }

  /** Plain text: columns separated by two spaces, numbers right-aligned, text left-aligned. */
  toText(): string {
    const widths = this.columns.map((c, j) => Math.max(c.length, ...this.cells.map((r) => r[j].length)));
    const pad = (s: string, j: number) => (this.numeric[j] ? s.padStart(widths[j]) : s.padEnd(widths[j]));
    const lines = [
      this.columns.map(pad).join("  ").trimEnd(),
      widths.map((w) => "-".repeat(w)).join("  "),
      ...this.cells.map((r) => r.map(pad).join("  ").trimEnd()),
    ];
    if (this.caption) lines.unshift(this.caption);
    return lines.join("\n");
  }

  /** HTML `<table>`; numeric columns right-aligned with tabular figures. */
  toHtml(): string {
    const align = (j: number) => (this.numeric[j] ? ' style="text-align:right;font-variant-numeric:tabular-nums"' : ' style="text-align:left"');
    const head = this.columns.map((c, j) => `<th${align(j)}>${escapeHtml(c)}</th>`).join("");
    const body = this.cells.map((r) => `<tr>${r.map((v, j) => `<td${align(j)}>${escapeHtml(v)}</td>`).join("")}</tr>`).join("\n");
    const caption = this.caption ? `<caption>${escapeHtml(this.caption)}</caption>` : "";
    return `<table class="convspec-table">${caption}<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`;
  }

  [DISPLAY](): MimeBundle {
    return { "text/html": this.toHtml(), "text/plain": this.toText() };
  }

  toString(): string {
    return this.toText();
  }
}

/**
 * Builds a table from rows of objects or arrays. Numbers are shown with `digits` significant
 * digits (integers below 1e9 exactly; NaN/Infinity spelled out, never hidden).
 * Throws ShapeError for no rows, ragged array rows, or a header count that does not match.
 */
export function table(rows: readonly TableRow[], options: TableOptions = {}): Table {
  checkOptions("table", options, ["columns", "digits", "caption"]);
  const digits = checkInteger("table", "digits", options.digits ?? DEFAULT_SIGNIFICANT_DIGITS, 1, 17);
  if (!Array.isArray(rows) || rows.length === 0) throw new ShapeError("table: rows must be a non-empty array of objects or arrays");
  const arrayRows = rows.every((r) => Array.isArray(r));
  const objectRows = rows.every((r) => r !== null && typeof r === "object" && !Array.isArray(r));
  if (!arrayRows && !objectRows) throw new ShapeError("table: rows must be all arrays or all objects, not a mix (or null)");

  let columns: string[];
  let values: unknown[][];
  if (arrayRows) {
    const width = (rows[0] as unknown[]).length;
    rows.forEach((r, i) => {
      if ((r as unknown[]).length !== width) throw new ShapeError(`table: row ${i} has ${(r as unknown[]).length} cells, row 0 has ${width}; rows must have equal length`);
    });
    columns = options.columns ? [...options.columns] : Array.from({ length: width }, (_, j) => String(j + 1));
    if (columns.length !== width) throw new ShapeError(`table: ${columns.length} column names given for rows of ${width} cells`);
    values = rows.map((r) => [...(r as unknown[])]);
  } else {
    if (options.columns) {
      columns = [...options.columns];
    } else {
      const seen = new Set<string>();
      for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
      columns = [...seen];
    }
    if (columns.length === 0) throw new ShapeError("table: the rows have no keys, so there are no columns");
    values = rows.map((r) => columns.map((c) => (r as Record<string, unknown>)[c]));
  }
  const numeric = columns.map((_, j) => values.every((r) => typeof r[j] === "number" || typeof r[j] === "bigint"));
  const cells = values.map((r) => r.map((v) => formatCell(v, digits)));
  return new Table(columns, cells, numeric, digits, options.caption);
}
