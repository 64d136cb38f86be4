/**
 * The paper's fraction of low-frequency power (Tang et al., seed 004):
 *   `p_low = sum_{(u,v) in Omega_low} P_{uv} / sum_{u,v} P_{uv}`,
 *   `Omega_low = {u < b M or u >= (1 - b) M} x {v < b N or v >= (1 - b) N}`, default band b = 1/8,
 * with `P` a power spectrum (e.g. `E|H^(uv)|^2`), summed over channels when it has several.
 * Dimensionless, in [0, 1].
 */
import { DomainError, ShapeError, checkOptions, checkFinite } from "../core/index";

/** Options of {@link lowFrequencyFraction}. */
export interface LowFrequencyOptions {
  /** The band b in (0, 1/2]: default 1/8 (the paper's `M/8`). */
  band?: number;
}

/** Whether frequency index u of an axis of n points lies in the low band `u < b n or u >= (1 - b) n`. */
export function isLowFrequency(u: number, n: number, band = 1 / 8): boolean {
  return u < band * n || u >= (1 - band) * n;
}

/**
 * `p_low` of a power spectrum `{ shape: [M, N] | [C, M, N], data }` (FFT order, non-negative
 * entries; see file comment). DomainError on negative/NaN entries or zero total power.
 */
export function lowFrequencyFraction(power: { shape: readonly number[]; data: ArrayLike<number> }, options: LowFrequencyOptions = {}): number {
  const where = "lowFrequencyFraction";
  checkOptions(where, options, ["band"]);
  const band = options.band ?? 1 / 8;
  if (typeof band !== "number" || !(band > 0 && band <= 0.5)) throw new DomainError(`${where}: band must be a number in (0, 1/2], got ${band}`);
  if (!power || !Array.isArray(power.shape) || (power.shape.length !== 2 && power.shape.length !== 3)) throw new ShapeError(`${where}: power must be { shape: [M, N] or [C, M, N], data }`);
  const [C, M, N] = power.shape.length === 2 ? [1, power.shape[0], power.shape[1]] : power.shape;
  if (![C, M, N].every((s) => Number.isInteger(s) && s >= 1) || power.data?.length !== C * M * N) throw new ShapeError(`${where}: shape ${JSON.stringify(power.shape)} needs ${C * M * N} entries, got ${power.data?.length}`);
  checkFinite(where, power.data);
  const lowU = new Uint8Array(M), lowV = new Uint8Array(N);
  for (let u = 0; u < M; u++) lowU[u] = isLowFrequency(u, M, band) ? 1 : 0;
  for (let v = 0; v < N; v++) lowV[v] = isLowFrequency(v, N, band) ? 1 : 0;
  let low = 0, total = 0;
  for (let c = 0; c < C; c++) for (let u = 0; u < M; u++) for (let v = 0; v < N; v++) {
    const p = power.data[(c * M + u) * N + v];
    if (p < 0) throw new DomainError(`${where}: power entry (${c}, ${u}, ${v}) is negative (${p}); pass |G|^2`);
    total += p;
    if (lowU[u] && lowV[v]) low += p;
  }
  if (!(total > 0)) throw new DomainError(`${where}: total power is 0; p_low is undefined`);
  return low / total;
}
