/**
 * Checked CAS calls (nerdamer-prime 1.5.0). The CAS is used for presentation only — shorter
 * forms, factorisations — and is known to be wrong sometimes (00-stack.md: it simplifies
 * `(a e^{-iw} + b + c e^{iw})(a e^{iw} + b + c e^{-iw})` to `(a+b+c)^2`). So every result is
 * compared with the exact source expression by {@link verify} before it is returned:
 * - `onMismatch: "throw"` (default for {@link casSimplify}) raises a VerificationError naming the
 *   expression and the CAS output;
 * - `onMismatch: "fallback"` (default for {@link presentable}) returns the exact, unsimplified form
 *   with `verified: false` and a visible note.
 * The TeX shown is nerdamer's `toTeX()` of the same expression object whose text was verified.
 */
import nerdamer from "nerdamer-prime";
import "nerdamer-prime/Algebra";
import "nerdamer-prime/Calculus";
import { DomainError, OptionError, VerificationError, checkOneOf, checkOptions } from "../core/errors";
import { DISPLAY, MimeBundle } from "../display/channel";
import { LaurentPoly, Rational } from "../algebra/index";
import { RealForm } from "./real-form";
import { ScalarExpr, VerifyOptions, expressionFromString, verify } from "./verify";

export interface CasOptions extends VerifyOptions {
  /** What to do when the CAS output disagrees numerically: "throw" or "fallback". */
  onMismatch?: "throw" | "fallback";
  /** nerdamer operation: "simplify" (default), "factor" or "expand". */
  operation?: "simplify" | "factor" | "expand";
  /**
   * nerdamer's internal time limit for this call in ms (default 5000; nerdamer's own default,
   * 800 ms, is too short on a loaded 2-core machine). Restored after the call.
   */
  timeoutMs?: number;
}

/** A CAS result that was checked numerically against its source. */
export interface CheckedExpression {
  /** Plain text (mathjs/nerdamer syntax). */
  readonly text: string;
  /** LaTeX without delimiters. */
  readonly tex: string;
  /** True when the CAS output passed the numerical check; false when this is the fallback. */
  readonly verified: boolean;
  /** Human-readable note on what was checked, or why the fallback is shown. */
  readonly note: string;
  /** Max relative error found on the sample points. */
  readonly maxError: number;
  [DISPLAY](): MimeBundle;
}

type Source = string | LaurentPoly | RealForm;

function sourceParts(src: Source): { expr: ScalarExpr; cas: string; tex: string } {
  if (typeof src === "string") return { expr: expressionFromString(src), cas: src, tex: nerdamer(src).toTeX() };
  if (src instanceof LaurentPoly) return { expr: src, cas: src.toCasString(), tex: src.toTeX() };
  if (src instanceof RealForm) return { expr: src, cas: src.toString(), tex: src.toTeX() };
  throw new DomainError("casSimplify: source must be a string, LaurentPoly or RealForm");
}

/** nerdamer's TeX with our notation: \\cos, \\sin, and w / w1.. as \\omega / \\omega_1... */
function polishTeX(tex: string): string {
  return tex
    .replace(/\\mathrm\{(cos|sin|sqrt|exp)\}/g, "\\$1")
    .replace(/\\left\(w(\d?)\\right\)/g, (_m, d: string) => `(${d ? `\\omega_{${d}}` : "\\omega"})`)
    .replace(/(?<![A-Za-z\\_])w(\d?)(?![A-Za-z0-9_])/g, (_m, d: string) => (d ? `\\omega_{${d}}` : "\\omega"));
}

function make(text: string, tex: string, verified: boolean, note: string, maxError: number): CheckedExpression {
  return {
    text, tex, verified, note, maxError,
    [DISPLAY]: () => ({ "text/plain": `${text}${verified ? "" : `   [${note}]`}`, "text/latex": verified ? `$$${tex}$$` : `$$${tex}\\quad\\text{(${note.replace(/[{}\\$%&#_^~]/g, " ")})}$$` }),
  };
}

/**
 * Runs a nerdamer operation on the expression and returns the output only if it is numerically
 * equal to the exact source at random frequencies and symbol values.
 */
export function casSimplify(src: Source, options: CasOptions = {}): CheckedExpression {
  checkOptions("casSimplify", options, ["onMismatch", "operation", "timeoutMs", "samples", "tolerance", "seed", "symbolRange", "fixed"]);
  const onMismatch = checkOneOf("casSimplify", "onMismatch", options.onMismatch ?? "throw", ["throw", "fallback"]);
  const operation = checkOneOf("casSimplify", "operation", options.operation ?? "simplify", ["simplify", "factor", "expand"]);
  const { expr, cas, tex } = sourceParts(src);
  let out: ReturnType<typeof nerdamer>;
  const settings = (nerdamer as unknown as { getCore(): { Settings: { TIMEOUT: number } } }).getCore().Settings;
  const previousTimeout = settings.TIMEOUT;
  try {
    settings.TIMEOUT = options.timeoutMs ?? 5000;
    out = nerdamer(`${operation}(${cas})`);
  } catch (e) {
    if (onMismatch === "throw") throw new VerificationError(`casSimplify: nerdamer ${operation} failed on "${cas}": ${(e as Error).message}`);
    return make(expr.toString(), tex, false, `CAS ${operation} failed; exact form shown`, NaN);
  } finally {
    settings.TIMEOUT = previousTimeout;
  }
  const text = out.toString();
  if (new RegExp(`\\b${operation}\\b`).test(text)) {
    // nerdamer returns unknown functions as symbols times the argument: not a result
    if (onMismatch === "throw") throw new OptionError(`casSimplify: nerdamer does not support ${operation} here ("${text}")`);
    return make(expr.toString(), tex, false, `CAS ${operation} unsupported; exact form shown`, NaN);
  }
  const vopts: VerifyOptions = { samples: options.samples, tolerance: options.tolerance, seed: options.seed, symbolRange: options.symbolRange, fixed: options.fixed };
  for (const k of Object.keys(vopts) as (keyof VerifyOptions)[]) if (vopts[k] === undefined) delete vopts[k];
  const r = verify(expr, text, vopts);
  if (r.ok) return make(text, polishTeX(out.toTeX()), true, `CAS ${operation} verified at ${r.samples} random points (max rel. error ${r.maxError.toExponential(1)})`, r.maxError);
  const pt = Object.entries(r.worst.point).map(([k, v]) => `${k}=${v.toPrecision(4)}`).join(", ");
  if (onMismatch === "throw") {
    throw new VerificationError(`casSimplify: nerdamer ${operation}("${cas}") returned "${text}", which is WRONG: at ${pt} the exact value is ${r.worst.a[0].toPrecision(6)}${r.worst.a[1] ? `${r.worst.a[1] < 0 ? "" : "+"}${r.worst.a[1].toPrecision(6)}i` : ""} but the CAS form gives ${r.worst.b[0].toPrecision(6)}${r.worst.b[1] ? `${r.worst.b[1] < 0 ? "" : "+"}${r.worst.b[1].toPrecision(6)}i` : ""}`);
  }
  return make(expr.toString(), tex, false, `CAS ${operation} gave "${text}", rejected by numerical check; exact form shown`, r.maxError);
}

/**
 * The shortest verified form among the exact real form and nerdamer's simplify / factor of it;
 * never unverified output (failed candidates are dropped, the exact form is always available).
 */
export function presentable(src: LaurentPoly | RealForm, options: VerifyOptions = {}): CheckedExpression {
  const rf = src instanceof RealForm ? src : RealForm.of(src);
  const exact = make(rf.toString(), rf.toTeX(), true, "exact real form", 0);
  let best = exact;
  const sources: Source[] = [rf];
  const cheb = chebyshevText(rf);
  if (cheb) sources.push(cheb);
  const consider = (source: Source, operation: "simplify" | "factor"): CheckedExpression | undefined => {
    let c: CheckedExpression;
    // presentation only: a short CAS time limit, the exact form is always there
    try { c = casSimplify(source, { ...options, operation, onMismatch: "fallback", timeoutMs: 2000 }); } catch { return undefined; }
    // candidates derived from rewritten text are checked against the exact form too
    if (!c.verified || (source !== rf && !verify(rf, c.text, options).ok)) return undefined;
    // a CAS form must be clearly shorter (spaces ignored: nerdamer prints none) to be preferred
    if (compact(c.text) < 0.8 * compact(best.text)) best = c;
    return c;
  };
  for (const source of sources) for (const operation of ["simplify", "factor"] as const) {
    const c = consider(source, operation);
    // half-angle forms: 1 - cos w = 2 sin^2(w/2), 1 + cos w = 2 cos^2(w/2), then simplify
    if (c && source !== rf && operation === "factor") {
      const half = halfAngleText(c.text);
      if (half !== c.text) consider(half, "simplify");
    }
  }
  return best;
}

function compact(text: string): number { return text.replace(/\s+/g, "").length; }

/** Rewrites the factors `(cos(w) - 1)` and `(cos(w) + 1)` of nerdamer's output in half angles. */
function halfAngleText(text: string): string {
  return text
    .replace(/\((?:-1\+cos\(w\)|cos\(w\)-1)\)/g, "(-2*sin(w/2)^2)")
    .replace(/\((?:1\+cos\(w\)|cos\(w\)\+1)\)/g, "(2*cos(w/2)^2)");
}

const CHEB_VAR = "cosw";

/**
 * For a 1-D real form: the polynomial in `cos(w)` obtained by `cos(k w) = T_k(cos w)`,
 * `sin(k w) = sin(w) U_{k-1}(cos w)` (Chebyshev), as text with `cos(w)`; nerdamer can factor
 * it (e.g. `|[1,-2,1]|^2 -> 4 (cos(w) - 1)^2`). Undefined for d > 1, for imaginary parts, or when
 * a user symbol is named like the helper variable.
 */
function chebyshevText(rf: RealForm): string | undefined {
  if (rf.dim !== 1 || rf.im.length > 0 || rf.re.length === 0 || rf.symbols().includes(CHEB_VAR)) return undefined;
  const c = LaurentPoly.symbol(CHEB_VAR);
  const T: LaurentPoly[] = [LaurentPoly.constant(1), c];
  let sum = LaurentPoly.zero(0);
  for (const t of rf.re) {
    const k = t.kind === "const" ? 0 : t.q[0];
    while (T.length <= k) T.push(c.scale(Rational.of(2)).mul(T[T.length - 1]).sub(T[T.length - 2]));
    sum = sum.add(t.coef.mul(T[k]));
  }
  return sum.toString().replace(new RegExp(`\\b${CHEB_VAR}\\b`, "g"), "cos(w)");
}
