/**
 * The spectral density matrix (symbol) of a stencil,
 *
 *   `F(w) = sum_q K_q exp(-i <q, w>)`,  q = p - origin,  w in [-pi, pi]^d (radians),
 *
 * a `cout x cin` matrix of exact Laurent polynomials in `z_k = exp(-i w_k)` with coefficients
 * that are polynomials in the stencil's real symbols. The Gram symbol `G = F^H F` (`cin x cin`,
 * Hermitian) is computed exactly using `conj(z) = 1/z`; its eigenvalues are the squared singular
 * values of `F(w)`.
 */
import { DomainError, ShapeError } from "../core/errors";
import { DISPLAY, MimeBundle } from "../display/channel";
import { Stencil } from "../stencil/stencil";
import { LaurentPoly, SymbolValue, frequencyNames, frequencyTeX, parsePolynomial, Rational } from "../algebra/index";
import { RealForm } from "./real-form";

/** What {@link matrixTeX} / {@link matrixText} need: a labelled row-major matrix of printable entries. */
interface PrintableMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly dim: number;
  readonly label: string;
  readonly entries: readonly { toTeX(): string; toString(): string }[];
}

/** LaTeX `pmatrix` of the entries (a scalar without pmatrix for 1 x 1). */
function matrixTeX(M: PrintableMatrix): string {
  if (M.rows === 1 && M.cols === 1) return M.entries[0].toTeX();
  const rows: string[] = [];
  for (let i = 0; i < M.rows; i++) rows.push(Array.from({ length: M.cols }, (_, j) => M.entries[i * M.cols + j].toTeX()).join(" & "));
  return `\\begin{pmatrix} ${rows.join(" \\\\ ")} \\end{pmatrix}`;
}

/** Plain text: `F(w1, ...) = entry` for 1 x 1, otherwise one `[i,j] entry` line per entry. */
function matrixText(M: PrintableMatrix): string {
  if (M.rows === 1 && M.cols === 1) return `${M.label}(${frequencyNames(M.dim).join(", ")}) = ${M.entries[0].toString()}`;
  const lines = [`${M.label}(${frequencyNames(M.dim).join(", ")}) = ${M.rows} x ${M.cols} matrix:`];
  for (let i = 0; i < M.rows; i++) for (let j = 0; j < M.cols; j++) lines.push(`  [${i},${j}] ${M.entries[i * M.cols + j].toString()}`);
  return lines.join("\n");
}

export class SpectralDensity {
  readonly rows: number;
  readonly cols: number;
  /** Number of frequency variables d. */
  readonly dim: number;
  /** Row-major entries. */
  readonly entries: readonly LaurentPoly[];
  /** True for Gram symbols (Hermitian by construction). */
  readonly hermitian: boolean;
  /** Display label, e.g. "F" or "G". */
  readonly label: string;

  constructor(rows: number, cols: number, dim: number, entries: readonly LaurentPoly[], options: { hermitian?: boolean; label?: string } = {}) {
    if (entries.length !== rows * cols) throw new ShapeError(`SpectralDensity: expected ${rows * cols} entries, got ${entries.length}`);
    this.rows = rows; this.cols = cols; this.dim = dim;
    this.entries = entries.map((e) => e.withDim(dim));
    this.hermitian = options.hermitian ?? false;
    this.label = options.label ?? "F";
  }

  /** Entry (i, j) as an exact Laurent polynomial. */
  entry(i: number, j: number): LaurentPoly {
    if (!(Number.isInteger(i) && Number.isInteger(j) && i >= 0 && j >= 0 && i < this.rows && j < this.cols)) throw new ShapeError(`SpectralDensity.entry: (${i}, ${j}) outside ${this.rows} x ${this.cols}`);
    return this.entries[i * this.cols + j];
  }
  /** Sorted free symbols. */
  get symbols(): string[] {
    const s = new Set<string>();
    for (const e of this.entries) for (const n of e.symbols()) s.add(n);
    return [...s].sort();
  }

  /** Conjugate transpose `F^H` (exact: transpose and `z -> 1/z`). */
  adjoint(): SpectralDensity {
    const out: LaurentPoly[] = [];
    for (let j = 0; j < this.cols; j++) for (let i = 0; i < this.rows; i++) out.push(this.entry(i, j).conj());
    return new SpectralDensity(this.cols, this.rows, this.dim, out, { label: `${this.label}^H` });
  }
  /** Matrix product (exact). */
  mul(o: SpectralDensity): SpectralDensity {
    if (this.cols !== o.rows) throw new ShapeError(`SpectralDensity.mul: ${this.rows}x${this.cols} times ${o.rows}x${o.cols}`);
    const out: LaurentPoly[] = [];
    for (let i = 0; i < this.rows; i++) for (let j = 0; j < o.cols; j++) {
      let s = LaurentPoly.zero(this.dim);
      for (let k = 0; k < this.cols; k++) s = s.add(this.entry(i, k).mul(o.entry(k, j)));
      out.push(s);
    }
    return new SpectralDensity(this.rows, o.cols, Math.max(this.dim, o.dim), out);
  }
  /**
   * Gram symbol `G(w) = F(w)^H F(w)`, `cin x cin`, exact. Only the upper triangle is multiplied
   * out; the lower one is its conjugate (Hermitian).
   */
  gram(): SpectralDensity {
    const n = this.cols;
    const conjT: LaurentPoly[] = this.entries.map((e) => e.conj());
    const out = new Array<LaurentPoly>(n * n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) {
      let s = LaurentPoly.zero(this.dim);
      for (let k = 0; k < this.rows; k++) s = s.add(conjT[k * n + i].mul(this.entries[k * n + j]));
      out[i * n + j] = s;
      if (j !== i) out[j * n + i] = s.conj();
    }
    return new SpectralDensity(n, n, this.dim, out, { hermitian: true, label: "G" });
  }
  /** `|F(w)|^2` for a single-channel symbol (= the 1 x 1 Gram symbol), exact. */
  absSquared(): LaurentPoly {
    if (this.rows !== 1 || this.cols !== 1) throw new ShapeError(`absSquared: needs a 1 x 1 symbol, got ${this.rows} x ${this.cols}; use gram()`);
    return this.entries[0].conj().mul(this.entries[0]);
  }

  /** Exact substitution of symbols. */
  subs(values: Readonly<Record<string, SymbolValue | string>>): SpectralDensity {
    const conv: Record<string, SymbolValue> = {};
    for (const [k, v] of Object.entries(values)) conv[k] = typeof v === "string" ? parsePolynomial(v) : v;
    return new SpectralDensity(this.rows, this.cols, this.dim, this.entries.map((e) => e.subs(conv)), { hermitian: this.hermitian, label: this.label });
  }

  /**
   * Numeric complex matrix at frequencies `w` (radians, length d): interleaved Float64Array
   * `[re, im, ...]`, row-major `rows x cols`. `values` gives every free symbol.
   */
  evaluate(w: ArrayLike<number>, values: Readonly<Record<string, number>> = {}): Float64Array {
    if (!w || w.length !== this.dim) throw new ShapeError(`SpectralDensity.evaluate: expected ${this.dim} frequencies [${frequencyNames(this.dim)}], got ${w?.length}`);
    for (let k = 0; k < w.length; k++) if (!Number.isFinite(w[k])) throw new DomainError(`SpectralDensity.evaluate: w[${k}] = ${w[k]}; only finite numbers are allowed`);
    for (const [k, v] of Object.entries(values)) if (!Number.isFinite(v)) throw new DomainError(`SpectralDensity.evaluate: value of "${k}" is ${v}; only finite numbers are allowed`);
    const out = new Float64Array(2 * this.entries.length);
    this.entries.forEach((e, k) => { const [re, im] = e.evaluate(w, values); out[2 * k] = re; out[2 * k + 1] = im; });
    return out;
  }

  /** cos/sin form of every entry (exact). */
  realForm(): RealFormMatrix { return new RealFormMatrix(this.rows, this.cols, this.dim, this.entries.map((e) => RealForm.of(e)), this.label); }

  /**
   * Closed-form eigenvalues of a 2 x 2 Hermitian (Gram) symbol, or the single entry of a 1 x 1:
   * `lambda_{+/-} = (tr +/- sqrt((g11 - g22)^2 + 4 |g12|^2)) / 2`, with `tr = g11 + g22` and the
   * discriminant an exact real Laurent polynomial (`|g12|^2 = g12 * conj(g12)`).
   */
  eigenvalues(): GramEigenvalues {
    if (!this.hermitian && !this.isHermitian()) throw new DomainError("eigenvalues: closed forms are given for Hermitian symbols only; call gram() first");
    if (this.rows === 1) return new GramEigenvalues(this.dim, this.entries[0], LaurentPoly.zero(this.dim), 1);
    if (this.rows !== 2) throw new ShapeError(`eigenvalues: closed forms exist here for 1 x 1 and 2 x 2 symbols, got ${this.rows} x ${this.rows}; evaluate numerically instead`);
    const [g11, g12, , g22] = this.entries;
    const diff = g11.sub(g22);
    const disc = diff.mul(diff).add(g12.mul(g12.conj()).scale(Rational.of(4)));
    return new GramEigenvalues(this.dim, g11.add(g22), disc, 2);
  }
  /** Exact Hermitian test (`F = F^H`). */
  isHermitian(): boolean {
    if (this.rows !== this.cols) return false;
    for (let i = 0; i < this.rows; i++) for (let j = i; j < this.cols; j++) if (!this.entry(i, j).equals(this.entry(j, i).conj())) return false;
    return true;
  }
  equals(o: SpectralDensity): boolean {
    return this.rows === o.rows && this.cols === o.cols && this.entries.every((e, k) => e.equals(o.entries[k]));
  }

  /** LaTeX `pmatrix` of the entries in exponential form (a scalar without pmatrix for 1 x 1). */
  toTeX(): string {
    return matrixTeX(this);
  }
  toString(): string {
    return matrixText(this);
  }
  [DISPLAY](): MimeBundle {
    const w = frequencyTeX(this.dim).join(", ");
    return { "text/plain": this.toString(), "text/latex": `$$${this.label}(${w}) = ${this.toTeX()}$$` };
  }
}

/** Matrix of {@link RealForm}s. */
export class RealFormMatrix {
  constructor(readonly rows: number, readonly cols: number, readonly dim: number, readonly entries: readonly RealForm[], readonly label = "F") {}
  entry(i: number, j: number): RealForm {
    if (!(i >= 0 && j >= 0 && i < this.rows && j < this.cols)) throw new ShapeError(`RealFormMatrix.entry: (${i}, ${j}) outside ${this.rows} x ${this.cols}`);
    return this.entries[i * this.cols + j];
  }
  /** Interleaved complex matrix at w (same layout as {@link SpectralDensity.evaluate}). */
  evaluate(w: ArrayLike<number>, values: Readonly<Record<string, number>> = {}): Float64Array {
    const out = new Float64Array(2 * this.entries.length);
    this.entries.forEach((e, k) => { const [re, im] = e.evaluate(w, values); out[2 * k] = re; out[2 * k + 1] = im; });
    return out;
  }
  toTeX(): string {
    return matrixTeX(this);
  }
  toString(): string {
    return matrixText(this);
  }
  [DISPLAY](): MimeBundle {
    return { "text/plain": this.toString(), "text/latex": `$$${this.label}(${frequencyTeX(this.dim).join(", ")}) = ${this.toTeX()}$$` };
  }
}

/**
 * Closed-form eigenvalues `(tr +/- sqrt(disc)) / 2` of a 2 x 2 Hermitian symbol (n = 2), or the
 * single value `tr` (n = 1). `tr` and `disc` are exact real Laurent polynomials.
 */
export class GramEigenvalues {
  constructor(readonly dim: number, readonly trace: LaurentPoly, readonly discriminant: LaurentPoly, readonly n: 1 | 2) {}
  /** Eigenvalues at w, descending (`lambda_+` first). */
  evaluate(w: ArrayLike<number>, values: Readonly<Record<string, number>> = {}): Float64Array {
    const tr = this.trace.evaluate(w, values)[0];
    if (this.n === 1) return Float64Array.of(tr);
    // disc is a sum of squares: clamp round-off below zero
    const d = Math.sqrt(Math.max(0, this.discriminant.evaluate(w, values)[0]));
    return Float64Array.of((tr + d) / 2, (tr - d) / 2);
  }
  /** `lambda_+` (k = 0) or `lambda_-` (k = 1) as a scalar expression (for {@link verify}). */
  branch(k: 0 | 1): { freeNames(): string[]; evaluateScope(s: Readonly<Record<string, number>>): [number, number]; toString(): string } {
    const self = this;
    const names = () => [...new Set([...this.trace.freeNames(), ...this.discriminant.freeNames()])].sort();
    return {
      freeNames: names,
      evaluateScope(scope) {
        const w = frequencyNames(self.dim).map((n) => scope[n]);
        return [self.evaluate(w, scope)[self.n === 1 ? 0 : k], 0];
      },
      toString: () => (this.n === 1 ? this.trace.toString() : `(${RealForm.of(this.trace)} ${k === 0 ? "+" : "-"} sqrt(${RealForm.of(this.discriminant)}))/2`),
    };
  }
  toTeX(): string {
    const tr = RealForm.of(this.trace).toTeX();
    if (this.n === 1) return `\\lambda = ${tr}`;
    return `\\lambda_{\\pm} = \\frac{1}{2}\\left(${tr} \\pm \\sqrt{${RealForm.of(this.discriminant).toTeX()}}\\right)`;
  }
  toString(): string { return this.n === 1 ? `lambda = ${RealForm.of(this.trace)}` : `lambda_+- = (${RealForm.of(this.trace)} +- sqrt(${RealForm.of(this.discriminant)}))/2`; }
  [DISPLAY](): MimeBundle { return { "text/plain": this.toString(), "text/latex": `$$${this.toTeX()}$$` }; }
}

/** Symbol of a stencil: `F(w) = sum_q K_q exp(-i <q, w>)` exactly (see file doc). */
export function spectralDensity(stencil: Stencil): SpectralDensity {
  if (!(stencil instanceof Stencil)) throw new DomainError("spectralDensity: expected a Stencil (build one with Stencil.from or a named stencil)");
  const d = stencil.ndim, taps = stencil.taps, off = stencil.offsets();
  const monos: LaurentPoly[] = [];
  for (let t = 0; t < taps; t++) monos.push(LaurentPoly.frequencyMonomial(Array.from(off.subarray(t * d, (t + 1) * d))));
  const entries: LaurentPoly[] = [];
  for (let o = 0; o < stencil.cout; o++) for (let i = 0; i < stencil.cin; i++) {
    let s = LaurentPoly.zero(d);
    const base = (o * stencil.cin + i) * taps;
    for (let t = 0; t < taps; t++) {
      const e = stencil.entries[base + t];
      if (!e.isZero()) s = s.add(e.mul(monos[t]));
    }
    entries.push(s);
  }
  return new SpectralDensity(stencil.cout, stencil.cin, d, entries);
}
