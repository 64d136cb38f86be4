/**
 * `is_complete_request`: should the console run the code now (Enter) or continue it on a new line?
 *
 * The code is parsed (TypeScript's parser, as tslab does) and classified:
 * - "incomplete" when the only parse errors are "X expected." at the very end of the input
 *   (open brace, parenthesis, unfinished expression, unterminated template), or two trailing
 *   blank lines are absent while the code is unfinished;
 * - "invalid" when there is any other syntax error (no continuation can fix it);
 * - "complete" otherwise, and always when the code ends with a blank line after non-empty text
 *   (the console convention to force execution, kept from tslab).
 */
import * as ts from "@tslab/typescript-for-tslab";

export type IsCompleteStatus = { status: "complete" } | { status: "incomplete"; indent: string } | { status: "invalid" };

interface ParseDiagnostic {
  start: number;
  length: number;
  messageText: string | { messageText: string };
  code: number;
}

/** Diagnostic codes that mean "the input stopped too early" when they sit at its end. */
const UNTERMINATED = new Set([
  1160, // Unterminated template literal.
  1010, // '*/' expected.
]);

/** Classifies `code` as complete / incomplete (with the indent of the next line) / invalid. */
export function isCompleteCode(code: string): IsCompleteStatus {
  if (code.trim() === "") return { status: "complete" };
  if (/\n[ \t]*\n[ \t]*$/.test(code)) return { status: "complete" };
  const sf = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const diags = (sf as unknown as { parseDiagnostics: ParseDiagnostic[] }).parseDiagnostics ?? [];
  if (diags.length === 0) return { status: "complete" };
  const end = code.length;
  const atEnd = (d: ParseDiagnostic) => d.start >= end;
  const text = (d: ParseDiagnostic) => (typeof d.messageText === "string" ? d.messageText : d.messageText.messageText);
  const allOpenAtEnd = diags.every((d) => (atEnd(d) && text(d).endsWith(" expected.")) || UNTERMINATED.has(d.code));
  return allOpenAtEnd ? { status: "incomplete", indent: nextIndent(code) } : { status: "invalid" };
}

/** Indent of the next line: the last line's, plus two spaces after an opening bracket. */
function nextIndent(code: string): string {
  const line = /[^\n]*$/.exec(code)![0];
  const current = /^\s*/.exec(line)![0];
  return /[{([]\s*$/.test(line) ? current + "  " : current;
}
