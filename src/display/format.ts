/**
 * Number and text formatting shared by the display helpers (tables, claims, plot captions).
 */
import { checkInteger } from "../core/errors";

/** Default number of significant digits shown by tables and claims. */
export const DEFAULT_SIGNIFICANT_DIGITS = 6;

/**
 * Formats `x` with `digits` significant digits (1..17).
 *
 * - Integers with |x| < 1e9 are exact (counts, sizes, indices are not rounded).
 * - 1e-4 <= |x| < 1e9: fixed notation, trailing zeros kept (they are significant): 0.1000, 12.35.
 * - otherwise scientific: 1.235e-7, 6.022e+23.
 * - NaN, +-Infinity are spelled out ("NaN", "Infinity", "-Infinity") so they are never hidden;
 *   -0 prints as "0".
 */
export function formatNumber(x: number, digits: number = DEFAULT_SIGNIFICANT_DIGITS): string {
  checkInteger("formatNumber", "digits", digits, 1, 17);
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Infinity" : "-Infinity";
  if (x === 0) return "0";
  const abs = Math.abs(x);
  if (Number.isInteger(x) && abs < 1e9) return String(x);
  // Round first: rounding can move the decimal exponent (9.9996 -> 10.00).
  const rounded = Number(x.toPrecision(digits));
  const absRounded = Math.abs(rounded);
  if (absRounded >= 1e-4 && absRounded < 1e9) {
    const exponent = Math.floor(Math.log10(absRounded));
    return rounded.toFixed(Math.max(0, digits - 1 - exponent));
  }
  return x.toExponential(digits - 1);
}

/** Formats any table cell: numbers with {@link formatNumber}, bigint/boolean/string as text, null/undefined as "". */
export function formatCell(value: unknown, digits: number = DEFAULT_SIGNIFICANT_DIGITS): string {
  if (typeof value === "number") return formatNumber(value, digits);
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "bigint" || typeof value === "boolean") return String(value);
  return JSON.stringify(value) ?? String(value);
}

/** Escapes `& < > " '` for safe inclusion of text in HTML. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * Like {@link formatNumber} but without trailing zeros in the mantissa (2.5 rather than 2.5000000),
 * for values quoted in running text such as claims; at most `digits` significant digits.
 */
export function formatCompact(x: number, digits: number = DEFAULT_SIGNIFICANT_DIGITS): string {
  return formatNumber(x, digits).replace(/(\.\d*?)0+(?=e|$)/, "$1").replace(/\.(?=e|$)/, "");
}
