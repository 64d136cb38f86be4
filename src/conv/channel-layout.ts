/**
 * The two vector layouts of multi-channel data on a box of N positions: the core's `[channel][position]`
 * (conv-core.ts, every public operator) and the FFT products' `[position][channel]` (channels
 * innermost and contiguous, as the pruned DFTs and the per-frequency products want; zero-pad-fft.ts,
 * zero-pad-gram.ts). Iterative solvers run in the second and convert once at each end.
 */
import { ShapeError } from "../core/errors";

/** `[c][pos]` -> `[pos][c]`: `out[p * c + i] = v[i * N + p]` (channels innermost, as the pruned DFTs want). */
export function interleave(v: Float64Array, c: number, N: number, out?: Float64Array): Float64Array {
  checkLayout("interleave", v, c, N, out);
  const r = out ?? new Float64Array(c * N);
  for (let i = 0; i < c; i++) for (let p = 0; p < N; p++) r[p * c + i] = v[i * N + p];
  return r;
}

/** `[pos][c]` -> `[c][pos]`: `out[i * N + p] = v[p * c + i]` (inverse of {@link interleave}). */
export function deinterleave(v: Float64Array, c: number, N: number, out?: Float64Array): Float64Array {
  checkLayout("deinterleave", v, c, N, out);
  const r = out ?? new Float64Array(c * N);
  for (let i = 0; i < c; i++) for (let p = 0; p < N; p++) r[i * N + p] = v[p * c + i];
  return r;
}

function checkLayout(where: string, v: Float64Array, c: number, N: number, out?: Float64Array): void {
  if (!Number.isInteger(c) || c < 1 || !Number.isInteger(N) || N < 1) throw new ShapeError(`${where}: channels and positions must be positive integers, got ${c}, ${N}`);
  if (!(v instanceof Float64Array) || v.length !== c * N) throw new ShapeError(`${where}: expected a Float64Array of ${c * N} numbers, got ${v?.length}`);
  if (out !== undefined && (!(out instanceof Float64Array) || out.length !== c * N || out === v)) throw new ShapeError(`${where}: out must be a separate Float64Array of ${c * N} numbers`);
}

