/**
 * Fast Fourier transforms on interleaved complex `Float64Array`s (see `core/complex.ts`), any
 * length >= 1, any number of axes, row-major.
 *
 * Forward: `X_k = sum_j x_j exp(-2 pi i <j, k / n>)` (no scaling);
 * inverse: `x_j = (1 / prod n) sum_k X_k exp(+2 pi i <j, k / n>)` — the numpy convention.
 * Per-length plans (fft.js for powers of two, direct DFT for short odd lengths, Bluestein otherwise)
 * are cached in `fft-plan.ts`.
 */
import type { ComplexArray } from "../core/complex";
import { ShapeError, checkFinite } from "../core/errors";
import { fftPlan } from "./fft-plan";

function checkLength(where: string, n: unknown): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) {
    throw new ShapeError(`${where}: transform length must be a positive integer, got ${String(n)}`);
  }
  return n;
}

function checkShape(where: string, shape: readonly number[]): number {
  if (!Array.isArray(shape) || shape.length === 0) {
    throw new ShapeError(`${where}: shape must be a non-empty list of positive integers, got ${JSON.stringify(shape)}`);
  }
  let size = 1;
  for (const s of shape) size *= checkLength(where, s);
  return size;
}

function checkComplex(where: string, x: ComplexArray, count: number): void {
  if (!(x instanceof Float64Array)) throw new ShapeError(`${where}: input must be an interleaved complex Float64Array`);
  if (x.length !== 2 * count) {
    throw new ShapeError(`${where}: input has ${x.length} numbers; expected 2 * ${count} = ${2 * count} (interleaved re, im)`);
  }
  checkFinite(where, x);
}

/**
 * 1-D DFT of an interleaved complex array of length n = x.length / 2 >= 1 (new array).
 * Forward `X_k = sum_j x_j e^{-2 pi i j k / n}`; `inverse = true` gives `x_j = (1/n) sum_k X_k e^{+2 pi i j k / n}`.
 */
export function fft(x: ComplexArray, inverse = false): ComplexArray {
  if (!(x instanceof Float64Array) || x.length === 0 || x.length % 2 !== 0) {
    throw new ShapeError(`fft: input must be a non-empty interleaved complex Float64Array (even length), got length ${x?.length}`);
  }
  checkFinite("fft", x);
  const n = x.length / 2;
  const out = new Float64Array(2 * n);
  fftPlan(n).run(x, 0, out, 0, inverse);
  return out;
}

/**
 * `batch` independent 1-D DFTs of length `n`, stored one after another (line b at complex
 * offset b * n). Same conventions as {@link fft}. Returns a new array.
 */
export function fftBatch(x: ComplexArray, n: number, batch: number, inverse = false): ComplexArray {
  checkLength("fftBatch", n);
  if (!Number.isInteger(batch) || batch < 0) throw new ShapeError(`fftBatch: batch must be a non-negative integer, got ${batch}`);
  checkComplex("fftBatch", x, n * batch);
  const out = new Float64Array(x.length);
  const plan = fftPlan(n);
  for (let b = 0; b < batch; b++) plan.run(x, 2 * b * n, out, 2 * b * n, inverse);
  return out;
}

/**
 * Transforms `data` (interleaved complex, row-major `shape`) in place along `axis`. When
 * `innerLimit` is given, only lines whose position along the last axis is < innerLimit are
 * transformed (used by the real-input path, which fills the other half by symmetry).
 */
export function transformAxisInPlace(
  data: Float64Array,
  shape: readonly number[],
  axis: number,
  inverse: boolean,
  innerLimit?: number,
): void {
  const n = shape[axis];
  if (n === 1) return;
  let stride = 1;
  for (let a = axis + 1; a < shape.length; a++) stride *= shape[a];
  let outer = 1;
  for (let a = 0; a < axis; a++) outer *= shape[a];
  const plan = fftPlan(n);
  if (stride === 1) {
    for (let o = 0; o < outer; o++) {
      // a line of zeros transforms to zeros: skip it (band-limited spectra, e.g. one filter's band, are mostly such lines)
      const start = 2 * o * n;
      const end = start + 2 * n;
      let k = start;
      while (k < end && data[k] === 0) k++;
      if (k < end) plan.run(data, start, data, start, inverse);
    }
    return;
  }
  const lastSize = shape[shape.length - 1];
  const limit = Math.min(innerLimit ?? lastSize, lastSize);
  // Strided lines are gathered COLUMN_BLOCK at a time: for each j the block reads 2 * COLUMN_BLOCK
  // consecutive numbers, so every cache line fetched is used (one line at a time used 16 of its 64 bytes).
  const block = scratchBlock(2 * n * COLUMN_BLOCK);
  for (let o = 0; o < outer; o++) {
    const base = o * n * stride;
    // lines t with t mod lastSize < limit, in runs of consecutive t
    for (let run = 0; run < stride; run += lastSize) {
      for (let t0 = run; t0 < run + limit; t0 += COLUMN_BLOCK) {
        const width = Math.min(COLUMN_BLOCK, run + limit - t0);
        for (let j = 0; j < n; j++) {
          let src = 2 * (base + j * stride + t0);
          let dst = 2 * j;
          for (let b = 0; b < width; b++, src += 2, dst += 2 * n) {
            block[dst] = data[src];
            block[dst + 1] = data[src + 1];
          }
        }
        for (let b = 0; b < width; b++) plan.run(block, 2 * b * n, block, 2 * b * n, inverse);
        for (let j = 0; j < n; j++) {
          let dst = 2 * (base + j * stride + t0);
          let src = 2 * j;
          for (let b = 0; b < width; b++, dst += 2, src += 2 * n) {
            data[dst] = block[src];
            data[dst + 1] = block[src + 1];
          }
        }
      }
    }
  }
}

/** Strided lines gathered per block in {@link transformAxisInPlace} (16 complex numbers = 4 cache lines per row). */
const COLUMN_BLOCK = 16;
let blockBuffer = new Float64Array(0);
/** One scratch buffer reused across calls (transforms are synchronous, so no two calls share it at once). */
function scratchBlock(length: number): Float64Array {
  if (blockBuffer.length < length) blockBuffer = new Float64Array(length);
  return blockBuffer;
}

/**
 * N-D DFT of an interleaved complex array laid out row-major with `shape = [n1, ..., nd]`:
 * `X_k = sum_j x_j exp(-2 pi i sum_a j_a k_a / n_a)`; `inverse` includes `1 / prod n_a`.
 * Separable: one batch of 1-D transforms per axis. Returns a new array.
 */
export function fftn(x: ComplexArray, shape: readonly number[], inverse = false): ComplexArray {
  const size = checkShape("fftn", shape);
  checkComplex("fftn", x, size);
  const out = x.slice(); // (Float64Array.from goes through the iterator protocol: several times slower)
  for (let a = shape.length - 1; a >= 0; a--) transformAxisInPlace(out, shape, a, inverse);
  return out;
}

/**
 * N-D DFT of a REAL array (row-major `shape`), returning the FULL complex spectrum (same layout
 * as {@link fftn} of the real input). Fast path: pairs of real lines along the last axis share
 * one complex FFT (`z = a + i b`, `A_k = (Z_k + conj Z_{-k}) / 2`, `B_k = (Z_k - conj Z_{-k}) / 2i`);
 * the other axes are transformed only for last-axis frequencies `k <= n_last / 2`; the rest is
 * filled from Hermitian symmetry `X_{-k} = conj X_k` of real input (1-D input: one complex FFT).
 * Measured 1.5-1.8x faster than {@link fftn} on 512 x 512 and 64 x 64 x 32 real arrays.
 */
export function rfftn(x: Float64Array, shape: readonly number[]): ComplexArray {
  const size = checkShape("rfftn", shape);
  if (!(x instanceof Float64Array) || x.length !== size) {
    throw new ShapeError(`rfftn: input must be a real Float64Array of ${size} = ${shape.join("*")} numbers, got ${x?.length}`);
  }
  checkFinite("rfftn", x);
  const d = shape.length;
  const nLast = shape[d - 1];
  const lines = size / nLast;
  const half = Math.floor(nLast / 2) + 1; // last-axis frequencies 0..floor(n/2) are computed
  const out = new Float64Array(2 * size);
  const plan = fftPlan(nLast);
  if (lines === 1) {
    // a single real line has no partner to pack with: one complex FFT is already the cheapest
    for (let j = 0; j < nLast; j++) out[2 * j] = x[j];
    plan.run(out, 0, out, 0, false);
    return out;
  }
  const z = new Float64Array(2 * nLast);
  for (let l = 0; l < lines; l += 2) {
    const hasPair = l + 1 < lines;
    const offA = l * nLast;
    const offB = offA + nLast;
    for (let j = 0; j < nLast; j++) {
      z[2 * j] = x[offA + j];
      z[2 * j + 1] = hasPair ? x[offB + j] : 0;
    }
    plan.run(z, 0, z, 0, false);
    for (let k = 0; k < half; k++) {
      const km = k === 0 ? 0 : nLast - k;
      const zr = z[2 * k];
      const zi = z[2 * k + 1];
      const wr = z[2 * km];
      const wi = -z[2 * km + 1]; // conj Z_{-k}
      out[2 * (offA + k)] = 0.5 * (zr + wr);
      out[2 * (offA + k) + 1] = 0.5 * (zi + wi);
      if (hasPair) {
        // (Z_k - conj Z_{-k}) / (2i) = (im part, -re part) / 2
        out[2 * (offB + k)] = 0.5 * (zi - wi);
        out[2 * (offB + k) + 1] = -0.5 * (zr - wr);
      }
    }
  }
  for (let a = d - 2; a >= 0; a--) transformAxisInPlace(out, shape, a, false, half);
  // fill last-axis frequencies k > n/2 with conj X[-k'] (negation of every index mod n), one line
  // at a time: line l (leading indices j') mirrors line l' (indices -j' mod n)
  if (half < nLast) {
    const lead = shape.slice(0, d - 1);
    const idx = new Array<number>(d - 1).fill(0);
    for (let l = 0; l < lines; l++) {
      let lm = 0;
      for (let a = 0; a < d - 1; a++) lm = lm * lead[a] + (idx[a] === 0 ? 0 : lead[a] - idx[a]);
      const dst = 2 * l * nLast;
      const src = 2 * lm * nLast;
      for (let k = half; k < nLast; k++) {
        const km = nLast - k;
        out[dst + 2 * k] = out[src + 2 * km];
        out[dst + 2 * k + 1] = -out[src + 2 * km + 1];
      }
      for (let a = d - 2; a >= 0; a--) {
        if (++idx[a] < lead[a]) break;
        idx[a] = 0;
      }
    }
  }
  return out;
}

function shiftAxes(where: string, x: Float64Array, shape: readonly number[], amount: (n: number) => number): Float64Array {
  const size = checkShape(where, shape);
  if (!(x instanceof Float64Array)) throw new ShapeError(`${where}: input must be a Float64Array`);
  let width: number;
  if (x.length === size) width = 1;
  else if (x.length === 2 * size) width = 2;
  else throw new ShapeError(`${where}: input has ${x.length} numbers; expected ${size} (real) or ${2 * size} (complex) for shape [${shape.join(", ")}]`);
  const d = shape.length;
  const out = new Float64Array(x.length);
  const idx = new Array<number>(d).fill(0);
  const shifts = shape.map(amount);
  for (let p = 0; p < size; p++) {
    let q = 0;
    for (let a = 0; a < d; a++) {
      let j = idx[a] + shifts[a];
      if (j >= shape[a]) j -= shape[a];
      q = q * shape[a] + j;
    }
    for (let c = 0; c < width; c++) out[width * q + c] = x[width * p + c];
    for (let a = d - 1; a >= 0; a--) {
      if (++idx[a] < shape[a]) break;
      idx[a] = 0;
    }
  }
  return out;
}

/**
 * Moves the zero frequency to the centre along every axis (numpy's `fftshift`):
 * `out[(j + floor(n/2)) mod n] = x[j]`. Accepts real (length prod shape) or interleaved complex
 * (length 2 prod shape) arrays; returns a new array of the same kind.
 */
export function fftshift(x: Float64Array, shape: readonly number[]): Float64Array {
  return shiftAxes("fftshift", x, shape, (n) => Math.floor(n / 2));
}

/** Inverse of {@link fftshift} (differs for odd lengths): `out[(j + ceil(n/2)) mod n] = x[j]`. */
export function ifftshift(x: Float64Array, shape: readonly number[]): Float64Array {
  return shiftAxes("ifftshift", x, shape, (n) => Math.ceil(n / 2));
}
