export { fft, fftn, rfftn, fftBatch, fftshift, ifftshift } from "./fft";
export { circularGrid, sineGrid, uniformGrid, customGrid, gridPoint, gridPoints, gridWeightTotal, halfGrid, firstAxisSlices, type FrequencyGrid } from "./grids";
export { evaluateOnGrid, type EvaluateOptions, type EvaluationMethod } from "./evaluate";
