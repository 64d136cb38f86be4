/**
 * Singular values of a kernel's symbol at every point of a frequency grid:
 * `sigma_1(F(w)) >= ... >= sigma_r(F(w))`, r = min(cout, cin), for each grid point w — for the
 * circular grid `2 pi j / n` these are exactly the singular values of the circularly padded layer
 * on an n_1 x ... x n_d input (Sedghi, Gupta & Long, ICLR 2019).
 *
 * Symmetry: kernel taps are real, so `F(-w) = conj F(w)` and `sigma(F(-w)) = sigma(F(w))`. When the
 * grid is closed under `w -> -w` (mod 2 pi; circular and centred uniform grids are), only the half
 * grid (see `halfGrid`) is evaluated and decomposed — about half the work — and the values are
 * copied to the mirrored points. The result is identical to the full computation up to rounding.
 * Memory: the symbol is evaluated in slices of the first grid axis (at most 2^25 numbers, 256 MiB,
 * per slice), so wide layers (c = 512) on large grids do not need the whole batch at once.
 */
import { checkOptions, checkInteger, OptionError } from "../core/errors";
import { asKernel, type KernelLike, type KernelTensor } from "../core/kernel-tensor";
import { evaluateOnGrid, type EvaluationMethod } from "../grid/evaluate";
import { firstAxisSlices, halfGrid, negationIndex, type FrequencyGrid } from "../grid/grids";
import { batchedSingularValues } from "./batched";

export interface SymbolSingularValueOptions {
  /** Use `F(-w) = conj F(w)` to decompose only half the points when the grid allows (default true). */
  useSymmetry?: boolean;
  /** Singular value algorithm, see `batchedSingularValues` (default "bidiagonal"). */
  method?: "bidiagonal" | "gram";
  /** Symbol evaluation method, see `evaluateOnGrid` (default "auto"). */
  evaluation?: EvaluationMethod;
  /** Threads for the batched SVD (default: automatic). */
  threads?: number;
  /** Memory budget: Float64 numbers of symbol matrices evaluated at once (default 2^25 = 256 MiB). */
  sliceNumbers?: number;
}

/** Default memory budget per slice: 2^25 numbers = 256 MiB. */
const SLICE_NUMBERS = 2 ** 25;

/**
 * Singular values on `grid`, evaluating the symbol in slices of the first axis so that memory
 * stays bounded for wide layers (c = 512: 64 matrices of 2 MiB per slice).
 */
function slicedSingularValues(K: KernelTensor, grid: FrequencyGrid, r: number, svdOptions: { method: "bidiagonal" | "gram"; threads?: number }, evalOptions: { method: EvaluationMethod } | undefined, sliceNumbers: number): Float64Array {
  const perPoint = 2 * K.cout * K.cin;
  const inner = grid.size / grid.shape[0];
  const rowsPerSlice = Math.max(1, Math.floor(sliceNumbers / (perPoint * inner)));
  if (rowsPerSlice >= grid.shape[0]) {
    return batchedSingularValues(evaluateOnGrid(K, grid, evalOptions), grid.size, K.cout, K.cin, svdOptions);
  }
  const out = new Float64Array(grid.size * r);
  for (const { grid: sub, offset } of firstAxisSlices(grid, rowsPerSlice)) {
    const F = evaluateOnGrid(K, sub, evalOptions?.method === "fft" ? undefined : evalOptions);
    out.set(batchedSingularValues(F, sub.size, K.cout, K.cin, svdOptions), offset * r);
  }
  return out;
}

function isClosedUnderNegation(grid: FrequencyGrid): boolean {
  return grid.axes.every((ax) => negationIndex(ax).every((j) => j >= 0));
}

/**
 * `grid.size * r` singular values (input units), row p = grid point p in the grid's row-major
 * order, each row descending; r = min(cout, cin).
 */
export function symbolSingularValues(kernel: KernelLike, grid: FrequencyGrid, options?: SymbolSingularValueOptions): Float64Array {
  checkOptions("symbolSingularValues", options, ["useSymmetry", "method", "evaluation", "threads", "sliceNumbers"]);
  const sliceNumbers = checkInteger("symbolSingularValues", "sliceNumbers", options?.sliceNumbers ?? SLICE_NUMBERS, 1);
  const useSymmetry = options?.useSymmetry ?? true;
  if (typeof useSymmetry !== "boolean") throw new OptionError(`symbolSingularValues: useSymmetry must be true or false, got ${JSON.stringify(useSymmetry)}`);
  const K = asKernel("symbolSingularValues", kernel);
  const r = Math.min(K.cout, K.cin);
  const svdOptions: { method: "bidiagonal" | "gram"; threads?: number } = { method: options?.method ?? "bidiagonal", ...(options?.threads !== undefined ? { threads: options.threads } : {}) };
  const evalOptions = options?.evaluation ? { method: options.evaluation } : undefined;
  if (!useSymmetry || !isClosedUnderNegation(grid)) {
    return slicedSingularValues(K, grid, r, svdOptions, evalOptions, sliceNumbers);
  }
  const half = halfGrid(grid);
  const halfValues = slicedSingularValues(K, half, r, svdOptions, evalOptions, sliceNumbers);
  // map each full point to its representative in the half grid (same rule as halfGrid)
  const d = grid.shape.length;
  const negs = grid.axes.map((ax) => negationIndex(ax));
  const nLast = grid.shape[d - 1];
  const negLast = negs[d - 1];
  const keptPos = new Int32Array(nLast).fill(-1);
  let t = 0;
  for (let j = 0; j < nLast; j++) if (negLast[j] >= j) keptPos[j] = t++;
  const outer = grid.size / nLast;
  const out = new Float64Array(grid.size * r);
  const idx = new Array<number>(Math.max(d - 1, 0)).fill(0);
  for (let o = 0; o < outer; o++) {
    // o's mirrored outer index
    let oNeg = 0;
    for (let a = 0; a < d - 1; a++) oNeg = oNeg * grid.shape[a] + negs[a][idx[a]];
    for (let j = 0; j < nLast; j++) {
      const src = keptPos[j] >= 0 ? o * half.shape[d - 1] + keptPos[j] : oNeg * half.shape[d - 1] + keptPos[negLast[j]];
      out.set(halfValues.subarray(src * r, src * r + r), (o * nLast + j) * r);
    }
    for (let a = d - 2; a >= 0; a--) {
      if (++idx[a] < grid.shape[a]) break;
      idx[a] = 0;
    }
  }
  return out;
}
