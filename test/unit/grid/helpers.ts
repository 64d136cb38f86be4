/**
 * Independent references for the grid / linalg tests: a naive O(n^2) DFT written from the
 * definition (no shared code with src/grid/fft*.ts), and the python-oracle runner of test/helpers.
 */

/** Naive separable N-D DFT: X_k = sum_j x_j exp(-+2 pi i sum_a j_a k_a / n_a), inverse scaled by 1/N. */
export function naiveDftn(x: Float64Array, shape: readonly number[], inverse = false): Float64Array {
  const size = shape.reduce((a, b) => a * b, 1);
  let cur = Float64Array.from(x);
  const d = shape.length;
  for (let axis = 0; axis < d; axis++) {
    const n = shape[axis];
    let stride = 1;
    for (let a = axis + 1; a < d; a++) stride *= shape[a];
    const next = new Float64Array(cur.length);
    const sign = inverse ? 1 : -1;
    for (let p = 0; p < size; p++) {
      const k = Math.floor(p / stride) % n;
      const base = p - k * stride;
      let re = 0;
      let im = 0;
      for (let j = 0; j < n; j++) {
        // reduce j*k mod n first so the angle is accurate for large n
        const angle = (sign * 2 * Math.PI * ((j * k) % n)) / n;
        const c = Math.cos(angle);
        const s = Math.sin(angle);
        const q = 2 * (base + j * stride);
        re += cur[q] * c - cur[q + 1] * s;
        im += cur[q] * s + cur[q + 1] * c;
      }
      next[2 * p] = inverse ? re / n : re;
      next[2 * p + 1] = inverse ? im / n : im;
    }
    cur = next;
  }
  return cur;
}

/** max_k |a_k - b_k| over plain arrays (real or interleaved, element-wise). */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** sum |x_i| (a bound on every DFT output's magnitude, used to scale tolerances). */
export function l1(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.abs(x[i]);
  return s;
}

/** The one python-oracle runner (numpy as np; `inp` in, `out` back). */
export { pythonOracle as python } from "../../helpers/python-oracle";
