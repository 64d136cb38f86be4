/**
 * What the circulant embedding of a layer tells the matrix-free sigma_max (spectral-norm.ts): a
 * guaranteed upper bound and a warm start. With `N_a = n_a + k_a - 1` per axis for zero padding
 * (T is a submatrix of the block circulant C on that grid; src/conv/zero-pad-fft.ts) and
 * `N_a = n_a` for circular padding (T = C), and a stride only selecting rows:
 *   `||T||_2 <= ||C||_2 = max over w = 2 pi j / N of ||F(w)||_2`, `F(w) = sum_q K_q e^{-i <q, w>}`
 * (equality for circular padding, stride 1). The per-frequency norms are the largest values of the
 * backward-stable batched SVD (never a Lanczos estimate), so the bound is guaranteed to round-off.
 * The top eigenvectors of C are `Re(u e^{-i <w*, j>})` with u the top right singular vector of
 * `F(w*)` (then `C x = F(w*) u e^{-i <w*, j>}` for the complex vector, and its conjugate is the pair
 * at -w*); for zero padding that wave, cropped to the box and shaped by the lowest Dirichlet mode
 * `prod_a sin(pi (j_a + 1) / (n_a + 1))`, is close to the top singular vector of T, so Lanczos
 * started there needs fewer products than from a random vector (measured: 174 vs 226 at
 * 64 -> 64 3x3, n = 32).
 */
import { Rng } from "../core/random";
import type { KernelTensor } from "../core/kernel-tensor";
import { circularGrid, halfGrid, gridPoint, evaluateOnGrid, type FrequencyGrid } from "../grid/index";
import { batchedSpectralNorm } from "./batched";
import { lanczosLargest } from "./linalg/lanczos";
import { choleskyShiftSucceeds, choleskyBoundSlack } from "./linalg/cholesky";
import { hermitianEigenvaluesOf, EigWorkspace } from "./linalg/matrix-kernels";
import { ConvergenceError } from "../core/errors";

/** Symbol matrices `F(w_p)` (cout x cin, interleaved complex, `[p][o][i]`) at the points of a frequency grid. */
export interface SymbolSamples {
  mats: Float64Array;
  grid: FrequencyGrid;
}

/** The half circular grid `2 pi j / N` of the embedding, N = n + k - 1 (zero padding) or n (circular). */
export function embeddingGrid(K: KernelTensor, n: readonly number[], padding: "zero" | "circular"): FrequencyGrid {
  return halfGrid(circularGrid(padding === "zero" ? n.map((na, a) => na + K.shape[a] - 1) : [...n]));
}

/** `F(w)` on the embedding grid. */
export function embeddingSymbol(K: KernelTensor, n: readonly number[], padding: "zero" | "circular"): SymbolSamples {
  const grid = embeddingGrid(K, n, padding);
  return { mats: evaluateOnGrid(K, grid), grid };
}

/**
 * `||F(w_p)||_2` for every sample and the index of the largest: guaranteed values (batched SVD,
 * largest value) or, with `estimate`, Lanczos values to relative residual 1e-3 (3-5x faster; enough
 * to pick a start frequency, never a bound).
 */
export function symbolNorms(K: KernelTensor, s: SymbolSamples, estimate = false): { norms: Float64Array; best: number } {
  const norms = batchedSpectralNorm(s.mats, s.grid.size, K.cout, K.cin, estimate ? { method: "lanczos", tol: 1e-3 } : { method: "svd" });
  let best = 0;
  for (let p = 1; p < norms.length; p++) if (norms[p] > norms[best]) best = p;
  return { norms, best };
}

/**
 * Start vector `[cin][n]` from the top eigenvector of the circulant at sample `p` (see the file
 * comment); `window` applies the Dirichlet envelope (zero padding). Unit norm. Also returns
 * `sigma2`, the Ritz value of `F^H F` at that sample (to relative residual 1e-6: a lower value of
 * `||F(w_p)||^2`, accurate to about 1e-12).
 */
export function circulantStart(K: KernelTensor, s: SymbolSamples, p: number, n: readonly number[], window: boolean, seed: number): { vector: Float64Array; sigma2: number } {
  const { cout, cin } = K;
  const off = 2 * p * cout * cin;
  const F = s.mats;
  // top right singular vector u of F(w_p) (complex cin-vector): Lanczos on the real form of F^H F,
  // `(a, b) -> (Re, Im) of F^H F (a + i b)`, symmetric with each eigenvalue of F^H F twice
  const z = new Float64Array(2 * cout);
  const applyGram = (v: Float64Array): Float64Array => {
    z.fill(0);
    for (let o = 0; o < cout; o++) {
      let sr = 0, si = 0;
      for (let i = 0; i < cin; i++) {
        const ar = F[off + 2 * (o * cin + i)], ai = F[off + 2 * (o * cin + i) + 1];
        sr += ar * v[i] - ai * v[cin + i];
        si += ar * v[cin + i] + ai * v[i];
      }
      z[2 * o] = sr; z[2 * o + 1] = si;
    }
    const out = new Float64Array(2 * cin);
    for (let o = 0; o < cout; o++) {
      const zr = z[2 * o], zi = z[2 * o + 1];
      for (let i = 0; i < cin; i++) {
        const ar = F[off + 2 * (o * cin + i)], ai = F[off + 2 * (o * cin + i) + 1];
        out[i] += ar * zr + ai * zi;
        out[cin + i] += ar * zi - ai * zr;
      }
    }
    return out;
  };
  // a start only needs a good direction: tol 1e-6 is far below the angle the crop introduces
  const top = lanczosLargest(applyGram, 2 * cin, { tol: 1e-6, maxIter: 8 * cin + 20, seed, basisSize: Math.min(2 * cin, 60), reorth: "full" });
  const u = top.vector;
  const w = gridPoint(s.grid, p);
  const d = n.length;
  const N = n.reduce((a, b) => a * b, 1);
  const re = new Float64Array(cin * N), im = new Float64Array(cin * N);
  const idx = new Array<number>(d).fill(0);
  for (let pos = 0; pos < N; pos++) {
    let phase = 0, env = 1;
    for (let a = 0; a < d; a++) {
      phase -= w[a] * idx[a];
      if (window) env *= Math.sin((Math.PI * (idx[a] + 1)) / (n[a] + 1));
    }
    const c = Math.cos(phase) * env, sn = Math.sin(phase) * env;
    for (let i = 0; i < cin; i++) {
      // (a + i b)(c + i sn)
      re[i * N + pos] = u[i] * c - u[cin + i] * sn;
      im[i * N + pos] = u[i] * sn + u[cin + i] * c;
    }
    for (let a = d - 1; a >= 0; a--) { if (++idx[a] < n[a]) break; idx[a] = 0; }
  }
  // the real part is an eigenvector of the circulant unless it vanishes (then the imaginary part is)
  let nr = 0, ni = 0;
  for (let j = 0; j < re.length; j++) { nr += re[j] * re[j]; ni += im[j] * im[j]; }
  const x = nr >= ni ? re : im;
  const nx = Math.sqrt(Math.max(nr, ni));
  for (let j = 0; j < x.length; j++) x[j] /= nx;
  // The windowed mode can be an exact eigenvector of T^T T that is NOT the top one (symmetric 3-tap
  // kernels: T is tridiagonal Toeplitz, whose eigenvectors are exactly these sines, and the grid
  // maximum of |F| can sit on the wrong branch); Lanczos would then stop at once, at the wrong value,
  // with a round-off residual. A seeded random part of relative size START_RANDOM_MIX gives every
  // eigenvector a component of about START_RANDOM_MIX / sqrt(dim), far above the tolerance.
  const r = new Rng(seed + 1).normals(x.length);
  let nrr = 0;
  for (let j = 0; j < r.length; j++) nrr += r[j] * r[j];
  const scale = START_RANDOM_MIX / Math.sqrt(nrr);
  for (let j = 0; j < x.length; j++) x[j] += scale * r[j];
  return { vector: x, sigma2: top.theta };
}

/** Relative size of the random part mixed into the circulant start (see {@link circulantStart}). */
export const START_RANDOM_MIX = 0.1;

/** A batch of Hermitian `size x size` matrices, unpacked one at a time into `out` (interleaved, row-major). */
export interface HermitianBatch {
  count: number;
  size: number;
  matrix(p: number, out: Float64Array): void;
}

/** A {@link HermitianBatch} over full matrices stored contiguously (`[p][i][j]`, interleaved). */
export function hermitianBatch(mats: Float64Array, count: number, size: number): HermitianBatch {
  const len = 2 * size * size;
  return { count, size, matrix: (p, out) => out.set(mats.subarray(p * len, (p + 1) * len)) };
}

/**
 * Lower estimates `rho_p <= lambda_max(G_p)` for a batch of Hermitian `c x c` matrices (interleaved,
 * `[p][i][j]`, e.g. the Gram symbol `G = F^H F` of the embedding): `steps` power iterations from
 * one seeded random vector (not all-ones: it is an exact eigenvector of circulant blocks), Rayleigh
 * quotients, never above the true value. Cost `steps c^2` complex
 * multiply-adds per matrix: enough to rank the frequencies for a start and a first trial value
 * of {@link certifiedHermitianBound}, never a bound itself.
 */
export function hermitianMaxEstimates(source: HermitianBatch, steps = 8): Float64Array {
  const { count: batch, size: c } = source;
  const out = new Float64Array(batch);
  const G = new Float64Array(2 * c * c);
  let v = new Float64Array(2 * c), w = new Float64Array(2 * c);
  const v0 = new Rng(1).normals(2 * c);
  let n0 = 0;
  for (let i = 0; i < 2 * c; i++) n0 += v0[i] * v0[i];
  for (let i = 0; i < 2 * c; i++) v0[i] /= Math.sqrt(n0);
  for (let p = 0; p < batch; p++) {
    source.matrix(p, G);
    const base = 0;
    v.set(v0);
    let rho = 0;
    for (let s = 0; s < steps; s++) {
      // w = G v, rho = v^H w (v unit)
      let re = 0, nw = 0;
      for (let i = 0; i < c; i++) {
        let sr = 0, si = 0;
        const row = base + 2 * i * c;
        for (let j = 0; j < c; j++) {
          const gr = G[row + 2 * j], gi = G[row + 2 * j + 1], vr = v[2 * j], vi = v[2 * j + 1];
          sr += gr * vr - gi * vi;
          si += gr * vi + gi * vr;
        }
        w[2 * i] = sr; w[2 * i + 1] = si;
        re += v[2 * i] * sr + v[2 * i + 1] * si;
        nw += sr * sr + si * si;
      }
      rho = re;
      if (!(nw > 0)) break;
      const inv = 1 / Math.sqrt(nw);
      for (let i = 0; i < 2 * c; i++) w[i] *= inv;
      [v, w] = [w, v];
    }
    out[p] = rho;
  }
  return out;
}

/**
 * A guaranteed upper bound on `max_p lambda_max(G_p)` over a batch of Hermitian `c x c` matrices
 * (lower triangles read), without eigen-decompositions where a cheaper proof works: starting from
 * the trial value `mu = trial` (e.g. the largest {@link hermitianMaxEstimates}), every matrix must
 * pass the Cholesky test of `mu I - G_p` (linalg/cholesky.ts, `c^3 / 6` complex multiply-adds);
 * where it fails, the exact eigenvalues of G_p (Householder tridiagonalisation + QL, error
 * `O(eps) ||G_p||`) raise mu to just above `lambda_max(G_p)` and the test is repeated (a pass at
 * a smaller mu implies one at a larger). Returns `mu` plus the Cholesky round-off slack, how many
 * matrices needed the eigenvalues, and `largest`: the matrix whose eigenvalue set the final mu (the
 * one with the largest lambda_max, up to round-off), or -1 when the trial value passed everywhere. Guaranteed up to the rounding already in G (as the
 * SVD-based bound is).
 */
export function certifiedHermitianBound(source: HermitianBatch, trial: number): { bound: number; eigenSolves: number; largest: number } {
  const { count: batch, size: c } = source;
  const G = new Float64Array(2 * c * c);
  const work = new Float64Array(2 * c * c);
  const ev = new Float64Array(c);
  const eig = new EigWorkspace(c);
  // a few ulps above the trial value: a trial equal to lambda_max (an exact norm) then passes
  let mu = Math.max(trial, 0) * (1 + 8 * Number.EPSILON);
  let slack = 0, eigenSolves = 0, largest = -1;
  for (let p = 0; p < batch; p++) {
    source.matrix(p, G);
    const base = 0;
    // an all-zero matrix (e.g. a zero kernel) has lambda_max = 0 <= mu: nothing to prove, no slack
    let zero = true;
    for (let j = 0; j < 2 * c * c && zero; j++) zero = G[j] === 0;
    if (zero) continue;
    let tr = 0;
    for (let i = 0; i < c; i++) tr += G[2 * (base + i * c + i)];
    for (let attempt = 0; !choleskyShiftSucceeds(G, base, c, mu, work); attempt++) {
      if (attempt === 0) {
        hermitianEigenvaluesOf(G, base, c, ev, 0, eig);
        eigenSolves++;
        // the eigenvalue's own error is O(eps) ||G_p||: step above it by a few hundred ulps of the trace
        const raised = ev[c - 1] + 256 * Number.EPSILON * Math.abs(tr) + Number.MIN_VALUE;
        if (raised > mu) { mu = raised; largest = p; }
      } else {
        if (attempt > 60) throw new ConvergenceError(`certifiedHermitianBound: the Cholesky test of matrix ${p} kept failing above its computed largest eigenvalue ${ev[c - 1]}`);
        mu += Math.max(mu, Number.MIN_VALUE) * 2 ** (attempt - 52);
      }
    }
    slack = Math.max(slack, choleskyBoundSlack(c, mu, tr));
  }
  return { bound: mu + slack, eigenSolves, largest };
}
