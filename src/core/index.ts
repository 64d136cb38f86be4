export * from "./errors";
export * from "./complex";
export * from "./random";
export * from "./kernel-tensor";
export type { LabelledImages, LabelledImageSet } from "./labelled-images";
