/**
 * The path traversal behind `scatteringEnergy` (no public API here; see `propagation.ts`).
 *
 * Depth-first over paths q = (lambda_1, ..., lambda_n). A node holds the spectrum V = DFT(U[q] f)
 * and its energy e = ||U[q] f||^2. For a node of depth n with the layer-n bank:
 *   output_n += (1 / S) sum_k |V_k chi^_k|^2                       (= ||U[q] f * chi||^2, Parseval)
 *   child lambda: c = (1 / S) sum_k |V_k|^2 |g^_lambda_k|^2         (= ||U[q] f * g_lambda||^2)
 * A child that the path rule forbids, or with c < prune ||f||^2, adds c to `pruned` and nothing else;
 * otherwise U[q, lambda] f = rho(IDFT(G)), G = V g^_lambda, with the non-linearity rho. With the modulus (or the
 * identity) ||rho(u)|| = ||u||, so a child at the last depth needs no transform: its energy is c.
 * Only the support (non-zero bins) of each response is visited.
 */
import { fftn, rfftn } from "../grid/index";
import type { FilterBank } from "./bank";

export type Nonlinearity = "modulus" | "relu" | "identity";
export type PathRule = "all" | "frequency-decreasing";

/** A bank's responses packed for the traversal: support indices and values per filter. */
export interface PackedBank {
  bank: FilterBank;
  lowIdx: Int32Array;
  lowRe: Float64Array;
  lowIm: Float64Array;
  /** Per filter: support indices, response values there and |g^|^2 there (the child energy needs only that). */
  filters: { idx: Int32Array; re: Float64Array; im: Float64Array; mag2: Float64Array; centre: number; name: string }[];
}

function pack(r: Float64Array): { idx: Int32Array; re: Float64Array; im: Float64Array; mag2: Float64Array } {
  const S = r.length / 2;
  let count = 0;
  for (let k = 0; k < S; k++) if (r[2 * k] !== 0 || r[2 * k + 1] !== 0) count++;
  const idx = new Int32Array(count);
  const re = new Float64Array(count);
  const im = new Float64Array(count);
  let c = 0;
  for (let k = 0; k < S; k++) {
    if (r[2 * k] !== 0 || r[2 * k + 1] !== 0) {
      idx[c] = k;
      re[c] = r[2 * k];
      im[c] = r[2 * k + 1];
      c++;
    }
  }
  return { idx, re, im, mag2: Float64Array.from(re, (x, t) => x * x + im[t] * im[t]) };
}

const packCache = new WeakMap<FilterBank, PackedBank>();

export function packBank(bank: FilterBank): PackedBank {
  let p = packCache.get(bank);
  if (!p) {
    const low = pack(bank.lowpass);
    p = {
      bank,
      lowIdx: low.idx,
      lowRe: low.re,
      lowIm: low.im,
      filters: bank.filters.map((f) => ({ ...pack(f.response), centre: f.centre, name: f.label.name })),
    };
    packCache.set(bank, p);
  }
  return p;
}

export interface TraversalOptions {
  depth: number;
  nonlinearity: Nonlinearity;
  /** Absolute threshold: prune * ||f||^2. */
  threshold: number;
  rule: PathRule;
  features: boolean;
  outputAtDepth: boolean;
}

export interface TraversalTotals {
  propagated: Float64Array;
  output: Float64Array;
  paths: Float64Array;
  /** prunedAt[n]: energy of the paths of length n that were dropped (threshold or rule). */
  prunedAt: Float64Array;
  prunedByThreshold: number;
  prunedByRule: number;
  features: { depth: number; path: string[]; data: Float64Array }[];
}

export function traverse(shape: number[], spectrum: Float64Array, energy: number, banks: PackedBank[], o: TraversalOptions): TraversalTotals {
  const S = shape.reduce((a, b) => a * b, 1);
  const D = o.depth;
  const totals: TraversalTotals = {
    propagated: new Float64Array(D + 1),
    output: new Float64Array(D + 1),
    paths: new Float64Array(D + 1),
    prunedAt: new Float64Array(D + 1),
    prunedByThreshold: 0,
    prunedByRule: 0,
    features: [],
  };
  const bankAt = (n: number) => banks[Math.min(n, banks.length - 1)];
  // one scratch spectrum per depth: the child's G = V g^ (zero outside the filter's support)
  const scratch = Array.from({ length: D + 1 }, () => new Float64Array(2 * S));
  // |V_k|^2 of the node being expanded, one per depth
  const power = Array.from({ length: D }, () => new Float64Array(S));
  const path: string[] = [];
  const normPreserving = o.nonlinearity !== "relu";

  const visit = (V: Float64Array, e: number, n: number, parentCentre: number): void => {
    totals.propagated[n] += e;
    totals.paths[n] += 1;
    const b = bankAt(n);
    if (n < D || o.outputAtDepth) {
      let out = 0;
      const { lowIdx, lowRe, lowIm } = b;
      for (let c = 0; c < lowIdx.length; c++) {
        const k = lowIdx[c];
        const vr = V[2 * k];
        const vi = V[2 * k + 1];
        const yr = vr * lowRe[c] - vi * lowIm[c];
        const yi = vr * lowIm[c] + vi * lowRe[c];
        out += yr * yr + yi * yi;
      }
      totals.output[n] += out / S;
      if (o.features) {
        const Y = new Float64Array(2 * S);
        for (let c = 0; c < lowIdx.length; c++) {
          const k = lowIdx[c];
          Y[2 * k] = V[2 * k] * lowRe[c] - V[2 * k + 1] * lowIm[c];
          Y[2 * k + 1] = V[2 * k] * lowIm[c] + V[2 * k + 1] * lowRe[c];
        }
        totals.features.push({ depth: n, path: [...path], data: fftn(Y, shape, true) });
      }
    }
    if (n === D) return;
    // |V_k|^2 once per node: every child's energy is sum_support |V_k|^2 |g^_k|^2 (Parseval), so the
    // spectrum G = V g^ is formed only for children that are propagated with a transform
    const P = power[n];
    for (let k = 0; k < S; k++) P[k] = V[2 * k] * V[2 * k] + V[2 * k + 1] * V[2 * k + 1];
    const G = scratch[n + 1];
    // a child at the last depth with a norm-preserving non-linearity needs no transform: its energy is c
    const lastShortcut = n + 1 === D && normPreserving && !o.outputAtDepth && !o.features;
    for (const f of b.filters) {
      const { idx, re, im, mag2 } = f;
      let c = 0;
      for (let t = 0; t < idx.length; t++) c += P[idx[t]] * mag2[t];
      c /= S;
      if (o.rule === "frequency-decreasing" && n > 0 && !(f.centre < parentCentre)) {
        totals.prunedByRule += c;
        totals.prunedAt[n + 1] += c;
        continue;
      }
      if (c < o.threshold) {
        totals.prunedByThreshold += c;
        totals.prunedAt[n + 1] += c;
        continue;
      }
      if (lastShortcut) {
        totals.propagated[D] += c;
        totals.paths[D] += 1;
        continue;
      }
      for (let t = 0; t < idx.length; t++) {
        const k = idx[t];
        const vr = V[2 * k];
        const vi = V[2 * k + 1];
        G[2 * k] = vr * re[t] - vi * im[t];
        G[2 * k + 1] = vr * im[t] + vi * re[t];
      }
      path.push(f.name);
      const u = fftn(G, shape, true);
      for (let t = 0; t < idx.length; t++) G[2 * idx[t]] = G[2 * idx[t] + 1] = 0;
      let childEnergy = 0;
      let childSpectrum: Float64Array;
      if (o.nonlinearity === "modulus") {
        const v = new Float64Array(S);
        for (let t = 0; t < S; t++) {
          const m = Math.sqrt(u[2 * t] * u[2 * t] + u[2 * t + 1] * u[2 * t + 1]);
          v[t] = m;
          childEnergy += m * m;
        }
        childSpectrum = rfftn(v, shape);
      } else {
        if (o.nonlinearity === "relu") {
          for (let t = 0; t < 2 * S; t++) if (u[t] < 0) u[t] = 0;
        }
        for (let t = 0; t < 2 * S; t++) childEnergy += u[t] * u[t];
        childSpectrum = fftn(u, shape);
      }
      visit(childSpectrum, childEnergy, n + 1, f.centre);
      path.pop();
    }
  };
  visit(spectrum, energy, 0, Infinity);
  return totals;
}
