/**
 * Pruned real DFTs between a box of real data and the half spectrum of a larger periodic grid, for
 * products through a circulant embedding (src/conv/zero-pad-fft.ts).
 *
 * Data `x[j_1..j_d][s]` lives on the box `0 <= j_a < n_a` of the grid `L_1 x ... x L_d`
 * (`L_a >= n_a`, zero elsewhere); `s < width` is an innermost batch index (channels). Convention of
 * fft.ts (numpy): forward `X_k = sum_j x_j exp(-2 pi i <j, k / L>)` at the half spectrum
 * `k_d <= floor(L_d / 2)` (the rest is `conj X_{-k}` for real x); inverse
 * `x_j = (1 / prod L) sum_k X_k exp(+2 pi i <j, k / L>)` for real x (Hermitian X), returned on the box only.
 * Each axis is one dense contraction with a phase table (`n_a x L_a` numbers), so zero rows are never
 * transformed and cropped rows never computed: `width * prod(n) * h_d` for the last axis plus about
 * `width * L_a * n_a * (rest)` per other axis, which beats Bluestein FFTs of the non-power-of-two
 * lengths `n + k - 1` at the short lengths of conv layers (tens of points).
 */
import { ShapeError } from "../core/errors";
import { contractDirect } from "./evaluate";

/** `E[j, t] = scale * exp(sign 2 pi i j t / L)` for j < rows, t < cols, interleaved complex, exact integer reduction of j t mod L. */
function phases(rows: number, cols: number, L: number, sign: 1 | -1, scale: (t: number) => number): Float64Array {
  const e = new Float64Array(2 * rows * cols);
  for (let j = 0; j < rows; j++) for (let t = 0; t < cols; t++) {
    const angle = (2 * Math.PI * ((j * t) % L)) / L;
    const s = scale(t);
    e[2 * (j * cols + t)] = s * Math.cos(angle);
    e[2 * (j * cols + t) + 1] = sign * s * Math.sin(angle);
  }
  return e;
}

/** Forward / inverse pruned real DFTs of one box `n` in one grid `L` with `width` batched channels; see the file comment. */
export class PrunedRealDft {
  readonly d: number;
  /** Half-spectrum shape `[L_1, ..., L_{d-1}, floor(L_d / 2) + 1]`. */
  readonly half: readonly number[];
  /** Points of the half spectrum. */
  readonly halfSize: number;
  /** Points of the box. */
  readonly boxSize: number;
  private readonly fwd: Float64Array[];
  private readonly inv: Float64Array[];
  private readonly scratch: [Float64Array, Float64Array] = [new Float64Array(0), new Float64Array(0)];

  constructor(readonly n: readonly number[], readonly L: readonly number[], readonly width: number) {
    if (!Array.isArray(n) || n.length === 0 || n.length !== L.length || n.some((v, a) => !Number.isInteger(v) || v < 1 || !Number.isInteger(L[a]) || L[a] < v)) {
      throw new ShapeError(`PrunedRealDft: need box sizes n and grid sizes L of the same length with 1 <= n_a <= L_a, got n ${JSON.stringify(n)}, L ${JSON.stringify(L)}`);
    }
    if (!Number.isInteger(width) || width < 1) throw new ShapeError(`PrunedRealDft: width must be a positive integer, got ${width}`);
    this.d = n.length;
    const d = this.d;
    const h = Math.floor(L[d - 1] / 2) + 1;
    this.half = [...L.slice(0, d - 1), h];
    this.halfSize = this.half.reduce((p, v) => p * v, 1);
    this.boxSize = n.reduce((p, v) => p * v, 1);
    // forward tables E[k, j] (k frequency < L_a or h, j position < n_a); inverse tables E[j, k]
    this.fwd = n.map((na, a) => phases(a === d - 1 ? h : L[a], na, L[a], -1, () => 1));
    const Ld = L[d - 1];
    // last axis of the inverse: real part of the half sum, interior frequencies counted twice (k and L - k)
    const weight = (k: number) => (k === 0 || 2 * k === Ld ? 1 : 2) / Ld;
    this.inv = n.map((na, a) => (a === d - 1 ? phases(na, h, Ld, 1, weight) : phases(na, L[a], L[a], 1, () => 1 / L[a])));
  }

  /**
   * Half spectrum `[half][width]` (interleaved complex) of real box data `x[n][width]`. With `out`
   * (length `2 * halfSize * width`, not aliasing x) the result is written there and nothing is
   * allocated (the intermediate axes use scratch buffers kept by this object); otherwise a new array.
   */
  forward(x: Float64Array, out?: Float64Array): Float64Array {
    const { n, d, width } = this;
    if (!(x instanceof Float64Array) || x.length !== this.boxSize * width) throw new ShapeError(`PrunedRealDft.forward: expected ${this.boxSize * width} numbers, got ${x?.length}`);
    const resultSize = 2 * this.halfSize * width;
    if (out !== undefined && (!(out instanceof Float64Array) || out.length !== resultSize)) throw new ShapeError(`PrunedRealDft.forward: out must be a Float64Array of ${resultSize} numbers, got ${out?.length}`);
    const result = out ?? new Float64Array(resultSize);
    const h = this.half[d - 1], nd = n[d - 1];
    const P = this.boxSize / nd;
    // last axis, real input: cur[p, k, s] = sum_j E[k, j] x[p, j, s] (accumulated, so zeroed first)
    let flip = 0;
    let cur = d === 1 ? result : this.scratchBuffer(flip++, 2 * P * h * width);
    cur.fill(0);
    const E = this.fwd[d - 1];
    for (let p = 0; p < P; p++) for (let k = 0; k < h; k++) {
      const o = 2 * (p * h + k) * width;
      let j = 0;
      // four positions per pass over the output row (one load / store of cur per four terms; the
      // terms are still added one after another in j order, so the result is bitwise that of the plain loop)
      for (; j + 3 < nd; j += 4) {
        const e0 = 2 * (k * nd + j);
        const r0 = E[e0], i0 = E[e0 + 1], r1 = E[e0 + 2], i1 = E[e0 + 3], r2 = E[e0 + 4], i2 = E[e0 + 5], r3 = E[e0 + 6], i3 = E[e0 + 7];
        const x0 = (p * nd + j) * width, x1 = x0 + width, x2 = x1 + width, x3 = x2 + width;
        for (let s = 0; s < width; s++) {
          const v0 = x[x0 + s], v1 = x[x1 + s], v2 = x[x2 + s], v3 = x[x3 + s];
          cur[o + 2 * s] = cur[o + 2 * s] + r0 * v0 + r1 * v1 + r2 * v2 + r3 * v3;
          cur[o + 2 * s + 1] = cur[o + 2 * s + 1] + i0 * v0 + i1 * v1 + i2 * v2 + i3 * v3;
        }
      }
      for (; j < nd; j++) {
        const er = E[2 * (k * nd + j)], ei = E[2 * (k * nd + j) + 1];
        const xi = (p * nd + j) * width;
        for (let s = 0; s < width; s++) { const v = x[xi + s]; cur[o + 2 * s] += er * v; cur[o + 2 * s + 1] += ei * v; }
      }
    }
    const dims = [...n.slice(0, d - 1), h];
    for (let a = d - 2; a >= 0; a--) {
      let Pa = 1, S = width;
      for (let b = 0; b < a; b++) Pa *= dims[b];
      for (let b = a + 1; b < d; b++) S *= dims[b];
      const next = a === 0 ? result : this.scratchBuffer(flip++, 2 * Pa * this.L[a] * S);
      contractDirect(cur, Pa, n[a], S, this.fwd[a], this.L[a], next);
      cur = next;
      dims[a] = this.L[a];
    }
    return result;
  }

  /**
   * Real box data `x[n][width]` of the inverse DFT of a Hermitian half spectrum `X[half][width]`.
   * With `out` (length `boxSize * width`, not aliasing X) the result is written there and nothing is
   * allocated; otherwise a new array.
   */
  inverse(X: Float64Array, out?: Float64Array): Float64Array {
    const { n, d, width } = this;
    if (!(X instanceof Float64Array) || X.length !== 2 * this.halfSize * width) throw new ShapeError(`PrunedRealDft.inverse: expected ${2 * this.halfSize * width} numbers, got ${X?.length}`);
    if (out !== undefined && (!(out instanceof Float64Array) || out.length !== this.boxSize * width)) throw new ShapeError(`PrunedRealDft.inverse: out must be a Float64Array of ${this.boxSize * width} numbers, got ${out?.length}`);
    const dims = [...this.half];
    let cur = X;
    for (let a = 0; a < d - 1; a++) {
      let Pa = 1, S = width;
      for (let b = 0; b < a; b++) Pa *= dims[b];
      for (let b = a + 1; b < d; b++) S *= dims[b];
      const next = this.scratchBuffer(a, 2 * Pa * n[a] * S);
      contractDirect(cur, Pa, this.L[a], S, this.inv[a], n[a], next);
      cur = next;
      dims[a] = n[a];
    }
    // last axis, real output: x[p, j, s] = Re sum_k E[j, k] cur[p, k, s] (accumulated, so zeroed first)
    const h = this.half[d - 1], nd = n[d - 1];
    const P = this.boxSize / nd;
    const x = out ?? new Float64Array(this.boxSize * width);
    x.fill(0);
    const E = this.inv[d - 1];
    for (let p = 0; p < P; p++) for (let j = 0; j < nd; j++) {
      const o = (p * nd + j) * width;
      let k = 0;
      // four frequencies per pass (same term order as the plain loop, bitwise equal result)
      for (; k + 3 < h; k += 4) {
        const e0 = 2 * (j * h + k);
        const r0 = E[e0], i0 = E[e0 + 1], r1 = E[e0 + 2], i1 = E[e0 + 3], r2 = E[e0 + 4], i2 = E[e0 + 5], r3 = E[e0 + 6], i3 = E[e0 + 7];
        const c0 = 2 * (p * h + k) * width, c1 = c0 + 2 * width, c2 = c1 + 2 * width, c3 = c2 + 2 * width;
        for (let s = 0; s < width; s++) {
          const s2 = 2 * s;
          x[o + s] = x[o + s] + (r0 * cur[c0 + s2] - i0 * cur[c0 + s2 + 1]) + (r1 * cur[c1 + s2] - i1 * cur[c1 + s2 + 1]) + (r2 * cur[c2 + s2] - i2 * cur[c2 + s2 + 1]) + (r3 * cur[c3 + s2] - i3 * cur[c3 + s2 + 1]);
        }
      }
      for (; k < h; k++) {
        const er = E[2 * (j * h + k)], ei = E[2 * (j * h + k) + 1];
        const ci = 2 * (p * h + k) * width;
        for (let s = 0; s < width; s++) x[o + s] += er * cur[ci + 2 * s] - ei * cur[ci + 2 * s + 1];
      }
    }
    return x;
  }

  /**
   * Scratch for the intermediate axes, alternating between two buffers (stage i reads buffer
   * (i - 1) % 2 and writes i % 2), grown once to the largest stage so that repeated transforms
   * allocate nothing. Returns a view of `size` numbers.
   */
  private scratchBuffer(stage: number, size: number): Float64Array {
    const slot = stage % 2;
    if (this.scratch[slot].length < size) this.scratch[slot] = new Float64Array(size);
    return this.scratch[slot].subarray(0, size);
  }
}
