/**
 * Feature maps of this area: `{ shape: [C, H, W], data }`, channel-first, row-major, real
 * (`data[(c * H + m) * W + n]`), the layout of {@link spectrumMap} and of the decoder executors.
 */
import { ShapeError, checkFinite } from "../core/index";

/** A real multi-channel 2-D feature map, `data[(c * H + m) * W + n]`. */
export interface FeatureMap {
  readonly shape: readonly [number, number, number];
  readonly data: Float64Array;
}

/** Largest feature map (entries) this area accepts: 2^26 (512 MiB of float64). */
export const FEATURE_ENTRY_LIMIT = 1 << 26;

/** Validates a feature map (shape of three positive integers, matching finite data); returns it typed. */
export function checkFeatureMap(where: string, x: unknown, name = "feature map"): FeatureMap {
  const f = x as FeatureMap;
  if (!f || typeof f !== "object" || !Array.isArray(f.shape) || f.shape.length !== 3) {
    throw new ShapeError(`${where}: ${name} must be { shape: [C, H, W], data: Float64Array }, got shape ${JSON.stringify((f as { shape?: unknown })?.shape)}`);
  }
  for (const s of f.shape) {
    if (typeof s !== "number" || !Number.isInteger(s) || s < 1) throw new ShapeError(`${where}: ${name} shape ${JSON.stringify(f.shape)} must hold three positive integers`);
  }
  const n = f.shape[0] * f.shape[1] * f.shape[2];
  if (n > FEATURE_ENTRY_LIMIT) throw new ShapeError(`${where}: ${name} has ${n} entries, above the limit ${FEATURE_ENTRY_LIMIT}`);
  if (!(f.data instanceof Float64Array) || f.data.length !== n) {
    throw new ShapeError(`${where}: ${name} of shape ${JSON.stringify(f.shape)} needs a Float64Array of ${n} numbers, got ${(f.data as { length?: number })?.length}`);
  }
  checkFinite(`${where} (${name})`, f.data);
  return f;
}

/** A feature map from its shape and data (validated; data copied into a Float64Array). */
export function featureMap(shape: readonly number[], data: ArrayLike<number>): FeatureMap {
  const f = { shape: [shape[0], shape[1], shape[2]] as [number, number, number], data: Float64Array.from(data) };
  if (!Array.isArray(shape) || shape.length !== 3) throw new ShapeError(`featureMap: shape must be [C, H, W], got ${JSON.stringify(shape)}`);
  return checkFeatureMap("featureMap", f);
}
