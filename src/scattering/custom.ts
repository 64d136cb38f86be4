/**
 * "custom": any filters, given as frequency responses on the grid or as spatial taps.
 *
 * Responses: real (S numbers) or interleaved complex (2 S numbers), FFT order, row-major.
 * Taps: a convolution kernel `g` with shape `[k]` or `[k1, k2]` (each k <= the grid's length) and
 * the centred origin `floor((k - 1) / 2)` (README "Conventions"); its response is the symbol
 * `g^(w) = sum_q g_q exp(-i <q, w>)` on the DFT grid, computed with our FFT as the DFT of the taps
 * placed circularly (offset q at index q mod N). Filtering is the circular convolution
 * `(f * g)_t = sum_q g_q f_(t - q)`, whose DFT is `F_k g^_k`.
 * Centre of a filter: its energy-weighted mean |w|. `analytic` (1-D only) is detected: true when
 * every band-pass response vanishes on all w < 0 or on all w > 0.
 */
import { fftn } from "../grid/index";
import { checkFinite, ShapeError } from "../core/index";
import { binRadii, signedIndex, type BankParts } from "./bank";

/** Spatial taps of one filter, row-major, centred origin. */
export interface FilterTaps {
  shape: readonly number[];
  data: ArrayLike<number>;
}

/** A response from real or complex numbers on the grid (validated), as interleaved complex. */
export function responseFrom(where: string, size: readonly number[], r: ArrayLike<number>): Float64Array {
  const S = size.reduce((a, b) => a * b, 1);
  checkFinite(where, r);
  if (r.length === 2 * S) return Float64Array.from(r);
  if (r.length === S) {
    const out = new Float64Array(2 * S);
    for (let k = 0; k < S; k++) out[2 * k] = r[k];
    return out;
  }
  throw new ShapeError(`${where}: a response has ${r.length} numbers; expected ${S} (real) or ${2 * S} (complex) for the grid [${size.join(", ")}]`);
}

/** The response `g^(w) = sum_q g_q exp(-i <q, w>)` of centred taps on the DFT grid of `size`. */
export function tapsResponse(where: string, size: readonly number[], taps: FilterTaps): Float64Array {
  const d = size.length;
  if (!taps || !Array.isArray(taps.shape) || taps.shape.length !== d) {
    throw new ShapeError(`${where}: taps must be { shape, data } with ${d} axes like the grid [${size.join(", ")}], got shape ${JSON.stringify(taps?.shape)}`);
  }
  const k = taps.shape;
  const count = k.reduce((a, b) => a * b, 1);
  k.forEach((ka, a) => {
    if (!Number.isInteger(ka) || ka < 1 || ka > size[a]) throw new ShapeError(`${where}: taps length ${ka} on axis ${a} must be an integer in [1, ${size[a]}]`);
  });
  if (!taps.data || taps.data.length !== count) throw new ShapeError(`${where}: taps.data has ${taps.data?.length} numbers; expected ${count} for shape [${k.join(", ")}]`);
  checkFinite(where, taps.data);
  const S = size.reduce((a, b) => a * b, 1);
  const placed = new Float64Array(2 * S);
  const origin = k.map((ka) => Math.floor((ka - 1) / 2));
  for (let p = 0; p < count; p++) {
    let rest = p;
    let index = 0;
    let stride = 1;
    const pos = new Array<number>(d);
    for (let a = d - 1; a >= 0; a--) {
      pos[a] = rest % k[a];
      rest = (rest - pos[a]) / k[a];
    }
    index = 0;
    stride = 1;
    for (let a = d - 1; a >= 0; a--) {
      const q = pos[a] - origin[a];
      index += (((q % size[a]) + size[a]) % size[a]) * stride;
      stride *= size[a];
    }
    placed[2 * index] += taps.data[p];
  }
  return fftn(placed, size);
}

/** Energy-weighted mean |w| of a response (rad/sample). */
export function responseCentre(size: readonly number[], response: Float64Array): number {
  const radius = binRadii(size);
  let num = 0;
  let den = 0;
  for (let k = 0; k < radius.length; k++) {
    const e = response[2 * k] ** 2 + response[2 * k + 1] ** 2;
    num += e * radius[k];
    den += e;
  }
  return den > 0 ? num / den : 0;
}

export function customParts(size: readonly number[], lowpass: Float64Array, responses: Float64Array[]): BankParts {
  let analytic = false;
  if (size.length === 1) {
    const N = size[0];
    analytic = responses.every((r) => {
      let pos = false;
      let neg = false;
      for (let k = 0; k < N; k++) {
        if (r[2 * k] === 0 && r[2 * k + 1] === 0) continue;
        const s = signedIndex(k, N);
        if (s > 0) pos = true;
        else if (s < 0) neg = true;
      }
      return !(pos && neg);
    });
  }
  return {
    lowpass,
    filters: responses.map((response, i) => ({ label: { name: `g${i}` }, response, centre: responseCentre(size, response) })),
    analytic,
    parameters: { filters: responses.length },
  };
}
