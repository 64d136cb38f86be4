/**
 * Projection alternative to a penalty: Sedghi, Gupta & Long (ICLR 2019) clip the singular values of
 * the circular layer to a maximum `c`, re-derived here.
 *
 * 1. Circulant of size N per axis (N = n + k - 1 for a zero-padded layer, whose T is a submatrix of
 *    it; N = n for circular padding): `F_j = sum_q K_q e^{-i<q, w_j>}`, `w_j = 2 pi j / N`, computed as
 *    the forward DFT of the taps placed at `q mod N` (src/grid fftn; same convention as the symbol).
 * 2. At every frequency `F_j = U S V^H -> U min(S, c) V^H` (SVD of the realification, see
 *    top-singular-pair.ts). This is the Frobenius-nearest block circulant of norm <= c (clipping is the
 *    projection onto the spectral-norm ball, and the block-DFT is unitary up to sqrt(N)).
 * 3. Inverse DFT: a real kernel `K^full_q` on ALL N offsets. Caveat (support growth): the clipped
 *    operator is no longer a k x k convolution; its taps spread over the whole N-grid.
 * 4. What is done about it: `support: "truncate"` (default, as Sedghi et al. do) keeps the k x k taps
 *    and drops the rest, which can push the norm back above c; `rounds > 1` alternates clip and
 *    truncate (alternating projections between two convex sets that both contain 0, which converge
 *    to a point of their intersection). The result reports the circulant norm after each round and
 *    the share of the clipped kernel's energy that fell outside the k x k support.
 *    `support: "full"` returns the N-grid kernel (exactly norm <= c on the N-circulant).
 * Units: c and all norms in the units of the taps.
 */
import { KernelLike, KernelTensor, asKernel, tapCount, tapOffsets } from "../core/kernel-tensor";
import { DomainError, ShapeError, checkFinite, checkInteger, checkOneOf, checkOptions } from "../core/errors";
import { fftn } from "../grid/index";
import { SingularValueDecomposition, Matrix } from "ml-matrix";

export type ClipSupport = "truncate" | "full";
export const CLIP_SUPPORTS: readonly ClipSupport[] = ["truncate", "full"];

/** Options of {@link clipSingularValues}. */
export interface ClipSingularValuesOptions {
  /** Spatial input sizes n. */
  inputShape: readonly number[];
  /** Largest singular value allowed, c > 0. */
  maxNorm: number;
  /** "zero" (default; circulant of size n + k - 1) or "circular" (size n). */
  padding?: "zero" | "circular";
  /** "truncate" (default) or "full"; see the file comment. */
  support?: ClipSupport;
  /** Clip-and-truncate rounds (truncate only); default 1 (Sedghi et al.). */
  rounds?: number;
}

/** Result of {@link clipSingularValues}. */
export interface ClippedKernel {
  /** The projected kernel: k x k ("truncate") or N-grid with centred origin ("full"). */
  kernel: KernelTensor;
  /** Circulant norm max_j ||F_j||_2 of the input kernel. */
  normBefore: number;
  /** Circulant norm of the returned kernel after each round (the last is the returned kernel's). */
  normAfterRounds: number[];
  /** `||K^full - truncate(K^full)||_F / ||K^full||_F` of the last clip (0 for "full"). */
  outsideSupportFraction: number;
  /** Circulant size N per axis. */
  grid: number[];
}

/** Symbol of `data` (cout x cin blocks, taps with `offsets`) on the N-grid; returns [j][o][i] interleaved. */
function symbolOnCirculant(data: Float64Array, cout: number, cin: number, offsets: Int32Array, taps: number, N: number[]): Float64Array {
  const d = N.length, size = tapCount(N);
  const out = new Float64Array(2 * size * cout * cin);
  const line = new Float64Array(2 * size);
  for (let b = 0; b < cout * cin; b++) {
    line.fill(0);
    for (let t = 0; t < taps; t++) {
      let idx = 0;
      for (let a = 0; a < d; a++) idx = idx * N[a] + (((offsets[t * d + a] % N[a]) + N[a]) % N[a]);
      line[2 * idx] += data[b * taps + t];
    }
    const X = fftn(line, N);
    for (let j = 0; j < size; j++) { out[2 * (j * cout * cin + b)] = X[2 * j]; out[2 * (j * cout * cin + b) + 1] = X[2 * j + 1]; }
  }
  return out;
}

/** Clips the singular values of every cout x cin block at c in place; returns the max before clipping. */
function clipBlocks(F: Float64Array, count: number, m: number, n: number, c: number): number {
  let maxBefore = 0;
  const R = Matrix.zeros(2 * m, 2 * n);
  for (let j = 0; j < count; j++) {
    const base = 2 * j * m * n;
    for (let o = 0; o < m; o++) for (let i = 0; i < n; i++) {
      const re = F[base + 2 * (o * n + i)], im = F[base + 2 * (o * n + i) + 1];
      R.set(o, i, re); R.set(o, n + i, -im); R.set(m + o, i, im); R.set(m + o, n + i, re);
    }
    const svd = new SingularValueDecomposition(R, { autoTranspose: true });
    const s = svd.diagonal;
    maxBefore = Math.max(maxBefore, s[0]);
    if (s[0] <= c) continue;
    const U = svd.leftSingularVectors, V = svd.rightSingularVectors;
    // R_clip = R - sum_{s_r > c} (s_r - c) u_r v_r^T; read back the complex block from its first block column
    for (let r = 0; r < s.length && s[r] > c; r++) {
      const excess = s[r] - c;
      for (let o = 0; o < m; o++) for (let i = 0; i < n; i++) {
        F[base + 2 * (o * n + i)] -= excess * U.get(o, r) * V.get(i, r);
        F[base + 2 * (o * n + i) + 1] -= excess * U.get(m + o, r) * V.get(i, r);
      }
    }
  }
  return maxBefore;
}

function circulantNorm(F: Float64Array, count: number, m: number, n: number): number {
  return clipBlocks(F.slice(), count, m, n, Infinity);
}

/** Sedghi et al.'s singular-value clipping with the support caveat handled as stated in the file comment. */
export function clipSingularValues(kernel: KernelLike, options: ClipSingularValuesOptions): ClippedKernel {
  const where = "clipSingularValues";
  checkOptions(where, options, ["inputShape", "maxNorm", "padding", "support", "rounds"]);
  const K = asKernel(where, kernel);
  checkFinite(`${where}: kernel`, K.data);
  const d = K.shape.length;
  const n = options.inputShape;
  if (!Array.isArray(n) || n.length !== d) throw new ShapeError(`${where}: inputShape must give ${d} spatial sizes, got ${JSON.stringify(n)}`);
  n.forEach((v, a) => checkInteger(where, `inputShape[${a}]`, v, 1));
  const c = options.maxNorm;
  if (typeof c !== "number" || !(c > 0) || !Number.isFinite(c)) throw new DomainError(`${where}: maxNorm must be a positive finite number, got ${c}`);
  const padding = checkOneOf(where, "padding", options.padding ?? "zero", ["zero", "circular"] as const);
  const support = checkOneOf(where, "support", options.support ?? "truncate", CLIP_SUPPORTS);
  const rounds = checkInteger(where, "rounds", options.rounds ?? 1, 1, 1000);
  if (support === "full" && rounds !== 1) throw new DomainError(`${where}: rounds > 1 only makes sense with support "truncate"`);
  const N = padding === "zero" ? n.map((na, a) => na + K.shape[a] - 1) : [...n];
  if (padding === "circular" && K.shape.some((k, a) => k > N[a])) throw new ShapeError(`${where}: kernel ${K.shape} larger than the circular grid ${N}`);
  const size = tapCount(N);
  const taps = tapCount(K.shape);
  const offsets = tapOffsets(K.shape, K.origin);
  const per = K.cout * K.cin;
  let data = Float64Array.from(K.data);
  let normBefore = NaN, outside = 0;
  const normAfterRounds: number[] = [];
  let full: Float64Array | null = null;
  for (let round = 0; round < rounds; round++) {
    const F = symbolOnCirculant(data, K.cout, K.cin, offsets, taps, N);
    const before = clipBlocks(F, size, K.cout, K.cin, c);
    if (round === 0) normBefore = before;
    // inverse DFT per block: taps at every offset j of the N-grid (real up to round-off)
    full = new Float64Array(per * size);
    const line = new Float64Array(2 * size);
    for (let b = 0; b < per; b++) {
      for (let j = 0; j < size; j++) { line[2 * j] = F[2 * (j * per + b)]; line[2 * j + 1] = F[2 * (j * per + b) + 1]; }
      const x = fftn(line, N, true);
      for (let j = 0; j < size; j++) full[b * size + j] = x[2 * j];
    }
    if (support === "full") {
      normAfterRounds.push(Math.min(before, c));
      break;
    }
    // truncate to the k x k offsets
    const next = new Float64Array(per * taps);
    let total = 0, kept = 0;
    for (let b = 0; b < per; b++) {
      for (let j = 0; j < size; j++) total += full[b * size + j] ** 2;
      for (let t = 0; t < taps; t++) {
        let idx = 0;
        for (let a = 0; a < d; a++) idx = idx * N[a] + (((offsets[t * d + a] % N[a]) + N[a]) % N[a]);
        next[b * taps + t] = full[b * size + idx];
        kept += full[b * size + idx] ** 2;
      }
    }
    outside = total > 0 ? Math.sqrt(Math.max(0, total - kept) / total) : 0;
    data = next;
    normAfterRounds.push(circulantNorm(symbolOnCirculant(data, K.cout, K.cin, offsets, taps, N), size, K.cout, K.cin));
  }
  if (support === "full") {
    // N-grid kernel, centred origin floor((N - 1) / 2): tap index p holds offset p - origin (mod N)
    const origin = N.map((s) => Math.floor((s - 1) / 2));
    const out = new Float64Array(per * size);
    const fullOffsets = tapOffsets(N, origin);
    for (let b = 0; b < per; b++) for (let t = 0; t < size; t++) {
      let idx = 0;
      for (let a = 0; a < d; a++) idx = idx * N[a] + (((fullOffsets[t * d + a] % N[a]) + N[a]) % N[a]);
      out[b * size + t] = full![b * size + idx];
    }
    return { kernel: { cout: K.cout, cin: K.cin, shape: N, origin, data: out }, normBefore, normAfterRounds, outsideSupportFraction: 0, grid: N };
  }
  return { kernel: { cout: K.cout, cin: K.cin, shape: [...K.shape], origin: [...K.origin], data }, normBefore, normAfterRounds, outsideSupportFraction: outside, grid: N };
}
