/**
 * Sampling a symbol on frequencies for plots and claims: |F|, Re F, Im F, singular values of
 * F(w) (descending) or eigenvalues of a Hermitian symbol, on a line over [-pi, pi] or on the
 * 2-D FFT grid `w_j = 2 pi j / n` (FFT order, the heat-map convention of `src/display/plots.ts`).
 */
import { SingularValueDecomposition, Matrix, EigenvalueDecomposition } from "ml-matrix";
import { DomainError, checkInteger, checkOneOf } from "../core/errors";
import { SpectralDensity } from "./spectral-density";

export type SymbolQuantity = "abs" | "re" | "im" | "singular-values" | "eigenvalues";
const QUANTITIES: readonly SymbolQuantity[] = ["abs", "re", "im", "singular-values", "eigenvalues"];

/** `n` equispaced frequencies from -pi to pi inclusive (radians). */
export function frequencyLine(n = 257): Float64Array {
  checkInteger("frequencyLine", "n", n, 2, 1e6);
  return Float64Array.from({ length: n }, (_, j) => -Math.PI + (2 * Math.PI * j) / (n - 1));
}

/** Real embedding `[[Re, -Im], [Im, Re]]` of a complex rows x cols matrix (interleaved). */
function embed(z: Float64Array, rows: number, cols: number): Matrix {
  const M = new Matrix(2 * rows, 2 * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) {
    const re = z[2 * (i * cols + j)], im = z[2 * (i * cols + j) + 1];
    M.set(i, j, re); M.set(i + rows, j + cols, re); M.set(i + rows, j, im); M.set(i, j + cols, -im);
  }
  return M;
}

/**
 * The chosen quantity at one frequency: one number per entry for "abs"/"re"/"im" (row-major),
 * `min(rows, cols)` singular values, or `rows` eigenvalues (Hermitian symbols only), descending.
 * Singular values / eigenvalues come from ml-matrix on the real embedding (each value appears
 * twice there; every other one is kept).
 */
export function symbolValuesAt(F: SpectralDensity, w: ArrayLike<number>, quantity: SymbolQuantity, values: Readonly<Record<string, number>> = {}): Float64Array {
  const z = F.evaluate(w, values);
  const n = F.rows * F.cols;
  switch (quantity) {
    case "abs": return Float64Array.from({ length: n }, (_, k) => Math.hypot(z[2 * k], z[2 * k + 1]));
    case "re": return Float64Array.from({ length: n }, (_, k) => z[2 * k]);
    case "im": return Float64Array.from({ length: n }, (_, k) => z[2 * k + 1]);
    case "singular-values": {
      const s = new SingularValueDecomposition(embed(z, F.rows, F.cols), { computeLeftSingularVectors: false, computeRightSingularVectors: false }).diagonal;
      s.sort((a, b) => b - a);
      return Float64Array.from({ length: Math.min(F.rows, F.cols) }, (_, k) => s[2 * k]);
    }
    case "eigenvalues": {
      if (!F.hermitian && !F.isHermitian()) throw new DomainError("symbolValuesAt: eigenvalues need a Hermitian symbol (e.g. F.gram()); use \"singular-values\" for F");
      const e = new EigenvalueDecomposition(embed(z, F.rows, F.cols), { assumeSymmetric: true }).realEigenvalues.sort((a, b) => b - a);
      return Float64Array.from({ length: F.rows }, (_, k) => e[2 * k]);
    }
  }
}

/**
 * Samples a 1-D symbol along `ws`: returns one series per component (e.g. per singular value),
 * each of length `ws.length`.
 */
export function sampleSymbol1d(F: SpectralDensity, ws: ArrayLike<number>, quantity: SymbolQuantity = "abs", values: Readonly<Record<string, number>> = {}): Float64Array[] {
  checkOneOf("sampleSymbol1d", "quantity", quantity, QUANTITIES);
  if (F.dim !== 1) throw new DomainError(`sampleSymbol1d: the symbol has ${F.dim} frequency variables; use sampleSymbol2d for 2-D`);
  let out: Float64Array[] | undefined;
  for (let j = 0; j < ws.length; j++) {
    const v = symbolValuesAt(F, [ws[j]], quantity, values);
    if (!out) out = Array.from({ length: v.length }, () => new Float64Array(ws.length));
    v.forEach((x, k) => { out![k][j] = x; });
  }
  return out ?? [];
}

/**
 * Samples component `component` of the quantity on the 2-D FFT grid `w = 2 pi (j1/n1, j2/n2)`,
 * row-major `[j1 * n2 + j2]` — directly usable by `heatmap(values, [n1, n2])`.
 */
export function sampleSymbol2d(F: SpectralDensity, shape: readonly [number, number], quantity: SymbolQuantity = "abs", values: Readonly<Record<string, number>> = {}, component = 0): Float64Array {
  checkOneOf("sampleSymbol2d", "quantity", quantity, QUANTITIES);
  if (F.dim !== 2) throw new DomainError(`sampleSymbol2d: the symbol has ${F.dim} frequency variables, expected 2`);
  const [n1, n2] = shape;
  checkInteger("sampleSymbol2d", "n1", n1, 1, 4096);
  checkInteger("sampleSymbol2d", "n2", n2, 1, 4096);
  const out = new Float64Array(n1 * n2);
  for (let a = 0; a < n1; a++) for (let b = 0; b < n2; b++) {
    out[a * n2 + b] = symbolValuesAt(F, [(2 * Math.PI * a) / n1, (2 * Math.PI * b) / n2], quantity, values)[component];
  }
  return out;
}
