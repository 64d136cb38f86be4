export { FilterBank, BANK_KINDS, type BankKind, type BankFilter, type FilterLabel, type LittlewoodPaley } from "./bank";
export { filterBank, MAX_BANK_SAMPLES, type FilterBankOptions } from "./filter-bank";
export type { FilterTaps } from "./custom";
export type { ScatteringSignal } from "./signal";
export {
  scatteringEnergy,
  NONLINEARITIES,
  PATH_RULES,
  MAX_SCATTERING_PATHS,
  type Nonlinearity,
  type PathRule,
  type ScatteringOptions,
  type ScatteringLayer,
  type ScatteringResult,
} from "./propagation";
export {
  decayBound,
  decayRadius,
  layersNeeded,
  measuredLayersNeeded,
  twoToneSecondLayer,
  DECAY_RATES,
  DECAY_BASES,
  type DecayRate,
  type DecayOptions,
  type DecayBoundResult,
  type LayersNeeded,
} from "./decay";
