// numeric B: exact conv operators, singular values, spectral norm, spectrum errors
export * from "./conv-operator";
export * from "./singular-values";
export * from "./spectral-norm";
export * from "./spectrum-errors";
// numeric A: batched small-matrix linear algebra, singular values of a symbol on a grid
export { batchedGram, batchedHermitianEigenvalues, batchedSingularValues, batchedSpectralNorm, type ThreadOptions, type SingularValueOptions, type SpectralNormOptions } from "./batched";
export { symbolSingularValues, type SymbolSingularValueOptions } from "./batched-grid";
export { shutdownWorkers } from "./workers";
