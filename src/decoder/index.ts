// Frequency bottlenecks of convolutional decoders (Tang et al., seed 004; brief 04)
export { featureMap, checkFeatureMap, FEATURE_ENTRY_LIMIT, type FeatureMap } from "./feature-map";
export { spectrumMap, powerSpectrum, magnitudeSpectrum, type SpectrumMap } from "./spectrum-map";
export { frequencyResponse, applyFrequencyResponse, cascadeResponse, RESPONSE_ORIGINS, type ResponseOrigin, type FrequencyResponse, type FrequencyResponseOptions, type ApplyResponseOptions } from "./frequency-response";
export { lowFrequencyFraction, isLowFrequency, type LowFrequencyOptions } from "./low-frequency";
export { windowTransferMatrix, padSpectrum, cropSpectrum, zeroPaddingGain, type AxisWindow, type WindowSpectrumOptions } from "./dirichlet";
export { relu, zeroPad, crop, upsample, nearestUpsampleGain, concatChannels, addMaps, UPSAMPLE_METHODS, type UpsampleMethod, type UpsampleOptions, type ZeroPadOptions } from "./operations";
export { zeroPaddedConvSpectrum, type ZeroPaddedConvOptions } from "./zero-padded-rule";
export { ConvLayer2d, CONV_PADDINGS, type ConvPadding } from "./conv-layer";
export { sequentialDecoder, SequentialDecoder, DECODER_LAYER_KINDS, type DecoderLayerKind, type DecoderConvOptions, type DecoderLayer, type LayerRecord, type ForwardOptions, type RecordedForward } from "./sequential";
export { boxResponse, expectedResponsePower, monteCarloResponsePower, monteCarloPower, secondMomentCascade, type MonteCarloPowerOptions, type RandomKernelOptions, type MonteCarloOptions, type MonteCarloEstimate, type RandomLayerSpec, type MomentCascade } from "./second-moments";
export { readPng, PNG_CHANNELS, type PngChannels, type ReadPngOptions } from "./png";
export { magnitudeCosine } from "./similarity";
export { spectrumHeatmap, SPECTRUM_LAYOUTS, type SpectrumLayout, type SpectrumHeatmapOptions } from "./spectrum-heatmap";
export { loadTfjsModel, TFJS_LAYER_KINDS, type TfjsModel, type TfjsLayer } from "./tfjs-model";
