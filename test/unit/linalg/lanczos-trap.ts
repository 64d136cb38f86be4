/**
 * Test fixture shared by test/unit/linalg and test/unit/bounds: a real c x c matrix on which the
 * batched solver's fixed Lanczos start vector misses the top singular vector.
 *
 *   A = 2 u1u1' + 1.7 u2u2' + 1.3 u3u3' + 3 vv' + 0.5 (I - P),  P = projector onto span(u1, u2, u3, v),
 *
 * with span(u1, u2) holding the real and imaginary parts of `lanczosStart(c)` and v orthogonal to
 * them (Gram-Schmidt, two passes): the Krylov space stays in an invariant subspace without v, so
 * Lanczos certifies 2 while ||A||_2 = 3 (closed form).
 */
import { Rng } from "../../../src/core/random";
import { lanczosStart } from "../../../src/spectrum/batched";

/** The matrix above, row-major, real (c * c numbers). */
export function lanczosTrapMatrix(c: number): Float64Array {
  const s = lanczosStart(c);
  const dot = (x: Float64Array, y: Float64Array) => x.reduce((acc, t, i) => acc + t * y[i], 0);
  const rng = new Rng(11);
  const seeds = [Float64Array.from({ length: c }, (_, i) => s[2 * i]), Float64Array.from({ length: c }, (_, i) => s[2 * i + 1]), rng.normals(c), rng.normals(c)];
  const basis: Float64Array[] = [];
  for (const x of seeds) {
    for (let pass = 0; pass < 2; pass++) for (const e of basis) { const p = dot(x, e); for (let i = 0; i < c; i++) x[i] -= p * e[i]; }
    const nx = Math.sqrt(dot(x, x));
    basis.push(x.map((t) => t / nx));
  }
  const [u1, u2, u3, v] = basis;
  const data = new Float64Array(c * c);
  for (let o = 0; o < c; o++) for (let i = 0; i < c; i++) {
    let P = 0;
    for (const e of basis) P += e[o] * e[i];
    data[o * c + i] = 2 * u1[o] * u1[i] + 1.7 * u2[o] * u2[i] + 1.3 * u3[o] * u3[i] + 3 * v[o] * v[i] + 0.5 * ((o === i ? 1 : 0) - P);
  }
  return data;
}
