/**
 * Exact largest singular value of a convolutional layer, matrix-free: Lanczos on the symmetric
 * positive semidefinite operator `A = T^T T` (explicit restarts from the best Ritz vector), where
 * `T` is {@link convOperator}'s exact layer matrix. The products `T^T T v` go through the index
 * tables of the conv core (multi-threaded for large layers) or, for zero padding and stride 1,
 * through FFTs on the `n + k - 1` grid, whichever costs fewer multiply-adds: the circulant
 * embedding's `Lambda`, `Lambda^H` per frequency (src/conv/zero-pad-fft.ts) or the Gram symbol
 * `G = F^H F` per frequency minus the boundary ring (src/conv/zero-pad-gram.ts). Lanczos then runs
 * in the FFT products' interleaved layout `[pos][c]` (src/conv/channel-layout.ts).
 *
 * `sigma_max(T) = sqrt(lambda_max(T^T T))`. Certificate, two-sided:
 * - lower: `value = sqrt(v^T T^T T v)` for the returned unit vector v (a Rayleigh quotient, so
 *   `value <= sigma_max` up to round-off); `residual = ||T^T T v - value^2 v|| / value^2` from an
 *   explicit final product puts some eigenvalue of `T^T T` within `residual * value^2` of `value^2`
 *   (Bauer-Fike / Weyl): `value` is a singular value of T to about `residual / 2`, relative —
 *   but Lanczos cannot prove it is the LARGEST one (a start nearly orthogonal to the top vector
 *   converges to a smaller one);
 * - upper: for zero and circular padding, `||T|| <= max_{w = 2 pi j / N} ||F(w)||_2` with
 *   `N = n + k - 1` (zero) or `n` (circular), see circulant-embedding.ts (guaranteed: the largest
 *   values of per-frequency SVDs of F, or, with the Gram-symbol product, a Cholesky factorisation
 *   of `mu I - G(w)` at every frequency, linalg/cholesky.ts);
 * - `pinned` says whether `[value, upper]` is narrower than `tol * upper`: only then is `value`
 *   proven to be sigma_max to that tolerance. For zero padding the circulant bound is typically
 *   1e-4 - 1e-3 (relative) above sigma_max, so `pinned` is false and the bracket is the proof.
 * Start: the top eigenvector of that circulant (cropped and windowed for zero padding), which
 * needs fewer products than a random vector (169 vs 218 at 64 -> 64 3x3, n = 32); the default
 * whenever the bound is computed.
 */
import { KernelLike, tapCount } from "../core/kernel-tensor";
import { availableParallelism } from "node:os";
import { ConvergenceError, checkOptions, checkInteger, checkFinite, checkOneOf, DomainError, OptionError, ShapeError } from "../core/errors";
import { Padding, convGeometry, makeConvOperator } from "./conv-operator";
import { ZeroPadFftConv, ZeroPadGram, interleave, deinterleave } from "../conv/index";
import { customGrid, evaluateOnGrid, gridPoint, MAX_OUTPUT_NUMBERS } from "../grid/index";
import { lanczosLargest } from "./linalg/lanczos";
import { batchedSpectralNorm } from "./batched";
import { certifiedHermitianBound, circulantStart, embeddingGrid, embeddingSymbol, hermitianMaxEstimates, symbolNorms, type SymbolSamples } from "./circulant-embedding";

export { lanczosLargest } from "./linalg/lanczos";

/**
 * How {@link spectralNorm} computes `T^T T v`: "index" (conv-core index tables), "fft" (circulant
 * embedding, `Lambda` and `Lambda^H` per frequency; zero padding, stride 1), "fft-gram" (the Gram
 * symbol `G = F^H F` per frequency minus the boundary ring, src/conv/zero-pad-gram.ts; zero padding,
 * stride 1), "auto" (the cheapest by multiply-adds, see {@link FFT_PRODUCT_ADVANTAGE}).
 */
export type SpectralNormProduct = "auto" | "index" | "fft" | "fft-gram";
/** The allowed values of {@link ConvSpectralNormOptions.product}. */
export const SPECTRAL_NORM_PRODUCTS: readonly SpectralNormProduct[] = ["auto", "index", "fft", "fft-gram"];

/**
 * Weight of one multiply-add of the "fft-gram" set-up (the lags `R_u`, `(taps^2 + taps) / 2 cout
 * cin^2`) against one of a product when "auto" compares products: measured at 256 -> 256 3x3, n = 8,
 * the set-up runs at about a third of the products' rate (1.44 s for 7.6e8, against 19 ms for 2.9e7).
 */
export const GRAM_SETUP_WEIGHT = 3;

/** Frequencies whose exact symbol norms decide the start of the "fft-gram" product (ranked by power-iteration estimates). */
export const START_CANDIDATES = 16;

/** Products of a typical run at tol 1e-8 (measured 141-174 in bench/spectral-norm.bench.ts): spreads a product's set-up cost when "auto" compares them. */
export const TYPICAL_PRODUCTS = 150;

/**
 * "auto" takes the FFT product when its multiply-add count (`ZeroPadFftConv.gramCost`) is below
 * this fraction of the index tables' `2 cout cin taps prod(n)`: its loops run slower per
 * multiply-add (strided DFT contractions, complex arithmetic) and it is single-threaded.
 */
export const FFT_PRODUCT_ADVANTAGE = 0.6;

/**
 * Default of {@link ConvSpectralNormOptions.bound}: computed when `H * min(cout, cin) <=
 * BOUND_DEFAULT_RATIO * prod(n)` (H = embedding frequencies): the SVDs (`H cout cin min(cout, cin)`
 * work) then cost about what the circulant start saves. Measured on the 2-core machine (default vs
 * bound: false, random start): 64 -> 64 3x3, n = 32 (612 frequencies: on) 37.0 vs 36.6 s under
 * load, 174 vs 226 products; n = 8 (60 frequencies: off) 0.82 vs 0.45 s; 128 -> 128, n = 8: 1.34 vs 1.23 s.
 */
export const BOUND_DEFAULT_RATIO = 40;

/** Options of {@link spectralNorm}. */
export interface ConvSpectralNormOptions {
  /** `[n1..nd]` or `[cin, n1..nd]`. */
  inputShape: readonly number[];
  padding?: Padding;
  stride?: number | readonly number[];
  /** Relative residual target `||A v - theta v|| / theta` (default 1e-8: then sigma is within about tol/2, relative, of a singular value of T). */
  tol?: number;
  /** Maximum number of operator products `T^T T v` (default 2000). */
  maxIter?: number;
  /** Seed of the random start vector (default 0). */
  seed?: number;
  /** Krylov basis size before an explicit restart (default 200: at 64 -> 64 3x3, n = 32 the run then ends without a restart, 169 products against 174 with 160; 200 vectors of 65536 numbers are 105 MB). */
  basisSize?: number;
  /**
   * Start vector (input layout), or "circulant" (the top eigenvector of the circulant embedding, see
   * the file comment; zero / circular padding, stride 1; its frequency is picked from the bound's
   * SVDs or, without the bound, from Lanczos estimates of the symbol norms; with the "fft-gram"
   * product from power estimates of `G = F^H F`, exact norms of {@link START_CANDIDATES} of them and
   * the certified bound when computed) or "random" (seeded Gaussian). Default: "circulant" when the
   * bound is computed (the symbol work is paid already), else
   * "random" (measured at 256 -> 256, n = 8: 129 instead of 141 products, but the estimates cost
   * more than the 12 products saved).
   */
  start?: Float64Array | "circulant" | "random";
  /** Product `T^T T v` (default "auto"; see {@link SPECTRAL_NORM_PRODUCTS}, {@link FFT_PRODUCT_ADVANTAGE}). */
  product?: SpectralNormProduct;
  /**
   * Compute the guaranteed upper bound (zero and circular padding only): one SVD of the `cout x cin`
   * symbol per embedding frequency (default: see {@link BOUND_DEFAULT_RATIO}), or with the
   * "fft-gram" product one Cholesky test of `mu I - G(w)` per frequency (`cin^3 / 6` complex
   * multiply-adds; default when that costs at most about 20 products).
   */
  bound?: boolean;
  /** Threads for the index-table products (default: all cores for large layers, else 1). Results do not depend on it. */
  threads?: number;
}

/** Result of {@link spectralNorm}. */
export interface ConvSpectralNormResult {
  /** sigma_max(T) (dimensionless, the operator 2-norm): the Rayleigh quotient of `vector`, a guaranteed lower value up to round-off. */
  value: number;
  /** `||T^T T v - value^2 v|| / value^2` for the returned unit vector v (explicit product). */
  residual: number;
  /** Number of products `T^T T v` used (including the certificate). */
  iterations: number;
  /** The top right singular vector estimate (unit norm, input layout `[cin, n1..nd]`). */
  vector: Float64Array;
  /** Guaranteed lower value of sigma_max (= value). */
  lower: number;
  /** Guaranteed upper bound on sigma_max (circulant embedding), or null when none was computed (reflect padding, `bound: false`). */
  upper: number | null;
  /** True when `upper - lower <= tol * upper`: value is then proven to be sigma_max to tol. False when the bracket is wider or there is no upper bound. */
  pinned: boolean;
  /** The product used. */
  product: "index" | "fft" | "fft-gram";
}

/**
 * `sigma_max(T) = ||T||_2` of the exact layer (any padding and stride), matrix-free.
 * Cost: about `2 * cout * cin * taps * N` multiply-adds per Lanczos step (N = output positions).
 * Throws ConvergenceError when the residual stays above `tol` after `maxIter` products.
 */
export function spectralNorm(kernel: KernelLike, options: ConvSpectralNormOptions): ConvSpectralNormResult {
  const where = "spectralNorm";
  checkOptions(where, options, ["inputShape", "padding", "stride", "tol", "maxIter", "seed", "basisSize", "start", "product", "bound", "threads"]);
  const g = convGeometry(where, kernel, options);
  const tol = options.tol ?? 1e-8;
  if (typeof tol !== "number" || !(tol > 0) || !Number.isFinite(tol)) throw new DomainError(`${where}: tol must be a positive finite number, got ${tol}`);
  const maxIter = checkInteger(where, "maxIter", options.maxIter ?? 2000, 2);
  const basisSize = checkInteger(where, "basisSize", options.basisSize ?? 200, 2);
  const seed = options.seed ?? 0;
  if (!Number.isFinite(seed)) throw new DomainError(`${where}: seed must be a finite number, got ${seed}`);
  const productChoice = checkOneOf(where, "product", options.product ?? "auto", SPECTRAL_NORM_PRODUCTS);
  const stride1 = g.stride.every((s) => s === 1);
  const embeddable = g.padding === "zero" || g.padding === "circular";
  const { cout, cin, shape } = g.kernel;
  const fftPossible = g.padding === "zero" && stride1;
  if ((productChoice === "fft" || productChoice === "fft-gram") && !fftPossible) throw new OptionError(`${where}: product ${JSON.stringify(productChoice)} needs zero padding and stride 1 (got padding ${JSON.stringify(g.padding)}, stride ${JSON.stringify(g.stride)}); use "index" or "auto"`);
  const N = g.n.reduce((a, b) => a * b, 1);
  const indexCost = 2 * cout * cin * tapCount(shape) * N;
  // the FFT products hold a symbol matrix per frequency, within evaluateOnGrid's MAX_OUTPUT_NUMBERS
  const gramNumbers = fftPossible ? ZeroPadGram.symbolNumbers(cin, shape, g.n) : Infinity; // 2 H cin^2
  const gramFits = gramNumbers <= MAX_OUTPUT_NUMBERS;
  const fftFits = (gramNumbers / cin) * cout <= MAX_OUTPUT_NUMBERS; // Lambda: 2 H cout cin
  // the Gram-symbol product's set-up (the lags R_u) spread over a typical run
  const gramCost = gramFits ? ZeroPadGram.gramCost(cout, cin, shape, g.kernel.origin, g.n) + (GRAM_SETUP_WEIGHT * ZeroPadGram.setupCost(cout, cin, shape)) / TYPICAL_PRODUCTS : Infinity;
  const fftCost = fftFits ? ZeroPadFftConv.gramCost(cout, cin, shape, g.n) : Infinity;
  const product: "index" | "fft" | "fft-gram" = productChoice !== "auto" ? productChoice
    : Math.min(gramCost, fftCost) >= FFT_PRODUCT_ADVANTAGE * indexCost ? "index" : gramCost <= fftCost ? "fft-gram" : "fft";
  const frequencies = embeddable ? embeddingGrid(g.kernel, g.n, g.padding as "zero" | "circular").size : 0;
  // default bound: the Gram symbol's Cholesky proof (H cin^3 / 6 complex multiply-adds) within about
  // 20 products; else the SVDs of F (H cout cin min(cout, cin) work) when about what the start saves
  const boundDefault = product === "fft-gram" ? 4 * frequencies * cin ** 3 / 6 <= 20 * gramCost : embeddable && frequencies * Math.min(cout, cin) <= BOUND_DEFAULT_RATIO * N;
  const bound = options.bound ?? boundDefault;
  if (typeof bound !== "boolean") throw new OptionError(`${where}: bound must be true or false, got ${JSON.stringify(bound)}`);
  // sigma_max is homogeneous in the taps: run on K / unit (unit = power of two near max |K|, an exact
  // rescaling) so that T^T T neither underflows (tiny taps gave a silently wrong value) nor overflows
  let maxAbs = 0;
  for (const v of g.kernel.data) maxAbs = Math.max(maxAbs, Math.abs(v));
  const unit = maxAbs > 0 ? 2 ** Math.round(Math.log2(maxAbs)) : 1;
  const K = unit === 1 ? g.kernel : { ...g.kernel, data: g.kernel.data.map((v) => v / unit) };
  const T = makeConvOperator(unit === 1 ? g : { ...g, kernel: K });
  const startOpt = options.start ?? (bound && embeddable && stride1 ? "circulant" : "random");
  let start: Float64Array | undefined;
  if (typeof startOpt !== "string") {
    if (!(startOpt instanceof Float64Array) || startOpt.length !== T.cols) throw new ShapeError(`${where}: start must be a Float64Array of length ${T.cols}`);
    checkFinite(where, startOpt);
    start = startOpt;
  } else {
    checkOneOf(where, "start", startOpt, ["circulant", "random"]);
    if (startOpt === "circulant" && !(embeddable && stride1)) throw new OptionError(`${where}: start "circulant" needs zero or circular padding and stride 1; pass "random" or a vector`);
  }
  const fft = product === "fft" ? new ZeroPadFftConv(cout, cin, shape, K.origin, g.n, K.data) : null;
  const gram = product === "fft-gram" ? new ZeroPadGram(cout, cin, shape, K.origin, g.n, K.data) : null;
  let upper: number | null = null;
  if (gram && (bound || startOpt === "circulant")) {
    // the Gram symbol G = F^H F on the embedding grid (circulant-embedding.ts): short power
    // iterations rank the frequencies, the exact norms of F at the best START_CANDIDATES pick the
    // start frequency and the trial value of the Cholesky-certified bound, which in turn names any
    // frequency above it
    const source = { count: gram.frequencies, size: cin, matrix: (p: number, out: Float64Array) => void gram.symbolMatrix(p, out) };
    const est = hermitianMaxEstimates(source);
    const candidates = Array.from(est.keys()).sort((p, q) => est[q] - est[p]).slice(0, START_CANDIDATES);
    const pointSamples = (p: number): SymbolSamples => {
      const one = customGrid(Array.from(gridPoint(gram.symbolGrid, p), (w) => [w]));
      return { mats: evaluateOnGrid(K, one, { method: "direct" }), grid: one };
    };
    const mats = new Float64Array(2 * candidates.length * cout * cin);
    candidates.forEach((p, j) => mats.set(pointSamples(p).mats, 2 * j * cout * cin));
    const norms = batchedSpectralNorm(mats, candidates.length, cout, cin, { method: "svd", threads: 1 });
    let pick = 0;
    for (let j = 1; j < norms.length; j++) if (norms[j] > norms[pick]) pick = j;
    let best = candidates[pick];
    if (bound) {
      const cert = certifiedHermitianBound(source, norms[pick] ** 2);
      upper = Math.sqrt(cert.bound) * unit;
      if (cert.largest >= 0) best = cert.largest;
    }
    if (startOpt === "circulant") start = circulantStart(K, pointSamples(best), 0, g.n, true, seed).vector;
  } else if (embeddable && (bound || startOpt === "circulant")) {
    // the embedding's symbol serves the bound and the start; the FFT product already holds it
    const samples: SymbolSamples = fft ? { mats: fft.lambda, grid: fft.symbolGrid } : embeddingSymbol(K, g.n, g.padding as "zero" | "circular");
    const { norms, best } = symbolNorms(K, samples, !bound);
    if (bound) upper = norms[best] * unit;
    if (startOpt === "circulant") start = circulantStart(K, samples, best, g.n, g.padding === "zero", seed).vector;
  }
  // threads: default all cores when one product is large enough (>= 2e6 multiply-adds) to pay
  // for starting workers (~0.1 s) over a run of tens of products
  const work = cout * cin * tapCount(shape) * g.m.reduce((a, b) => a * b, 1);
  const threads = options.threads !== undefined ? checkInteger(where, "threads", options.threads, 1, 64) : work >= 2e6 ? Math.min(availableParallelism(), 8) : 1;
  const par = !fft && !gram && threads > 1 ? T.threaded(threads) : null;
  let res: ReturnType<typeof lanczosLargest>;
  try {
    const op = par ?? T;
    // the FFT products run in their interleaved layout [pos][c] (two transposes fewer per product)
    const interleaved = fft ?? gram;
    const applyGram = interleaved ? (v: Float64Array, out: Float64Array) => interleaved.gramInterleaved(v, out) : (v: Float64Array) => op.applyT(op.apply(v));
    if (interleaved && start) start = interleave(start, cin, N);
    // Lanczos three-term recurrence with local reorthogonalisation: for the extreme eigenvalue the
    // loss of orthogonality only creates harmless copies of converged values, and the explicit
    // final residual guards the result (measured: full reorthogonalisation against up to 160 vectors
    // did not reduce the number of products and cost as much as them at c = 16)
    res = lanczosLargest(applyGram, T.cols, { tol, maxIter, seed, basisSize, start, reorth: "local" });
    if (interleaved) res = { ...res, vector: deinterleave(res.vector, cin, N) };
  } finally {
    par?.dispose();
  }
  if (!(res.residual <= tol)) {
    throw new ConvergenceError(`${where}: Lanczos residual ${res.residual.toExponential(2)} > tol ${tol} after ${res.products} products; raise maxIter or tol`);
  }
  const value = Math.sqrt(Math.max(res.theta, 0)) * unit;
  const pinned = upper !== null && upper - value <= tol * upper;
  return { value, residual: res.residual, iterations: res.products, vector: res.vector, lower: value, upper, pinned, product };
}
