/**
 * Signals accepted by the scattering functions: a `Float64Array` (1-D, real) or
 * `{ shape: [N] | [N1, N2], data, complex? }` with `data` real (prod shape numbers) or interleaved
 * complex (2 prod shape numbers; `complex: true` may say so explicitly). Validated once here.
 */
import { checkFinite, DomainError, ShapeError } from "../core/index";

export type ScatteringSignal = Float64Array | { shape: readonly number[]; data: ArrayLike<number>; complex?: boolean };

/** A validated signal: its shape, its samples and whether they are complex (interleaved). */
export interface NormalisedSignal {
  shape: number[];
  samples: number;
  complex: boolean;
  data: Float64Array;
}

export function normaliseSignal(where: string, signal: ScatteringSignal): NormalisedSignal {
  let shape: number[];
  let data: ArrayLike<number>;
  let complexFlag: boolean | undefined;
  if (signal instanceof Float64Array) {
    shape = [signal.length];
    data = signal;
  } else if (signal && typeof signal === "object" && Array.isArray((signal as { shape: unknown }).shape)) {
    shape = [...signal.shape];
    data = signal.data;
    complexFlag = signal.complex;
  } else {
    throw new ShapeError(`${where}: signal must be a Float64Array (1-D) or { shape: [N] | [N1, N2], data }`);
  }
  if (shape.length !== 1 && shape.length !== 2) throw new ShapeError(`${where}: signal shape must have 1 or 2 axes, got [${shape.join(", ")}]`);
  for (const n of shape) {
    if (!Number.isInteger(n) || n < 1) throw new ShapeError(`${where}: signal shape must hold positive integers, got [${shape.join(", ")}] (an empty signal has no energy to propagate)`);
  }
  if (!data || typeof data.length !== "number") throw new ShapeError(`${where}: signal.data must be an array of numbers`);
  if (data.length === 0) throw new ShapeError(`${where}: the signal is empty`);
  const samples = shape.reduce((a, b) => a * b, 1);
  let complex: boolean;
  if (data.length === samples && complexFlag !== true) complex = false;
  else if (data.length === 2 * samples && complexFlag !== false) complex = true;
  else {
    throw new ShapeError(`${where}: signal.data has ${data.length} numbers; expected ${samples} (real) or ${2 * samples} (complex, interleaved) for shape [${shape.join(", ")}]${complexFlag === undefined ? "" : ` with complex = ${complexFlag}`}`);
  }
  try {
    checkFinite(where, data);
  } catch (e) {
    throw new DomainError(`${where}: signal ${(e as Error).message.replace(`${where}: `, "")}`);
  }
  return { shape, samples, complex, data: Float64Array.from(data) };
}
