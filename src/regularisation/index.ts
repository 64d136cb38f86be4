export { boundGradient, REGULARISER_BOUNDS, type RegulariserBound, type BoundGradient, type BoundGradientOptions } from "./bound-gradient";
export { exactSigmaGradient, type ExactSigmaGradient, type ExactSigmaGradientOptions } from "./exact-sigma-gradient";
export { complexTopSingularPair, realTopSingularPair, type TopSingularPair } from "./top-singular-pair";
export { clipSingularValues, CLIP_SUPPORTS, type ClipSupport, type ClipSingularValuesOptions, type ClippedKernel } from "./singular-value-clipping";
export { SmallResNet, type SmallResNetOptions, type ResNetConvLayer, type ResNetLossGradient } from "./resnet";
