export * from "./symbol-bounds";
export * from "./gram-iteration";
export * from "./spectral-norm-bounds";
