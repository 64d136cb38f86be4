export * from "./layer-report";
export * from "./random-like";
export * from "./ratio-summary";
