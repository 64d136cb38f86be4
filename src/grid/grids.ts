/**
 * Frequency grids: finite sets of frequencies `w in R^d` (radians per sample) on which a symbol
 * `F(w) = sum_q K_q exp(-i <q, w>)` is sampled. Every grid here is a tensor product of 1-D axes;
 * points are enumerated row-major over the axes (the last axis varies fastest), so point
 * `index = ((j_1 * m_2 + j_2) * m_3 + ...) ` has coordinates `(axes[0][j_1], axes[1][j_2], ...)`.
 *
 * Optional `weights` give each point's multiplicity in the distribution the grid stands for
 * (absent = 1 each). They make grids that exploit `F(-w) = conj F(w)` (real taps: the singular
 * values at w and -w coincide) represent the same distribution as the full grid:
 * `sum(weights)` equals the number of points of the full grid.
 */
import { ShapeError, DomainError, OptionError, checkOptions, checkFinite } from "../core/errors";

export interface FrequencyGrid {
  /** "circular", "sine", "uniform", "custom", or one of them with suffix "-half". */
  readonly kind: string;
  /** One Float64Array of frequencies (radians) per axis. */
  readonly axes: readonly Float64Array[];
  /** `axes.map(a => a.length)`. */
  readonly shape: readonly number[];
  /** Number of points, `prod(shape)`. */
  readonly size: number;
  /** Multiplicity of each point (length `size`) or undefined for all ones. */
  readonly weights?: Float64Array;
  /**
   * Per axis: `n` when the axis is exactly the first `shape[a]` points of the circular grid
   * `2 pi j / n` (so symbols can be sampled there by an FFT of length n), else `null`.
   */
  readonly circularPeriods?: readonly (number | null)[];
}

const MAX_GRID_POINTS = 1 << 26;

function normaliseSizes(where: string, n: number | readonly number[], min = 1): number[] {
  const sizes = typeof n === "number" ? [n] : Array.isArray(n) ? [...n] : null;
  if (!sizes || sizes.length === 0) throw new ShapeError(`${where}: sizes must be a positive integer or a non-empty list of them, got ${JSON.stringify(n)}`);
  for (const s of sizes) {
    if (typeof s !== "number" || !Number.isInteger(s) || s < min) {
      throw new ShapeError(`${where}: every size must be an integer >= ${min}, got ${JSON.stringify(n)}`);
    }
  }
  return sizes;
}

function makeGrid(where: string, kind: string, axes: Float64Array[], extra: { weights?: Float64Array; circularPeriods?: (number | null)[] } = {}): FrequencyGrid {
  const shape = axes.map((a) => a.length);
  const size = shape.reduce((p, s) => p * s, 1);
  if (size > MAX_GRID_POINTS) throw new ShapeError(`${where}: ${size} grid points exceed the limit of ${MAX_GRID_POINTS}`);
  return Object.freeze({ kind, axes: Object.freeze(axes), shape: Object.freeze(shape), size, ...extra });
}

function circularAxis(n: number): Float64Array {
  const a = new Float64Array(n);
  for (let j = 0; j < n; j++) a[j] = (2 * Math.PI * j) / n;
  return a;
}

/**
 * The circular (DFT) grid: on each axis `w_j = 2 pi j / n`, j = 0..n-1 (FFT order, in [0, 2 pi)).
 * Sampling the symbol here gives exactly the spectrum of the circularly padded layer on an
 * `n_1 x ... x n_d` input (Sedghi et al. 2019). `n` is one size (1-D) or one per axis.
 */
export function circularGrid(n: number | readonly number[]): FrequencyGrid {
  const sizes = normaliseSizes("circularGrid", n);
  return makeGrid("circularGrid", "circular", sizes.map(circularAxis), { circularPeriods: sizes });
}

/**
 * The sine (tau) grid: on each axis `w_j = pi j / (n + 1)`, j = 1..n, which lies in (0, pi).
 * In 1-D it is exact for symmetric tridiagonal Toeplitz matrices, and for real taps it stands for
 * the whole circle because sigma(F(-w)) = sigma(F(w)).
 *
 * Sign symmetry in d >= 2: F(-w) = conj F(w) only relates w to -w, so the positive orthant
 * (0, pi)^d misses e.g. the quadrant (w_1 > 0, w_2 < 0), where a kernel that is not mirror-symmetric
 * has different singular values. With `signs: "mirror"` (default) axes 2..d carry both signs,
 * `{-pi j/(n+1)} U {+pi j/(n+1)}` (negative ones first, increasing), axis 1 stays positive: with the
 * conjugate symmetry this covers every orthant once. Each point then has weight `1 / 2^(d-1)`, so the
 * weights sum to `prod n` — the number of singular-value groups of an n_1 x ... x n_d layer.
 * `signs: "positive"` keeps (0, pi)^d only (exact count, weight 1; right for kernels symmetric in each axis).
 */
export function sineGrid(n: number | readonly number[], options?: { signs?: "mirror" | "positive" }): FrequencyGrid {
  checkOptions("sineGrid", options, ["signs"]);
  const signs = options?.signs ?? "mirror";
  if (signs !== "mirror" && signs !== "positive") throw new OptionError(`sineGrid: signs must be "mirror" or "positive", got ${JSON.stringify(signs)}`);
  const sizes = normaliseSizes("sineGrid", n);
  const axes = sizes.map((m, a) => {
    const pos = new Float64Array(m);
    for (let j = 1; j <= m; j++) pos[j - 1] = (Math.PI * j) / (m + 1);
    if (a === 0 || signs === "positive") return pos;
    const both = new Float64Array(2 * m);
    for (let j = 0; j < m; j++) {
      both[j] = -pos[m - 1 - j];
      both[m + j] = pos[j];
    }
    return both;
  });
  if (signs === "positive" || sizes.length === 1) return makeGrid("sineGrid", "sine", axes);
  const size = axes.reduce((p, a) => p * a.length, 1);
  const weights = new Float64Array(size).fill(1 / 2 ** (sizes.length - 1));
  return makeGrid("sineGrid", "sine", axes, { weights });
}

/**
 * A dense uniform grid: on each axis `w_j = a + (b - a) j / m`, j = 0..m-1, covering `[a, b)`
 * with `range = [a, b]` (default `[-pi, pi]`, i.e. centred order). Use it to estimate
 * `sup_w ||F(w)||` or to draw the symbol; the same `range` applies to every axis.
 */
export function uniformGrid(m: number | readonly number[], options?: { range?: readonly [number, number] }): FrequencyGrid {
  checkOptions("uniformGrid", options, ["range"]);
  const sizes = normaliseSizes("uniformGrid", m);
  const range = options?.range ?? [-Math.PI, Math.PI];
  if (!Array.isArray(range) || range.length !== 2 || !Number.isFinite(range[0]) || !Number.isFinite(range[1]) || !(range[1] > range[0])) {
    throw new DomainError(`uniformGrid: range must be two finite numbers [a, b] with a < b, got ${JSON.stringify(range)}`);
  }
  const [lo, hi] = range;
  const axes = sizes.map((s) => {
    const a = new Float64Array(s);
    for (let j = 0; j < s; j++) a[j] = lo + ((hi - lo) * j) / s;
    return a;
  });
  return makeGrid("uniformGrid", "uniform", axes);
}

/**
 * A product grid from user-given axes (radians), e.g. `customGrid([w1s, w2s])`. Each axis must be
 * a non-empty list of finite numbers. A single axis gives a 1-D grid.
 */
export function customGrid(axes: readonly ArrayLike<number>[], options?: { weights?: ArrayLike<number> }): FrequencyGrid {
  checkOptions("customGrid", options, ["weights"]);
  if (!Array.isArray(axes) || axes.length === 0) throw new ShapeError("customGrid: axes must be a non-empty list of frequency arrays (one per spatial axis)");
  const copies = axes.map((ax, a) => {
    if (!ax || typeof ax.length !== "number" || ax.length === 0) throw new ShapeError(`customGrid: axis ${a} must be a non-empty array of frequencies`);
    const c = Float64Array.from(ax);
    checkFinite(`customGrid: axis ${a}`, c);
    return c;
  });
  let weights: Float64Array | undefined;
  if (options?.weights !== undefined) {
    weights = Float64Array.from(options.weights);
    const size = copies.reduce((p, a) => p * a.length, 1);
    if (weights.length !== size) throw new ShapeError(`customGrid: weights must have one entry per grid point (${size}), got ${weights.length}`);
    checkFinite("customGrid: weights", weights);
    if (weights.some((w) => w < 0)) throw new DomainError("customGrid: weights must be >= 0");
  }
  return makeGrid("customGrid", "custom", copies, weights ? { weights } : {});
}

/** The d coordinates (radians) of point `index` (row-major over the axes). */
export function gridPoint(grid: FrequencyGrid, index: number): Float64Array {
  if (!Number.isInteger(index) || index < 0 || index >= grid.size) {
    throw new DomainError(`gridPoint: index must be an integer in [0, ${grid.size - 1}], got ${index}`);
  }
  const d = grid.shape.length;
  const w = new Float64Array(d);
  let rest = index;
  for (let a = d - 1; a >= 0; a--) {
    const j = rest % grid.shape[a];
    rest = (rest - j) / grid.shape[a];
    w[a] = grid.axes[a][j];
  }
  return w;
}

/** All points as a flat `size x d` array (row-major), for plotting or direct evaluation. */
export function gridPoints(grid: FrequencyGrid): Float64Array {
  const d = grid.shape.length;
  const out = new Float64Array(grid.size * d);
  for (let p = 0; p < grid.size; p++) out.set(gridPoint(grid, p), p * d);
  return out;
}

/** Sum of the point weights (= size when unweighted): the number of points of the distribution represented. */
export function gridWeightTotal(grid: FrequencyGrid): number {
  if (!grid.weights) return grid.size;
  let s = 0;
  for (let i = 0; i < grid.weights.length; i++) s += grid.weights[i];
  return s;
}

const TWO_PI = 2 * Math.PI;

/** Index of the value equal to -w (mod 2 pi) on an axis, or -1. Tolerance: 1e-12 rad (grid values are computed, not exact). */
export function negationIndex(axis: Float64Array): Int32Array {
  const out = new Int32Array(axis.length).fill(-1);
  const reduce = (w: number) => {
    let r = w % TWO_PI;
    if (r < 0) r += TWO_PI;
    return r;
  };
  const keyed = Array.from(axis, (w, j) => ({ r: reduce(w), j })).sort((x, y) => x.r - y.r);
  for (let j = 0; j < axis.length; j++) {
    const target = reduce(-axis[j]);
    // binary search the sorted residues, also checking wrap-around near 0 / 2 pi
    let lo = 0;
    let hi = keyed.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keyed[mid].r < target) lo = mid + 1;
      else hi = mid;
    }
    for (const cand of [lo - 1, lo, 0, keyed.length - 1]) {
      if (cand < 0 || cand >= keyed.length) continue;
      const diff = Math.abs(keyed[cand].r - target);
      if (Math.min(diff, TWO_PI - diff) <= 1e-12) { out[j] = keyed[cand].j; break; }
    }
  }
  return out;
}

/**
 * The half of a grid that is closed under `w -> -w` (mod 2 pi): for real kernels,
 * `F(-w) = conj F(w)`, so the singular values at `-w` repeat those at `w` and half the points suffice.
 * The last axis keeps the values whose negation is not earlier on it (e.g. `j = 0..floor(n/2)` of a
 * circular axis); points whose last coordinate is its own negation (0, pi) keep weight 1 (their
 * partners are in the half too), the others weight 2. Weights multiply the input grid's weights,
 * so `gridWeightTotal` is preserved. Throws a {@link DomainError} if some axis is not closed under negation.
 */
export function halfGrid(grid: FrequencyGrid): FrequencyGrid {
  const d = grid.shape.length;
  for (let a = 0; a < d; a++) {
    const neg = negationIndex(grid.axes[a]);
    if (neg.some((j) => j < 0)) {
      throw new DomainError(`halfGrid: axis ${a} of the ${grid.kind} grid is not closed under w -> -w (mod 2 pi); a half grid needs a symmetric grid (circular, uniform on [-pi, pi) with even m, ...)`);
    }
  }
  const last = grid.axes[d - 1];
  const negLast = negationIndex(last);
  const keep: number[] = [];
  const lastWeight: number[] = [];
  for (let j = 0; j < last.length; j++) {
    if (negLast[j] === j) { keep.push(j); lastWeight.push(1); }
    else if (negLast[j] > j) { keep.push(j); lastWeight.push(2); }
  }
  const axes = grid.axes.map((ax, a) => (a === d - 1 ? Float64Array.from(keep, (j) => last[j]) : Float64Array.from(ax)));
  const outer = grid.size / last.length;
  const weights = new Float64Array(outer * keep.length);
  for (let o = 0; o < outer; o++) {
    for (let t = 0; t < keep.length; t++) {
      const base = grid.weights ? grid.weights[o * last.length + keep[t]] : 1;
      weights[o * keep.length + t] = base * lastWeight[t];
    }
  }
  const periods = grid.circularPeriods?.map((p, a) => {
    if (p === null || a !== d - 1) return p;
    // still a prefix 0..len-1 of the circular axis?
    return keep.every((j, t) => j === t) ? p : null;
  });
  return makeGrid("halfGrid", `${grid.kind}-half`, axes, { weights, ...(periods ? { circularPeriods: periods } : {}) });
}

/**
 * The grid cut into slices of its first axis, rows `[r0, r1)` each, at most `rowsPerSlice` rows
 * (>= 1): each slice keeps the kind, the other axes (and their circular periods, so symbols can
 * still be sampled by FFT along them) and its part of the weights; axis 0 loses its period, since
 * a slice of a circular axis is no longer a prefix `0..m-1`. `offset` = index of the slice's first
 * point in the whole grid (row-major). One slice, the grid itself, when it fits.
 */
export function firstAxisSlices(grid: FrequencyGrid, rowsPerSlice: number): { grid: FrequencyGrid; offset: number }[] {
  const rows = grid.shape[0];
  if (rowsPerSlice >= rows) return [{ grid, offset: 0 }];
  const inner = grid.size / rows;
  const step = Math.max(1, Math.floor(rowsPerSlice));
  const periods = grid.circularPeriods?.map((p, i) => (i === 0 ? null : p));
  const out: { grid: FrequencyGrid; offset: number }[] = [];
  for (let r0 = 0; r0 < rows; r0 += step) {
    const r1 = Math.min(rows, r0 + step);
    const axes = grid.axes.map((a, i) => (i === 0 ? a.subarray(r0, r1) : a));
    const extra = { ...(grid.weights ? { weights: grid.weights.subarray(r0 * inner, r1 * inner) } : {}), ...(periods ? { circularPeriods: periods } : {}) };
    out.push({ grid: makeGrid("firstAxisSlices", grid.kind, axes, extra), offset: r0 * inner });
  }
  return out;
}
