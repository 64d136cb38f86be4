/**
 * The one numeric representation shared by all modules: complex arrays are interleaved
 * `Float64Array`s, entry k is `(re, im) = (a[2k], a[2k + 1])`. A batch of m x n complex matrices
 * is a `ComplexArray` of length `2 * batch * m * n`, each matrix row-major, matrices contiguous.
 */
export type ComplexArray = Float64Array;

/** Allocates `n` complex zeros (length 2n). */
export function complexZeros(n: number): ComplexArray {
  return new Float64Array(2 * n);
}

/** Interleaves real and imaginary parts (imaginary defaults to 0). */
export function complexFrom(re: ArrayLike<number>, im?: ArrayLike<number>): ComplexArray {
  const out = new Float64Array(2 * re.length);
  for (let k = 0; k < re.length; k++) {
    out[2 * k] = re[k];
    out[2 * k + 1] = im ? im[k] : 0;
  }
  return out;
}

/** Real parts of an interleaved array. */
export function realPart(a: ComplexArray): Float64Array {
  const out = new Float64Array(a.length >> 1);
  for (let k = 0; k < out.length; k++) out[k] = a[2 * k];
  return out;
}

/** Imaginary parts of an interleaved array. */
export function imagPart(a: ComplexArray): Float64Array {
  const out = new Float64Array(a.length >> 1);
  for (let k = 0; k < out.length; k++) out[k] = a[2 * k + 1];
  return out;
}

/** Moduli |z_k|. */
export function abs(a: ComplexArray): Float64Array {
  const out = new Float64Array(a.length >> 1);
  for (let k = 0; k < out.length; k++) out[k] = Math.hypot(a[2 * k], a[2 * k + 1]);
  return out;
}

/** max_k |a_k - b_k| over two interleaved arrays of equal length. */
export function maxAbsDiff(a: ComplexArray, b: ComplexArray): number {
  if (a.length !== b.length) throw new RangeError(`maxAbsDiff: lengths ${a.length} and ${b.length} differ`);
  let m = 0;
  for (let k = 0; k < a.length; k += 2) m = Math.max(m, Math.hypot(a[k] - b[k], a[k + 1] - b[k + 1]));
  return m;
}
