export * from "./errors";
export * from "./complex";
export * from "./random";
export * from "./kernel-tensor";
