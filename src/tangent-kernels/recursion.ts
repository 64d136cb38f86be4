/**
 * Hot loop of the CNTK / CGPK recursion (no API; validated callers only: conv-kernel.ts,
 * sphere-eigenvalues.ts, harmonic-eigenvalues.ts).
 *
 * Input: the per-pixel cosines `t_i = <x_i, z_i>` (i = 0..d-1, circular). With q the filter size:
 *   `Sigma_0 = t`;  for h = 1..L:  `Lambda_h[j] = (1/q) sum_{l<q} Sigma_{h-1}[j+l]`,
 *   `Sigma_h = k1(Lambda_h)`,  `dSigma_h = k0(Lambda_h)`,
 *   `N_1 = Lambda_1`,  `N_h[j] = (1/q) sum_l (Sigma_{h-1} + dSigma_{h-1} N_{h-1})[j+l]`
 *                             ` = Lambda_h[j] + (1/q) sum_l (dSigma_{h-1} N_{h-1})[j+l]`;
 *   CGPK (FC readout) `= (1/d) sum_j Sigma_L[j]`,  CNTK `= (1/d) sum_j (Sigma_L + dSigma_L N_L)[j]`.
 * All variances are 1 (unit pixels, k1(1) = 1), so Lambda is a correlation; round-off beyond
 * [-1, 1] is clamped. The GAP readout averages the FC value over the cyclic shifts s of z:
 * `K_gap(x, z) = (1/d) sum_s K_fc(c_s)`, `c_s[i] = <x_i, z_{i+s}>`, which is the brief's
 * position-pair recursion `Lambda_h[j, j'] = (1/q) sum_l Sigma_{h-1}[j+l, j'+l]` read along the
 * diagonals `j' = j + s` (tests compare it with a direct position-pair implementation in numpy).
 */

export type KernelKind = "ntk" | "gp";
export type Readout = "fc" | "gap";

const INV_PI = 1 / Math.PI;

/** Reusable work buffers for one architecture (d pixels, filter q, L layers). */
export class CosineRecursion {
  readonly d: number;
  readonly q: number;
  readonly layers: number;
  readonly ntk: boolean;
  private readonly sig: Float64Array;
  private readonly dsig: Float64Array;
  private readonly nt: Float64Array;
  private readonly lam: Float64Array;
  private readonly nn: Float64Array;
  private readonly stripe: Float64Array;

  constructor(d: number, q: number, layers: number, kind: KernelKind) {
    this.d = d; this.q = q; this.layers = layers; this.ntk = kind === "ntk";
    this.sig = new Float64Array(d); this.dsig = new Float64Array(d); this.nt = new Float64Array(d);
    this.lam = new Float64Array(d); this.nn = new Float64Array(d); this.stripe = new Float64Array(d);
  }

  /** FC value for the cosines `t[off .. off + d)`. */
  fc(t: ArrayLike<number>, off = 0): number {
    const { d, q, layers, sig, dsig, nt, lam, nn, ntk } = this;
    for (let i = 0; i < d; i++) { sig[i] = t[off + i]; dsig[i] = 0; nt[i] = 0; }
    const invq = 1 / q;
    for (let h = 1; h <= layers; h++) {
      for (let j = 0; j < d; j++) {
        let s = 0, r = 0;
        for (let l = 0, p = j; l < q; l++) {
          s += sig[p];
          r += dsig[p] * nt[p];
          if (++p === d) p = 0;
        }
        lam[j] = s * invq;
        nn[j] = (s + r) * invq;
      }
      for (let j = 0; j < d; j++) {
        let u = lam[j];
        if (u > 1) u = 1; else if (u < -1) u = -1;
        const th = Math.acos(u);
        const k0 = (Math.PI - th) * INV_PI;
        sig[j] = (Math.sqrt(1 - u * u) + (Math.PI - th) * u) * INV_PI;
        dsig[j] = k0;
        nt[j] = nn[j];
      }
    }
    let acc = 0;
    if (ntk) for (let j = 0; j < d; j++) acc += sig[j] + dsig[j] * nt[j];
    else for (let j = 0; j < d; j++) acc += sig[j];
    return acc / d;
  }

  /** GAP value for the d x d cosines `c[off + i*d + i'] = <x_i, z_i'>`: `(1/d) sum_s fc(c_s)`. */
  gap(c: ArrayLike<number>, off = 0): number {
    const { d, stripe } = this;
    let acc = 0;
    for (let s = 0; s < d; s++) {
      for (let i = 0; i < d; i++) { let ip = i + s; if (ip >= d) ip -= d; stripe[i] = c[off + i * d + ip]; }
      acc += this.fc(stripe, 0);
    }
    return acc / d;
  }
}
