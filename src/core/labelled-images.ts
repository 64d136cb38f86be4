/**
 * Data sets of labelled grey-scale images: what training code consumes (`LabelledImages`) and what
 * every image loader returns, with its provenance (`LabelledImageSet`: `loadDigits` in src/models,
 * `loadFashionMnist` in src/io).
 */
import { DomainError, ShapeError } from "./errors";

export interface LabelledImages {
  /** `[count][height][width]`, row-major; loaders scale pixels into [0, 1], {@link standardiseImages} to mean 0, sd 1. */
  readonly images: Float64Array;
  readonly labels: Uint8Array;
  readonly count: number;
  readonly height: number;
  readonly width: number;
}

/** Labelled images as a loader returns them, with the data's provenance and licence. */
export interface LabelledImageSet extends LabelledImages {
  readonly source: string;
  readonly licence: string;
}

/** Result of {@link standardiseImages}: the sets rescaled, and the statistics used. */
export interface StandardisedImages<T extends LabelledImages> {
  sets: T[];
  /** Mean and standard deviation of the reference set's pixels (pixel units). */
  mean: number;
  sd: number;
}

/**
 * Standardises pixels with the statistics of the first (training) set only, so that no test
 * information leaks into training: `x -> (x - m) / s`, `m` the mean and `s` the population standard
 * deviation of every pixel of `sets[0]`. Returns copies (inputs untouched); a constant reference set
 * (s = 0) is a DomainError.
 */
export function standardiseImages<T extends LabelledImages>(...sets: T[]): StandardisedImages<T> {
  if (sets.length === 0) throw new ShapeError("standardiseImages: need at least one set of images");
  const ref = sets[0].images;
  let m = 0;
  for (const v of ref) m += v;
  m /= ref.length;
  let s = 0;
  for (const v of ref) s += (v - m) ** 2;
  s = Math.sqrt(s / ref.length);
  if (!(s > 0) || !Number.isFinite(s)) throw new DomainError(`standardiseImages: the reference set's pixels have standard deviation ${s}; need a finite s > 0`);
  return { sets: sets.map((d) => ({ ...d, images: d.images.map((v) => (v - m) / s) })), mean: m, sd: s };
}
