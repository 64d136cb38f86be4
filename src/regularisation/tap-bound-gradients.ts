/**
 * Gradients of the two tap-sum bounds (independent of the input size; guaranteed for zero and
 * circular padding, see src/bounds/symbol-bounds.ts):
 *   `b_2 = sum_t ||K_t||_2`:  `d b_2 / d K_t = u_t v_t^T` (top singular pair of the cout x cin tap matrix K_t);
 *   `b_F = sum_t ||K_t||_F`:  `d b_F / d K_t = K_t / ||K_t||_F`.
 * Non-differentiable points: a zero tap (then 0, the centre of the subdifferential, is returned)
 * and, for b_2, a tap whose top singular value is repeated (then one top pair is used). Both bounds
 * are convex in K, so what is returned is a subgradient: `b(K + D) >= b(K) + <g, D>`.
 */
import { KernelTensor, tapCount } from "../core/kernel-tensor";
import { realTopSingularPair } from "./top-singular-pair";

/** Value, gradient (kernel layout) and the number of taps at a non-differentiable point. */
export interface TapBoundGradient {
  value: number;
  gradient: Float64Array;
  /** Taps that are zero or (b_2) have a repeated top singular value within tieTolerance. */
  nonDifferentiableTaps: number;
}

function tap(K: KernelTensor, t: number, taps: number): Float64Array {
  const out = new Float64Array(K.cout * K.cin);
  for (let b = 0; b < K.cout * K.cin; b++) out[b] = K.data[b * taps + t];
  return out;
}

/** `sum_t ||K_t||_2` and its (sub)gradient. */
export function tapSpectralSumGradient(K: KernelTensor, tieTolerance: number): TapBoundGradient {
  const taps = tapCount(K.shape);
  const gradient = new Float64Array(K.data.length);
  let value = 0, bad = 0;
  for (let t = 0; t < taps; t++) {
    const p = realTopSingularPair(tap(K, t, taps), K.cout, K.cin);
    value += p.sigma;
    if (p.sigma === 0) { bad++; continue; }
    if (p.sigma - p.sigma2 <= tieTolerance * p.sigma) bad++;
    for (let o = 0; o < K.cout; o++) for (let i = 0; i < K.cin; i++) gradient[(o * K.cin + i) * taps + t] = p.u[o] * p.v[i];
  }
  return { value, gradient, nonDifferentiableTaps: bad };
}

/** `sum_t ||K_t||_F` and its (sub)gradient. */
export function tapFrobeniusSumGradient(K: KernelTensor): TapBoundGradient {
  const taps = tapCount(K.shape);
  const gradient = new Float64Array(K.data.length);
  let value = 0, bad = 0;
  for (let t = 0; t < taps; t++) {
    let s = 0;
    for (let b = 0; b < K.cout * K.cin; b++) s += K.data[b * taps + t] ** 2;
    s = Math.sqrt(s);
    value += s;
    if (s === 0) { bad++; continue; }
    for (let b = 0; b < K.cout * K.cin; b++) gradient[b * taps + t] = K.data[b * taps + t] / s;
  }
  return { value, gradient, nonDifferentiableTaps: bad };
}
