/**
 * How zero padding and cropping mix frequencies: exact Dirichlet-kernel transfer matrices.
 *
 * A window copies `L` samples of a length-`n_from` signal, starting at `o_from`, into a length-`n_to`
 * signal at `o_to` (zeros elsewhere). With DFTs `X_k = sum_j x_j exp(-2 pi i j k / n)` the output
 * spectrum is `Y = A X` with the per-axis matrix
 *   `A[k, l] = (1 / n_from) sum_{m=0}^{L-1} exp(2 pi i l (m + o_from) / n_from) exp(-2 pi i k (m + o_to) / n_to)`,
 * a sampled, phase-shifted Dirichlet kernel `D_L(x) = sum_{m<L} exp(2 pi i m x)` at
 * `x = l / n_from - k / n_to`. Zero padding `M -> M'` is `(n_from, n_to, L) = (M, M', M)`; cropping
 * `M' -> M` is `(M', M, M)`. In 2-D the matrix is the Kronecker product of the two axes' ones.
 * In particular the padded map's spectrum at `(u, v)` receives `G^(00) tau_uv / (M N)` from DC, with
 * `tau_uv = D_M(-u/M') D_N(-v/N')`, `|tau_uv| = |sin(M u pi / M') sin(N v pi / N')| / |sin(u pi / M') sin(v pi / N')|`.
 */
import { DomainError, ShapeError, checkInteger, checkOptions } from "../core/index";
import { SpectrumMap, checkSpectrumMap } from "./spectrum-map";

/** A window on one axis: `length` samples from `fromOffset` of a length-`from` signal to `toOffset` of a length-`to` signal. */
export interface AxisWindow {
  from: number;
  to: number;
  length: number;
  fromOffset?: number;
  toOffset?: number;
}

/** The `to x from` complex matrix A of the file comment (row-major, interleaved). */
export function windowTransferMatrix(w: AxisWindow): Float64Array {
  const where = "windowTransferMatrix";
  const nf = checkInteger(where, "from", w.from, 1), nt = checkInteger(where, "to", w.to, 1), L = checkInteger(where, "length", w.length, 1);
  const of = checkInteger(where, "fromOffset", w.fromOffset ?? 0, 0), ot = checkInteger(where, "toOffset", w.toOffset ?? 0, 0);
  if (of + L > nf || ot + L > nt) throw new ShapeError(`${where}: a window of ${L} samples at ${of} -> ${ot} does not fit ${nf} -> ${nt}`);
  const A = new Float64Array(2 * nt * nf);
  for (let k = 0; k < nt; k++) for (let l = 0; l < nf; l++) {
    let re = 0, im = 0;
    for (let m = 0; m < L; m++) {
      // exact integer reduction of the phases keeps the matrix exact to round-off
      const a = (2 * Math.PI * ((l * (m + of)) % nf)) / nf - (2 * Math.PI * ((k * (m + ot)) % nt)) / nt;
      re += Math.cos(a);
      im += Math.sin(a);
    }
    A[2 * (k * nf + l)] = re / nf;
    A[2 * (k * nf + l) + 1] = im / nf;
  }
  return A;
}

/** `Y_c = A_1 X_c A_2^T` for every channel (complex), A_a of size `to_a x from_a`. */
function applySeparable(X: Float64Array, C: number, M: number, N: number, A1: Float64Array, M2: number, A2: Float64Array, N2: number): Float64Array {
  const tmp = new Float64Array(2 * M * N2);
  const out = new Float64Array(2 * C * M2 * N2);
  for (let c = 0; c < C; c++) {
    tmp.fill(0);
    const base = 2 * c * M * N;
    for (let m = 0; m < M; m++) for (let k = 0; k < N2; k++) {
      let re = 0, im = 0;
      for (let n = 0; n < N; n++) {
        const ar = A2[2 * (k * N + n)], ai = A2[2 * (k * N + n) + 1];
        const xr = X[base + 2 * (m * N + n)], xi = X[base + 2 * (m * N + n) + 1];
        re += ar * xr - ai * xi;
        im += ar * xi + ai * xr;
      }
      tmp[2 * (m * N2 + k)] = re;
      tmp[2 * (m * N2 + k) + 1] = im;
    }
    const ob = 2 * c * M2 * N2;
    for (let j = 0; j < M2; j++) for (let m = 0; m < M; m++) {
      const ar = A1[2 * (j * M + m)], ai = A1[2 * (j * M + m) + 1];
      for (let k = 0; k < N2; k++) {
        const xr = tmp[2 * (m * N2 + k)], xi = tmp[2 * (m * N2 + k) + 1];
        out[ob + 2 * (j * N2 + k)] += ar * xr - ai * xi;
        out[ob + 2 * (j * N2 + k) + 1] += ar * xi + ai * xr;
      }
    }
  }
  return out;
}

/** Options of {@link padSpectrum} and {@link cropSpectrum}. */
export interface WindowSpectrumOptions {
  /** Size after the operation, `[M', N']`. */
  size: readonly number[];
  /** Where the original map sits in the padded one (pad) / where the kept block starts (crop); default [0, 0]. */
  offset?: readonly number[];
}

/**
 * Spectrum of the zero-padded map (`M x N` placed at `offset` in an `M' x N'` map of zeros),
 * computed from the unpadded spectrum through the Dirichlet matrices (file comment): the exact
 * frequency mixing of zero padding.
 */
export function padSpectrum(spectrum: SpectrumMap, options: WindowSpectrumOptions): SpectrumMap {
  return windowSpectrum("padSpectrum", spectrum, options, true);
}

/** Spectrum of the `M x N` block cut at `offset` from an `M' x N'` map, from the full map's spectrum (Dirichlet matrices). */
export function cropSpectrum(spectrum: SpectrumMap, options: WindowSpectrumOptions): SpectrumMap {
  return windowSpectrum("cropSpectrum", spectrum, options, false);
}

function windowSpectrum(where: string, spectrum: SpectrumMap, options: WindowSpectrumOptions, pad: boolean): SpectrumMap {
  checkOptions(where, options, ["size", "offset"]);
  const G = checkSpectrumMap(where, spectrum);
  const [C, M, N] = G.shape;
  if (!options || !Array.isArray(options.size) || options.size.length !== 2) throw new ShapeError(`${where}: size must be [M', N']`);
  const [M2, N2] = options.size.map((s, a) => checkInteger(where, `size[${a}]`, s, 1));
  const off = options.offset ?? [0, 0];
  if (!Array.isArray(off) || off.length !== 2) throw new ShapeError(`${where}: offset must be [o1, o2]`);
  if (pad ? (M2 < M || N2 < N) : (M2 > M || N2 > N)) throw new DomainError(`${where}: size ${M2} x ${N2} must be ${pad ? ">=" : "<="} the map's ${M} x ${N}`);
  const axis = (from: number, to: number, o: number) => windowTransferMatrix(pad ? { from, to, length: from, toOffset: o } : { from, to, length: to, fromOffset: o });
  return { shape: [C, M2, N2], data: applySeparable(G.data, C, M, N, axis(M, M2, off[0]), M2, axis(N, N2, off[1]), N2) };
}

/**
 * `|tau_uv|^2` on the padded `M' x N'` grid (file comment): the gain from the mean `a` of a map
 * to frequency (u, v) after zero padding `M x N -> M' x N'`; `E|H'_{uv}|^2 = a^2 tau_uv^2 + M N sigma^2`
 * for i.i.d. `N(a, sigma^2)` entries. Returned `[M', N']` real, FFT order (tau_00 = M N).
 */
export function zeroPaddingGain(size: readonly number[], paddedSize: readonly number[]): Float64Array {
  const where = "zeroPaddingGain";
  const [M, N] = size.map((s, a) => checkInteger(where, `size[${a}]`, s, 1));
  const [M2, N2] = paddedSize.map((s, a) => checkInteger(where, `paddedSize[${a}]`, s, 1));
  if (M2 < M || N2 < N) throw new DomainError(`${where}: padded size ${M2} x ${N2} must be >= ${M} x ${N}`);
  const d = (L: number, n: number, u: number) => (u % n === 0 ? L : Math.sin((Math.PI * L * u) / n) / Math.sin((Math.PI * u) / n));
  const out = new Float64Array(M2 * N2);
  for (let u = 0; u < M2; u++) for (let v = 0; v < N2; v++) out[u * N2 + v] = (d(M, M2, u) * d(N, N2, v)) ** 2;
  return out;
}
