/** Shared test helpers: the numpy oracle and small dense linear algebra. */

/** The one python-oracle runner (numpy as np; `data` in, assign `out`). */
export { pythonOracle as numpy } from "../../helpers/python-oracle";

/** y = M x for a row-major rows x cols matrix. */
export function matVec(M: Float64Array, rows: number, cols: number, x: Float64Array): Float64Array {
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += M[i * cols + j] * x[j];
    y[i] = s;
  }
  return y;
}

export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/**
 * Largest distance from a point of `a` to its partner in `b` under a greedy nearest matching
 * (each point of b used once): compares two multisets of complex numbers given as [re, im] pairs.
 */
export function multisetDistance(a: [number, number][], b: [number, number][]): number {
  if (a.length !== b.length) return Infinity;
  const used = new Array<boolean>(b.length).fill(false);
  let worst = 0;
  for (const [ar, ai] of a) {
    let best = -1, bd = Infinity;
    b.forEach(([br, bi], k) => { if (!used[k]) { const d = Math.hypot(ar - br, ai - bi); if (d < bd) { bd = d; best = k; } } });
    used[best] = true;
    worst = Math.max(worst, bd);
  }
  return worst;
}
