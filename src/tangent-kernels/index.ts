// Tangent kernels (seed 002): CNTK / CGPK, harmonic eigenvalues, decay fits. Explicit export list.
export { arcCosine, ARC_COSINE_ORDERS, ARC_COSINE_SLACK, type ArcCosineOrder, type ArcCosineOptions } from "./arc-cosine";
export {
  convKernel, convKernelGram, convKernelFromCosines, normalizePixels, KERNEL_KINDS, READOUTS, MAX_LAYERS, UNIT_PIXEL_TOLERANCE, GRAM_ENTRY_LIMIT,
  type ConvKernelOptions, type KernelKind, type Readout, type PixelInput, type PixelBatch, type GramMatrix,
} from "./conv-kernel";
export { gaussLegendre, gaussJacobi, gegenbauerRule, sphereAngleRule, sphereNormalisation, MAX_QUADRATURE_NODES, type QuadratureRule, type SphereAngleRule } from "./quadrature";
export { gegenbauerTable, harmonicMultiplicity } from "./harmonics";
export {
  sphereEigenvalues, SPHERE_EIGENVALUE_METHODS, MAX_SPHERE_DEGREE,
  type SphereEigenvalueOptions, type SphereEigenvalueRow, type SphereSpectrum, type SphereEigenvalueMethod,
} from "./sphere-eigenvalues";
export {
  harmonicEigenvalues, harmonicEigenvalueCost, HARMONIC_EIGENVALUE_METHODS, MAX_TENSOR_POINTS, MAX_PROJECTION_MULTIPLY_ADDS, KERNEL_EVALUATIONS_PER_SECOND, PROJECTION_MULTIPLY_ADDS_PER_SECOND,
  type HarmonicEigenvalueOptions, type HarmonicEigenvalueRow, type HarmonicSpectrum, type HarmonicEigenvalueMethod,
} from "./harmonic-eigenvalues";
export { coveringLayer, coveringWidth, receptiveFieldSize, supportOf } from "./receptive-field";
export { fitDecayRate, studentTQuantile, type DecayFit, type DecayFitOptions } from "./decay-fit";
export { predictedDecayExponent, type DecayPrediction, type DecayPredictionOptions } from "./decay-theory";
export { empiricalConvKernel, EMPIRICAL_WORK_LIMIT, type EmpiricalKernelOptions } from "./empirical-kernel";
