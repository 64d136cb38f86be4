/**
 * Scattering-type propagation with exact energy accounting (Wiatowski, Grohs, Bölcskei 2018;
 * seed 001). For a path q = (lambda_1, ..., lambda_n) and the modulus non-linearity
 *   U[q] f = | ... | | f * g_lambda_1 | * g_lambda_2 | ... * g_lambda_n |,      (no pooling)
 *   W_n(f) = sum_{|q| = n} ||U[q] f||^2,  W_0 = ||f||^2,
 *   |||Phi^n(f)|||^2 = sum_{|q| = n} ||U[q] f * chi||^2.
 * Energies are PLAIN SUMS OF SQUARES over the samples, `||x||^2 = sum_t |x_t|^2` (no 1/S, no
 * sampling step); convolutions are circular on the signal's grid, computed as products of DFTs.
 *
 * Conservation: with a Parseval bank (LP = 1 on every bin) and a norm-preserving non-linearity
 * (modulus, identity), every node splits its energy exactly, ||U[q] f||^2 = ||U[q] f * chi||^2 +
 * sum_lambda ||U[q] f * g_lambda||^2, so
 *   ||f||^2 = sum_{n < N} |||Phi^n f|||^2 + W_N(f) + pruned                     (round-off only).
 * With a frame (A_n <= LP <= B_n at layer n) the node split is only bracketed and
 *   prod_{n<N} min(1, A_n) ||f||^2 <= sum_{n<N} |||Phi^n f|||^2 + W_N + pruned <= prod_{n<N} max(1, B_n) ||f||^2.
 * With ReLU (applied to real and imaginary parts) |rho(z)| <= |z|, so with a Parseval bank the right
 * side is <= ||f||^2 (energy is only lost); the theorems of the paper are for the modulus.
 *
 * Pruning: a child path whose energy ||U[q] f * g_lambda||^2 is below `prune * ||f||^2`, or that the
 * path rule forbids, is not propagated: its energy goes to `pruned` and to nothing deeper (neither
 * `propagated` nor `output` of later layers). With a Parseval bank and the modulus the descendants of
 * a path (their outputs and their last-layer energies) never hold more than the path's own energy
 * (each node splits its energy without gain), so `pruned` bounds everything that was dropped and
 * the identity above stays exact. For a frame with B > 1 the descendants can hold up to
 * B^(remaining layers) times it (reported in `prunedBound`).
 */
import { checkInteger, checkOneOf, checkOptions, DomainError, OptionError, SizeLimitError } from "../core/index";
import { fftn, rfftn } from "../grid/index";
import { FilterBank } from "./bank";
import { packBank, traverse, type Nonlinearity, type PathRule } from "./paths";
import { normaliseSignal, type ScatteringSignal } from "./signal";

export type { Nonlinearity, PathRule } from "./paths";
/** Allowed `nonlinearity` values: "modulus" (the paper's; default), "relu" (on re and im parts), "identity". */
export const NONLINEARITIES: readonly Nonlinearity[] = ["modulus", "relu", "identity"];
/**
 * Allowed `paths` rules: "all" (default), "frequency-decreasing" (Kymatio's rule: below the first
 * layer a path continues only with a filter of strictly lower centre frequency than its last one).
 */
export const PATH_RULES: readonly PathRule[] = ["all", "frequency-decreasing"];
/** Default cap on the estimated number of paths (about a minute of work at 4096 samples). */
export const MAX_SCATTERING_PATHS = 1_000_000;

export interface ScatteringOptions {
  /** Number of layers N >= 0 (default 2). */
  depth?: number;
  /** One of {@link NONLINEARITIES}; default "modulus". */
  nonlinearity?: Nonlinearity;
  /** Relative pruning threshold in [0, 1): children with energy < prune ||f||^2 are dropped; default 0. */
  prune?: number;
  /** One of {@link PATH_RULES}; default "all". */
  paths?: PathRule;
  /** Also return the feature maps Phi^n(f) = U[q] f * chi (complex, one per path); default false. */
  features?: boolean;
  /** Also compute the output energy of the last layer (costs one transform per last-layer path); default false. */
  outputAtDepth?: boolean;
  /** Refuse when the estimated number of paths exceeds this (default {@link MAX_SCATTERING_PATHS}). */
  maxPaths?: number;
}

export interface ScatteringLayer {
  depth: number;
  /** W_n(f) = sum over propagated paths of length n of ||U[q] f||^2. */
  propagated: number;
  /** |||Phi^n(f)|||^2; null at the last layer unless `outputAtDepth`. */
  output: number | null;
  /** Number of paths of length n that were propagated (not pruned). */
  paths: number;
  /**
   * Energy of the paths of length n that were dropped (threshold or path rule; 0 at n = 0). With a
   * Parseval bank and the modulus the unpruned W_n is at most `propagated + sum_{m <= n} pruned_m`.
   */
  pruned: number;
}

export interface ScatteringResult {
  /** ||f||^2 (sum of squares of the samples). */
  input: number;
  layers: ScatteringLayer[];
  /** Energy of every dropped path (threshold + rule), at the moment it was dropped. */
  pruned: number;
  prunedByThreshold: number;
  prunedByRule: number;
  /** Upper bound on the energy the dropped paths' descendants would have carried (= pruned for B <= 1). */
  prunedBound: number;
  /** input - (sum_{n<N} output_n + W_N + pruned). */
  residual: number;
  /** Bracket of (sum_{n<N} output_n + W_N + pruned) / ||f||^2 that theory guarantees. */
  guarantee: { lower: number; upper: number; reason: string };
  /** Frame bounds (A_n, B_n) of the bank used at each layer n = 0..N-1. */
  frameBounds: { lower: number; upper: number }[];
  features?: { depth: number; path: string[]; data: Float64Array }[];
}

/**
 * Propagates `signal` through `depth` layers of the bank (or banks: layer n uses `banks[n]`, the
 * last one repeating) and returns the exact energy accounting described in the file comment:
 * `{ input, layers: [{ depth, propagated, output, paths }], pruned, residual, guarantee, ... }`.
 */
export function scatteringEnergy(signal: ScatteringSignal, bank: FilterBank | readonly FilterBank[], options: ScatteringOptions = {}): ScatteringResult {
  const where = "scatteringEnergy";
  checkOptions(where, options, ["depth", "nonlinearity", "prune", "paths", "features", "outputAtDepth", "maxPaths"]);
  const x = normaliseSignal(where, signal);
  const banks = Array.isArray(bank) ? [...bank] : [bank];
  if (banks.length === 0) throw new OptionError(`${where}: give a filter bank or a non-empty list of banks`);
  banks.forEach((b, i) => {
    if (!(b instanceof FilterBank)) throw new OptionError(`${where}: bank ${i} is not a FilterBank (build one with filterBank({ kind, size, ... }))`);
    if (b.size.length !== x.shape.length || b.size.some((n, a) => n !== x.shape[a])) {
      throw new DomainError(`${where}: bank ${i} is built for size [${b.size.join(", ")}] but the signal has shape [${x.shape.join(", ")}]`);
    }
  });
  const depth = checkInteger(where, "depth", options.depth ?? 2, 0, 64);
  const nonlinearity = checkOneOf(where, "nonlinearity", options.nonlinearity ?? "modulus", NONLINEARITIES);
  const rule = checkOneOf(where, "paths", options.paths ?? "all", PATH_RULES);
  const prune = options.prune ?? 0;
  if (typeof prune !== "number" || !Number.isFinite(prune) || prune < 0 || prune >= 1) throw new DomainError(`${where}: prune must be a number in [0, 1), got ${String(prune)}`);
  for (const key of ["features", "outputAtDepth"] as const) {
    if (options[key] !== undefined && typeof options[key] !== "boolean") throw new OptionError(`${where}: ${key} must be true or false, got ${JSON.stringify(options[key])}`);
  }
  const maxPaths = options.maxPaths ?? MAX_SCATTERING_PATHS;
  if (typeof maxPaths !== "number" || !(maxPaths >= 1)) throw new DomainError(`${where}: maxPaths must be a number >= 1, got ${String(maxPaths)}`);
  const bankAt = (n: number) => banks[Math.min(n, banks.length - 1)];
  const frameBounds = Array.from({ length: depth }, (_, n) => {
    const lp = bankAt(n).littlewoodPaley();
    return { lower: lp.min, upper: lp.max };
  });
  const estimate = estimatePaths(banks, depth, rule, prune, frameBounds);
  if (estimate > maxPaths) {
    throw new SizeLimitError(
      `${where}: about ${formatCount(estimate)} paths up to depth ${depth} (${bankAt(0).filters.length} filters per layer` +
        `${prune > 0 ? `, at most ${formatCount(1 / prune)} per layer survive prune = ${prune}` : ", no pruning"}) exceed maxPaths = ${formatCount(maxPaths)}; ` +
        `lower depth, raise prune, use paths: "frequency-decreasing", or raise maxPaths`,
    );
  }
  let input = 0;
  for (let t = 0; t < x.data.length; t++) input += x.data[t] * x.data[t];
  const spectrum = x.complex ? fftn(x.data, x.shape) : rfftn(x.data, x.shape);
  const totals = traverse(x.shape, spectrum, input, banks.map(packBank), {
    depth,
    nonlinearity,
    threshold: prune * input,
    rule,
    features: options.features === true,
    outputAtDepth: options.outputAtDepth === true,
  });
  const layers: ScatteringLayer[] = [];
  let accounted = 0;
  for (let n = 0; n <= depth; n++) {
    const hasOutput = n < depth || options.outputAtDepth === true;
    layers.push({ depth: n, propagated: totals.propagated[n], output: hasOutput ? totals.output[n] : null, paths: totals.paths[n], pruned: totals.prunedAt[n] });
    if (n < depth) accounted += totals.output[n];
  }
  const pruned = totals.prunedByThreshold + totals.prunedByRule;
  accounted += totals.propagated[depth] + pruned;
  let lower = 1;
  let upper = 1;
  for (const fb of frameBounds) {
    lower *= Math.min(1, fb.lower);
    upper *= Math.max(1, fb.upper);
  }
  const maxB = frameBounds.reduce((m, fb) => Math.max(m, fb.upper), 1);
  let reason: string;
  if (nonlinearity === "relu") {
    reason = `ReLU: |rho(z)| <= |z| loses energy, so only the upper end holds: <= prod max(1, B_n) = ${upper}`;
    lower = 0;
  } else if (lower === 1 && upper === 1) {
    reason = "Parseval bank at every layer and a norm-preserving non-linearity: equality up to round-off";
  } else {
    reason = `frame bounds: prod min(1, A_n) = ${lower} <= ratio <= prod max(1, B_n) = ${upper}`;
  }
  const result: ScatteringResult = {
    input,
    layers,
    pruned,
    prunedByThreshold: totals.prunedByThreshold,
    prunedByRule: totals.prunedByRule,
    prunedBound: pruned * maxB ** depth,
    residual: input - accounted,
    guarantee: { lower, upper, reason },
    frameBounds,
  };
  if (options.features) result.features = totals.features;
  return result;
}

function formatCount(x: number): string {
  return x >= 1e4 ? x.toExponential(2) : String(Math.round(x));
}

/**
 * Estimated number of paths of length 0..N: per layer the number the path rule allows (exact count,
 * by dynamic programming over filters for the frequency-decreasing rule), capped with pruning by
 * `prod_{i<n} max(1, B_i) / prune` (each surviving path holds >= prune ||f||^2 and the layer's total
 * W_n is at most that multiple of ||f||^2).
 */
export function estimatePaths(banks: readonly FilterBank[], depth: number, rule: PathRule, prune: number, frameBounds: { upper: number }[]): number {
  const bankAt = (n: number) => banks[Math.min(n, banks.length - 1)];
  let total = 1;
  // counts[i]: number of allowed paths of the current length ending with filter i of the last bank used
  let counts: Float64Array | null = null;
  let centres: Float64Array | null = null;
  let gain = 1;
  for (let n = 1; n <= depth; n++) {
    const filters = bankAt(n - 1).filters;
    const next = new Float64Array(filters.length);
    filters.forEach((f, i) => {
      if (counts === null || rule === "all") {
        next[i] = counts === null ? 1 : counts.reduce((a, b) => a + b, 0);
      } else {
        let s = 0;
        for (let p = 0; p < counts.length; p++) if (f.centre < centres![p]) s += counts[p];
        next[i] = s;
      }
    });
    counts = next;
    centres = Float64Array.from(filters.map((f) => f.centre));
    let layer = counts.reduce((a, b) => a + b, 0);
    gain *= Math.max(1, frameBounds[n - 1]?.upper ?? 1);
    if (prune > 0) layer = Math.min(layer, gain / prune);
    total += layer;
    if (!Number.isFinite(total)) return Infinity;
  }
  return total;
}
