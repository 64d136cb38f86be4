export * from "./errors";
export * from "./complex";
export * from "./random";
export * from "./kernel-tensor";
export { standardiseImages, type LabelledImages, type LabelledImageSet, type StandardisedImages } from "./labelled-images";
