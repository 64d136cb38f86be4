/**
 * Zonal harmonics of S^(zeta-1): the Gegenbauer polynomial of dimension zeta normalised to
 * `P_k(1) = 1` (`P_k = C_k^lambda / C_k^lambda(1)`, lambda = (zeta - 2)/2; zeta = 2: Chebyshev T_k,
 * zeta = 3: Legendre), by the recurrence
 *   `P_0 = 1, P_1 = t, P_{k+1} = ((2k + zeta - 2) t P_k - k P_{k-1}) / (k + zeta - 2)`,
 * and the dimension of the degree-k harmonics,
 *   `N(zeta, 0) = 1`, `N(zeta, k) = (2k + zeta - 2)/k * binom(k + zeta - 3, k - 1)` (N(2, k) = 2, N(3, k) = 2k + 1).
 * Addition theorem (uniform probability measure): `sum_j Y_kj(x) Y_kj(z) = N(zeta, k) P_k(<x, z>)`,
 * so a zonal kernel `K(<x, z>) = sum_k N(zeta, k) mu_k P_k(<x, z>)` with `mu_k = E_t[K(t) P_k(t)]`.
 */
import { checkInteger } from "../core/errors";

/** `N(zeta, k)`, the number of linearly independent degree-k spherical harmonics on S^(zeta-1) (a float for huge values). */
export function harmonicMultiplicity(zeta: number, k: number): number {
  checkInteger("harmonicMultiplicity", "zeta", zeta, 2);
  checkInteger("harmonicMultiplicity", "k", k, 0);
  if (k === 0) return 1;
  if (zeta === 2) return 2;
  // binom(k + zeta - 3, k - 1) = prod_{i=1}^{zeta-2} (k - 1 + i) / i
  let b = 1;
  for (let i = 1; i <= zeta - 2; i++) b = (b * (k - 1 + i)) / i;
  return Math.round(((2 * k + zeta - 2) / k) * b);
}

/**
 * Table `P[k * n + j] = P_k(t_j)` for k = 0..maxDegree at the n points t (normalised Gegenbauer of
 * dimension zeta). For zeta = 2 the recurrence is Chebyshev's; pass `theta` to use `cos(k theta_j)` directly.
 */
export function gegenbauerTable(maxDegree: number, zeta: number, t: ArrayLike<number>): Float64Array {
  const n = t.length;
  const P = new Float64Array((maxDegree + 1) * n);
  for (let j = 0; j < n; j++) P[j] = 1;
  if (maxDegree >= 1) for (let j = 0; j < n; j++) P[n + j] = t[j];
  for (let k = 1; k < maxDegree; k++) {
    const a = (2 * k + zeta - 2) / (k + zeta - 2), b = k / (k + zeta - 2);
    const o = (k + 1) * n, o1 = k * n, o2 = (k - 1) * n;
    for (let j = 0; j < n; j++) P[o + j] = a * t[j] * P[o1 + j] - b * P[o2 + j];
  }
  return P;
}
