/**
 * Quadrature rules (pure; no kernel logic). A rule is nodes plus weights (frozen object; treat
 * the arrays as read-only).
 *
 * - {@link gaussLegendre}: `int_{-1}^{1} f(x) dx ~ sum_j w_j f(x_j)`, exact for degree <= 2n - 1
 *   (Newton on the three-term recurrence from Tricomi's initial guesses).
 * - {@link gaussJacobi}: `int_{-1}^{1} (1 - x)^alpha (1 + x)^beta f(x) dx`, exact for degree <= 2n - 1
 *   (Golub–Welsch: eigenvalues of the Jacobi matrix by implicit QL, weights `mu_0 v_0j^2`).
 *   With `alpha = beta = (zeta - 3)/2` it is the Gauss–Gegenbauer rule of `t = <x, e>` on S^(zeta-1).
 * - {@link sphereAngleRule}: the distribution of `t = <x, e>` for x uniform on S^(zeta-1), written in
 *   the angle `t = cos(theta)`: `E[g(t)] = (1/Z) int_0^pi g(cos theta) sin^(zeta-2)(theta) d theta`,
 *   `Z = int_0^pi sin^(zeta-2)`, with Gauss–Legendre in theta. The arc-cosine kernels are smooth in
 *   theta but have `sqrt(1 - t)` singularities in t, so this rule converges exponentially where a
 *   Gauss rule in t converges only algebraically (tests measure both).
 */
import { DomainError, SizeLimitError, checkInteger } from "../core/errors";

/** A quadrature rule: nodes and weights (frozen arrays). */
export interface QuadratureRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

/** The distribution of the cosine on S^(zeta-1) in angle form; weights sum to 1 (probability). */
export interface SphereAngleRule {
  readonly zeta: number;
  /** theta_j in (0, pi). */
  readonly theta: Float64Array;
  /** cos(theta_j). */
  readonly cosine: Float64Array;
  /** Probability weights, sum 1. */
  readonly weights: Float64Array;
}

/** Most nodes a rule is built with (Gauss–Jacobi is O(n^2)). */
export const MAX_QUADRATURE_NODES = 20000;

/** Freezes the rule object (typed arrays cannot be frozen in JS; treat them as read-only). */
function freeze<T extends object>(o: T): T {
  return Object.freeze(o);
}

function checkNodes(where: string, n: number): void {
  checkInteger(where, "n", n, 1);
  if (n > MAX_QUADRATURE_NODES) throw new SizeLimitError(`${where}: n = ${n} nodes; at most ${MAX_QUADRATURE_NODES}`);
}

/** Gauss–Legendre rule on [-1, 1] with n nodes (ascending). */
export function gaussLegendre(n: number): QuadratureRule {
  checkNodes("gaussLegendre", n);
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  const m = (n + 1) >> 1;
  for (let i = 0; i < m; i++) {
    // Tricomi's approximation of the i-th largest root
    const th = (Math.PI * (4 * i + 3)) / (4 * n + 2);
    let z = Math.cos(th) * (1 - (n - 1) / (8 * n * n * n) - (39 - 28 / (Math.sin(th) ** 2)) / (384 * n ** 4));
    let pp = 0;
    for (let it = 0; it < 100; it++) {
      let p1 = 1, p2 = 0;
      for (let j = 1; j <= n; j++) { const p3 = p2; p2 = p1; p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j; }
      pp = (n * (z * p1 - p2)) / (z * z - 1);
      const dz = p1 / pp;
      z -= dz;
      if (Math.abs(dz) <= 1e-16 * Math.max(1, Math.abs(z))) break;
    }
    // final derivative at the converged root
    let p1 = 1, p2 = 0;
    for (let j = 1; j <= n; j++) { const p3 = p2; p2 = p1; p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j; }
    pp = (n * (z * p1 - p2)) / (z * z - 1);
    x[i] = -z; x[n - 1 - i] = z;
    const wi = 2 / ((1 - z * z) * pp * pp);
    w[i] = wi; w[n - 1 - i] = wi;
  }
  if (n % 2 === 1) x[(n - 1) >> 1] = 0;
  return freeze({ nodes: x, weights: w });
}

/** log Gamma(x), x > 0 (Lanczos, g = 7, 9 terms; relative error ~1e-15). */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new DomainError(`logGamma: x = ${x}; need x > 0`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  const xx = x - 1;
  let a = c[0];
  const t = xx + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (xx + i);
  return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * Gauss–Jacobi rule for the weight `(1 - x)^alpha (1 + x)^beta` on [-1, 1], alpha, beta > -1,
 * n nodes ascending. Jacobi matrix: diagonal `(beta^2 - alpha^2)/((2k+a+b)(2k+a+b+2))`, off-diagonal
 * `sqrt(4k(k+a)(k+b)(k+a+b) / ((2k+a+b)^2 (2k+a+b+1)(2k+a+b-1)))`; `mu_0 = 2^(a+b+1) B(a+1, b+1)`.
 */
export function gaussJacobi(n: number, alpha: number, beta: number): QuadratureRule {
  const where = "gaussJacobi";
  checkNodes(where, n);
  if (!(alpha > -1) || !(beta > -1) || !Number.isFinite(alpha) || !Number.isFinite(beta)) throw new DomainError(`${where}: alpha = ${alpha}, beta = ${beta}; both must be finite and > -1`);
  const a = alpha, b = beta, ab = a + b;
  const diag = new Float64Array(n);
  const off = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const s = 2 * k + ab;
    diag[k] = k === 0 ? (b - a) / (ab + 2) : (b * b - a * a) / (s * (s + 2));
    if (k >= 1) {
      const num = 4 * k * (k + a) * (k + b) * (k + ab);
      const den = s * s * (s + 1) * (s - 1);
      off[k] = Math.sqrt(num / den);
    }
  }
  if (n >= 2 && ab === -1) off[1] = Math.sqrt((4 * (1 + a) * (1 + b)) / ((2 + ab) ** 2 * (3 + ab)));
  const z = new Float64Array(n); z[0] = 1;
  symmetricTridiagonalQL(diag, off, z);
  const logMu0 = (ab + 1) * Math.LN2 + logGamma(a + 1) + logGamma(b + 1) - logGamma(ab + 2);
  const mu0 = Math.exp(logMu0);
  const idx = Array.from({ length: n }, (_, i) => i).sort((i, j) => diag[i] - diag[j]);
  const nodes = new Float64Array(n), weights = new Float64Array(n);
  idx.forEach((i, k) => { nodes[k] = diag[i]; weights[k] = mu0 * z[i] * z[i]; });
  // Polish: Newton steps on the orthonormal p_n (three-term recurrence with the Jacobi matrix
  // entries), then weights from the Christoffel function `1 / sum_{k<n} p_k(x)^2` (measured
  // 1e-14 relative in the interior, 2e-13 at the end nodes for n = 200).
  const diagK = new Float64Array(n), bet = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) { const s = 2 * k + ab; diagK[k] = k === 0 ? (b - a) / (ab + 2) : (b * b - a * a) / (s * (s + 2)); }
  for (let k = 1; k <= n; k++) {
    const s = 2 * k + ab;
    bet[k] = k === 1 ? Math.sqrt((4 * (1 + a) * (1 + b)) / ((2 + ab) ** 2 * (3 + ab))) : Math.sqrt((4 * k * (k + a) * (k + b) * (k + ab)) / (s * s * (s + 1) * (s - 1)));
  }
  const p0 = 1 / Math.sqrt(mu0);
  for (let j = 0; j < n; j++) {
    let x = nodes[j];
    for (let it = 0; it < 3; it++) {
      let pm = 0, p = p0, dm = 0, dp = 0;
      for (let k = 0; k < n; k++) {
        const pn = ((x - diagK[k]) * p - bet[k] * pm) / bet[k + 1];
        const dn = (p + (x - diagK[k]) * dp - bet[k] * dm) / bet[k + 1];
        pm = p; p = pn; dm = dp; dp = dn;
      }
      const step = p / dp;
      if (!Number.isFinite(step)) break;
      x -= step;
      if (Math.abs(step) < 1e-17) break;
    }
    // Christoffel function at the polished node: w = 1 / sum_{k<n} p_k(x)^2
    let pm = 0, p = p0, sumSq = p0 * p0;
    for (let k = 0; k < n - 1; k++) { const pn = ((x - diagK[k]) * p - bet[k] * pm) / bet[k + 1]; pm = p; p = pn; sumSq += p * p; }
    nodes[j] = x;
    weights[j] = 1 / sumSq;
  }
  return freeze({ nodes, weights });
}

/**
 * Implicit QL with Wilkinson shifts on a symmetric tridiagonal matrix (diagonal `d`, off-diagonal
 * `e[1..n-1]`, `e[0]` unused), in place: `d` becomes the eigenvalues, `z` (the first row of the
 * identity on entry) the first components of the eigenvectors.
 */
function symmetricTridiagonalQL(d: Float64Array, eIn: Float64Array, z: Float64Array): void {
  const n = d.length;
  const e = new Float64Array(n);
  for (let i = 1; i < n; i++) e[i - 1] = eIn[i];
  for (let l = 0; l < n; l++) {
    let iter = 0;
    for (;;) {
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
        if (Math.abs(e[m]) <= Number.EPSILON * dd) break;
      }
      if (m === l) break;
      if (++iter > 60) throw new DomainError("gaussJacobi: QL iteration did not converge");
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = Math.hypot(g, 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? Math.abs(r) : -Math.abs(r)));
      let s = 1, c = 1, p = 0;
      let i = m - 1;
      for (; i >= l; i--) {
        let f = s * e[i];
        const b = c * e[i];
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) { d[i + 1] -= p; e[m] = 0; break; }
        s = f / r; c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        f = z[i + 1];
        z[i + 1] = s * z[i] + c * f;
        z[i] = c * z[i] - s * f;
      }
      if (r === 0 && i >= l) continue;
      d[l] -= p; e[l] = g; e[m] = 0;
    }
  }
}

/** `Z_zeta = int_0^pi sin^(zeta-2)(theta) d theta` = |S^(zeta-1)| / |S^(zeta-2)| (Z_2 = pi, Z_3 = 2, Z_{k+2} = Z_k (k-1)/k). */
export function sphereNormalisation(zeta: number): number {
  checkInteger("sphereNormalisation", "zeta", zeta, 2);
  let z = zeta % 2 === 0 ? Math.PI : 2;
  for (let k = zeta % 2 === 0 ? 2 : 3; k < zeta; k += 2) z *= (k - 1) / k;
  return z;
}

/** Gauss–Legendre in the angle for `t = <x, e>` on S^(zeta-1), n nodes; see the file comment. */
export function sphereAngleRule(n: number, zeta: number): SphereAngleRule {
  const where = "sphereAngleRule";
  checkInteger(where, "zeta", zeta, 2);
  const gl = gaussLegendre(n);
  const Z = sphereNormalisation(zeta);
  const theta = new Float64Array(n), cosine = new Float64Array(n), weights = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const th = (Math.PI / 2) * (1 + gl.nodes[j]);
    theta[j] = th;
    cosine[j] = Math.cos(th);
    weights[j] = (Math.PI / 2) * gl.weights[j] * (zeta === 2 ? 1 : Math.sin(th) ** (zeta - 2)) / Z;
  }
  return freeze({ zeta, theta, cosine, weights });
}

/** Gauss–Gegenbauer rule in t for S^(zeta-1), weights normalised to a probability (sum 1). */
export function gegenbauerRule(n: number, zeta: number): QuadratureRule {
  checkInteger("gegenbauerRule", "zeta", zeta, 2);
  const a = (zeta - 3) / 2;
  const r = gaussJacobi(n, a, a);
  const w = Float64Array.from(r.weights);
  let s = 0;
  for (const v of w) s += v;
  for (let i = 0; i < w.length; i++) w[i] /= s;
  return freeze({ nodes: Float64Array.from(r.nodes), weights: w });
}
