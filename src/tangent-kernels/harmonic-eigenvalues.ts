/**
 * Eigenvalues of the multi-pixel CNTK / CGPK on `(S^(zeta-1))^d` by harmonic projection.
 *
 * FC readout: the kernel depends only on the per-pixel cosines `t_i = <x_i, z_i>`, so it is
 * invariant under a rotation of each pixel separately, and its eigenfunctions are products of
 * spherical harmonics `Y(x) = prod_i Y_{k_i}(x_i)`; the eigenvalue of the multi-degree
 * `k = (k_1..k_d)` (uniform probability measure) is
 *   `lambda_k = E[K(t) prod_i P_{k_i}(t_i)]`,  multiplicity `prod_i N(zeta, k_i)`,
 * the `t_i` independent with the law of `<x, e>` on S^(zeta-1) (the Funk–Hecke formula per pixel).
 * GAP readout: `K_gap(x, z) = (1/d) sum_s K_fc(x, S^s z)` (S the cyclic shift of pixels), i.e.
 * `K_gap = K_fc P` with P the projector onto shift-invariant functions. The eigenvalue of a whole
 * shift class (orbit of k under cyclic shifts) is the FC eigenvalue, and its multiplicity drops
 * from `|orbit| prod N` to the dimension of the shift-invariant part (Burnside):
 *   `(1/|Stab k|) sum_{s in Stab k} prod_{cycles c of s} N(zeta, k_c)`  (~ prod N for a free orbit).
 *
 * Methods:
 * - "gauss" (default): tensor Gauss–Legendre in the angles (`sphereAngleRule` per axis), n nodes
 *   per axis: n^d kernel evaluations, then d separable projections, cost
 *   `n^d (L d q) + sum_a (K+1)^a n^(d-a+1)` for K = maxDegree. The kernel has a cone singularity
 *   where all pixels of a receptive field align (a corner of the angle cube), so convergence is
 *   algebraic, fast: the error column compares n with 0.8 n.
 * - "fft" (zeta = 2 only): the kernel on the torus of angles `theta_i = 2 pi a / n` (the circle
 *   S^1 is the angle itself), a d-dimensional real FFT through src/grid: `lambda_k = Re X_k / n^d`.
 *   The trapezoidal rule aliases `lambda_k + sum_{j != 0} lambda_{k + j n}`; the error column
 *   compares n with n/2 (every other sample). With several pixels the cone singularity makes the
 *   aliasing ~ n^(-alpha) in absolute terms (alpha the slowest decay exponent), so the highest
 *   degrees come out unresolved unless n >> 4 maxDegree (d = 2, q = 2, NTK, n = 512: 30% of
 *   lambda at k = (60, 60)); "gauss" resolves them with far fewer nodes.
 * Cost: {@link harmonicEigenvalueCost}; refused (SizeLimitError, with the time estimate) above
 * {@link MAX_TENSOR_POINTS} kernel evaluations or {@link MAX_PROJECTION_MULTIPLY_ADDS} projection multiply-adds
 * (with the default nodes: maxDegree up to ~600 for d = 2, ~97 for d = 3, ~27 for d = 4; d >= 5 needs explicit `nodes`).
 */
import { OptionError, SizeLimitError, checkInteger, checkOneOf, checkOptions } from "../core/errors";
import { rfftn } from "../grid/index";
import { resolveArchitecture, type KernelKind, type Readout } from "./conv-kernel";
import { gegenbauerTable, harmonicMultiplicity } from "./harmonics";
import { sphereAngleRule } from "./quadrature";
import { coveringLayer, supportOf } from "./receptive-field";
import { CosineRecursion } from "./recursion";

export type HarmonicEigenvalueMethod = "gauss" | "fft";
/** Allowed methods of {@link harmonicEigenvalues}. */
export const HARMONIC_EIGENVALUE_METHODS: readonly HarmonicEigenvalueMethod[] = ["gauss", "fft"];

/** Most kernel evaluations (grid points, n^d, both rule sizes) a call makes (~11 s at {@link KERNEL_EVALUATIONS_PER_SECOND}). */
export const MAX_TENSOR_POINTS = 1 << 24;
/** Most multiply-adds of the separable Gegenbauer projections, `sum_rules sum_a (K+1)^a n^(d-a+1)` (~11 s at {@link PROJECTION_MULTIPLY_ADDS_PER_SECOND}). */
export const MAX_PROJECTION_MULTIPLY_ADDS = 2 ** 30;
/**
 * Kernel evaluations per second, measured for the size estimate in refusals: `CosineRecursion.fc`
 * on one core of the shared 2-core development machine ran 0.9e6 (d = 4, q = 4, L = 4) to 3.5e6
 * (d = 4, q = 2, L = 2) evaluations/s, 1.8e6 for d = 3, q = 2, L = 2 (the earlier 4e6 was measured
 * on an idle core and left out the projection cost; bench/tangent-kernels.bench.ts re-measures both).
 */
export const KERNEL_EVALUATIONS_PER_SECOND = 1.5e6;
/** Multiply-adds per second of the projections (contractAxis), measured alongside: ~1e8 (memory-bound strided loops). */
export const PROJECTION_MULTIPLY_ADDS_PER_SECOND = 1e8;

/** Work of one call: kernel evaluations, projection multiply-adds and the time they take at the measured rates. */
export function harmonicEigenvalueCost(method: HarmonicEigenvalueMethod, nodes: number, pixels: number, maxDegree: number): { evaluations: number; multiplyAdds: number; seconds: number } {
  const sizes = method === "gauss" ? [nodes, Math.max(maxDegree + 4, Math.round(0.8 * nodes))] : [nodes];
  let evaluations = 0, multiplyAdds = 0;
  for (const n of sizes) {
    evaluations += pow(n, pixels);
    // gauss: d separable contractions; fft: one d-dimensional FFT of 5 N log2 N flops plus its n/2 check (1.5x),
    // counted in contraction-equivalents: src/grid's FFT ran 7e8 flops/s, 7x the contractions' rate
    if (method === "gauss") for (let a = 1; a <= pixels; a++) multiplyAdds += pow(maxDegree + 1, a) * pow(n, pixels - a + 1);
    else multiplyAdds += (1.5 * 5 * pow(n, pixels) * Math.log2(pow(n, pixels))) / 7;
  }
  return { evaluations, multiplyAdds, seconds: evaluations / KERNEL_EVALUATIONS_PER_SECOND + multiplyAdds / PROJECTION_MULTIPLY_ADDS_PER_SECOND };
}

/** Options of {@link harmonicEigenvalues}. */
export interface HarmonicEigenvalueOptions {
  /** Channels per pixel, >= 2. Required. */
  zeta: number;
  /** Number of pixels d >= 1. Required. */
  pixels: number;
  /** Filter size q (1..d); default 1. */
  filterSize?: number;
  /** Conv + ReLU layers; default 1. */
  layers?: number;
  /** "fc" (default) or "gap" (rows per shift class). */
  readout?: Readout;
  /** "ntk" (default) or "gp". */
  kind?: KernelKind;
  /** Highest total degree sum_i k_i. Required. */
  maxDegree: number;
  /** "gauss" (default) or "fft" (zeta = 2). */
  method?: HarmonicEigenvalueMethod;
  /** Nodes per axis (gauss: default ceil(1.25 maxDegree) + 24; fft: default the smallest power of two >= 32 above 4 maxDegree). */
  nodes?: number;
}

/** One eigenvalue of the multi-pixel kernel. */
export interface HarmonicEigenvalueRow {
  /** Multi-degree (k_1..k_d); for GAP the lexicographically largest rotation of its shift class. */
  degrees: number[];
  totalDegree: number;
  eigenvalue: number;
  /** prod_i N(zeta, k_i) (fc) or the dimension of the shift-invariant part of the class (gap). */
  multiplicity: number;
  /** GAP only: size of the shift class and the FC multiplicity it holds in total. */
  orbitSize?: number;
  fcMultiplicity?: number;
  /** Estimated absolute error (two rule sizes + round-off floor). */
  error: number;
  resolved: boolean;
  /** Pixels with k_i > 0. */
  support: number[];
  /** First layer with a receptive field covering the support (Infinity: none). */
  coveringLayer: number;
  /** "receptive field" when the support fits in no layer-L receptive field (exactly zero), else null. */
  structuralZero: "receptive field" | null;
}

/** Result of {@link harmonicEigenvalues}. */
export interface HarmonicSpectrum {
  zeta: number;
  pixels: number;
  filterSize: number;
  layers: number;
  readout: Readout;
  kind: KernelKind;
  method: HarmonicEigenvalueMethod;
  nodes: number;
  roundoffFloor: number;
  rows: HarmonicEigenvalueRow[];
  /** FC eigenvalue of a multi-degree (any k with total degree <= maxDegree). */
  eigenvalueOf(degrees: readonly number[]): number;
}

/** Contract axis `a` (size n) of a row-major tensor with `B` ((K+1) x n). */
function contractAxis(T: Float64Array, dims: number[], a: number, B: Float64Array, K1: number): { T: Float64Array; dims: number[] } {
  const n = dims[a];
  let outer = 1; for (let i = 0; i < a; i++) outer *= dims[i];
  let inner = 1; for (let i = a + 1; i < dims.length; i++) inner *= dims[i];
  const out = new Float64Array(outer * K1 * inner);
  for (let o = 0; o < outer; o++) {
    const ib = o * n * inner, ob = o * K1 * inner;
    for (let k = 0; k < K1; k++) {
      const dst = ob + k * inner;
      for (let j = 0; j < n; j++) {
        const b = B[k * n + j];
        if (b === 0) continue;
        const src = ib + j * inner;
        for (let i = 0; i < inner; i++) out[dst + i] += b * T[src + i];
      }
    }
  }
  const nd = [...dims]; nd[a] = K1;
  return { T: out, dims: nd };
}

function pow(n: number, d: number): number { let p = 1; for (let i = 0; i < d; i++) p *= n; return p; }

/** Kernel on the tensor grid of per-axis cosines t (n per axis), row-major; returns values and sum |values|. */
function kernelOnGrid(t: ArrayLike<number>, d: number, rec: CosineRecursion): Float64Array {
  const n = t.length;
  const N = pow(n, d);
  const G = new Float64Array(N);
  const idx = new Int32Array(d);
  const tv = new Float64Array(d);
  for (let a = 0; a < d; a++) tv[a] = t[0];
  for (let p = 0; p < N; p++) {
    G[p] = rec.fc(tv);
    for (let a = d - 1; a >= 0; a--) {
      if (++idx[a] < n) { tv[a] = t[idx[a]]; break; }
      idx[a] = 0; tv[a] = t[0];
    }
  }
  return G;
}

/** Box [0..K]^d of FC eigenvalues by tensor Gauss quadrature with n nodes per axis. */
function gaussBox(n: number, zeta: number, d: number, K: number, rec: CosineRecursion): { box: Float64Array; mass: number } {
  const rule = sphereAngleRule(n, zeta);
  const G = kernelOnGrid(rule.cosine, d, rec);
  // mass: sum over the grid of prod w |K| (for the round-off floor)
  let mass = 0;
  const idx = new Int32Array(d);
  for (let p = 0; p < G.length; p++) {
    let w = 1; for (let a = 0; a < d; a++) w *= rule.weights[idx[a]];
    mass += w * Math.abs(G[p]);
    for (let a = d - 1; a >= 0; a--) { if (++idx[a] < n) break; idx[a] = 0; }
  }
  const P = gegenbauerTable(K, zeta, rule.cosine);
  const B = new Float64Array((K + 1) * n);
  for (let k = 0; k <= K; k++) for (let j = 0; j < n; j++) B[k * n + j] = rule.weights[j] * P[k * n + j];
  let T = G, dims = new Array(d).fill(n);
  for (let a = 0; a < d; a++) ({ T, dims } = contractAxis(T, dims, a, B, K + 1));
  return { box: T, mass };
}

/** Box [0..K]^d of FC eigenvalues (zeta = 2) from the trapezoidal rule / FFT on the angle torus with n points per axis. */
function fftBox(G: Float64Array, n: number, d: number, K: number): Float64Array {
  const X = rfftn(G, new Array(d).fill(n));
  const N = G.length;
  const box = new Float64Array(pow(K + 1, d));
  const idx = new Int32Array(d);
  for (let p = 0; p < box.length; p++) {
    let flat = 0; for (let a = 0; a < d; a++) flat = flat * n + idx[a];
    box[p] = X[2 * flat] / N;
    for (let a = d - 1; a >= 0; a--) { if (++idx[a] <= K) break; idx[a] = 0; }
  }
  return box;
}

function torusKernel(n: number, d: number, rec: CosineRecursion): Float64Array {
  const t = new Float64Array(n);
  for (let a = 0; a < n; a++) t[a] = Math.cos((2 * Math.PI * a) / n);
  return kernelOnGrid(t, d, rec);
}

function subsample(G: Float64Array, n: number, d: number): Float64Array {
  const m = n / 2;
  const out = new Float64Array(pow(m, d));
  const idx = new Int32Array(d);
  for (let p = 0; p < out.length; p++) {
    let flat = 0; for (let a = 0; a < d; a++) flat = flat * n + 2 * idx[a];
    out[p] = G[flat];
    for (let a = d - 1; a >= 0; a--) { if (++idx[a] < m) break; idx[a] = 0; }
  }
  return out;
}

/** Dimension of the shift-invariant part of the class of k and the class size. */
function shiftClass(k: readonly number[], zeta: number): { orbit: number; invariantDim: number; canonical: number[] } {
  const d = k.length;
  const rot = (s: number) => Array.from({ length: d }, (_, i) => k[(i + s) % d]);
  const keys = new Set<string>();
  let canonical = [...k];
  const stab: number[] = [];
  for (let s = 0; s < d; s++) {
    const r = rot(s);
    keys.add(r.join(","));
    if (r.every((v, i) => v === k[i])) stab.push(s);
    for (let i = 0; i < d; i++) { if (r[i] !== canonical[i]) { if (r[i] > canonical[i]) canonical = r; break; } }
  }
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let sum = 0;
  for (const s of stab) {
    const g = gcd(s, d); // s = 0 gives g = d cycles (identity)
    let prod = 1;
    for (let c = 0; c < g; c++) prod *= harmonicMultiplicity(zeta, k[c]);
    sum += prod;
  }
  return { orbit: keys.size, invariantDim: Math.round(sum / stab.length), canonical };
}

/** Harmonic eigenvalues of the multi-pixel kernel for all multi-degrees up to total degree maxDegree; see the file comment. */
export function harmonicEigenvalues(options: HarmonicEigenvalueOptions): HarmonicSpectrum {
  const where = "harmonicEigenvalues";
  checkOptions(where, options, ["zeta", "pixels", "filterSize", "layers", "readout", "kind", "maxDegree", "method", "nodes"]);
  if (!options) throw new OptionError(`${where}: options { zeta, pixels, maxDegree } are required`);
  const zeta = checkInteger(where, "zeta", options.zeta, 2);
  const d = checkInteger(where, "pixels", options.pixels, 1);
  const { zeta: _z, pixels: _p, maxDegree: _m, method: _me, nodes: _n, ...arch0 } = options;
  const arch = resolveArchitecture(where, arch0, d);
  const K = checkInteger(where, "maxDegree", options.maxDegree, 0);
  const method = checkOneOf(where, "method", options.method ?? "gauss", HARMONIC_EIGENVALUE_METHODS);
  if (method === "fft" && zeta !== 2) throw new OptionError(`${where}: method "fft" needs zeta = 2 (the angle torus); got zeta = ${zeta}; use method "gauss"`);
  let n: number;
  if (method === "gauss") {
    n = options.nodes === undefined ? Math.ceil(1.25 * K) + 24 : checkInteger(where, "nodes", options.nodes, 2);
    if (n < K + 8) throw new OptionError(`${where}: nodes = ${n} per axis cannot resolve degree ${K}; need at least maxDegree + 8 = ${K + 8}`);
  } else {
    let def = 32; while (def <= 4 * K) def *= 2;
    n = options.nodes === undefined ? def : checkInteger(where, "nodes", options.nodes, 4);
    if (n % 2 !== 0 || 4 * K >= n) throw new OptionError(`${where}: method "fft" needs an even number of nodes n > 4 maxDegree (aliasing estimate from n/2); got n = ${n}, maxDegree = ${K}`);
  }
  const boxSize = pow(K + 1, d);
  const cost = harmonicEigenvalueCost(method, n, d, K);
  if (cost.evaluations > MAX_TENSOR_POINTS || cost.multiplyAdds > MAX_PROJECTION_MULTIPLY_ADDS || boxSize > MAX_TENSOR_POINTS) {
    throw new SizeLimitError(`${where}: ${n}^${d} grid points${method === "gauss" ? " (and the 0.8 n rule for the error estimate)" : ""}: ${cost.evaluations.toExponential(2)} kernel evaluations (at most ${MAX_TENSOR_POINTS}), ${cost.multiplyAdds.toExponential(2)} projection multiply-adds (at most ${MAX_PROJECTION_MULTIPLY_ADDS.toExponential(2)}) and a ${K + 1}^${d} degree box; ~${cost.seconds.toPrecision(2)} s at the measured ${KERNEL_EVALUATIONS_PER_SECOND.toExponential(1)} evaluations/s and ${PROJECTION_MULTIPLY_ADDS_PER_SECOND.toExponential(0)} multiply-adds/s. Lower maxDegree or nodes, or use fewer pixels`);
  }
  const rec = new CosineRecursion(d, arch.filterSize, arch.layers, arch.kind);
  let box: Float64Array, errBox: Float64Array, floor: number;
  if (method === "gauss") {
    const fine = gaussBox(n, zeta, d, K, rec);
    const coarse = gaussBox(Math.max(K + 4, Math.round(0.8 * n)), zeta, d, K, rec);
    box = fine.box;
    errBox = new Float64Array(box.length);
    for (let i = 0; i < box.length; i++) errBox[i] = Math.abs(box[i] - coarse.box[i]);
    floor = 4 * Number.EPSILON * Math.sqrt(pow(n, d)) * fine.mass;
  } else {
    const G = torusKernel(n, d, rec);
    box = fftBox(G, n, d, K);
    const half = fftBox(subsample(G, n, d), n / 2, d, K);
    errBox = new Float64Array(box.length);
    let mass = 0; for (const v of G) mass += Math.abs(v);
    mass /= G.length;
    for (let i = 0; i < box.length; i++) errBox[i] = Math.abs(box[i] - half[i]);
    floor = 4 * Number.EPSILON * Math.sqrt(pow(n, d)) * mass;
  }
  const flatIndex = (k: readonly number[]) => { let f = 0; for (let a = 0; a < d; a++) f = f * (K + 1) + k[a]; return f; };
  const rows: HarmonicEigenvalueRow[] = [];
  const seen = new Set<string>();
  const idx = new Array<number>(d).fill(0);
  for (let p = 0; p < boxSize; p++) {
    const total = idx.reduce((a, b) => a + b, 0);
    if (total <= K) {
      const lam = box[p];
      const err = errBox[p] + floor;
      const support = supportOf(idx);
      const h = coveringLayer(support, d, arch.filterSize);
      const base = { totalDegree: total, eigenvalue: lam, error: err, resolved: Math.abs(lam) > 10 * err, support, coveringLayer: h, structuralZero: h > arch.layers ? "receptive field" as const : null };
      if (arch.readout === "fc") {
        let mult = 1; for (const k of idx) mult *= harmonicMultiplicity(zeta, k);
        rows.push({ degrees: [...idx], multiplicity: mult, ...base });
      } else {
        const cls = shiftClass(idx, zeta);
        const key = cls.canonical.join(",");
        if (!seen.has(key)) {
          seen.add(key);
          let mult = 1; for (const k of idx) mult *= harmonicMultiplicity(zeta, k);
          const c = cls.canonical;
          const sup = supportOf(c);
          const lc = box[flatIndex(c)], ec = errBox[flatIndex(c)] + floor;
          rows.push({ degrees: c, multiplicity: cls.invariantDim, orbitSize: cls.orbit, fcMultiplicity: cls.orbit * mult, ...base, eigenvalue: lc, error: ec, resolved: Math.abs(lc) > 10 * ec, support: sup });
        }
      }
    }
    for (let a = d - 1; a >= 0; a--) { if (++idx[a] <= K) break; idx[a] = 0; }
  }
  const eigenvalueOf = (k: readonly number[]) => {
    if (!Array.isArray(k) || k.length !== d || k.some((v) => !Number.isInteger(v) || v < 0) || k.reduce((a, b) => a + b, 0) > K) {
      throw new OptionError(`eigenvalueOf: degrees must be ${d} non-negative integers with total <= ${K}, got ${JSON.stringify(k)}`);
    }
    return box[flatIndex(k)];
  };
  return { zeta, pixels: d, filterSize: arch.filterSize, layers: arch.layers, readout: arch.readout, kind: arch.kind, method, nodes: n, roundoffFloor: floor, rows, eigenvalueOf };
}
