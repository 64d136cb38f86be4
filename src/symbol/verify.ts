/**
 * Numerical identity checking: the trust layer for every CAS output.
 *
 * `verify(A, B)` evaluates both sides at random points — frequencies `w` / `w1..w3` uniform in
 * [-pi, pi], every other free symbol uniform in `symbolRange` (default [-2, 2]) — from a seeded
 * {@link Rng}, and compares the complex values with the mixed tolerance
 * `|A - B| <= tolerance * max(1, |A|, |B|)` (default 1e-9: the exact side is evaluated in double
 * precision with O(terms * eps) error; a wrong identity typically misses by O(1)).
 *
 * Sides may be strings (mathjs syntax with `i`, `e`, `exp`, `cos`, `sin`, `sqrt`, ...), or any
 * object with `freeNames()` and `evaluateScope(scope) -> [re, im]` (LaurentPoly, RealForm
 * wrappers, closed forms of this library).
 */
import { compile, parse, MathNode } from "mathjs";
import { DomainError, VerificationError, checkOptions } from "../core/errors";
import { Rng } from "../core/random";
import { DISPLAY, MimeBundle } from "../display/channel";

/** Something that can be evaluated at a named scope. */
export interface ScalarExpr {
  freeNames(): string[];
  evaluateScope(scope: Readonly<Record<string, number>>): [number, number];
  toString(): string;
}

/** A matrix of scalar expressions (SpectralDensity, RealFormMatrix). */
export interface MatrixExpr {
  readonly rows: number;
  readonly cols: number;
  entry(i: number, j: number): ScalarExpr;
}

export type Verifiable = string | ScalarExpr | MatrixExpr;

function isMatrix(x: unknown): x is MatrixExpr {
  return !!x && typeof x === "object" && typeof (x as MatrixExpr).entry === "function" && Number.isInteger((x as MatrixExpr).rows) && Number.isInteger((x as MatrixExpr).cols);
}

export interface VerifyOptions {
  /** Random points (default 64). */
  samples?: number;
  /** Mixed relative/absolute tolerance (default 1e-9). */
  tolerance?: number;
  /** Seed of the sample points (default 20261122). */
  seed?: number;
  /** Range of non-frequency symbols (default [-2, 2]). */
  symbolRange?: readonly [number, number];
  /** Fixed values for some names (e.g. `{a: 1}`), not sampled. */
  fixed?: Readonly<Record<string, number>>;
}

export interface VerifyResult {
  readonly ok: boolean;
  readonly samples: number;
  /** Largest `|A - B| / max(1, |A|, |B|)` over the samples. */
  readonly maxError: number;
  readonly tolerance: number;
  /** The sample with the largest error. */
  readonly worst: { point: Record<string, number>; a: [number, number]; b: [number, number] };
  readonly a: string;
  readonly b: string;
}

const CONSTANTS = new Set(["i", "e", "E", "pi", "PI"]);
/** Frequency names recognised in strings. */
export const FREQUENCY_NAMES: ReadonlySet<string> = new Set(["w", "w1", "w2", "w3"]);

/** Wraps a mathjs expression string as a {@link ScalarExpr}. */
export function expressionFromString(text: string): ScalarExpr {
  let node: MathNode;
  try { node = parse(text); } catch (e) { throw new DomainError(`verify: cannot parse "${text}": ${(e as Error).message}`); }
  const names = new Set<string>();
  node.traverse((n: MathNode, _path: string, parent: MathNode | null) => {
    const nn = n as MathNode & { name?: string };
    if (nn.type === "SymbolNode" && !CONSTANTS.has(nn.name!)) {
      const isFn = parent && (parent as MathNode & { fn?: MathNode }).type === "FunctionNode" && (parent as MathNode & { fn?: MathNode }).fn === n;
      if (!isFn) names.add(nn.name!);
    }
  });
  const code = compile(text);
  return {
    freeNames: () => [...names].sort(),
    evaluateScope: (scope) => toComplex(code.evaluate({ ...scope }), text),
    toString: () => text,
  };
}

function toComplex(v: unknown, text: string): [number, number] {
  if (typeof v === "number") return [v, 0];
  if (v && typeof v === "object" && "re" in (v as object) && "im" in (v as object)) return [(v as { re: number }).re, (v as { im: number }).im];
  if (typeof v === "boolean") return [v ? 1 : 0, 0];
  throw new DomainError(`verify: "${text}" does not evaluate to a number (got ${typeof v})`);
}

function asExpr(x: string | ScalarExpr): ScalarExpr {
  if (typeof x === "string") return expressionFromString(x);
  if (x && typeof (x as ScalarExpr).evaluateScope === "function" && typeof (x as ScalarExpr).freeNames === "function") return x as ScalarExpr;
  throw new DomainError("verify: each side must be a string or an expression object with freeNames() and evaluateScope()");
}

/**
 * Compares two expressions at random points; never throws on a mismatch (see
 * {@link assertEquivalent}). Two matrices (e.g. SpectralDensity objects) are compared entry by
 * entry with the same points; the result reports the worst entry.
 */
export function verify(exprA: Verifiable, exprB: Verifiable, options: VerifyOptions = {}): VerifyResult & { [DISPLAY](): MimeBundle } {
  if (isMatrix(exprA) || isMatrix(exprB)) {
    if (!isMatrix(exprA) || !isMatrix(exprB)) throw new DomainError("verify: cannot compare a matrix with a scalar expression");
    if (exprA.rows !== exprB.rows || exprA.cols !== exprB.cols) throw new DomainError(`verify: matrix sizes differ: ${exprA.rows} x ${exprA.cols} vs ${exprB.rows} x ${exprB.cols}`);
    let worst: (VerifyResult & { [DISPLAY](): MimeBundle }) | undefined;
    for (let i = 0; i < exprA.rows; i++) for (let j = 0; j < exprA.cols; j++) {
      const r = verifyScalar(exprA.entry(i, j), exprB.entry(i, j), options);
      if (!worst || r.maxError > worst.maxError) worst = r;
    }
    return worst!;
  }
  return verifyScalar(exprA, exprB, options);
}

function verifyScalar(exprA: string | ScalarExpr, exprB: string | ScalarExpr, options: VerifyOptions): VerifyResult & { [DISPLAY](): MimeBundle } {
  checkOptions("verify", options, ["samples", "tolerance", "seed", "symbolRange", "fixed"]);
  const samples = options.samples ?? 64, tolerance = options.tolerance ?? 1e-9;
  if (!Number.isInteger(samples) || samples < 1 || samples > 1e6) throw new DomainError(`verify: samples must be an integer in 1..1e6, got ${samples}`);
  if (!(tolerance > 0) || !Number.isFinite(tolerance)) throw new DomainError(`verify: tolerance must be a positive finite number, got ${tolerance}`);
  const [lo, hi] = options.symbolRange ?? [-2, 2];
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) throw new DomainError(`verify: symbolRange must be [lo, hi] with lo < hi, got ${JSON.stringify(options.symbolRange)}`);
  const A = asExpr(exprA), B = asExpr(exprB);
  const fixed = options.fixed ?? {};
  const names = [...new Set([...A.freeNames(), ...B.freeNames()])].filter((n) => !(n in fixed)).sort();
  const rng = new Rng(options.seed ?? 20261122);
  let maxError = 0;
  let worst: VerifyResult["worst"] = { point: {}, a: [0, 0], b: [0, 0] };
  for (let s = 0; s < samples; s++) {
    const point: Record<string, number> = { ...fixed };
    for (const n of names) point[n] = FREQUENCY_NAMES.has(n) ? rng.range(-Math.PI, Math.PI) : rng.range(lo, hi);
    const a = A.evaluateScope(point), b = B.evaluateScope(point);
    const scale = Math.max(1, Math.hypot(a[0], a[1]), Math.hypot(b[0], b[1]));
    let err = Math.hypot(a[0] - b[0], a[1] - b[1]) / scale;
    if (!Number.isFinite(err)) err = Infinity;
    if (err > maxError || s === 0) { if (err >= maxError) { maxError = err; worst = { point, a, b }; } }
  }
  const ok = maxError <= tolerance;
  const res: VerifyResult = { ok, samples, maxError, tolerance, worst, a: A.toString(), b: B.toString() };
  return {
    ...res,
    [DISPLAY]: () => ({
      "text/plain": `${ok ? "verified" : "MISMATCH"}: ${res.a} == ${res.b} (${samples} random points, max rel. error ${maxError.toExponential(2)}, tolerance ${tolerance})`,
    }),
  };
}

/** Like {@link verify} but throws a {@link VerificationError} naming both sides on a mismatch. */
export function assertEquivalent(exprA: Verifiable, exprB: Verifiable, options: VerifyOptions = {}, context = "identity"): VerifyResult {
  const r = verify(exprA, exprB, options);
  if (!r.ok) {
    const pt = Object.entries(r.worst.point).map(([k, v]) => `${k}=${v.toPrecision(6)}`).join(", ");
    throw new VerificationError(`${context}: "${r.a}" is not equal to "${r.b}": at ${pt} they evaluate to ${fmt(r.worst.a)} and ${fmt(r.worst.b)} (relative error ${r.maxError.toExponential(2)} > ${r.tolerance})`);
  }
  return r;
}

function fmt(z: [number, number]): string {
  return z[1] === 0 ? z[0].toPrecision(8) : `${z[0].toPrecision(8)}${z[1] < 0 ? "-" : "+"}${Math.abs(z[1]).toPrecision(8)}i`;
}
