export * from "./real-form";
export * from "./spectral-density";
export * from "./verify";
export * from "./cas";
export * from "./sampling";
export * from "./summary";
