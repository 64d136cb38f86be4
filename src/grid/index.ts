export { fft, fftn, rfftn, fftBatch, fftshift, ifftshift } from "./fft";
export { circularGrid, sineGrid, uniformGrid, customGrid, gridPoint, gridPoints, gridWeightTotal, halfGrid, firstAxisSlices, type FrequencyGrid } from "./grids";
export { evaluateOnGrid, MAX_OUTPUT_NUMBERS, type EvaluateOptions, type EvaluationMethod } from "./evaluate";
