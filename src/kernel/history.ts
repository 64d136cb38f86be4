/**
 * The input history of this kernel session, for `history_request` (tail, range, search), with
 * IPython's semantics: entries are `[session, line, input]`, or `[session, line, [input, output]]`
 * when `output` is requested (output = the result's text/plain or null). Lines are the execution
 * counts of cells run with `store_history`. Kept in memory only (one session).
 */

/** One history entry as sent in `history_reply`. */
export type HistoryEntry = [number, number, string] | [number, number, [string, string | null]];

interface Stored {
  line: number;
  input: string;
  output: string | null;
}

/** Parameters of a `history_request` (messaging spec 5). */
export interface HistoryQuery {
  hist_access_type: "tail" | "range" | "search";
  output?: boolean;
  session?: number;
  start?: number;
  stop?: number;
  n?: number;
  pattern?: string;
  unique?: boolean;
}

/** Converts a glob with SQLite GLOB semantics (`*`, `?`, `[...]`, `[^...]`; case-sensitive) into an anchored RegExp. */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*") re += "[\\s\\S]*";
    else if (c === "?") re += "[\\s\\S]";
    else if (c === "[") {
      const close = glob.indexOf("]", i + 2);
      if (close < 0) re += "\\[";
      else {
        // SQLite negates a class with ^ (not !); backslash is an ordinary character.
        const body = glob.slice(i + 1, close);
        const negated = body.startsWith("^");
        re += "[" + (negated ? "^" : "") + (negated ? body.slice(1) : body).replace(/[\\\]]/g, "\\$&") + "]";
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, "\\$&");
  }
  return new RegExp("^" + re + "$");
}

/** The cells of this session, in execution order, queried like IPython's history database. */
export class SessionHistory {
  private readonly entries: Stored[] = [];

  /** `session` is this kernel's session number as reported in every entry. */
  constructor(readonly session: number = 1) {}

  /** Records cell `line` (its execution count). */
  add(line: number, input: string, output: string | null): void {
    this.entries.push({ line, input, output });
  }

  get size(): number {
    return this.entries.length;
  }

  /** Answers a history query; unknown sessions give an empty list. */
  query(q: HistoryQuery): HistoryEntry[] {
    let rows: Stored[];
    if (q.hist_access_type === "tail") {
      const n = q.n ?? 10;
      rows = n > 0 ? this.entries.slice(-n) : [];
    } else if (q.hist_access_type === "range") {
      // Session 0 (or a non-positive offset) means "this session" in IPython's convention.
      const s = q.session ?? 0;
      if (s > 0 && s !== this.session) return [];
      if (s < 0) return [];
      const start = q.start ?? 1;
      const stop = q.stop ?? Number.POSITIVE_INFINITY;
      rows = this.entries.filter((e) => e.line >= start && e.line < stop);
    } else {
      const re = globToRegExp(q.pattern ?? "*");
      rows = this.entries.filter((e) => re.test(e.input));
      if (q.unique) {
        const last = new Map<string, Stored>();
        for (const e of rows) {
          last.delete(e.input);
          last.set(e.input, e);
        }
        rows = [...last.values()];
      }
      if (q.n !== undefined && q.n !== null && q.n > 0) rows = rows.slice(-q.n);
    }
    return rows.map((e): HistoryEntry => (q.output ? [this.session, e.line, [e.input, e.output]] : [this.session, e.line, e.input]));
  }
}
