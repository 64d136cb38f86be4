/**
 * Data sets of labelled grey-scale images: what training code consumes (`LabelledImages`) and what
 * every image loader returns, with its provenance (`LabelledImageSet`: `loadDigits` in src/models,
 * `loadFashionMnist` in src/io).
 */
export interface LabelledImages {
  /** `[count][height][width]`, row-major, pixel values scaled into [0, 1]. */
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
