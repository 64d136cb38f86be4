export * from "./tensor";
export { parseNpy, parseNpyHeader, type NpyHeader } from "./npy";
export { readZip, type ZipEntry } from "./zip";
export { parseNpz } from "./npz";
export { parseSafetensors, type SafetensorsFile } from "./safetensors";
export { parseTfjs, checkTfjsManifest, type TfjsWeightGroup, type TfjsWeightSpec } from "./tfjs";
export { loadWeights, resolveWeightsPath, resolveNpmPath, WEIGHT_FORMATS, type WeightFormat, type LoadWeightsOptions } from "./load";
export * from "./conv-kernels";
export { weightsTable } from "./describe";
