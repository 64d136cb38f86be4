// the one convolution core: index tables, apply / adjoint / kernel gradient, periodic FFT path.
// convOperator (src/spectrum) and parametricConv (src/models) are its public front-ends; the names
// below are for other areas' own layers (e.g. decoders) that need batched products.
export { ConvCore, CORE_DENSE_LIMIT, type ConvCoreSpec } from "./conv-core";
export { PeriodicFftConv } from "./periodic-fft";
export { convGeometry, PADDINGS, OPERATOR_LENGTH_LIMIT, type Padding, type ConvGeometry } from "./geometry";
export { tapSourceTable, type TapGeometry } from "./source-table";
export { applyRows, applyTransposeRows, blockLength, type ConvSizes } from "./kernels";
export { ZeroPadFftConv } from "./zero-pad-fft";
export { mixFrequencies } from "./frequency-mix";
export { ZeroPadGram } from "./zero-pad-gram";
export { interleave, deinterleave } from "./channel-layout";
