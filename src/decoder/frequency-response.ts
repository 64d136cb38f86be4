/**
 * The frequency response of a stride-1 conv layer on the circular `M x N` grid, in the paper's
 * convention (Tang et al., seed 004):
 *   `T^(uv)_{dc} = sum_{t,s} W[d, c, t, s] exp(+2 pi i (u t / M + v s / N))`  (a D x C matrix),
 * for the one-sided circular layer `h[d, m, n] = sum_c sum_{t,s} W[d,c,t,s] g[c, m+t, n+s] + b_d`
 * (indices mod M, N; tap t = 0 at the kernel's corner), so that with spectrum maps
 * `H^(uv) = T^(uv) G^(uv) + delta_{uv} M N b` exactly: frequencies do not mix.
 *
 * Relation to the library's symbol `F(w) = sum_q K_q exp(-i <q, w>)`, `q = p - origin`
 * (src/grid evaluateOnGrid on the circular grid `w_u = 2 pi u / M`):
 *   `T_corner^(uv) = exp(+2 pi i (u o_1 / M + v o_2 / N)) F(-w_u, -w_v)`, F with origin `o`;
 * with `o = 0` (corner origin) simply `T^(uv) = F(-w_u, -w_v)`, i.e. the symbol at grid index
 * `((M - u) mod M, (N - v) mod N)`; for real taps this is also `conj F(w_u, w_v)`.
 * Our layer with origin `o` (centred by default, `y[x] = sum_p K_p x[x + p - o]` = `h[x - o]`)
 * has response `T_o^(uv) = F(-w_u, -w_v) = exp(-2 pi i (u o_1/M + v o_2/N)) T_corner^(uv)`:
 * a symmetric (centred) circular padding only adds this phase.
 */
import { ShapeError, checkOptions, checkOneOf, checkInteger, asKernel, type KernelLike, type KernelTensor } from "../core/index";
import { evaluateOnGrid, circularGrid } from "../grid/index";
import { SpectrumMap, checkSpectrumMap } from "./spectrum-map";

/** Where tap offset 0 sits: "corner" (the paper's one-sided padding, t = 0 at index 0) or "kernel" (the kernel's own origin, our layers). */
export type ResponseOrigin = "corner" | "kernel";
/** Allowed values of {@link FrequencyResponseOptions.origin}. */
export const RESPONSE_ORIGINS: readonly ResponseOrigin[] = ["corner", "kernel"];

/** Options of {@link frequencyResponse}. */
export interface FrequencyResponseOptions {
  /** Map size `[M, N]` (required); each must be >= the kernel size on its axis. */
  size: readonly [number, number] | readonly number[];
  /** Default "corner" (the paper's T); "kernel" gives the response of the layer with the kernel's origin. */
  origin?: ResponseOrigin;
}

/** `T^(uv)` at every frequency: complex `[M, N, D, C]`, entry (u, v, d, c) at complex index `((u * N + v) * D + d) * C + c`. */
export interface FrequencyResponse {
  readonly size: readonly [number, number];
  /** Output channels D (rows of each T). */
  readonly cout: number;
  /** Input channels C (columns of each T). */
  readonly cin: number;
  readonly data: Float64Array;
}

/**
 * `T^(uv)` for every frequency of the `M x N` circular grid (see file comment for the formula and
 * its relation to the symbol). Kernel `[D, C, K1, K2]` in oihw. Errors: ShapeError (not 2-D, map
 * smaller than the kernel), OptionError, DomainError (NaN weights).
 */
export function frequencyResponse(weights: KernelLike, options: FrequencyResponseOptions): FrequencyResponse {
  const where = "frequencyResponse";
  checkOptions(where, options, ["size", "origin"]);
  const K = asKernel(where, weights);
  if (K.shape.length !== 2) throw new ShapeError(`${where}: needs a 2-D kernel [D, C, K1, K2], got spatial shape ${JSON.stringify(K.shape)}`);
  if (!options || !Array.isArray(options.size) || options.size.length !== 2) throw new ShapeError(`${where}: size must be [M, N], got ${JSON.stringify(options?.size)}`);
  const M = checkInteger(where, "M", options.size[0], 1);
  const N = checkInteger(where, "N", options.size[1], 1);
  if (K.shape[0] > M || K.shape[1] > N) throw new ShapeError(`${where}: the ${K.shape[0]} x ${K.shape[1]} kernel is larger than the ${M} x ${N} map; taps would wrap onto each other`);
  const origin = checkOneOf(where, "origin", options.origin ?? "corner", RESPONSE_ORIGINS);
  const kernel: KernelTensor = origin === "corner" ? { ...K, origin: [0, 0] } : K;
  const F = evaluateOnGrid(kernel, circularGrid([M, N]));
  const DC = K.cout * K.cin;
  const out = new Float64Array(2 * M * N * DC);
  for (let u = 0; u < M; u++) for (let v = 0; v < N; v++) {
    const src = 2 * (((M - u) % M) * N + ((N - v) % N)) * DC;
    out.set(F.subarray(src, src + 2 * DC), 2 * (u * N + v) * DC);
  }
  return { size: [M, N], cout: K.cout, cin: K.cin, data: out };
}

function checkResponse(where: string, T: FrequencyResponse): FrequencyResponse {
  if (!T || !Array.isArray(T.size) || T.size.length !== 2 || !Number.isInteger(T.cout) || !Number.isInteger(T.cin) || !(T.data instanceof Float64Array) || T.data.length !== 2 * T.size[0] * T.size[1] * T.cout * T.cin) {
    throw new ShapeError(`${where}: expected a FrequencyResponse { size: [M, N], cout, cin, data } from frequencyResponse`);
  }
  return T;
}

/** Options of {@link applyFrequencyResponse}. */
export interface ApplyResponseOptions {
  /** Bias `b` (length D), added as `M N b` at the DC component only; default none. */
  bias?: ArrayLike<number>;
}

/**
 * The paper's propagation rule `H^(uv) = T^(uv) G^(uv) + delta_{uv} M N b` (spectrum `[C, M, N]`
 * in, `[D, M, N]` out). Exact for the one-sided circular conv layer (origin "corner").
 */
export function applyFrequencyResponse(T: FrequencyResponse, spectrum: SpectrumMap, options: ApplyResponseOptions = {}): SpectrumMap {
  const where = "applyFrequencyResponse";
  checkOptions(where, options, ["bias"]);
  checkResponse(where, T);
  const G = checkSpectrumMap(where, spectrum);
  const [C, M, N] = G.shape;
  if (C !== T.cin || M !== T.size[0] || N !== T.size[1]) throw new ShapeError(`${where}: spectrum [${G.shape.join(", ")}] does not fit the response (cin ${T.cin}, size ${T.size.join(" x ")})`);
  const D = T.cout;
  const b = options.bias;
  if (b !== undefined && b.length !== D) throw new ShapeError(`${where}: bias has ${b.length} entries, need D = ${D}`);
  const MN = M * N;
  const out = new Float64Array(2 * D * MN);
  const t = T.data, g = G.data;
  for (let f = 0; f < MN; f++) {
    for (let d = 0; d < D; d++) {
      let re = 0, im = 0;
      const row = 2 * (f * D + d) * C;
      for (let c = 0; c < C; c++) {
        const tr = t[row + 2 * c], ti = t[row + 2 * c + 1];
        const gr = g[2 * (c * MN + f)], gi = g[2 * (c * MN + f) + 1];
        re += tr * gr - ti * gi;
        im += tr * gi + ti * gr;
      }
      out[2 * (d * MN + f)] = re;
      out[2 * (d * MN + f) + 1] = im;
    }
  }
  if (b) for (let d = 0; d < D; d++) out[2 * d * MN] += MN * b[d];
  return { shape: [D, M, N], data: out };
}

/** The cascade `T_L ... T_2 T_1` frequency by frequency (responses listed in the order the layers are applied). */
export function cascadeResponse(responses: readonly FrequencyResponse[]): FrequencyResponse {
  const where = "cascadeResponse";
  if (!Array.isArray(responses) || responses.length === 0) throw new ShapeError(`${where}: needs a non-empty list of responses`);
  responses.forEach((r) => checkResponse(where, r));
  let acc = responses[0];
  for (let l = 1; l < responses.length; l++) {
    const B = responses[l];
    if (B.size[0] !== acc.size[0] || B.size[1] !== acc.size[1]) throw new ShapeError(`${where}: response ${l} has size ${B.size.join(" x ")}, response 0 has ${acc.size.join(" x ")}`);
    if (B.cin !== acc.cout) throw new ShapeError(`${where}: response ${l} takes ${B.cin} channels but response ${l - 1} gives ${acc.cout}`);
    const MN = B.size[0] * B.size[1];
    const D = B.cout, E = B.cin, C = acc.cin;
    const out = new Float64Array(2 * MN * D * C);
    for (let f = 0; f < MN; f++) for (let d = 0; d < D; d++) for (let c = 0; c < C; c++) {
      let re = 0, im = 0;
      for (let e = 0; e < E; e++) {
        const bi = 2 * ((f * D + d) * E + e), ai = 2 * ((f * E + e) * C + c);
        re += B.data[bi] * acc.data[ai] - B.data[bi + 1] * acc.data[ai + 1];
        im += B.data[bi] * acc.data[ai + 1] + B.data[bi + 1] * acc.data[ai];
      }
      out[2 * ((f * D + d) * C + c)] = re;
      out[2 * ((f * D + d) * C + c) + 1] = im;
    }
    acc = { size: acc.size, cout: D, cin: C, data: out };
  }
  return acc;
}
