/**
 * Named stencils researchers use, with exact rational taps and the default origin conventions of
 * {@link Stencil} (centre for odd sizes). Symbols quoted below use `F(w) = sum_q K_q e^{-i q w}`.
 */
import { DomainError, checkInteger, checkOneOf } from "../core/errors";
import { LaurentPoly, Rational } from "../algebra/index";
import { Stencil } from "./stencil";

/** Outer product of 1-D stencils (single channel): `K[p1, .., pd] = prod_a s_a[p_a]`, origins combined. */
export function outerProduct(...factors: Stencil[]): Stencil {
  if (factors.length === 0) throw new DomainError("outerProduct: needs at least one 1-D stencil");
  let entries: LaurentPoly[] = [LaurentPoly.constant(1)];
  const shape: number[] = [], origin: number[] = [];
  factors.forEach((f, k) => {
    if (f.cout !== 1 || f.cin !== 1 || f.ndim !== 1) throw new DomainError(`outerProduct: factor ${k} must be a single-channel 1-D stencil, got ${f.cout}x${f.cin} with shape [${f.shape}]`);
    const next: LaurentPoly[] = [];
    for (const e of entries) for (const g of f.entries) next.push(e.mul(g));
    entries = next;
    shape.push(f.shape[0]); origin.push(f.origin[0]);
  });
  return new Stencil(1, 1, shape, origin, entries);
}

const r = (n: number, d = 1) => Rational.of(n, d);

/** Laplacian: 1-D `[1, -2, 1]` (symbol `2 cos w - 2`), 2-D 5-point `[[0,1,0],[1,-4,1],[0,1,0]]`, 3-D 7-point. */
export function laplacianStencil(dims: 1 | 2 | 3 = 1): Stencil {
  checkInteger("laplacianStencil", "dims", dims, 1, 3);
  const shape = new Array(dims).fill(3);
  const n = 3 ** dims;
  const entries = new Array<Rational>(n).fill(Rational.ZERO);
  const centre = (n - 1) / 2;
  entries[centre] = r(-2 * dims);
  for (let a = 0; a < dims; a++) { const s = 3 ** (dims - 1 - a); entries[centre - s] = r(1); entries[centre + s] = r(1); }
  return new Stencil(1, 1, shape, undefined, entries);
}

/** Forward difference `[-1, 1]`, origin 0: `y[n] = x[n+1] - x[n]`, symbol `e^{-iw} - 1`. */
export function forwardDifferenceStencil(): Stencil { return new Stencil(1, 1, [2], [0], [r(-1), r(1)]); }
/** Backward difference `[-1, 1]`, origin 1: `y[n] = x[n] - x[n-1]`, symbol `1 - e^{iw}`. */
export function backwardDifferenceStencil(): Stencil { return new Stencil(1, 1, [2], [1], [r(-1), r(1)]); }
/** Central difference `[-1/2, 0, 1/2]`: `y[n] = (x[n+1] - x[n-1]) / 2`, symbol `-i sin w`. */
export function centralDifferenceStencil(): Stencil { return new Stencil(1, 1, [3], [1], [r(-1, 2), r(0), r(1, 2)]); }

/**
 * Sobel derivative filters (unnormalised, as in image processing): axis "x" differentiates along
 * the last axis, `[[-1,0,1],[-2,0,2],[-1,0,1]]` = `[1,2,1]^T (x) [-1,0,1]`; "y" is its transpose.
 */
export function sobelStencil(axis: "x" | "y" = "x"): Stencil {
  checkOneOf("sobelStencil", "axis", axis, ["x", "y"]);
  const smooth = Stencil.from([1, 2, 1]), diff = Stencil.from([-1, 0, 1]);
  return axis === "x" ? outerProduct(smooth, diff) : outerProduct(diff, smooth);
}

/** Box (moving average) of size k per axis, taps `1/k^d`; symbol `prod_a D_k(w_a)` (Dirichlet kernels). */
export function boxStencil(k = 3, dims: 1 | 2 | 3 = 1): Stencil {
  checkInteger("boxStencil", "k", k, 1, 63);
  checkInteger("boxStencil", "dims", dims, 1, 3);
  const f = new Stencil(1, 1, [k], undefined, new Array(k).fill(r(1, k)));
  return outerProduct(...new Array(dims).fill(f));
}

/**
 * Binomial (discrete Gaussian) filter of order n: the n + 1 taps `C(n, j) / 2^n`, per axis
 * (outer product for dims > 1). For even n (odd size, centred) its symbol is `cos(w/2)^n`
 * per axis, e.g. `[1,2,1]/4 -> cos^2(w/2)`; variance n/4.
 */
export function binomialStencil(n = 2, dims: 1 | 2 | 3 = 1): Stencil {
  checkInteger("binomialStencil", "n", n, 0, 62);
  checkInteger("binomialStencil", "dims", dims, 1, 3);
  const taps: Rational[] = [];
  let c = 1n;
  for (let j = 0; j <= n; j++) {
    taps.push(Rational.of(c, 1n << BigInt(n)));
    c = (c * BigInt(n - j)) / BigInt(j + 1);
  }
  const f = new Stencil(1, 1, [n + 1], undefined, taps);
  return outerProduct(...new Array(dims).fill(f));
}
/** Alias of {@link binomialStencil}: the binomial filter is the standard discrete Gaussian. */
export const gaussianStencil = binomialStencil;

/**
 * Haar filters (origin 0): low `[1/2, 1/2]`, high `[1/2, -1/2]` — the averaging normalisation,
 * which keeps taps rational; the orthonormal filters are `sqrt(2)` times these (singular values
 * scale by sqrt(2) in 1-D, by 2 in 2-D). 2-D: `band` "ll" | "lh" | "hl" | "hh" = outer products
 * (first letter: along rows / axis 0, second: along columns / axis 1).
 */
export function haarStencil(band: "low" | "high" | "ll" | "lh" | "hl" | "hh" = "low"): Stencil {
  checkOneOf("haarStencil", "band", band, ["low", "high", "ll", "lh", "hl", "hh"]);
  const low = new Stencil(1, 1, [2], [0], [r(1, 2), r(1, 2)]);
  const high = new Stencil(1, 1, [2], [0], [r(1, 2), r(-1, 2)]);
  if (band === "low") return low;
  if (band === "high") return high;
  return outerProduct(band[0] === "l" ? low : high, band[1] === "l" ? low : high);
}
