/**
 * `Stencil`: a convolution kernel whose taps are exact numbers or polynomials in real symbols.
 *
 * Storage is the canonical layout of `src/core/kernel-tensor.ts`: `[cout][cin][k1..kd]`
 * row-major, tap `p` has offset `q = p - origin`, the layer computes cross-correlation
 * `y[o, x] = sum_i sum_p K[o, i, p] x[i, x + p - origin]`, and the symbol is
 * `F(w) = sum_q K_q exp(-i <q, w>)`.
 *
 * Origin: explicit option, default `floor((k - 1) / 2)` per axis — the centre for odd k; for even
 * k the tap just left of the centre, which is PyTorch's `padding="same"` choice (it pads
 * `(k-1)//2` on the left), so e.g. `[-1, 1]` is the forward difference `x[n+1] - x[n]`.
 *
 * Entries: numbers (exact double values: 0.1 means the double nearest 0.1; write "1/10" or
 * "0.1" as a string for the exact decimal), {@link Rational}s, {@link LaurentPoly}s without
 * frequency variables, or strings parsed by {@link parsePolynomial}.
 */
import { DomainError, OptionError, ParseError, ShapeError, checkOptions } from "../core/errors";
import { KernelTensor, centredOrigin, layoutStrides, tapCount, tapOffsets } from "../core/kernel-tensor";
import { DISPLAY, MimeBundle } from "../display/channel";
import { LaurentPoly, SymbolValue, symbolTeX, checkSymbolName, parsePolynomial, Rational } from "../algebra/index";

/** An entry as a user may give it. */
export type StencilEntry = number | string | Rational | LaurentPoly;

/** Supported layouts; letters: o = output channel, i = input channel, d/h/w = spatial axes. */
export const STENCIL_LAYOUTS = ["w", "hw", "dhw", "oiw", "wio", "oihw", "hwio", "oidhw", "dhwio"] as const;
export type StencilLayout = (typeof STENCIL_LAYOUTS)[number];

export interface StencilOptions {
  /** Axis order of the given weights; default by nesting depth: 1 -> "w", 2 -> "hw", 3 -> "dhw" (>= 4 needs a layout). */
  layout?: StencilLayout;
  /** Offset-0 tap index per spatial axis; default {@link centredOrigin}. */
  origin?: readonly number[];
}

/** Typed-array input: `data` in the given layout's row-major order. */
export interface ShapedWeights {
  shape: readonly number[];
  data: ArrayLike<number | string> | ReadonlyArray<StencilEntry>;
}

const MAX_TAPS = 1 << 20;

function toPoly(e: unknown, where: string): LaurentPoly {
  if (typeof e === "number") {
    if (!Number.isFinite(e)) throw new DomainError(`${where} is ${e}; only finite numbers are allowed`);
    return LaurentPoly.constant(Rational.fromNumber(e));
  }
  if (typeof e === "string") {
    try { return parsePolynomial(e); } catch (err) { throw new ParseError(`${where}: ${(err as Error).message}`); }
  }
  if (e instanceof Rational) return LaurentPoly.constant(e);
  if (e instanceof LaurentPoly) {
    if (!e.isFrequencyFree()) throw new DomainError(`${where} contains frequency variables; taps must be free of z = exp(-i w)`);
    return e.withDim(0);
  }
  throw new ShapeError(`${where} has type ${e === null ? "null" : typeof e}; allowed entries: numbers, strings, Rational, LaurentPoly`);
}

/** Shape of a nested array; throws ShapeError on ragged or empty arrays. */
function nestedShape(x: unknown, path = "weights"): number[] {
  if (!Array.isArray(x) && !ArrayBuffer.isView(x)) return [];
  const arr = x as ArrayLike<unknown>;
  if (arr.length === 0) throw new ShapeError(`Stencil.from: ${path} is empty; every axis needs at least one tap`);
  const first = nestedShape(arr[0], `${path}[0]`);
  for (let k = 1; k < arr.length; k++) {
    const s = nestedShape(arr[k], `${path}[${k}]`);
    if (s.length !== first.length || s.some((v, j) => v !== first[j])) {
      throw new ShapeError(`Stencil.from: ragged array: ${path}[${k}] has shape [${s}] but ${path}[0] has [${first}]; all rows must have equal length`);
    }
  }
  return [arr.length, ...first];
}

function flatten(x: unknown, out: unknown[]): void {
  if (Array.isArray(x) || ArrayBuffer.isView(x)) { const a = x as ArrayLike<unknown>; for (let k = 0; k < a.length; k++) flatten(a[k], out); }
  else out.push(x);
}

export class Stencil {
  readonly cout: number;
  readonly cin: number;
  readonly shape: readonly number[];
  readonly origin: readonly number[];
  /** Entries in canonical layout `[cout][cin][spatial]`, exact. */
  readonly entries: readonly LaurentPoly[];
  /** The numeric taps, converted from the exact rationals once (the stencil is immutable). */
  private numericTaps: Float64Array | null = null;

  /** Low-level constructor from canonical-layout entries (validated). */
  constructor(cout: number, cin: number, shape: readonly number[], origin: readonly number[] | undefined, entries: readonly StencilEntry[]) {
    const where = "Stencil";
    if (!Number.isInteger(cout) || cout < 1 || !Number.isInteger(cin) || cin < 1) throw new ShapeError(`${where}: channels must be positive integers, got cout=${cout}, cin=${cin}`);
    if (!Array.isArray(shape) || shape.length < 1 || shape.some((s) => !Number.isInteger(s) || s < 1)) {
      throw new ShapeError(`${where}: spatial shape must be a non-empty list of positive integers, got ${JSON.stringify(shape)}`);
    }
    const org = origin ?? centredOrigin(shape);
    if (!Array.isArray(org) || org.length !== shape.length) throw new ShapeError(`${where}: origin must have ${shape.length} entries (one per spatial axis), got ${JSON.stringify(org)}`);
    org.forEach((o, d) => {
      if (!Number.isInteger(o) || o < 0 || o >= shape[d]) throw new DomainError(`${where}: origin[${d}] = ${o} is outside the kernel; allowed 0..${shape[d] - 1}`);
    });
    const n = cout * cin * tapCount(shape);
    if (n > MAX_TAPS) throw new ShapeError(`${where}: ${n} entries exceed the limit of ${MAX_TAPS}`);
    if (entries.length !== n) throw new ShapeError(`${where}: expected ${n} = ${cout}*${cin}*${shape.join("*")} entries, got ${entries.length}`);
    this.cout = cout; this.cin = cin; this.shape = [...shape]; this.origin = [...org];
    this.entries = entries.map((e, k) => toPoly(e, `${where}: entry ${k}`));
  }

  /**
   * Builds a stencil from nested arrays (`[1, -2, 1]`, `[[0,1,0],[1,-4,1],[0,1,0]]`,
   * `[["a","b"],["c","d"]]`) or `{shape, data}` in a layout (see {@link STENCIL_LAYOUTS}).
   */
  static from(weights: unknown, options: StencilOptions = {}): Stencil {
    checkOptions("Stencil.from", options, ["layout", "origin"]);
    let shape: number[];
    let flat: unknown[];
    if (weights && typeof weights === "object" && !Array.isArray(weights) && !ArrayBuffer.isView(weights) && "shape" in (weights as object)) {
      const sw = weights as ShapedWeights;
      if (!Array.isArray(sw.shape) || sw.shape.some((s) => !Number.isInteger(s) || s < 0)) throw new ShapeError(`Stencil.from: shape must be a list of non-negative integers, got ${JSON.stringify(sw.shape)}`);
      shape = [...sw.shape];
      if (shape.some((s) => s === 0)) throw new ShapeError(`Stencil.from: shape [${shape}] is empty; every axis needs at least one tap`);
      const len = shape.reduce((a, b) => a * b, 1);
      if (!sw.data || typeof (sw.data as ArrayLike<unknown>).length !== "number") throw new ShapeError("Stencil.from: data must be an array or typed array");
      if (sw.data.length !== len) throw new ShapeError(`Stencil.from: data has ${sw.data.length} entries but shape [${shape}] needs ${len}`);
      flat = Array.from(sw.data as ArrayLike<unknown>);
    } else if (Array.isArray(weights) || ArrayBuffer.isView(weights)) {
      shape = nestedShape(weights);
      flat = [];
      flatten(weights, flat);
    } else {
      throw new ShapeError(`Stencil.from: expected a nested array or {shape, data}, got ${weights === null ? "null" : typeof weights}`);
    }
    let layout = options.layout;
    if (layout === undefined) {
      if (shape.length === 1) layout = "w";
      else if (shape.length === 2) layout = "hw";
      else if (shape.length === 3) layout = "dhw";
      else throw new OptionError(`Stencil.from: weights of rank ${shape.length} need an explicit layout; allowed: ${STENCIL_LAYOUTS.join(", ")}`);
    }
    if (!(STENCIL_LAYOUTS as readonly string[]).includes(layout)) throw new OptionError(`Stencil.from: unknown layout ${JSON.stringify(layout)}; allowed: ${STENCIL_LAYOUTS.join(", ")}`);
    if (layout.length !== shape.length) throw new ShapeError(`Stencil.from: layout "${layout}" needs rank ${layout.length} weights, got shape [${shape}]`);
    const { cout, cin, spatial, oStride, iStride, tapBase } = layoutStrides(shape, layout);
    const taps = tapBase.length;
    const entries: unknown[] = new Array(cout * cin * taps);
    for (let t = 0; t < taps; t++) {
      for (let o = 0; o < cout; o++) for (let i = 0; i < cin; i++) entries[(o * cin + i) * taps + t] = flat[tapBase[t] + o * oStride + i * iStride];
    }
    return new Stencil(cout, cin, spatial, options.origin, entries as StencilEntry[]);
  }

  /**
   * One symbol per tap: single channel `name_j` (1-D), `name_j_k` (2-D), ...; with channels
   * `name_o_i_j_k`. TeX shows `name_{j,k}`. Indices are array indices (0-based), not offsets.
   */
  static symbolic(name: string, shape: readonly number[], options: { cout?: number; cin?: number; origin?: readonly number[] } = {}): Stencil {
    checkOptions("Stencil.symbolic", options, ["cout", "cin", "origin"]);
    checkSymbolName(name, "Stencil.symbolic");
    const cout = options.cout ?? 1, cin = options.cin ?? 1;
    if (!Array.isArray(shape) || shape.length < 1 || shape.some((k) => !Number.isInteger(k) || k < 1)) throw new ShapeError(`Stencil.symbolic: shape must be a non-empty list of positive integers, got ${JSON.stringify(shape)}`);
    const taps = tapCount(shape);
    const entries: LaurentPoly[] = [];
    const multi = cout > 1 || cin > 1;
    for (let o = 0; o < cout; o++) for (let i = 0; i < cin; i++) {
      const idx = new Array<number>(shape.length).fill(0);
      for (let t = 0; t < taps; t++) {
        entries.push(LaurentPoly.symbol([name, ...(multi ? [o, i] : []), ...idx].join("_")));
        for (let a = shape.length - 1; a >= 0; a--) { if (++idx[a] < shape[a]) break; idx[a] = 0; }
      }
    }
    return new Stencil(cout, cin, shape, options.origin, entries);
  }

  /** Number of spatial axes d. */
  get ndim(): number { return this.shape.length; }
  /** Taps per channel pair. */
  get taps(): number { return tapCount(this.shape); }
  /** True when every entry is a number. */
  get isNumeric(): boolean { return this.entries.every((e) => e.isNumeric()); }
  /** Sorted free symbol names. */
  get symbols(): string[] {
    const s = new Set<string>();
    for (const e of this.entries) for (const n of e.symbols()) s.add(n);
    return [...s].sort();
  }
  /** Entry `K[o, i, p]` (p: spatial index array, not offset). */
  at(o: number, i: number, p: readonly number[]): LaurentPoly {
    let t = 0;
    for (let a = 0; a < this.shape.length; a++) {
      if (!Number.isInteger(p[a]) || p[a] < 0 || p[a] >= this.shape[a]) throw new ShapeError(`Stencil.at: index ${JSON.stringify(p)} outside shape [${this.shape}]`);
      t = t * this.shape[a] + p[a];
    }
    if (!(o >= 0 && o < this.cout && i >= 0 && i < this.cin)) throw new ShapeError(`Stencil.at: channel (${o}, ${i}) outside ${this.cout} x ${this.cin}`);
    return this.entries[(o * this.cin + i) * this.taps + t];
  }
  /** Offsets `q = p - origin` of the spatial taps (row-major), flat taps x d. */
  offsets(): Int32Array { return tapOffsets(this.shape, this.origin); }

  /** Exact substitution; unlisted symbols stay free. */
  subs(values: Readonly<Record<string, SymbolValue | string>>): Stencil {
    const conv: Record<string, SymbolValue> = {};
    for (const [k, v] of Object.entries(values)) conv[k] = typeof v === "string" ? parsePolynomial(v) : v;
    return new Stencil(this.cout, this.cin, this.shape, this.origin, this.entries.map((e) => e.subs(conv)));
  }
  /** The same taps with another origin (shifts the symbol by a phase). */
  withOrigin(origin: readonly number[]): Stencil { return new Stencil(this.cout, this.cin, this.shape, origin, this.entries); }

  /** Numeric kernel for the numeric modules; throws DomainError naming the free symbols if any. */
  toKernelTensor(): KernelTensor {
    if (!this.numericTaps) {
      // the free-symbol scan walks every entry's polynomial (0.1 s at 64 x 64 x 3 x 3): once, with the conversion
      const free = this.symbols;
      if (free.length) throw new DomainError(`Stencil.toKernelTensor: the stencil has free symbols ${free.join(", ")}; substitute numbers first with .subs({${free.map((f) => `${f}: ...`).join(", ")}})`);
      const taps = new Float64Array(this.entries.length);
      this.entries.forEach((e, k) => { taps[k] = (e.constantValue() as Rational).toNumber(); });
      this.numericTaps = taps;
    }
    // a fresh copy each call: callers own the returned data (copying is O(taps), the rationals are not re-converted)
    return { cout: this.cout, cin: this.cin, shape: [...this.shape], origin: [...this.origin], data: Float64Array.from(this.numericTaps) };
  }

  /** Nested arrays of entry strings per channel pair (for display). */
  private spatialMatrixTeX(o: number, i: number): string {
    const base = (o * this.cin + i) * this.taps;
    const cell = (t: number) => {
      const tex = this.entries[base + t].toTeX();
      // mark the origin tap so the offset convention is visible
      const idx = unravel(t, this.shape);
      return idx.every((v, a) => v === this.origin[a]) ? `\\boxed{${tex}}` : tex;
    };
    if (this.shape.length === 1) return `\\begin{bmatrix} ${Array.from({ length: this.taps }, (_, t) => cell(t)).join(" & ")} \\end{bmatrix}`;
    if (this.shape.length === 2) {
      const [h, w] = this.shape;
      const rows: string[] = [];
      for (let r = 0; r < h; r++) rows.push(Array.from({ length: w }, (_, c) => cell(r * w + c)).join(" & "));
      return `\\begin{bmatrix} ${rows.join(" \\\\ ")} \\end{bmatrix}`;
    }
    // d >= 3: list of 2-D slices along the leading axes
    const [h, w] = this.shape.slice(-2);
    const slice = h * w;
    const parts: string[] = [];
    for (let s0 = 0; s0 < this.taps / slice; s0++) {
      const rows: string[] = [];
      for (let r = 0; r < h; r++) rows.push(Array.from({ length: w }, (_, c) => cell(s0 * slice + r * w + c)).join(" & "));
      parts.push(`\\begin{bmatrix} ${rows.join(" \\\\ ")} \\end{bmatrix}`);
    }
    return `\\left[ ${parts.join(",\\ ")} \\right]`;
  }

  /** LaTeX: the taps (origin boxed); a block matrix over channels when cout * cin > 1. */
  toTeX(): string {
    if (this.cout === 1 && this.cin === 1) return this.spatialMatrixTeX(0, 0);
    if (this.taps === 1) {
      // 1 x .. x 1 spatial: the channel matrix K[o][i] itself
      const rows: string[] = [];
      for (let o = 0; o < this.cout; o++) rows.push(Array.from({ length: this.cin }, (_, i) => this.entries[o * this.cin + i].toTeX()).join(" & "));
      return `\\begin{pmatrix} ${rows.join(" \\\\ ")} \\end{pmatrix}`;
    }
    const rows: string[] = [];
    for (let o = 0; o < this.cout; o++) rows.push(Array.from({ length: this.cin }, (_, i) => this.spatialMatrixTeX(o, i)).join(" & "));
    return `\\begin{pmatrix} ${rows.join(" \\\\ ")} \\end{pmatrix}`;
  }
  /** Plain text summary with entries. */
  toString(): string {
    const head = `Stencil ${this.cout}x${this.cin}, shape [${this.shape}], origin [${this.origin}]${this.isNumeric ? "" : `, symbols ${this.symbols.join(", ")}`}`;
    const body: string[] = [];
    for (let o = 0; o < this.cout; o++) for (let i = 0; i < this.cin; i++) {
      const base = (o * this.cin + i) * this.taps;
      const items = Array.from({ length: this.taps }, (_, t) => this.entries[base + t].toString());
      body.push(`${this.cout * this.cin > 1 ? `  [${o},${i}] ` : "  "}[${items.join(", ")}]`);
    }
    return `${head}\n${body.join("\n")}`;
  }
  [DISPLAY](): MimeBundle {
    return { "text/plain": this.toString(), "text/latex": `$$${this.toTeX()}$$` };
  }
}

function unravel(t: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) { idx[a] = t % shape[a]; t = Math.floor(t / shape[a]); }
  return idx;
}

/** TeX name of a symbol (re-exported for notebooks). */
export { symbolTeX };
