/**
 * Parametric kernels `theta -> K(theta)` (lecture "Parametric Models", seed 003).
 *
 * Layout: `kernel(theta)` is the canonical `[cout][cin][k1..kd]` row-major tensor of
 * `src/core/kernel-tensor.ts`; `vec(K)` below means this row-major flattening. The lecture writes
 * `K(theta) = mat(Q theta)` with MATLAB's column-major `mat`/`vec` (its 9 x 6 Q for the 3 x 3
 * M-matrix lists K11, K21, K31, K12, ... — checked against the seed); {@link columnMajorQ}
 * converts our row-major Q to that convention.
 *
 * Channel-matrix models map the lecture's matrix to channels as `K[o][i] = Kmat[o][i]`, i.e. the
 * matrix acts on a column vector of channels, `y = K x` (the lecture's row form `Y K` uses the
 * transpose). Then "zero row sums" of the M-matrix means constants are mapped to zero, as a
 * differential operator does.
 *
 * Linear models (`linear = true`): `K(theta) = mat(Q theta)`, `J v = mat(Q v)`, `J^T w = Q^T w`,
 * with a sparse Q. The separable model `K = u v^T` is bilinear, not linear: its Jacobian depends
 * on theta, `J (du, dv) = du v^T + u dv^T`, `J^T W = (W v, W^T u)`.
 */
import { DomainError, OptionError, ShapeError, checkInteger } from "../core/errors";
import { centredOrigin, tapCount, tapOffsets } from "../core/kernel-tensor";
import { LaurentPoly, Rational } from "../algebra/index";
import { Stencil } from "./stencil";

/** The interface consumed by the parametric operators (issue 6). Keep stable. */
export interface ParametricKernel {
  readonly name: string;
  readonly nparams: number;
  readonly cout: number;
  readonly cin: number;
  readonly shape: readonly number[];
  readonly origin: readonly number[];
  /** True when K(theta) = mat(Q theta) (then J does not depend on theta). */
  readonly linear: boolean;
  /** True when the model's domain is theta >= 0 (M-matrix families); absent means no sign constraint. */
  readonly nonnegative?: boolean;
  /** K(theta), canonical layout, length cout*cin*prod(shape). */
  kernel(theta: Float64Array): Float64Array;
  /** dK = J(theta) v. */
  jacobianMv(theta: Float64Array, dtheta: Float64Array): Float64Array;
  /** J(theta)^T w for a kernel-shaped w; length nparams. */
  jacobianTMv(theta: Float64Array, w: Float64Array): Float64Array;
  /** The Jacobian (= Q when linear) as a dense row-major (kernel length) x p matrix. */
  denseQ(theta?: Float64Array): { rows: number; cols: number; data: Float64Array };
  /** Throws typed errors for a wrong length, non-finite entries, or a theta outside the domain. */
  checkTheta(theta: Float64Array): void;
  /** The kernel as a Stencil: numeric at theta, or with symbols theta_1..theta_p when omitted. */
  stencil(theta?: Float64Array): Stencil;
}

/** Symbol names `theta_1 .. theta_p` used by `stencil()` without arguments. */
export function thetaNames(p: number): string[] {
  return Array.from({ length: p }, (_, j) => `theta_${j + 1}`);
}

function checkVector(where: string, name: string, x: unknown, n: number): void {
  if (!(x instanceof Float64Array)) throw new ShapeError(`${where}: ${name} must be a Float64Array of length ${n}`);
  if (x.length !== n) throw new ShapeError(`${where}: ${name} has length ${x.length}, expected ${n}`);
  for (let k = 0; k < n; k++) if (!Number.isFinite(x[k])) throw new DomainError(`${where}: ${name}[${k}] is ${x[k]}; only finite numbers are allowed`);
}

/** One nonzero of a sparse Q: kernel row, parameter column, value. */
export interface QEntry { row: number; col: number; value: number }

/**
 * A model linear in theta, `vec(K) = Q theta`, Q sparse with small integer entries.
 * `nonnegative` marks models whose domain is theta >= 0 (M-matrices).
 */
export class LinearParametricKernel implements ParametricKernel {
  readonly linear = true;
  readonly shape: readonly number[];
  readonly origin: readonly number[];
  readonly length: number;
  constructor(
    readonly name: string,
    readonly cout: number,
    readonly cin: number,
    shape: readonly number[],
    origin: readonly number[] | undefined,
    readonly nparams: number,
    readonly q: readonly QEntry[],
    readonly nonnegative = false,
  ) {
    this.shape = [...shape];
    this.origin = origin ? [...origin] : centredOrigin(shape);
    this.length = cout * cin * tapCount(shape);
  }
  checkTheta(theta: Float64Array): void {
    checkVector(this.name, "theta", theta, this.nparams);
    if (this.nonnegative) for (let j = 0; j < theta.length; j++) {
      if (theta[j] < 0) throw new DomainError(`${this.name}: theta[${j}] = ${theta[j]} is negative; this model (M-matrix) requires theta >= 0`);
    }
  }
  /** `vec(K) = Q theta`. */
  kernel(theta: Float64Array): Float64Array {
    this.checkTheta(theta);
    return this.qMv(theta);
  }
  private qMv(v: Float64Array): Float64Array {
    const out = new Float64Array(this.length);
    for (const e of this.q) out[e.row] += e.value * v[e.col];
    return out;
  }
  /** `J v = mat(Q v)` (independent of theta). */
  jacobianMv(theta: Float64Array, dtheta: Float64Array): Float64Array {
    checkVector(this.name, "theta", theta, this.nparams);
    checkVector(this.name, "dtheta", dtheta, this.nparams);
    return this.qMv(dtheta);
  }
  /** `J^T w = Q^T w`. */
  jacobianTMv(theta: Float64Array, w: Float64Array): Float64Array {
    checkVector(this.name, "theta", theta, this.nparams);
    checkVector(this.name, "w", w, this.length);
    const out = new Float64Array(this.nparams);
    for (const e of this.q) out[e.col] += e.value * w[e.row];
    return out;
  }
  denseQ(theta?: Float64Array): { rows: number; cols: number; data: Float64Array } {
    if (theta !== undefined) checkVector(this.name, "theta", theta, this.nparams);
    const data = new Float64Array(this.length * this.nparams);
    for (const e of this.q) data[e.row * this.nparams + e.col] += e.value;
    return { rows: this.length, cols: this.nparams, data };
  }
  stencil(theta?: Float64Array): Stencil {
    let vals: LaurentPoly[];
    if (theta === undefined) vals = thetaNames(this.nparams).map((n) => LaurentPoly.symbol(n));
    else { this.checkTheta(theta); vals = Array.from(theta, (t) => LaurentPoly.constant(Rational.fromNumber(t))); }
    const entries = new Array<LaurentPoly>(this.length).fill(LaurentPoly.zero());
    for (const e of this.q) entries[e.row] = entries[e.row].add(vals[e.col].scale(Rational.fromNumber(e.value)));
    return new Stencil(this.cout, this.cin, this.shape, this.origin, entries);
  }
}

/**
 * Separable 2-D kernel `K[p1, p2] = u[p1] v[p2]` (outer product), theta = (u, v), p = k1 + k2.
 * Bilinear (linear = false). Note the scale ambiguity `(s u, v / s)`: the Jacobian has rank
 * at most k1 + k2 - 1.
 */
export class SeparableKernel implements ParametricKernel {
  readonly linear = false;
  readonly cout = 1;
  readonly cin = 1;
  readonly name: string;
  readonly nparams: number;
  readonly shape: readonly number[];
  readonly origin: readonly number[];
  constructor(readonly k1: number, readonly k2: number, origin?: readonly number[]) {
    this.name = `separable-2d-${k1}x${k2}`;
    this.nparams = k1 + k2;
    this.shape = [k1, k2];
    this.origin = origin ? [...origin] : centredOrigin(this.shape);
  }
  checkTheta(theta: Float64Array): void { checkVector(this.name, "theta", theta, this.nparams); }
  kernel(theta: Float64Array): Float64Array {
    this.checkTheta(theta);
    const { k1, k2 } = this;
    const out = new Float64Array(k1 * k2);
    for (let a = 0; a < k1; a++) for (let b = 0; b < k2; b++) out[a * k2 + b] = theta[a] * theta[k1 + b];
    return out;
  }
  /** `J (du, dv) = du v^T + u dv^T`. */
  jacobianMv(theta: Float64Array, dtheta: Float64Array): Float64Array {
    this.checkTheta(theta);
    checkVector(this.name, "dtheta", dtheta, this.nparams);
    const { k1, k2 } = this;
    const out = new Float64Array(k1 * k2);
    for (let a = 0; a < k1; a++) for (let b = 0; b < k2; b++) out[a * k2 + b] = dtheta[a] * theta[k1 + b] + theta[a] * dtheta[k1 + b];
    return out;
  }
  /** `J^T W = (W v, W^T u)`. */
  jacobianTMv(theta: Float64Array, w: Float64Array): Float64Array {
    this.checkTheta(theta);
    const { k1, k2 } = this;
    checkVector(this.name, "w", w, k1 * k2);
    const out = new Float64Array(this.nparams);
    for (let a = 0; a < k1; a++) for (let b = 0; b < k2; b++) {
      out[a] += w[a * k2 + b] * theta[k1 + b];
      out[k1 + b] += w[a * k2 + b] * theta[a];
    }
    return out;
  }
  /** Jacobian at theta (required: the model is not linear). */
  denseQ(theta?: Float64Array): { rows: number; cols: number; data: Float64Array } {
    if (theta === undefined) throw new DomainError(`${this.name}: the separable model is bilinear, its Jacobian depends on theta; call denseQ(theta)`);
    this.checkTheta(theta);
    const { k1, k2 } = this;
    const p = this.nparams;
    const data = new Float64Array(k1 * k2 * p);
    for (let a = 0; a < k1; a++) for (let b = 0; b < k2; b++) {
      const r = a * k2 + b;
      data[r * p + a] += theta[k1 + b];
      data[r * p + k1 + b] += theta[a];
    }
    return { rows: k1 * k2, cols: p, data };
  }
  stencil(theta?: Float64Array): Stencil {
    const { k1, k2 } = this;
    let vals: LaurentPoly[];
    if (theta === undefined) vals = thetaNames(this.nparams).map((n) => LaurentPoly.symbol(n));
    else { this.checkTheta(theta); vals = Array.from(theta, (t) => LaurentPoly.constant(Rational.fromNumber(t))); }
    const entries: LaurentPoly[] = [];
    for (let a = 0; a < k1; a++) for (let b = 0; b < k2; b++) entries.push(vals[a].mul(vals[k1 + b]));
    return new Stencil(1, 1, this.shape, this.origin, entries);
  }
}

// ---------------------------------------------------------------- channel-matrix models (lecture)

function channelShape(where: string, dims: number | undefined): number[] {
  const d = dims ?? 2;
  checkInteger(where, "dims", d, 1, 3);
  return new Array(d).fill(1);
}

/** Diagonal scaling `K = diag(theta)`, c x c channels, 1 x .. x 1 spatial (dims, default 2); p = c. */
export function diagonalScalingModel(c: number, options: { dims?: number } = {}): LinearParametricKernel {
  checkInteger("diagonalScalingModel", "c", c, 1, 4096);
  const q: QEntry[] = [];
  for (let j = 0; j < c; j++) q.push({ row: j * c + j, col: j, value: 1 });
  return new LinearParametricKernel(`diagonal-scaling-${c}`, c, c, channelShape("diagonalScalingModel", options.dims), undefined, c, q);
}

/**
 * Antisymmetric `K = -K^T` with zero diagonal, c x c channels; p = c(c-1)/2, the upper triangle
 * row by row as in the lecture: theta_1 = K_12, theta_2 = K_13, theta_3 = K_23, ...
 * Eigenvalues are purely imaginary.
 */
export function antisymmetricModel(c: number, options: { dims?: number } = {}): LinearParametricKernel {
  checkInteger("antisymmetricModel", "c", c, 2, 4096);
  const q: QEntry[] = [];
  let j = 0;
  for (let r = 0; r < c; r++) for (let s = r + 1; s < c; s++, j++) {
    q.push({ row: r * c + s, col: j, value: 1 });
    q.push({ row: s * c + r, col: j, value: -1 });
  }
  return new LinearParametricKernel(`antisymmetric-${c}`, c, c, channelShape("antisymmetricModel", options.dims), undefined, j, q);
}

/**
 * M-matrix with zero row sums, c x c channels, theta >= 0; p = c(c-1): off-diagonal entries row by
 * row, `K_rs = -theta` (s != r), `K_rr = sum of the row's thetas` — the lecture's example for c = 3.
 */
export function mMatrixModel(c: number, options: { dims?: number } = {}): LinearParametricKernel {
  checkInteger("mMatrixModel", "c", c, 2, 4096);
  const q: QEntry[] = [];
  let j = 0;
  for (let r = 0; r < c; r++) for (let s = 0; s < c; s++) {
    if (s === r) continue;
    q.push({ row: r * c + s, col: j, value: -1 });
    q.push({ row: r * c + r, col: j, value: 1 });
    j++;
  }
  return new LinearParametricKernel(`mmatrix-${c}`, c, c, channelShape("mMatrixModel", options.dims), undefined, j, q, true);
}

// ---------------------------------------------------------------- stencil models (single channel)

function checkOddShape(where: string, shape: readonly number[]): void {
  if (!Array.isArray(shape) || shape.length < 1 || shape.length > 3 || shape.some((k) => !Number.isInteger(k) || k < 1 || k % 2 === 0 || k > 63)) {
    throw new ShapeError(`${where}: shape must list 1 to 3 odd sizes in 1..63 (centred stencils), got ${JSON.stringify(shape)}`);
  }
}
function shapeArg(k: number | readonly number[]): number[] { return typeof k === "number" ? [k] : [...k]; }

/** True when the offset q is "positive": its first nonzero component is > 0. */
function isPositiveOffset(off: Int32Array, t: number, d: number): boolean {
  for (let a = 0; a < d; a++) { const v = off[t * d + a]; if (v !== 0) return v > 0; }
  return false;
}

/**
 * M-matrix stencil: every off-centre tap is `-theta_j` (theta >= 0) and the centre tap is
 * `sum_j theta_j`, so the taps sum to zero (constants are annihilated) — e.g. 1-D size 3:
 * `[-theta_1, theta_1 + theta_2, -theta_2]`, a weighted negative Laplacian. Parameters are the
 * off-centre taps in row-major order; p = prod(shape) - 1. Shape: a size (1-D) or odd sizes.
 */
export function mMatrixStencilModel(shape: number | readonly number[] = 3): LinearParametricKernel {
  const sh = shapeArg(shape);
  checkOddShape("mMatrixStencilModel", sh);
  const n = tapCount(sh), centre = (n - 1) / 2; // row-major index of the centre tap for odd sizes
  const q: QEntry[] = [];
  let j = 0;
  for (let t = 0; t < n; t++) {
    if (t === centre) continue;
    q.push({ row: t, col: j, value: -1 });
    q.push({ row: centre, col: j, value: 1 });
    j++;
  }
  return new LinearParametricKernel(`mmatrix-stencil-${sh.length}d-${sh.join("x")}`, 1, 1, sh, undefined, j, q, true);
}

/**
 * Antisymmetric stencil `K_{-q} = -K_q`, `K_0 = 0`: one parameter per positive offset q (first
 * nonzero component > 0) in row-major order, `K_q = theta_j`, `K_{-q} = -theta_j`; p =
 * (prod(shape) - 1) / 2. The symbol `F(w) = -2 i sum_j theta_j sin(<q_j, w>)` is purely imaginary.
 */
export function antisymmetricStencilModel(shape: number | readonly number[] = 3): LinearParametricKernel {
  const sh = shapeArg(shape);
  checkOddShape("antisymmetricStencilModel", sh);
  const d = sh.length, n = tapCount(sh);
  const off = tapOffsets(sh, centredOrigin(sh));
  const q: QEntry[] = [];
  let j = 0;
  for (let t = 0; t < n; t++) {
    if (!isPositiveOffset(off, t, d)) continue;
    // the mirrored tap -q has row-major index n - 1 - t for centred odd shapes
    q.push({ row: t, col: j, value: 1 });
    q.push({ row: n - 1 - t, col: j, value: -1 });
    j++;
  }
  return new LinearParametricKernel(`antisymmetric-stencil-${d}d-${sh.join("x")}`, 1, 1, sh, undefined, j, q);
}

/**
 * Doubly symmetric stencil: even in every axis separately, `K_(q1,q2) = K_(-q1,q2) = K_(q1,-q2)`.
 * One parameter per offset with all components >= 0, row-major in (|q1|, |q2|); p =
 * prod((k_a + 1) / 2). The symbol is real: `sum_j theta_j * prod_a c(q_a, w_a)` with
 * `c(0) = 1`, `c(q) = 2 cos(q w)`.
 */
export function doublySymmetricStencilModel(shape: number | readonly number[] = [3, 3]): LinearParametricKernel {
  const sh = shapeArg(shape);
  checkOddShape("doublySymmetricStencilModel", sh);
  const d = sh.length, n = tapCount(sh);
  const off = tapOffsets(sh, centredOrigin(sh));
  const half = sh.map((k) => (k + 1) / 2);
  const q: QEntry[] = [];
  for (let t = 0; t < n; t++) {
    let col = 0;
    for (let a = 0; a < d; a++) col = col * half[a] + Math.abs(off[t * d + a]);
    q.push({ row: t, col, value: 1 });
  }
  return new LinearParametricKernel(`doubly-symmetric-stencil-${d}d-${sh.join("x")}`, 1, 1, sh, undefined, tapCount(half), q);
}

/** Separable 2-D stencil `u v^T` with u of size k1 and v of size k2 (bilinear). */
export function separableStencilModel(k1 = 3, k2 = k1): SeparableKernel {
  checkInteger("separableStencilModel", "k1", k1, 1, 63);
  checkInteger("separableStencilModel", "k2", k2, 1, 63);
  return new SeparableKernel(k1, k2);
}

/**
 * The lecture's column-major Q: rows permuted from our row-major `vec` to MATLAB's `vec`
 * (first index fastest) over the axes `[cout, cin, k1, .., kd]`. Needs theta for nonlinear models.
 */
export function columnMajorQ(model: ParametricKernel, theta?: Float64Array): { rows: number; cols: number; data: Float64Array } {
  const Q = model.denseQ(theta);
  const dims = [model.cout, model.cin, ...model.shape];
  const out = new Float64Array(Q.data.length);
  const idx = new Array<number>(dims.length).fill(0);
  for (let r = 0; r < Q.rows; r++) {
    // idx is the multi-index of row-major row r; its column-major position:
    let cm = 0, stride = 1;
    for (let a = 0; a < dims.length; a++) { cm += idx[a] * stride; stride *= dims[a]; }
    out.set(Q.data.subarray(r * Q.cols, (r + 1) * Q.cols), cm * Q.cols);
    for (let a = dims.length - 1; a >= 0; a--) { if (++idx[a] < dims[a]) break; idx[a] = 0; }
  }
  return { rows: Q.rows, cols: Q.cols, data: out };
}

/** All constructors by family name, for notebooks and sweeps. */
export const PARAMETRIC_FAMILIES = ["diagonal-scaling", "antisymmetric", "mmatrix", "mmatrix-stencil", "antisymmetric-stencil", "doubly-symmetric-stencil", "separable-stencil"] as const;

/** Builds a family by name: channel models take `c`, stencil models a shape. */
export function parametricKernel(family: (typeof PARAMETRIC_FAMILIES)[number], size: number | readonly number[]): ParametricKernel {
  switch (family) {
    case "diagonal-scaling": return diagonalScalingModel(size as number);
    case "antisymmetric": return antisymmetricModel(size as number);
    case "mmatrix": return mMatrixModel(size as number);
    case "mmatrix-stencil": return mMatrixStencilModel(size);
    case "antisymmetric-stencil": return antisymmetricStencilModel(size);
    case "doubly-symmetric-stencil": return doublySymmetricStencilModel(size);
    case "separable-stencil": { const s = shapeArg(size); return separableStencilModel(s[0], s[1] ?? s[0]); }
    default: throw new OptionError(`parametricKernel: unknown family ${JSON.stringify(family)}; allowed: ${PARAMETRIC_FAMILIES.join(", ")}`);
  }
}
