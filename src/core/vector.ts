/** Euclidean inner product `sum_i a_i b_i` of two real vectors of equal length (not checked: hot path). */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
