/**
 * Cosine similarity of two magnitude spectra, the paper's measure of how well the linear theory
 * predicts a layer with ReLU: `cos = <|A|, |B|> / (||A|| ||B||)` over every channel and frequency,
 * in [0, 1] for magnitudes (1: same shape up to scale).
 */
import { DomainError, ShapeError } from "../core/index";
import { SpectrumMap, checkSpectrumMap } from "./spectrum-map";

/** Cosine similarity of `|a|` and `|b|` (spectrum maps of one shape); DomainError if one is identically 0. */
export function magnitudeCosine(a: SpectrumMap, b: SpectrumMap): number {
  const where = "magnitudeCosine";
  const A = checkSpectrumMap(where, a, "first spectrum"), B = checkSpectrumMap(where, b, "second spectrum");
  if (A.shape.some((s, i) => s !== B.shape[i])) throw new ShapeError(`${where}: shapes [${A.shape.join(", ")}] and [${B.shape.join(", ")}] differ`);
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < A.data.length; i += 2) {
    const x = Math.hypot(A.data[i], A.data[i + 1]), y = Math.hypot(B.data[i], B.data[i + 1]);
    ab += x * y; aa += x * x; bb += y * y;
  }
  if (!(aa > 0 && bb > 0)) throw new DomainError(`${where}: a spectrum is identically zero; the cosine is undefined`);
  return ab / Math.sqrt(aa * bb);
}
