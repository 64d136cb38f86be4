/**
 * Real (cos/sin) form of a Laurent polynomial with real coefficients and real symbols:
 * with `z^q = exp(-i <q, w>) = cos<q,w> - i sin<q,w>`, pairing `q` and `-q` gives
 *
 *   `P(w) = sum_{q in Q+} (c_q + c_{-q}) cos<q,w>  +  c_0
 *          + i * sum_{q in Q+} (c_{-q} - c_q) sin<q,w>`,
 *
 * where `Q+` holds the offsets whose first nonzero component is positive. Coefficients are exact
 * polynomials in the symbols, so e.g. `[1, -2, 1]` gives `2 cos(w) - 2` exactly. The conversion
 * is exact; it is still re-checked numerically in the tests.
 */
import { DomainError, ShapeError } from "../core/errors";
import { LaurentPoly, LaurentTerm, frequencyNames, linearForm, renderSymbolPoly } from "../algebra/index";

/** One trigonometric term: `coef * cos<q,w>` or `coef * sin<q,w>` (q in Q+), or a constant (q = 0). */
export interface TrigTerm {
  readonly kind: "const" | "cos" | "sin";
  readonly q: readonly number[];
  /** A frequency-free polynomial in the symbols. */
  readonly coef: LaurentPoly;
}

export class RealForm {
  readonly dim: number;
  /** Real part: constant and cos terms. */
  readonly re: readonly TrigTerm[];
  /** Imaginary part: sin terms. */
  readonly im: readonly TrigTerm[];

  constructor(dim: number, re: readonly TrigTerm[], im: readonly TrigTerm[]) { this.dim = dim; this.re = re; this.im = im; }

  /** Exact conversion from a Laurent polynomial. */
  static of(p: LaurentPoly): RealForm {
    const d = p.dim;
    const cos = new Map<string, { q: number[]; coef: LaurentPoly }>();
    const sin = new Map<string, { q: number[]; coef: LaurentPoly }>();
    let c0 = LaurentPoly.zero(0);
    for (const t of p.terms()) {
      const coefTerm = LaurentPoly.fromTerms(0, [{ syms: t.syms, z: [], coef: t.coef } as LaurentTerm]);
      const first = t.z.find((e) => e !== 0);
      if (first === undefined) { c0 = c0.add(coefTerm); continue; }
      const pos = first > 0;
      const q = pos ? [...t.z] : t.z.map((e) => -e);
      const key = q.join(",");
      const ce = cos.get(key);
      cos.set(key, { q, coef: ce ? ce.coef.add(coefTerm) : coefTerm });
      // z^q (q in Q+) contributes -c sin; z^{-q} contributes +c sin
      const sc = pos ? coefTerm.neg() : coefTerm;
      const se = sin.get(key);
      sin.set(key, { q, coef: se ? se.coef.add(sc) : sc });
    }
    const order = (a: { q: number[] }, b: { q: number[] }) => {
      const na = a.q.reduce((s, e) => s + Math.abs(e), 0), nb = b.q.reduce((s, e) => s + Math.abs(e), 0);
      if (na !== nb) return na - nb;
      for (let k = 0; k < a.q.length; k++) if (a.q[k] !== b.q[k]) return b.q[k] - a.q[k];
      return 0;
    };
    const re: TrigTerm[] = [];
    for (const v of [...cos.values()].sort(order)) if (!v.coef.isZero()) re.push({ kind: "cos", q: v.q, coef: v.coef });
    if (!c0.isZero()) re.push({ kind: "const", q: new Array(d).fill(0), coef: c0 });
    const im: TrigTerm[] = [];
    for (const v of [...sin.values()].sort(order)) if (!v.coef.isZero()) im.push({ kind: "sin", q: v.q, coef: v.coef });
    return new RealForm(d, re, im);
  }

  /** True when the imaginary part vanishes identically. */
  get isReal(): boolean { return this.im.length === 0; }
  /** True when the real part vanishes identically. */
  get isImaginary(): boolean { return this.re.length === 0; }

  /** Value `[re, im]` at w (radians) and symbol values. */
  evaluate(w: ArrayLike<number>, values: Readonly<Record<string, number>> = {}): [number, number] {
    if (w.length !== this.dim) throw new ShapeError(`RealForm.evaluate: expected ${this.dim} frequencies, got ${w.length}`);
    const val = (t: TrigTerm) => {
      const c = t.coef.evaluate([], values)[0];
      if (t.kind === "const") return c;
      let ph = 0;
      for (let k = 0; k < this.dim; k++) ph += t.q[k] * w[k];
      return c * (t.kind === "cos" ? Math.cos(ph) : Math.sin(ph));
    };
    let re = 0, im = 0;
    for (const t of this.re) re += val(t);
    for (const t of this.im) im += val(t);
    return [re, im];
  }

  /** Sorted free symbols of the coefficients. */
  symbols(): string[] {
    const s = new Set<string>();
    for (const t of [...this.re, ...this.im]) for (const n of t.coef.symbols()) s.add(n);
    return [...s].sort();
  }
  /** Frequency names and symbols (for {@link verify}). */
  freeNames(): string[] { return [...(this.dim ? frequencyNames(this.dim) : []), ...this.symbols()]; }
  /** Evaluation from one scope holding frequencies (`w` or `w1..`) and symbols. */
  evaluateScope(scope: Readonly<Record<string, number>>): [number, number] {
    return this.evaluate(frequencyNames(this.dim).slice(0, this.dim).map((n) => {
      const v = scope[n];
      if (v === undefined) throw new DomainError(`RealForm.evaluate: no value for frequency "${n}"`);
      return v;
    }), scope);
  }

  /** Text such as `2*cos(w) - 2` or `2*cos(w) - 2 + i*(sin(w))`; parseable by mathjs/nerdamer. */
  toString(): string { return this.render("text"); }
  /** LaTeX such as `2 \cos(\omega) - 2`. */
  toTeX(): string { return this.render("tex"); }

  private render(mode: "text" | "tex"): string {
    const part = (terms: readonly TrigTerm[]) => {
      let out = "";
      terms.forEach((t, idx) => {
        const cterms = t.coef.terms();
        let coef = renderSymbolPoly(cterms, mode);
        let neg = false;
        if (cterms.length === 1 && coef.startsWith("-")) { neg = true; coef = coef.slice(1); }
        let body: string;
        if (t.kind === "const") body = cterms.length > 1 && idx > 0 ? (mode === "tex" ? `\\left(${coef}\\right)` : `(${coef})`) : coef;
        else {
          const arg = linearForm(t.q, mode);
          const fn = mode === "tex" ? `\\${t.kind}(${arg})` : `${t.kind}(${arg})`;
          if (coef === "1") body = fn;
          else {
            const c = cterms.length > 1 ? (mode === "tex" ? `\\left(${coef}\\right)` : `(${coef})`) : coef;
            body = mode === "tex" ? `${c} ${fn}` : `${c}*${fn}`;
          }
        }
        if (idx === 0) out = (neg ? "-" : "") + body;
        else out += (neg ? " - " : " + ") + body;
      });
      return out;
    };
    if (this.re.length === 0 && this.im.length === 0) return "0";
    const rePart = part(this.re), imPart = part(this.im);
    if (this.im.length === 0) return rePart;
    const iTimes = mode === "tex" ? `i\\left(${imPart}\\right)` : `i*(${imPart})`;
    if (this.re.length === 0) return iTimes;
    return `${rePart} + ${iTimes}`;
  }
}
