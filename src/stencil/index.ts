export * from "./stencil";
export * from "./named";
export * from "./parametric";
