/**
 * One-dimensional FFT plans, cached per length. A plan transforms one interleaved complex line
 * `[re0, im0, re1, im1, ...]` of length n (2n numbers) from `src[srcOff..]` into `dst[dstOff..]`.
 *
 * Forward: `X_k = sum_j x_j exp(-2 pi i j k / n)`; inverse: `x_j = (1/n) sum_k X_k exp(+2 pi i j k / n)`.
 *
 * Algorithms by length (why: fft.js is the fastest pure-JS radix-4 code but only does powers of two):
 * - n = 1: identity;
 * - n a power of two: fft.js 4.0.4 (`transform` / `inverseTransform`, the latter includes 1/n);
 * - n <= {@link DIRECT_DFT_MAX_LENGTH}, not a power of two: direct O(n^2) sum with a cached
 *   twiddle table (cheaper than Bluestein's three length-m FFTs at these sizes);
 * - otherwise Bluestein's chirp-z algorithm: `jk = (j^2 + k^2 - (k - j)^2) / 2` turns the DFT into
 *   a circular convolution of length m = next power of two >= 2n - 1, done with fft.js.
 */
// fft.js ships no type declarations; this is the subset of its API used here.
interface FftJsInstance {
  transform(out: ArrayLike<number>, data: ArrayLike<number>): void;
  inverseTransform(out: ArrayLike<number>, data: ArrayLike<number>): void;
  realTransform(out: ArrayLike<number>, data: ArrayLike<number>): void;
  completeSpectrum(spectrum: ArrayLike<number>): void;
}
type FftJsConstructor = new (size: number) => FftJsInstance;
// eslint-disable-next-line @typescript-eslint/no-var-requires
const FFTJS: FftJsConstructor = require("fft.js");

/** Lengths up to this (that are not powers of two) use the direct O(n^2) DFT. */
export const DIRECT_DFT_MAX_LENGTH = 16;

/** A cached transform of one fixed length. */
export interface FftPlan {
  readonly n: number;
  /** Transforms the line at `src[srcOff .. srcOff + 2n)` into `dst[dstOff .. dstOff + 2n)`; `src` and `dst` may be the same array. */
  run(src: Float64Array, srcOff: number, dst: Float64Array, dstOff: number, inverse: boolean): void;
}

export function isPowerOfTwo(n: number): boolean {
  return n >= 1 && (n & (n - 1)) === 0;
}

function nextPowerOfTwo(n: number): number {
  let m = 1;
  while (m < n) m *= 2;
  return m;
}

class IdentityPlan implements FftPlan {
  readonly n = 1;
  run(src: Float64Array, srcOff: number, dst: Float64Array, dstOff: number): void {
    dst[dstOff] = src[srcOff];
    dst[dstOff + 1] = src[srcOff + 1];
  }
}

class PowerOfTwoPlan implements FftPlan {
  private readonly fft: FftJsInstance;
  private readonly inBuf: Float64Array;
  private readonly outBuf: Float64Array;
  constructor(readonly n: number) {
    this.fft = new FFTJS(n);
    this.inBuf = new Float64Array(2 * n);
    this.outBuf = new Float64Array(2 * n);
  }
  run(src: Float64Array, srcOff: number, dst: Float64Array, dstOff: number, inverse: boolean): void {
    const len = 2 * this.n;
    // fft.js reads/writes whole buffers from index 0, so copy through scratch lines
    this.inBuf.set(src.subarray(srcOff, srcOff + len));
    if (inverse) this.fft.inverseTransform(this.outBuf, this.inBuf);
    else this.fft.transform(this.outBuf, this.inBuf);
    dst.set(this.outBuf, dstOff);
  }
  /** Direct access for callers that already hold data in scratch-sized buffers. */
  transformBuffers(out: Float64Array, data: Float64Array, inverse: boolean): void {
    if (inverse) this.fft.inverseTransform(out, data);
    else this.fft.transform(out, data);
  }
}

class DirectPlan implements FftPlan {
  /** cos / sin of 2 pi r / n for r = 0..n-1. */
  private readonly cosTable: Float64Array;
  private readonly sinTable: Float64Array;
  private readonly buf: Float64Array;
  constructor(readonly n: number) {
    this.cosTable = new Float64Array(n);
    this.sinTable = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      this.cosTable[r] = Math.cos((2 * Math.PI * r) / n);
      this.sinTable[r] = Math.sin((2 * Math.PI * r) / n);
    }
    this.buf = new Float64Array(2 * n);
  }
  run(src: Float64Array, srcOff: number, dst: Float64Array, dstOff: number, inverse: boolean): void {
    const n = this.n;
    const sign = inverse ? 1 : -1;
    const scale = inverse ? 1 / n : 1;
    const buf = this.buf;
    for (let k = 0; k < n; k++) {
      let re = 0;
      let im = 0;
      let r = 0; // (j * k) mod n, kept exact by integer stepping
      for (let j = 0; j < n; j++) {
        const c = this.cosTable[r];
        const s = sign * this.sinTable[r];
        const xr = src[srcOff + 2 * j];
        const xi = src[srcOff + 2 * j + 1];
        re += xr * c - xi * s;
        im += xr * s + xi * c;
        r += k;
        if (r >= n) r -= n;
      }
      buf[2 * k] = re * scale;
      buf[2 * k + 1] = im * scale;
    }
    dst.set(buf, dstOff);
  }
}

class BluesteinPlan implements FftPlan {
  private readonly m: number;
  private readonly inner: PowerOfTwoPlan;
  /** chirp c_j = exp(-i pi j^2 / n), j = 0..n-1. */
  private readonly chirp: Float64Array;
  /** FFT_m of the filter b_j = conj(c_|j|) laid out circularly. */
  private readonly filterSpectrum: Float64Array;
  private readonly a: Float64Array;
  private readonly spec: Float64Array;
  constructor(readonly n: number) {
    const m = nextPowerOfTwo(2 * n - 1);
    this.m = m;
    this.inner = new PowerOfTwoPlan(m);
    this.chirp = new Float64Array(2 * n);
    for (let j = 0; j < n; j++) {
      // j^2 mod 2n keeps the angle small and exact (j^2 itself loses digits for large j)
      const r = (j * j) % (2 * n);
      const angle = (Math.PI * r) / n;
      this.chirp[2 * j] = Math.cos(angle);
      this.chirp[2 * j + 1] = -Math.sin(angle);
    }
    const b = new Float64Array(2 * m);
    for (let j = 0; j < n; j++) {
      b[2 * j] = this.chirp[2 * j];
      b[2 * j + 1] = -this.chirp[2 * j + 1];
      if (j > 0) {
        b[2 * (m - j)] = this.chirp[2 * j];
        b[2 * (m - j) + 1] = -this.chirp[2 * j + 1];
      }
    }
    this.filterSpectrum = new Float64Array(2 * m);
    this.inner.transformBuffers(this.filterSpectrum, b, false);
    this.a = new Float64Array(2 * m);
    this.spec = new Float64Array(2 * m);
  }
  run(src: Float64Array, srcOff: number, dst: Float64Array, dstOff: number, inverse: boolean): void {
    const { n, a, spec, chirp, filterSpectrum } = this;
    // inverse via conjugation: ifft(x) = conj(fft(conj x)) / n
    const conjSign = inverse ? -1 : 1;
    a.fill(0);
    for (let j = 0; j < n; j++) {
      const xr = src[srcOff + 2 * j];
      const xi = conjSign * src[srcOff + 2 * j + 1];
      const cr = chirp[2 * j];
      const ci = chirp[2 * j + 1];
      a[2 * j] = xr * cr - xi * ci;
      a[2 * j + 1] = xr * ci + xi * cr;
    }
    this.inner.transformBuffers(spec, a, false);
    for (let k = 0; k < this.m; k++) {
      const sr = spec[2 * k];
      const si = spec[2 * k + 1];
      const fr = filterSpectrum[2 * k];
      const fi = filterSpectrum[2 * k + 1];
      spec[2 * k] = sr * fr - si * fi;
      spec[2 * k + 1] = sr * fi + si * fr;
    }
    this.inner.transformBuffers(a, spec, true);
    const scale = inverse ? 1 / n : 1;
    for (let k = 0; k < n; k++) {
      const yr = a[2 * k];
      const yi = a[2 * k + 1];
      const cr = chirp[2 * k];
      const ci = chirp[2 * k + 1];
      dst[dstOff + 2 * k] = scale * (yr * cr - yi * ci);
      dst[dstOff + 2 * k + 1] = conjSign * scale * (yr * ci + yi * cr);
    }
  }
}

const planCache = new Map<number, FftPlan>();

/** The cached plan for length `n` (a positive integer; validated by the callers). */
export function fftPlan(n: number): FftPlan {
  let plan = planCache.get(n);
  if (!plan) {
    if (n === 1) plan = new IdentityPlan();
    else if (isPowerOfTwo(n)) plan = new PowerOfTwoPlan(n);
    else if (n <= DIRECT_DFT_MAX_LENGTH) plan = new DirectPlan(n);
    else plan = new BluesteinPlan(n);
    planCache.set(n, plan);
  }
  return plan;
}
