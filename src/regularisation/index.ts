export { boundGradient, REGULARISER_BOUNDS, type RegulariserBound, type BoundGradient, type BoundGradientOptions } from "./bound-gradient";
export { exactSigmaGradient, type ExactSigmaGradient, type ExactSigmaGradientOptions } from "./exact-sigma-gradient";
export { complexTopSingularPair, realTopSingularPair, type TopSingularPair } from "./top-singular-pair";
export { clipSingularValues, CLIP_SUPPORTS, type ClipSupport, type ClipSingularValuesOptions, type ClippedKernel } from "./singular-value-clipping";
export { SmallResNet, type SmallResNetOptions, type ResNetConvLayer, type ResNetLossGradient } from "./resnet";
export { createOptimiser, OPTIMISER_KINDS, type OptimiserKind, type OptimiserOptions, type Optimiser } from "./optimiser";
export { trainRegularised, networkSpectralSummary, conditionName, REGULARISATION_KINDS, type RegularisationKind, type Regularisation, type RegularisedTrainingOptions, type EpochRecord, type RegularisedRun } from "./training";
export { summariseStudy, compareWithBaseline, meanInterval, studentT975, StudySummary, type RunRecord, type ConditionSummary, type Interval, type PairedComparison, type RatioInterval } from "./study";
export { loadRegularisationStudy, hasRegularisationStudy, defaultStudyDir, type RegularisationStudy, type LoadRegularisationStudyOptions } from "./study-file";
