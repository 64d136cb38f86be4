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
 */
import { checkOptions, OptionError } from "../core/errors";
import { asKernel, type KernelLike } from "../core/kernel-tensor";
import { evaluateOnGrid, type EvaluationMethod } from "../grid/evaluate";
import { halfGrid, negationIndex, type FrequencyGrid } from "../grid/grids";
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
}

function isClosedUnderNegation(grid: FrequencyGrid): boolean {
  return grid.axes.every((ax) => negationIndex(ax).every((j) => j >= 0));
}

/**
 * `grid.size * r` singular values (input units), row p = grid point p in the grid's row-major
 * order, each row descending; r = min(cout, cin).
 */
export function symbolSingularValues(kernel: KernelLike, grid: FrequencyGrid, options?: SymbolSingularValueOptions): Float64Array {
  checkOptions("symbolSingularValues", options, ["useSymmetry", "method", "evaluation", "threads"]);
  const useSymmetry = options?.useSymmetry ?? true;
  if (typeof useSymmetry !== "boolean") throw new OptionError(`symbolSingularValues: useSymmetry must be true or false, got ${JSON.stringify(useSymmetry)}`);
  const K = asKernel("symbolSingularValues", kernel);
  const r = Math.min(K.cout, K.cin);
  const svdOptions = { method: options?.method ?? "bidiagonal", ...(options?.threads !== undefined ? { threads: options.threads } : {}) };
  const evalOptions = options?.evaluation ? { method: options.evaluation } : undefined;
  if (!useSymmetry || !isClosedUnderNegation(grid)) {
    const F = evaluateOnGrid(K, grid, evalOptions);
    return batchedSingularValues(F, grid.size, K.cout, K.cin, svdOptions);
  }
  const half = halfGrid(grid);
  const F = evaluateOnGrid(K, half, evalOptions);
  const halfValues = batchedSingularValues(F, half.size, K.cout, K.cin, svdOptions);
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
