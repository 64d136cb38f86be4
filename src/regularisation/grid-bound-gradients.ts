/**
 * Gradients of the frequency-grid bounds of a zero-padded layer, on the circular grid of
 * `N_a = n_a + k_a - 1` points per axis (T is a submatrix of that circulant, so each value is a
 * guaranteed upper bound on ||T||_2; for circular padding N = n and "circulant" is exact):
 *   circulant:      `b = max_w ||F(w)||_2`,        Wirtinger gradient at the maximiser `G = u v^H`;
 *   sup-frobenius:  `b = max_w ||F(w)||_F`,        `G = F(w*) / b`;
 *   gram-iteration: `b = max_w ||G_t(w)||_F^{1/2^t}` (Delattre et al. 2023; G_0 = F, G_{j+1} = G_j^H G_j),
 *     backward pass through the iteration: for `f = ||G_t||_F^2`, `B_t = G_t`, `B_j = G_j (B_{j+1} + B_{j+1}^H)`
 *     and `B_F = F (B_1 + B_1^H)` (for G_1 = F^H F); iterates and adjoints are rescaled at every step, so only
 *     the direction of `B_F` is kept and its length is fixed by homogeneity, `<grad b, F> = b` (b is
 *     positively homogeneous of degree 1 in F), i.e. `grad b = b B_F / Re<B_F, F>`.
 * Then `d b / dK` by {@link accumulateSymbolAdjoint}. The max runs over the half grid (F(-w) = conj F(w)
 * gives equal values and equal kernel gradients at w and -w, so that pair is not a tie).
 * Ties: when several frequencies of the half grid (or the top singular value at the maximiser) reach the
 * max within `tieTolerance` (relative), b is not differentiable there; b is convex in K (a max of
 * convex functions; the Gram bound is a max of norms raised... see below), and the gradient at the first
 * maximiser in grid order is returned, a subgradient of the circulant and Frobenius bounds.
 * The Gram-iteration bound `||G_t(w)||_F^{1/2^t}` is a Schatten-2^{t+1} norm of F(w), hence also convex in K.
 */
import { KernelTensor } from "../core/kernel-tensor";
import { circularGrid, evaluateOnGrid, gridPoint, halfGrid } from "../grid/index";
import { batchedSpectralNorm } from "../spectrum/index";
import { accumulateSymbolAdjoint } from "./symbol-adjoint";
import { complexTopSingularPair } from "./top-singular-pair";

/** What a grid-bound gradient returns. */
export interface GridBoundGradient {
  value: number;
  gradient: Float64Array;
  /** The maximising frequency. */
  frequency: Float64Array;
  /** Number of half-grid frequencies within tieTolerance of the max (1: unique maximiser). */
  maximisers: number;
  /** Relative gap sigma_1 - sigma_2 at the maximiser (circulant only; else null). */
  singularGap: number | null;
}

function symbolOnGrid(K: KernelTensor, N: readonly number[]) {
  const grid = halfGrid(circularGrid(N));
  return { grid, F: evaluateOnGrid(K, grid) };
}

function argmax(values: Float64Array, tieTolerance: number): { best: number; count: number } {
  let best = 0;
  for (let p = 1; p < values.length; p++) if (values[p] > values[best]) best = p;
  let count = 0;
  for (let p = 0; p < values.length; p++) if (values[p] >= values[best] * (1 - tieTolerance)) count++;
  return { best, count };
}

/** Circulant bound `max_{w = 2 pi j / N} ||F(w)||_2` and its kernel gradient. */
export function circulantGradient(K: KernelTensor, N: readonly number[], tieTolerance: number): GridBoundGradient {
  const { grid, F } = symbolOnGrid(K, N);
  const per = K.cout * K.cin;
  const norms = batchedSpectralNorm(F, grid.size, K.cout, K.cin, { threads: 1, method: "svd" });
  const { best, count } = argmax(norms, tieTolerance);
  const w = gridPoint(grid, best);
  const gradient = new Float64Array(K.data.length);
  const pair = complexTopSingularPair(F, K.cout, K.cin, best * per);
  // G_oi = u_o conj(v_i)
  const G = new Float64Array(2 * per);
  for (let o = 0; o < K.cout; o++) for (let i = 0; i < K.cin; i++) {
    const ur = pair.u[2 * o], ui = pair.u[2 * o + 1], vr = pair.v[2 * i], vi = pair.v[2 * i + 1];
    G[2 * (o * K.cin + i)] = ur * vr + ui * vi;
    G[2 * (o * K.cin + i) + 1] = ui * vr - ur * vi;
  }
  if (norms[best] > 0) accumulateSymbolAdjoint(K, w, G, gradient);
  const gap = norms[best] > 0 ? (pair.sigma - pair.sigma2) / pair.sigma : 0;
  return { value: norms[best], gradient, frequency: w, maximisers: count, singularGap: gap };
}

/** `max_{w = 2 pi j / N} ||F(w)||_F` and its kernel gradient. */
export function supFrobeniusGradient(K: KernelTensor, N: readonly number[], tieTolerance: number): GridBoundGradient {
  const { grid, F } = symbolOnGrid(K, N);
  const per = K.cout * K.cin;
  const vals = new Float64Array(grid.size);
  for (let p = 0; p < grid.size; p++) {
    let s = 0;
    for (let j = 2 * p * per; j < 2 * (p + 1) * per; j++) s += F[j] * F[j];
    vals[p] = Math.sqrt(s);
  }
  const { best, count } = argmax(vals, tieTolerance);
  const w = gridPoint(grid, best);
  const gradient = new Float64Array(K.data.length);
  if (vals[best] > 0) accumulateSymbolAdjoint(K, w, F.subarray(2 * best * per, 2 * (best + 1) * per), gradient, 1 / vals[best]);
  return { value: vals[best], gradient, frequency: w, maximisers: count, singularGap: null };
}

/** `out = A^H B` for complex row-major A (r x c), B (r x c2); out c x c2. */
function mulHN(A: Float64Array, B: Float64Array, r: number, c: number, c2: number): Float64Array {
  const out = new Float64Array(2 * c * c2);
  for (let k = 0; k < r; k++) for (let i = 0; i < c; i++) {
    const ar = A[2 * (k * c + i)], ai = -A[2 * (k * c + i) + 1];
    for (let j = 0; j < c2; j++) {
      const br = B[2 * (k * c2 + j)], bi = B[2 * (k * c2 + j) + 1];
      out[2 * (i * c2 + j)] += ar * br - ai * bi;
      out[2 * (i * c2 + j) + 1] += ar * bi + ai * br;
    }
  }
  return out;
}
/** `out = A B` for complex A (r x c), B (c x c2). */
function mulNN(A: Float64Array, B: Float64Array, r: number, c: number, c2: number): Float64Array {
  const out = new Float64Array(2 * r * c2);
  for (let i = 0; i < r; i++) for (let k = 0; k < c; k++) {
    const ar = A[2 * (i * c + k)], ai = A[2 * (i * c + k) + 1];
    for (let j = 0; j < c2; j++) {
      const br = B[2 * (k * c2 + j)], bi = B[2 * (k * c2 + j) + 1];
      out[2 * (i * c2 + j)] += ar * br - ai * bi;
      out[2 * (i * c2 + j) + 1] += ar * bi + ai * br;
    }
  }
  return out;
}
function frob(X: Float64Array): number {
  let s = 0;
  for (const x of X) s += x * x;
  return Math.sqrt(s);
}
/** `B + B^H` for a square complex c x c matrix. */
function hermitianPart(B: Float64Array, c: number): Float64Array {
  const out = new Float64Array(2 * c * c);
  for (let i = 0; i < c; i++) for (let j = 0; j < c; j++) {
    out[2 * (i * c + j)] = B[2 * (i * c + j)] + B[2 * (j * c + i)];
    out[2 * (i * c + j) + 1] = B[2 * (i * c + j) + 1] - B[2 * (j * c + i) + 1];
  }
  return out;
}

/**
 * Gram iteration for one r x c complex matrix X (r >= c): the log of `||G_t||_F^{1/2^t}` and, when
 * `keep`, the rescaled iterates `[X, G_1, ..., G_t]` (each divided by a positive scalar).
 */
function gramForward(X: Float64Array, r: number, c: number, t: number, keep: boolean): { log: number; iterates: Float64Array[] } {
  const iterates: Float64Array[] = [];
  let s = frob(X);
  if (s === 0) return { log: -Infinity, iterates };
  let A = X.map((x) => x / s);
  let logScale = Math.log(s); // log of the scalar that G_0 (stored) is multiplied by
  if (keep) iterates.push(A);
  let G = mulHN(A, A, r, c, c);
  logScale = 2 * logScale;
  for (let j = 1; j <= t; j++) {
    s = frob(G);
    G = G.map((x) => x / s);
    logScale += Math.log(s);
    if (keep) iterates.push(G);
    if (j === t) break;
    G = mulHN(G, G, c, c, c);
    logScale = 2 * logScale;
  }
  // stored G_t has unit Frobenius norm; true ||G_t||_F = e^{logScale}
  return { log: logScale / 2 ** t, iterates };
}

/** Gram-iteration bound `max_{w = 2 pi j / N} ||G_t(w)||_F^{1/2^t}` and its kernel gradient. */
export function gramIterationGradient(K: KernelTensor, N: readonly number[], t: number, tieTolerance: number): GridBoundGradient {
  const { grid, F } = symbolOnGrid(K, N);
  const per = K.cout * K.cin;
  const tall = K.cout >= K.cin;
  const r = tall ? K.cout : K.cin, c = tall ? K.cin : K.cout;
  const toX = (p: number): Float64Array => {
    const X = new Float64Array(2 * per);
    const base = 2 * p * per;
    if (tall) X.set(F.subarray(base, base + 2 * per));
    else for (let o = 0; o < K.cout; o++) for (let i = 0; i < K.cin; i++) { X[2 * (i * c + o)] = F[base + 2 * (o * K.cin + i)]; X[2 * (i * c + o) + 1] = F[base + 2 * (o * K.cin + i) + 1]; }
    return X;
  };
  const logs = new Float64Array(grid.size);
  for (let p = 0; p < grid.size; p++) logs[p] = gramForward(toX(p), r, c, t, false).log;
  const vals = logs.map((l) => (l === -Infinity ? 0 : Math.exp(l)));
  const { best, count } = argmax(vals, tieTolerance);
  const w = gridPoint(grid, best);
  const gradient = new Float64Array(K.data.length);
  if (vals[best] > 0) {
    const X = toX(best);
    const { iterates } = gramForward(X, r, c, t, true);
    // backward: B_t = G_t; B_j = G_j (B_{j+1} + B_{j+1}^H) for j = t-1..1; B_X = X (B_1 + B_1^H)
    let B = iterates[t];
    for (let j = t - 1; j >= 1; j--) {
      B = mulNN(iterates[j], hermitianPart(B, c), c, c, c);
      const s = frob(B);
      B = B.map((x) => x / s);
    }
    const BX = mulNN(iterates[0], hermitianPart(B, c), r, c, c);
    // back to F's layout
    const BF = new Float64Array(2 * per);
    if (tall) BF.set(BX);
    else for (let o = 0; o < K.cout; o++) for (let i = 0; i < K.cin; i++) { BF[2 * (o * K.cin + i)] = BX[2 * (i * c + o)]; BF[2 * (o * K.cin + i) + 1] = BX[2 * (i * c + o) + 1]; }
    let inner = 0;
    const base = 2 * best * per;
    for (let j = 0; j < 2 * per; j++) inner += BF[j] * F[base + j];
    accumulateSymbolAdjoint(K, w, BF, gradient, vals[best] / inner);
  }
  return { value: vals[best], gradient, frequency: w, maximisers: count, singularGap: null };
}
