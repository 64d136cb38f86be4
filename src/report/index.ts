export * from "./layer-report";
