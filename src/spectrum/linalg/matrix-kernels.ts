/**
 * Per-matrix drivers shared by the synchronous batched functions and the worker threads. Each
 * works on one matrix of a flat batch, through a reusable workspace (no allocation per matrix).
 * Every matrix is first copied and scaled to max |entry| = 1 (so Householder norms and Gram
 * products cannot overflow or underflow); results are scaled back.
 */
import { bidiagonalize, BidiagonalWorkspace } from "./bidiagonal";
import { bidiagonalSingularValues } from "./bidiagonal-singular-values";
import { hermitianTridiagonal, HermitianTridiagonalWorkspace } from "./hermitian-tridiagonal";
import { tridiagonalEigenvalues } from "./tridiagonal-eigenvalues";
import { lanczosSpectralNorm, LanczosWorkspace } from "./lanczos-norm";

export type SvdMethod = "bidiagonal" | "gram";
export type NormMethod = "lanczos" | "svd";

/** Largest |entry| of the m*n complex entries from complex offset `base`. */
export function maxAbsEntry(a: Float64Array, base: number, count: number): number {
  let mx = 0;
  const end = 2 * (base + count);
  for (let i = 2 * base; i < end; i += 2) {
    const s = a[i] * a[i] + a[i + 1] * a[i + 1];
    if (s > mx) mx = s;
  }
  return Math.sqrt(mx);
}

/** Workspace for singular values of m x n matrices. */
export class SvdWorkspace {
  readonly rows: number;
  readonly cols: number;
  readonly work: Float64Array;
  readonly d: Float64Array;
  readonly e: Float64Array;
  /** Golub-Kahan tridiagonal (size 2r) diagonal and off-diagonal. */
  readonly tD: Float64Array;
  readonly tE: Float64Array;
  readonly rv1: Float64Array;
  readonly bidiag: BidiagonalWorkspace;
  readonly herm: HermitianTridiagonalWorkspace;
  constructor(readonly m: number, readonly n: number) {
    // always reduce a tall matrix: rows >= cols (transpose-conjugate a wide one)
    this.rows = Math.max(m, n);
    this.cols = Math.min(m, n);
    this.work = new Float64Array(2 * m * n);
    this.d = new Float64Array(2 * this.cols);
    this.e = new Float64Array(2 * this.cols);
    this.tD = new Float64Array(2 * this.cols);
    this.tE = new Float64Array(2 * this.cols);
    this.rv1 = new Float64Array(this.cols);
    this.bidiag = new BidiagonalWorkspace(this.rows, this.cols);
    this.herm = new HermitianTridiagonalWorkspace(this.cols);
  }
}

/**
 * Singular values of the complex m x n matrix at complex offset `base` of `src`, written in
 * DESCENDING order to `out[outOff .. outOff + min(m, n))`.
 * - "bidiagonal": Householder bidiagonalisation, then Golub-Kahan-Reinsch shifted QR on the
 *   bidiagonal (fallback, never needed in tests: eigenvalues of the 2r x 2r Golub-Kahan tridiagonal
 *   [[0, B^T], [B, 0]], which are +-sigma_i, by implicit QL). Normwise backward stable:
 *   |sigma_i - sigma_i(exact)| <= O(eps) sigma_max for every i (as LAPACK's gesdd / numpy).
 * - "gram": eigenvalues of G = F^H F (r x r) by tridiagonalisation + QL, sigma = sqrt(max(lambda, 0)).
 *   About 15% fewer operations, but the error of lambda is O(eps) sigma_max^2, so a small sigma_i
 *   has absolute error up to O(eps sigma_max^2 / sigma_i) and values below ~1e-8 sigma_max are noise.
 */
export function singularValuesOf(src: Float64Array, base: number, m: number, n: number, out: Float64Array, outOff: number, ws: SvdWorkspace, method: SvdMethod): void {
  const r = ws.cols;
  const scale = maxAbsEntry(src, base, m * n);
  if (scale === 0) {
    out.fill(0, outOff, outOff + r);
    return;
  }
  const inv = 1 / scale;
  const work = ws.work;
  const { d, e } = ws;
  if (method === "gram") {
    // G = F^H F when n <= m else F F^H; lower triangle suffices for the reduction
    gramInto(src, base, m, n, inv, work, 0);
    hermitianTridiagonal(work, 0, r, d, e, ws.herm);
    tridiagonalEigenvalues(d, e, r, 0);
    for (let i = 0; i < r; i++) out[outOff + i] = scale * Math.sqrt(Math.max(d[r - 1 - i], 0));
    return;
  }
  if (m >= n) {
    const s2 = 2 * base;
    for (let i = 0; i < 2 * m * n; i++) work[i] = src[s2 + i] * inv;
  } else {
    // conjugate transpose (n x m), same singular values
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const s = 2 * (base + i * n + j);
        const t = 2 * (j * m + i);
        work[t] = src[s] * inv;
        work[t + 1] = -src[s + 1] * inv;
      }
    }
  }
  bidiagonalize(work, 0, ws.rows, r, d, e, ws.bidiag);
  // fast path: Golub-Kahan-Reinsch QR on B itself (tD keeps a copy of d for the fallback)
  const { tD, tE } = ws;
  tD.set(d.subarray(0, r));
  tE.set(e.subarray(0, r));
  if (bidiagonalSingularValues(d, e, r, ws.rv1)) {
    const vals = d.subarray(0, r).sort();
    for (let i = 0; i < r; i++) out[outOff + i] = scale * vals[r - 1 - i];
    return;
  }
  for (let i = 0; i < r; i++) {
    d[i] = tD[i];
    e[i] = tE[i];
  }
  // fallback: Golub-Kahan tridiagonal: zero diagonal, off-diagonal d0, e0, d1, e1, ..., d_{r-1}
  const size = 2 * r;
  for (let i = 0; i < r; i++) {
    tE[2 * i] = d[i];
    if (i < r - 1) tE[2 * i + 1] = e[i];
  }
  tD.fill(0, 0, size);
  tridiagonalEigenvalues(tD, tE, size, 0);
  // ascending: the top r are +sigma in ascending order (abs() guards -0 / tiny negatives of zero sigmas)
  for (let i = 0; i < r; i++) out[outOff + i] = scale * Math.abs(tD[size - 1 - i]);
}

/**
 * Lower triangle (and, for simplicity, the full matrix) of G = s^2 F^H F (n <= m, n x n) or
 * s^2 F F^H (n > m, m x m), written row-major at complex offset `outBase` of `out`.
 */
export function gramInto(src: Float64Array, base: number, m: number, n: number, s: number, out: Float64Array, outBase: number): void {
  const s2 = s * s;
  const o2 = 2 * outBase;
  const b2 = 2 * base;
  if (n <= m) {
    gramOfColumnsInto(src, base, m, n, s, out, outBase);
  } else {
    // (F F^H)_ij = sum_c F_ic conj(F_jc): rows are contiguous
    for (let i = 0; i < m; i++) {
      const ri = b2 + 2 * i * n;
      for (let j = 0; j <= i; j++) {
        const rj = b2 + 2 * j * n;
        let re = 0;
        let im = 0;
        for (let c = 0; c < n; c++) {
          const ar = src[ri + 2 * c];
          const ai = src[ri + 2 * c + 1];
          const br = src[rj + 2 * c];
          const bi = -src[rj + 2 * c + 1];
          re += ar * br - ai * bi;
          im += ar * bi + ai * br;
        }
        out[o2 + 2 * (i * m + j)] = re;
        out[o2 + 2 * (i * m + j) + 1] = im;
      }
    }
    mirrorLower(out, o2, m, s2);
  }
}

/** G = s^2 F^H F (n x n, any m, n): `G_ij = s^2 sum_r conj(F_ri) F_rj`, lower triangle accumulated row by row, then mirrored. */
export function gramOfColumnsInto(src: Float64Array, base: number, m: number, n: number, s: number, out: Float64Array, outBase: number): void {
  const o2 = 2 * outBase;
  const b2 = 2 * base;
  out.fill(0, o2, o2 + 2 * n * n);
  let rr = 0;
  // two rows of F per pass over G halve G's loads and stores (measured faster in V8)
  for (; rr + 1 < m; rr += 2) {
    const row0 = b2 + 2 * rr * n;
    const row1 = row0 + 2 * n;
    for (let i = 0; i < n; i++) {
      const a0r = src[row0 + 2 * i];
      const a0i = -src[row0 + 2 * i + 1];
      const a1r = src[row1 + 2 * i];
      const a1i = -src[row1 + 2 * i + 1];
      const gi = o2 + 2 * i * n;
      for (let j = 0; j <= i; j++) {
        const b0r = src[row0 + 2 * j];
        const b0i = src[row0 + 2 * j + 1];
        const b1r = src[row1 + 2 * j];
        const b1i = src[row1 + 2 * j + 1];
        out[gi + 2 * j] += a0r * b0r - a0i * b0i + a1r * b1r - a1i * b1i;
        out[gi + 2 * j + 1] += a0r * b0i + a0i * b0r + a1r * b1i + a1i * b1r;
      }
    }
  }
  for (; rr < m; rr++) {
    const row = b2 + 2 * rr * n;
    for (let i = 0; i < n; i++) {
      // conj(F_ri)
      const ar = src[row + 2 * i];
      const ai = -src[row + 2 * i + 1];
      const gi = o2 + 2 * i * n;
      for (let j = 0; j <= i; j++) {
        const br = src[row + 2 * j];
        const bi = src[row + 2 * j + 1];
        out[gi + 2 * j] += ar * br - ai * bi;
        out[gi + 2 * j + 1] += ar * bi + ai * br;
      }
    }
  }
  mirrorLower(out, o2, n, s * s);
}

/** Scales the lower triangle by s2, makes the diagonal exactly real and fills the upper triangle by conjugation. */
function mirrorLower(out: Float64Array, o2: number, r: number, s2: number): void {
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < i; j++) {
      const p = o2 + 2 * (i * r + j);
      const q = o2 + 2 * (j * r + i);
      out[p] *= s2;
      out[p + 1] *= s2;
      out[q] = out[p];
      out[q + 1] = -out[p + 1];
    }
    const dgi = o2 + 2 * (i * r + i);
    out[dgi] *= s2;
    out[dgi + 1] = 0;
  }
}

/** Workspace for Hermitian eigenvalues of n x n matrices. */
export class EigWorkspace {
  readonly work: Float64Array;
  readonly d: Float64Array;
  readonly e: Float64Array;
  readonly herm: HermitianTridiagonalWorkspace;
  constructor(readonly n: number) {
    this.work = new Float64Array(2 * n * n);
    this.d = new Float64Array(n);
    this.e = new Float64Array(n);
    this.herm = new HermitianTridiagonalWorkspace(n);
  }
}

/**
 * Eigenvalues (ASCENDING) of the Hermitian n x n matrix at complex offset `base` of `src`, from its
 * lower triangle (the upper one is not read; the diagonal's imaginary parts are ignored), written
 * to `out[outOff .. outOff + n)`. Error O(eps) ||A||_2 per eigenvalue.
 */
export function hermitianEigenvaluesOf(src: Float64Array, base: number, n: number, out: Float64Array, outOff: number, ws: EigWorkspace): void {
  let mx = 0;
  const b2 = 2 * base;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const p = b2 + 2 * (i * n + j);
      const s = src[p] * src[p] + (i === j ? 0 : src[p + 1] * src[p + 1]);
      if (s > mx) mx = s;
    }
  }
  const scale = Math.sqrt(mx);
  if (scale === 0) {
    out.fill(0, outOff, outOff + n);
    return;
  }
  const inv = 1 / scale;
  const work = ws.work;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const p = b2 + 2 * (i * n + j);
      const q = 2 * (i * n + j);
      work[q] = src[p] * inv;
      work[q + 1] = i === j ? 0 : src[p + 1] * inv;
    }
  }
  hermitianTridiagonal(work, 0, n, ws.d, ws.e, ws.herm);
  tridiagonalEigenvalues(ws.d, ws.e, n, 0);
  for (let i = 0; i < n; i++) out[outOff + i] = scale * ws.d[i];
}

/** Workspace for the largest singular value. */
export class NormWorkspace {
  readonly lanczos: LanczosWorkspace;
  readonly svd: SvdWorkspace;
  readonly work: Float64Array;
  readonly sv: Float64Array;
  readonly info = new Float64Array(2);
  constructor(readonly m: number, readonly n: number, start: Float64Array) {
    this.lanczos = new LanczosWorkspace(m, n, start);
    this.svd = new SvdWorkspace(m, n);
    this.work = new Float64Array(2 * m * n);
    this.sv = new Float64Array(Math.min(m, n));
  }
}

/** Below this min(m, n) a full bidiagonal SVD is cheaper than Lanczos (measured on random complex matrices: at c = 64 SVD 0.73 ms vs Lanczos 0.85 ms, at c = 128 5.3 ms vs 3.5 ms). */
export const LANCZOS_MIN_SIZE = 96;

/**
 * sigma_max of the m x n complex matrix at complex offset `base` of `src`. "lanczos": certified
 * Lanczos (relative error <= tol / 2, see lanczos-norm.ts); "svd": the first bidiagonal singular value.
 */
export function spectralNormOf(src: Float64Array, base: number, m: number, n: number, ws: NormWorkspace, method: NormMethod, tol: number): number {
  if (method === "svd") {
    singularValuesOf(src, base, m, n, ws.sv, 0, ws.svd, "bidiagonal");
    return ws.sv[0];
  }
  const scale = maxAbsEntry(src, base, m * n);
  if (scale === 0) return 0;
  const inv = 1 / scale;
  const s2 = 2 * base;
  for (let i = 0; i < 2 * m * n; i++) ws.work[i] = src[s2 + i] * inv;
  return scale * lanczosSpectralNorm(ws.work, 0, m, n, tol, ws.lanczos, ws.info);
}
