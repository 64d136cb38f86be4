/**
 * Eigenvalues of the single-pixel (d = 1) CNTK / CGPK on S^(zeta-1) by the Funk–Hecke formula:
 * the kernel is a function `K(t)` of `t = <x, z>`, its eigenfunctions are the spherical harmonics,
 * and the eigenvalue of degree k (uniform probability measure) is
 *   `mu_k = E_t[K(t) P_k(t)] = (1/Z) int_0^pi K(cos theta) P_k(cos theta) sin^(zeta-2)(theta) d theta`,
 * `P_k` the normalised Gegenbauer polynomial (harmonics.ts), with multiplicity `N(zeta, k)` and
 * `sum_k N(zeta, k) mu_k = K(1) = L + 1` (NTK) or 1 (GP).
 *
 * Method "angle" (default): Gauss–Legendre in theta (quadrature.ts); `K(cos theta)` is analytic in
 * theta on [0, pi] for every depth, so the rule converges exponentially and `mu_k` is accurate to
 * ~1e-12 relative, or ~1e-15 mu_0 absolute where round-off allows no better.
 * Method "gegenbauer": Gauss–Gegenbauer in t; the `sqrt(1 - t)` singularity of K at t = +-1 makes
 * it converge algebraically (kept to show why the angle rule is needed).
 * Each row carries an error estimate: the difference between two rule sizes plus a round-off
 * floor `4 eps sqrt(n) sum_j w_j |K(t_j)|`; `resolved` is false where the eigenvalue is not above
 * 10x its error (round-off level: report as zero within double precision, not as a value).
 */
import { OptionError, SizeLimitError, checkInteger, checkOneOf, checkOptions } from "../core/errors";
import { MAX_LAYERS, KERNEL_KINDS, type KernelKind } from "./conv-kernel";
import { gegenbauerTable, harmonicMultiplicity } from "./harmonics";
import { gegenbauerRule, sphereAngleRule, MAX_QUADRATURE_NODES } from "./quadrature";
import { CosineRecursion } from "./recursion";

export type SphereEigenvalueMethod = "angle" | "gegenbauer";
/** Allowed methods of {@link sphereEigenvalues}. */
export const SPHERE_EIGENVALUE_METHODS: readonly SphereEigenvalueMethod[] = ["angle", "gegenbauer"];

/** Highest degree {@link sphereEigenvalues} computes. */
export const MAX_SPHERE_DEGREE = 8000;

/** Options of {@link sphereEigenvalues}. */
export interface SphereEigenvalueOptions {
  /** Channels per pixel, >= 2 (the sphere is S^(zeta-1)). Required. */
  zeta: number;
  /** Conv + ReLU layers L, 1..MAX_LAYERS; default 1 (two-layer network). */
  layers?: number;
  /** "ntk" (default) or "gp". */
  kind?: KernelKind;
  /** Highest degree k, 0..MAX_SPHERE_DEGREE. Required. */
  maxDegree: number;
  /** "angle" (default) or "gegenbauer". */
  method?: SphereEigenvalueMethod;
  /** Quadrature nodes of the finer rule; default `ceil(1.25 maxDegree) + 64`. */
  nodes?: number;
}

/** One eigenvalue of a zonal kernel. */
export interface SphereEigenvalueRow {
  degree: number;
  /** mu_k (probability measure). */
  eigenvalue: number;
  /** N(zeta, k). */
  multiplicity: number;
  /** Estimated absolute error. */
  error: number;
  /** eigenvalue > 10 error (false: zero within what double precision resolves). */
  resolved: boolean;
}

/** Result of {@link sphereEigenvalues}. */
export interface SphereSpectrum {
  zeta: number;
  layers: number;
  kind: KernelKind;
  method: SphereEigenvalueMethod;
  /** Nodes of the finer rule (the eigenvalues come from it). */
  nodes: number;
  /** K(1) = sum_k N(zeta, k) mu_k (exact: L + 1 for the NTK, 1 for the GP). */
  kernelAtOne: number;
  /** Round-off floor of every eigenvalue (absolute). */
  roundoffFloor: number;
  rows: SphereEigenvalueRow[];
}

function project(method: SphereEigenvalueMethod, n: number, zeta: number, maxDegree: number, rec: CosineRecursion): { mu: Float64Array; mass: number } {
  let t: Float64Array, w: Float64Array;
  if (method === "angle") { const r = sphereAngleRule(n, zeta); t = r.cosine as Float64Array; w = r.weights as Float64Array; }
  else { const r = gegenbauerRule(n, zeta); t = r.nodes as Float64Array; w = r.weights as Float64Array; }
  const f = new Float64Array(n);
  const one = new Float64Array(1);
  let mass = 0;
  for (let j = 0; j < n; j++) { one[0] = t[j]; f[j] = w[j] * rec.fc(one); mass += Math.abs(f[j]); }
  const mu = new Float64Array(maxDegree + 1);
  // three-term recurrence along k, accumulated per node (no (K+1) x n table)
  const pPrev = new Float64Array(n), pCur = new Float64Array(n);
  for (let j = 0; j < n; j++) { pPrev[j] = 1; pCur[j] = t[j]; }
  let s0 = 0; for (let j = 0; j < n; j++) s0 += f[j];
  mu[0] = s0;
  for (let k = 1; k <= maxDegree; k++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += f[j] * pCur[j];
    mu[k] = s;
    if (k === maxDegree) break;
    const a = (2 * k + zeta - 2) / (k + zeta - 2), b = k / (k + zeta - 2);
    for (let j = 0; j < n; j++) { const nx = a * t[j] * pCur[j] - b * pPrev[j]; pPrev[j] = pCur[j]; pCur[j] = nx; }
  }
  return { mu, mass };
}

/** Funk–Hecke eigenvalues mu_0..mu_maxDegree of the single-pixel kernel; see the file comment. */
export function sphereEigenvalues(options: SphereEigenvalueOptions): SphereSpectrum {
  const where = "sphereEigenvalues";
  checkOptions(where, options, ["zeta", "layers", "kind", "maxDegree", "method", "nodes"]);
  if (!options) throw new OptionError(`${where}: options { zeta, maxDegree } are required`);
  const zeta = checkInteger(where, "zeta", options.zeta, 2);
  const layers = checkInteger(where, "layers", options.layers ?? 1, 1, MAX_LAYERS);
  const kind = checkOneOf(where, "kind", options.kind ?? "ntk", KERNEL_KINDS);
  const maxDegree = checkInteger(where, "maxDegree", options.maxDegree, 0);
  if (maxDegree > MAX_SPHERE_DEGREE) throw new SizeLimitError(`${where}: maxDegree = ${maxDegree}; at most ${MAX_SPHERE_DEGREE} (the rule would need ~${Math.ceil(1.25 * maxDegree) + 64} nodes)`);
  const method = checkOneOf(where, "method", options.method ?? "angle", SPHERE_EIGENVALUE_METHODS);
  const nFine = options.nodes === undefined ? Math.ceil(1.25 * maxDegree) + 64 : checkInteger(where, "nodes", options.nodes, 8, MAX_QUADRATURE_NODES);
  if (method === "angle" && nFine < maxDegree + 8) throw new OptionError(`${where}: nodes = ${nFine} cannot resolve degree ${maxDegree} (cos(k theta) needs at least maxDegree + 8 nodes; default ${Math.ceil(1.25 * maxDegree) + 64})`);
  const nCoarse = Math.max(4, Math.round(0.8 * nFine));
  const rec = new CosineRecursion(1, 1, layers, kind);
  const fine = project(method, nFine, zeta, maxDegree, rec);
  const coarse = project(method, nCoarse, zeta, maxDegree, rec);
  const floor = 4 * Number.EPSILON * Math.sqrt(nFine) * fine.mass;
  const rows: SphereEigenvalueRow[] = [];
  for (let k = 0; k <= maxDegree; k++) {
    const mu = fine.mu[k];
    const err = Math.abs(mu - coarse.mu[k]) + floor;
    rows.push({ degree: k, eigenvalue: mu, multiplicity: harmonicMultiplicity(zeta, k), error: err, resolved: Math.abs(mu) > 10 * err });
  }
  return { zeta, layers, kind, method, nodes: nFine, kernelAtOne: rec.fc([1]), roundoffFloor: floor, rows };
}
