/**
 * Receptive fields of the circular conv stack (filter size q, stride 1): the output at position j
 * of layer h reads the pixels `j .. j + h (q - 1)` (mod d), a window of `min(d, h (q - 1) + 1)`
 * pixels. A set S of pixels (the support `{i : k_i > 0}` of a multi-degree) fits in a window of
 * `w(S) = d - (largest circular gap between consecutive members of S) + 1` consecutive pixels
 * (w = |S| for |S| <= 1), so the first layer one of whose receptive fields covers S is
 *   `h*(S) = 0` if |S| <= 1, else `ceil((w(S) - 1) / (q - 1))` (infinite for q = 1),
 * and for h*(S) > L no term of the FC kernel depends on all pixels of S: the eigenvalue of every
 * multi-degree with support S is exactly zero (the projection on P_{k_i}, k_i > 0, of a function
 * that does not depend on t_i vanishes).
 */

/** Indices i with `degrees[i] > 0`. */
export function supportOf(degrees: ArrayLike<number>): number[] {
  const s: number[] = [];
  for (let i = 0; i < degrees.length; i++) if (degrees[i] > 0) s.push(i);
  return s;
}

/** Width `w(S)` of the smallest circular window of d pixels that contains S. */
export function coveringWidth(support: readonly number[], d: number): number {
  if (support.length <= 1) return support.length;
  const s = [...support].sort((a, b) => a - b);
  let maxGap = s[0] + d - s[s.length - 1];
  for (let i = 1; i < s.length; i++) maxGap = Math.max(maxGap, s[i] - s[i - 1]);
  return d - maxGap + 1;
}

/** `h*(S)`: the first layer with a receptive field covering S (Infinity if none, i.e. q = 1 and |S| > 1). */
export function coveringLayer(support: readonly number[], d: number, filterSize: number): number {
  const w = coveringWidth(support, d);
  if (w <= 1) return 0;
  if (filterSize <= 1) return Infinity;
  return Math.ceil((w - 1) / (filterSize - 1));
}

/** Receptive-field size (pixels) of a layer-h output: `min(d, h (q - 1) + 1)`. */
export function receptiveFieldSize(h: number, d: number, filterSize: number): number {
  return Math.min(d, h * (filterSize - 1) + 1);
}
