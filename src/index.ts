/**
 * convspec: spectral analysis of convolutional networks.
 * Pipeline: stencil -> symbol -> grid -> spectrum -> bounds, with display, io, models, report beside it.
 */
export * from "./core/index";
export * from "./core/operator";
export * from "./conv/index";
export * from "./algebra/index";
export * from "./stencil/index";
export * from "./symbol/index";
export * from "./grid/index";
export * from "./spectrum/index";
export * from "./bounds/index";
export * from "./models/index";
export * from "./io/index";
export * from "./report/index";
export * from "./display/index";
export * from "./site/index";
export * from "./decoder/index";
export * from "./regularisation/index";
export * from "./scattering/index";
export * from "./tangent-kernels/index";
