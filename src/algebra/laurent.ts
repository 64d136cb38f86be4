/**
 * Exact sparse multivariate Laurent polynomials: the representation behind every symbol.
 *
 * A {@link LaurentPoly} is `sum_t c_t * prod_s s^{e_{t,s}} * prod_k z_k^{q_{t,k}}` with
 * - exact rational coefficients `c_t` ({@link Rational}, BigInt based),
 * - user symbols `s` (real-valued, non-negative integer exponents), e.g. `a_0_1`, `theta_3`,
 * - frequency variables `z_k = exp(-i w_k)`, k = 1..dim, with integer (possibly negative) exponents.
 *
 * So a stencil tap `K_q` at offset `q` contributes `K_q z^q = K_q exp(-i <q, w>)`, which is the
 * convention `F(w) = sum_q K_q exp(-i <q, w>)` of `src/core/kernel-tensor.ts`. Because symbols and
 * coefficients are real, complex conjugation is the exact substitution `z_k -> 1/z_k`
 * ({@link LaurentPoly.conj}), which is what makes the Gram symbol `F^H F` exact.
 *
 * Frequency names in text output and in {@link LaurentPoly.evaluateScope}: `w` when dim = 1,
 * `w1, w2, ...` when dim >= 2 (TeX: `\omega`, `\omega_1`, ...).
 */
import { DomainError, ShapeError } from "../core/errors";
import { Rational } from "./rational";

/** One monomial: sorted symbol powers, frequency exponents (length = dim), exact coefficient. */
export interface LaurentTerm {
  /** `[name, exponent]` pairs sorted by name, exponents >= 1. */
  readonly syms: ReadonlyArray<readonly [string, number]>;
  /** Exponents of `z_1..z_dim`. */
  readonly z: readonly number[];
  readonly coef: Rational;
}

/** Values for symbols: numbers (taken exactly as doubles), rationals, or polynomials (no frequency). */
export type SymbolValue = number | Rational | LaurentPoly;

function monoKey(syms: ReadonlyArray<readonly [string, number]>, z: readonly number[]): string {
  let s = "";
  for (const [n, e] of syms) s += n + "^" + e + "*";
  return s + "|" + z.join(",");
}

function mergeSyms(a: ReadonlyArray<readonly [string, number]>, b: ReadonlyArray<readonly [string, number]>): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  let i = 0, j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i][0] < b[j][0])) out.push([a[i][0], a[i++][1]]);
    else if (i >= a.length || b[j][0] < a[i][0]) out.push([b[j][0], b[j++][1]]);
    else { out.push([a[i][0], a[i][1] + b[j][1]]); i++; j++; }
  }
  return out;
}

/** Frequency variable names for text/scope use: `w` (dim 1) or `w1..wd`. */
export function frequencyNames(dim: number): string[] {
  if (dim === 1) return ["w"];
  return Array.from({ length: dim }, (_, k) => `w${k + 1}`);
}

/** TeX names of the frequency variables: `\omega` or `\omega_1..`. */
export function frequencyTeX(dim: number): string[] {
  if (dim === 1) return ["\\omega"];
  return Array.from({ length: dim }, (_, k) => `\\omega_{${k + 1}}`);
}

const GREEK = new Set(["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "nu", "xi", "rho", "sigma", "tau", "phi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Sigma", "Phi", "Psi", "Omega"]);

/** TeX for a symbol name: `a_0_1` -> `a_{0,1}`, `theta_3` -> `\theta_{3}`. */
export function symbolTeX(name: string): string {
  const parts = name.split("_");
  const head = GREEK.has(parts[0]) ? `\\${parts[0]}` : parts[0].length > 1 ? `\\mathrm{${parts[0]}}` : parts[0];
  const subs = parts.slice(1).filter((p) => p.length > 0);
  return subs.length ? `${head}_{${subs.join(",")}}` : head;
}

export class LaurentPoly {
  /** Number of frequency variables. */
  readonly dim: number;
  private readonly map: Map<string, LaurentTerm>;

  private constructor(dim: number, map: Map<string, LaurentTerm>) { this.dim = dim; this.map = map; }

  /** The zero polynomial in `dim` frequency variables. */
  static zero(dim = 0): LaurentPoly { return new LaurentPoly(dim, new Map()); }
  /** A constant. */
  static constant(c: Rational | number, dim = 0): LaurentPoly {
    const r = typeof c === "number" ? Rational.fromNumber(c) : c;
    return LaurentPoly.fromTerms(dim, [{ syms: [], z: new Array(dim).fill(0), coef: r }]);
  }
  /** The symbol `name` (real-valued). */
  static symbol(name: string, dim = 0): LaurentPoly {
    return LaurentPoly.fromTerms(dim, [{ syms: [[name, 1]], z: new Array(dim).fill(0), coef: Rational.ONE }]);
  }
  /** The monomial `z^q = exp(-i <q, w>)`, dim = q.length. */
  static frequencyMonomial(q: readonly number[], coef: Rational = Rational.ONE): LaurentPoly {
    return LaurentPoly.fromTerms(q.length, [{ syms: [], z: [...q], coef }]);
  }
  /** Builds from terms, merging equal monomials and dropping zeros. */
  static fromTerms(dim: number, terms: Iterable<LaurentTerm>): LaurentPoly {
    const map = new Map<string, LaurentTerm>();
    for (const t of terms) {
      if (t.z.length !== dim) throw new ShapeError(`LaurentPoly: term has ${t.z.length} frequency exponents, expected ${dim}`);
      addInto(map, t.syms, t.z, t.coef);
    }
    return new LaurentPoly(dim, map);
  }

  /** Terms in a canonical order (by frequency exponents, then symbols). */
  terms(): LaurentTerm[] {
    return [...this.map.values()].sort(compareTerms);
  }
  get size(): number { return this.map.size; }
  isZero(): boolean { return this.map.size === 0; }
  /** True when no symbol occurs. */
  isNumeric(): boolean { for (const t of this.map.values()) if (t.syms.length) return false; return true; }
  /** True when no frequency variable occurs (a plain polynomial in the symbols). */
  isFrequencyFree(): boolean { for (const t of this.map.values()) if (t.z.some((e) => e !== 0)) return false; return true; }
  /** Sorted free symbol names. */
  symbols(): string[] {
    const s = new Set<string>();
    for (const t of this.map.values()) for (const [n] of t.syms) s.add(n);
    return [...s].sort();
  }
  /** The constant value when the polynomial is a number (no symbols, no frequencies), else undefined. */
  constantValue(): Rational | undefined {
    if (this.map.size === 0) return Rational.ZERO;
    if (this.map.size > 1) return undefined;
    const t = [...this.map.values()][0];
    return t.syms.length === 0 && t.z.every((e) => e === 0) ? t.coef : undefined;
  }

  /** Same polynomial viewed with `dim` frequency variables (extra exponents 0; dropping only zero ones). */
  withDim(dim: number): LaurentPoly {
    if (dim === this.dim) return this;
    const terms: LaurentTerm[] = [];
    for (const t of this.map.values()) {
      if (t.z.slice(dim).some((e) => e !== 0)) throw new ShapeError(`LaurentPoly: cannot drop frequency variable(s) beyond ${dim} that occur`);
      const z = t.z.slice(0, dim);
      while (z.length < dim) z.push(0);
      terms.push({ syms: t.syms, z, coef: t.coef });
    }
    return LaurentPoly.fromTerms(dim, terms);
  }

  add(o: LaurentPoly): LaurentPoly {
    const [a, b] = align(this, o);
    const map = new Map(a.map);
    for (const t of b.map.values()) addInto(map, t.syms, t.z, t.coef);
    return new LaurentPoly(a.dim, map);
  }
  sub(o: LaurentPoly): LaurentPoly { return this.add(o.neg()); }
  neg(): LaurentPoly { return this.scale(Rational.of(-1)); }
  scale(c: Rational): LaurentPoly {
    if (c.isZero()) return LaurentPoly.zero(this.dim);
    const map = new Map<string, LaurentTerm>();
    for (const [k, t] of this.map) map.set(k, { syms: t.syms, z: t.z, coef: t.coef.mul(c) });
    return new LaurentPoly(this.dim, map);
  }
  mul(o: LaurentPoly): LaurentPoly {
    const [a, b] = align(this, o);
    const map = new Map<string, LaurentTerm>();
    for (const s of a.map.values()) {
      for (const t of b.map.values()) {
        const z = s.z.map((e, k) => e + t.z[k]);
        addInto(map, s.syms.length && t.syms.length ? mergeSyms(s.syms, t.syms) : s.syms.length ? s.syms : t.syms, z, s.coef.mul(t.coef));
      }
    }
    return new LaurentPoly(a.dim, map);
  }
  /** `this^n`, n a non-negative integer. */
  pow(n: number): LaurentPoly {
    if (!Number.isInteger(n) || n < 0) throw new DomainError(`LaurentPoly.pow: exponent must be a non-negative integer, got ${n}`);
    let out = LaurentPoly.constant(Rational.ONE, this.dim);
    let base: LaurentPoly = this;
    while (n > 0) {
      if (n & 1) out = out.mul(base);
      n >>= 1;
      if (n) base = base.mul(base);
    }
    return out;
  }
  /**
   * Complex conjugate for real symbols: `z_k -> 1/z_k` (coefficients are real rationals, symbols
   * real), i.e. `conj(sum c z^q) = sum c z^{-q}`.
   */
  conj(): LaurentPoly {
    const map = new Map<string, LaurentTerm>();
    for (const t of this.map.values()) addInto(map, t.syms, t.z.map((e) => (e === 0 ? 0 : -e)), t.coef);
    return new LaurentPoly(this.dim, map);
  }
  equals(o: LaurentPoly): boolean {
    const [a, b] = align(this, o);
    if (a.map.size !== b.map.size) return false;
    for (const [k, t] of a.map) {
      const u = b.map.get(k);
      if (!u || !u.coef.equals(t.coef)) return false;
    }
    return true;
  }

  /**
   * Exact substitution of symbols: numbers are taken as their exact double value (use a
   * {@link Rational} or a string like "1/3" via `parsePolynomial` for exact thirds); polynomials
   * substitute expressions. Unlisted symbols stay free.
   */
  subs(values: Readonly<Record<string, SymbolValue>>): LaurentPoly {
    const conv = new Map<string, LaurentPoly>();
    for (const [name, v] of Object.entries(values)) {
      if (v instanceof LaurentPoly) conv.set(name, v);
      else if (v instanceof Rational) conv.set(name, LaurentPoly.constant(v));
      else if (typeof v === "number") {
        if (!Number.isFinite(v)) throw new DomainError(`subs: value of "${name}" is ${v}; only finite numbers are allowed`);
        conv.set(name, LaurentPoly.constant(Rational.fromNumber(v)));
      } else throw new DomainError(`subs: value of "${name}" must be a number, Rational or LaurentPoly`);
    }
    let dim = this.dim;
    for (const p of conv.values()) dim = Math.max(dim, p.dim);
    let out = LaurentPoly.zero(dim);
    const powCache = new Map<string, LaurentPoly>();
    for (const t of this.map.values()) {
      const keep: Array<[string, number]> = [];
      let factor: LaurentPoly | undefined;
      for (const [n, e] of t.syms) {
        const p = conv.get(n);
        if (!p) { keep.push([n, e]); continue; }
        const ck = n + "^" + e;
        let pe = powCache.get(ck);
        if (!pe) { pe = p.pow(e); powCache.set(ck, pe); }
        factor = factor ? factor.mul(pe) : pe;
      }
      const z = [...t.z];
      while (z.length < dim) z.push(0);
      const mono = LaurentPoly.fromTerms(dim, [{ syms: keep, z, coef: t.coef }]);
      out = out.add(factor ? mono.mul(factor) : mono);
    }
    return out;
  }

  /**
   * Numeric value `[re, im]` at frequencies `w` (radians, length dim) and symbol values
   * (missing symbol -> DomainError naming it).
   */
  evaluate(w: ArrayLike<number>, values: Readonly<Record<string, number>> = {}): [number, number] {
    if (w.length !== this.dim) throw new ShapeError(`evaluate: expected ${this.dim} frequencies, got ${w.length}`);
    let re = 0, im = 0;
    for (const t of this.map.values()) {
      let c = t.coef.toNumber();
      for (const [n, e] of t.syms) {
        const v = values[n];
        if (v === undefined) throw new DomainError(`evaluate: no value for symbol "${n}"; free symbols: ${this.symbols().join(", ")}`);
        c *= e === 1 ? v : Math.pow(v, e);
      }
      let phase = 0;
      for (let k = 0; k < t.z.length; k++) phase += t.z[k] * w[k];
      // z^q = exp(-i <q, w>)
      re += c * Math.cos(phase);
      im -= c * Math.sin(phase);
    }
    return [re, im];
  }

  /** Evaluation from one flat scope holding both frequencies (`w` or `w1..`) and symbols. */
  evaluateScope(scope: Readonly<Record<string, number>>): [number, number] {
    const names = frequencyNames(this.dim);
    const w = names.map((n) => {
      const v = scope[n];
      if (v === undefined) throw new DomainError(`evaluate: no value for frequency "${n}"`);
      return v;
    });
    return this.evaluate(this.dim === 0 ? [] : w, scope);
  }
  /** Free names for {@link evaluateScope}: frequency names (if any occur or dim > 0) and symbols. */
  freeNames(): string[] { return [...(this.dim ? frequencyNames(this.dim) : []), ...this.symbols()]; }

  /** Plain text, e.g. `a*exp(i*w) + b + c*exp(-i*w)`; parseable by mathjs and nerdamer (with e^). */
  toString(): string { return render(this, "text"); }
  /** Same as toString but with `e^(...)` (nerdamer's preferred spelling). */
  toCasString(): string { return render(this, "cas"); }
  /** LaTeX (no surrounding `$`). */
  toTeX(): string { return render(this, "tex"); }
}

function addInto(map: Map<string, LaurentTerm>, syms: ReadonlyArray<readonly [string, number]>, z: readonly number[], coef: Rational): void {
  if (coef.isZero()) return;
  const k = monoKey(syms, z);
  const old = map.get(k);
  if (!old) { map.set(k, { syms, z, coef }); return; }
  const c = old.coef.add(coef);
  if (c.isZero()) map.delete(k);
  else map.set(k, { syms, z, coef: c });
}

function align(a: LaurentPoly, b: LaurentPoly): [LaurentPoly, LaurentPoly] {
  if (a.dim === b.dim) return [a, b];
  const d = Math.max(a.dim, b.dim);
  return [a.withDim(d), b.withDim(d)];
}

function compareTerms(s: LaurentTerm, t: LaurentTerm): number {
  for (let k = 0; k < s.z.length; k++) if (s.z[k] !== t.z[k]) return s.z[k] - t.z[k];
  const ks = s.syms.map(([n, e]) => n + "^" + e).join("*"), kt = t.syms.map(([n, e]) => n + "^" + e).join("*");
  // higher total degree first, then lexicographic
  const ds = s.syms.reduce((a, [, e]) => a + e, 0), dt = t.syms.reduce((a, [, e]) => a + e, 0);
  if (ds !== dt) return dt - ds;
  return ks < kt ? -1 : ks > kt ? 1 : 0;
}

/** Renders a frequency-free polynomial (the coefficient of one z-monomial). */
export function renderSymbolPoly(terms: readonly LaurentTerm[], mode: "text" | "cas" | "tex"): string {
  if (terms.length === 0) return "0";
  let out = "";
  terms.forEach((t, idx) => {
    const neg = t.coef.sign() < 0;
    const mag = neg ? t.coef.neg() : t.coef;
    const symStr = t.syms.map(([n, e]) => {
      const b = mode === "tex" ? symbolTeX(n) : n;
      return e === 1 ? b : mode === "tex" ? `${b}^{${e}}` : `${b}^${e}`;
    }).join(mode === "tex" ? " " : "*");
    let body: string;
    if (symStr === "") body = mode === "tex" ? mag.toTeX() : mag.toString();
    else if (mag.isOne()) body = symStr;
    else if (mode === "tex") body = `${mag.toTeX()} ${symStr}`;
    else body = mag.isInteger() ? `${mag}*${symStr}` : `(${mag})*${symStr}`;
    if (idx === 0) out = (neg ? "-" : "") + body;
    else out += (neg ? " - " : " + ") + body;
  });
  return out;
}

/** `<q, w>` as text (`w1 - 2*w2`) or TeX. */
export function linearForm(q: readonly number[], mode: "text" | "cas" | "tex"): string {
  const names = mode === "tex" ? frequencyTeX(q.length) : frequencyNames(q.length);
  let out = "";
  q.forEach((e, k) => {
    if (e === 0) return;
    const mag = Math.abs(e);
    const body = mag === 1 ? names[k] : mode === "tex" ? `${mag}${names[k]}` : `${mag}*${names[k]}`;
    if (out === "") out = (e < 0 ? "-" : "") + body;
    else out += (e < 0 ? " - " : " + ") + body;
  });
  return out;
}

function render(p: LaurentPoly, mode: "text" | "cas" | "tex"): string {
  const terms = p.terms();
  if (terms.length === 0) return "0";
  // group by frequency monomial so that F(w) reads as sum_q (coefficient) exp(-i <q, w>)
  const groups = new Map<string, LaurentTerm[]>();
  for (const t of terms) {
    const k = t.z.join(",");
    const g = groups.get(k);
    if (g) g.push(t); else groups.set(k, [t]);
  }
  let out = "";
  let first = true;
  for (const g of groups.values()) {
    const q = g[0].z;
    const isConst = q.every((e) => e === 0);
    let coef = renderSymbolPoly(g, mode);
    let neg = false;
    if (g.length === 1 && coef.startsWith("-")) { neg = true; coef = coef.slice(1); }
    let body: string;
    if (isConst) body = coef;
    else {
      // exp(-i <q, w>) = exp(sign * i <p, w>) with p = -sign * q chosen so that its first nonzero
      // component is positive: the linear form then starts without a sign
      const firstNeg = q.find((e) => e !== 0)! > 0; // -q starts negative
      const p = firstNeg ? [...q] : q.map((e) => -e);
      const lf = linearForm(p, mode);
      const simpleLf = !/[ ]/.test(lf);
      const sgn = firstNeg ? "-" : "";
      const expo = mode === "tex"
        ? `e^{${sgn}i${simpleLf ? lf : `(${lf})`}}`
        : mode === "cas"
          ? `e^(${sgn}i*${simpleLf ? lf : `(${lf})`})`
          : `exp(${sgn}i*${simpleLf ? lf : `(${lf})`})`;
      const wrapped = g.length > 1 ? (mode === "tex" ? `\\left(${coef}\\right)` : `(${coef})`) : coef;
      if (coef === "1") body = expo;
      else body = mode === "tex" ? `${wrapped} ${expo}` : `${wrapped}*${expo}`;
    }
    if (first) out = (neg ? "-" : "") + body;
    else out += (neg ? " - " : " + ") + body;
    first = false;
  }
  return out;
}
