/**
 * Pruned real DFTs between a box of real data and the half spectrum of a larger periodic grid, for
 * products through a circulant embedding (src/conv/zero-pad-fft.ts).
 *
 * Data `x[j_1..j_d][s]` lives on the box `0 <= j_a < n_a` of the grid `L_1 x ... x L_d`
 * (`L_a >= n_a`, zero elsewhere); `s < width` is an innermost batch index (channels). Convention of
 * fft.ts (numpy): forward `X_k = sum_j x_j exp(-2 pi i <j, k / L>)` at the half spectrum
 * `k_d <= floor(L_d / 2)` (the rest is `conj X_{-k}` for real x); inverse
 * `x_j = (1 / prod L) sum_k X_k exp(+2 pi i <j, k / L>)` for real x (Hermitian X), returned on the box only.
 *
 * Every axis is a batch of 1-D complex DFTs of length L_a whose "points" are whole rows of contiguous
 * numbers (the channels and the later axes), so every inner loop streams over a contiguous row.
 * The 1-D transform is a small plan ({@link DftNode}) chosen by operation count per (L, inputs, outputs):
 * - "direct": the dense sum over the nonzero input rows only (best when L >> n);
 * - "split" (even L): one radix-2 decimation-in-time step, `X_k = A_k + w^k B_k`, `X_{k+L/2} = A_k - w^k B_k`
 *   with A, B the (pruned) half-length DFTs of the even and odd rows;
 * - "sym" (odd L): the sum folded on `j <-> L - j` (`u_j = x_j + x_{L-j}`, `v_j = x_j - x_{L-j}`), which
 *   gives the pair `X_k, X_{L-k}` from one cosine sum of u and one sine sum of v: a quarter of the
 *   dense complex work (34 = 2 * 17 and 10 = 2 * 5, the conv-layer grids, are split + sym).
 * Zero input rows are never read and outputs past the needed rows never computed.
 * The real last axis packs channel pairs: the real row `x[..][j][0..width)` read as `width / 2`
 * complex numbers is `z = x_{2c} + i x_{2c+1}`, one complex DFT gives both spectra
 * (`X_{2c} = (Z_k + conj Z_{-k}) / 2`, `X_{2c+1} = (Z_k - conj Z_{-k}) / 2i`), and the inverse of
 * `X_{2c} + i X_{2c+1}` is directly the interleaved real row pair (odd width: one zero channel is staged).
 */
import { ShapeError } from "../core/errors";

/** A pruned 1-D complex DFT `X_k = sum_{j < nIn} x_j exp(sign 2 pi i j k / L)` for `k < nOut` (unscaled). */
type DftNode =
  | { kind: "direct"; L: number; nIn: number; nOut: number; cost: number; scratchRows: number; table: Float64Array }
  | { kind: "split"; L: number; nIn: number; nOut: number; cost: number; scratchRows: number; even: DftNode; odd: DftNode; twiddle: Float64Array }
  | { kind: "sym"; L: number; nIn: number; nOut: number; cost: number; scratchRows: number; pairs: Int32Array; cos: Float64Array; sin: Float64Array };

/** Cost of writing one complex row element (in real multiply-adds): memory passes are not free in JS. */
const ROW_WRITE_COST = 4;

/** `exp(sign 2 pi i r / L)` with the exact integer reduction of r mod L. */
function unit(r: number, L: number, sign: number): [number, number] {
  const angle = (2 * Math.PI * (r % L)) / L;
  return [Math.cos(angle), sign * Math.sin(angle)];
}

/** The cheapest plan by operation count (real multiply-adds per column, plus row writes); memoised per (L, nIn, nOut, sign). */
function buildNode(L: number, nIn: number, nOut: number, sign: 1 | -1, memo: Map<string, DftNode>): DftNode {
  const key = `${L},${nIn},${nOut},${sign}`;
  const known = memo.get(key);
  if (known) return known;
  const table = new Float64Array(2 * nOut * nIn);
  for (let k = 0; k < nOut; k++) for (let j = 0; j < nIn; j++) {
    const [c, s] = unit(j * k, L, sign);
    table[2 * (k * nIn + j)] = c;
    table[2 * (k * nIn + j) + 1] = s;
  }
  let best: DftNode = { kind: "direct", L, nIn, nOut, cost: 4 * nIn * nOut + ROW_WRITE_COST * nOut, scratchRows: 0, table };
  if (L % 2 === 0 && nIn >= 2) {
    const m = L / 2, mOut = Math.min(m, nOut);
    const even = buildNode(m, Math.ceil(nIn / 2), mOut, sign, memo);
    const odd = buildNode(m, Math.floor(nIn / 2), mOut, sign, memo);
    // butterflies: one complex multiply (4) and up to two complex adds (4) per needed output pair
    const cost = even.cost + odd.cost + 8 * mOut + ROW_WRITE_COST * nOut;
    if (cost < best.cost) {
      const twiddle = new Float64Array(2 * mOut);
      for (let k = 0; k < mOut; k++) [twiddle[2 * k], twiddle[2 * k + 1]] = unit(k, L, sign);
      best = { kind: "split", L, nIn, nOut, cost, scratchRows: 2 * mOut + Math.max(even.scratchRows, odd.scratchRows), even, odd, twiddle };
    }
  }
  if (L % 2 === 1 && L >= 3 && nIn >= 2) {
    const h = (L - 1) / 2;
    const ks: number[] = [];
    for (let k = 1; k <= h; k++) if (k < nOut || L - k < nOut) ks.push(k);
    // folding (4 adds per j), two real-by-complex sums per (pair, j), and the output adds
    const cost = 4 * h + 2 * ROW_WRITE_COST * h + 4 * ks.length * h + 8 * ks.length + ROW_WRITE_COST * nOut;
    if (cost < best.cost) {
      const cos = new Float64Array(ks.length * h), sin = new Float64Array(ks.length * h);
      ks.forEach((k, p) => { for (let j = 1; j <= h; j++) [cos[p * h + j - 1], sin[p * h + j - 1]] = unit(j * k, L, sign); });
      best = { kind: "sym", L, nIn, nOut, cost, scratchRows: 2 * h, pairs: Int32Array.from(ks), cos, sin };
    }
  }
  memo.set(key, best);
  return best;
}

/**
 * Runs `node` on a block of `cw` complex columns: input row j (j < nIn) at `src[so + j * ss ..]`,
 * output row k (k < nOut) at `dst[doff + k * ds ..]`, `2 * cw` numbers each; `scr[sc..]` holds
 * `node.scratchRows` rows of `2 * cw` numbers. dst must not overlap src or the scratch.
 */
function runNode(node: DftNode, src: Float64Array, so: number, ss: number, dst: Float64Array, doff: number, ds: number, cw: number, scr: Float64Array, sc: number): void {
  const cw2 = 2 * cw;
  if (node.kind === "direct") {
    const { nIn, nOut, table } = node;
    // per output element, the sum over j stays in registers (one store per output)
    for (let k = 0; k < nOut; k++) {
      const o = doff + k * ds, t0 = 2 * k * nIn;
      for (let c = 0; c < cw2; c += 2) {
        let re = 0, im = 0;
        for (let j = 0, i = so + c, t = t0; j < nIn; j++, i += ss, t += 2) {
          const er = table[t], ei = table[t + 1], xr = src[i], xi = src[i + 1];
          re += er * xr - ei * xi;
          im += er * xi + ei * xr;
        }
        dst[o + c] = re;
        dst[o + c + 1] = im;
      }
    }
    return;
  }
  if (node.kind === "split") {
    const { L, nOut, even, odd, twiddle } = node;
    const m = L / 2, mOut = Math.min(m, nOut);
    const a = sc, b = sc + mOut * cw2, child = sc + 2 * mOut * cw2;
    runNode(even, src, so, 2 * ss, scr, a, cw2, cw, scr, child);
    runNode(odd, src, so + ss, 2 * ss, scr, b, cw2, cw, scr, child);
    for (let k = 0; k < mOut; k++) {
      const wr = twiddle[2 * k], wi = twiddle[2 * k + 1];
      const ra = a + k * cw2, rb = b + k * cw2, o1 = doff + k * ds, o2 = doff + (k + m) * ds;
      if (k + m < nOut) {
        for (let c = 0; c < cw2; c += 2) {
          const br = scr[rb + c], bi = scr[rb + c + 1], ar = scr[ra + c], ai = scr[ra + c + 1];
          const tr = wr * br - wi * bi, ti = wr * bi + wi * br;
          dst[o1 + c] = ar + tr; dst[o1 + c + 1] = ai + ti;
          dst[o2 + c] = ar - tr; dst[o2 + c + 1] = ai - ti;
        }
      } else {
        for (let c = 0; c < cw2; c += 2) {
          const br = scr[rb + c], bi = scr[rb + c + 1];
          dst[o1 + c] = scr[ra + c] + wr * br - wi * bi;
          dst[o1 + c + 1] = scr[ra + c + 1] + wr * bi + wi * br;
        }
      }
    }
    return;
  }
  // sym: u_j, v_j (j = 1..h) at scratch rows j - 1 and h + j - 1
  const { L, nIn, nOut, pairs, cos, sin } = node;
  const h = (L - 1) / 2;
  const uOff = sc, vOff = sc + h * cw2;
  for (let j = 1; j <= h; j++) {
    const u = uOff + (j - 1) * cw2, v = vOff + (j - 1) * cw2;
    const hasA = j < nIn, hasB = L - j < nIn;
    const ia = so + j * ss, ib = so + (L - j) * ss;
    if (hasA && hasB) {
      for (let c = 0; c < cw2; c++) { const x = src[ia + c], y = src[ib + c]; scr[u + c] = x + y; scr[v + c] = x - y; }
    } else if (hasA) {
      for (let c = 0; c < cw2; c++) { const x = src[ia + c]; scr[u + c] = x; scr[v + c] = x; }
    } else {
      // (hasB alone is impossible: L - j >= j, and rows below nIn are the nonzero ones)
      for (let c = 0; c < cw2; c++) { scr[u + c] = 0; scr[v + c] = 0; }
    }
  }
  if (nOut > 0) {
    // X_0 = x_0 + sum_j u_j
    for (let c = 0; c < cw2; c++) {
      let s = src[so + c];
      for (let j = 0, i = uOff + c; j < h; j++, i += cw2) s += scr[i];
      dst[doff + c] = s;
    }
  }
  let p = 0;
  // two pairs per sweep over the columns: each u_j, v_j load feeds both (8 accumulators stay in registers)
  for (; p + 1 < pairs.length; p += 2) {
    const k1 = pairs[p], k2 = pairs[p + 1], t1 = p * h, t2 = t1 + h;
    const a1 = doff + k1 * ds, b1 = doff + (L - k1) * ds, a2 = doff + k2 * ds, b2 = doff + (L - k2) * ds;
    const wa1 = k1 < nOut, wb1 = L - k1 < nOut, wa2 = k2 < nOut, wb2 = L - k2 < nOut;
    for (let c = 0; c < cw2; c += 2) {
      const x0r = src[so + c], x0i = src[so + c + 1];
      let cr1 = x0r, ci1 = x0i, dr1 = 0, di1 = 0, cr2 = x0r, ci2 = x0i, dr2 = 0, di2 = 0;
      for (let j = 0, iu = uOff + c, iv = vOff + c; j < h; j++, iu += cw2, iv += cw2) {
        const ur = scr[iu], ui = scr[iu + 1], vr = scr[iv], vi = scr[iv + 1];
        const c1 = cos[t1 + j], s1 = sin[t1 + j], c2 = cos[t2 + j], s2 = sin[t2 + j];
        cr1 += c1 * ur; ci1 += c1 * ui; dr1 += s1 * vr; di1 += s1 * vi;
        cr2 += c2 * ur; ci2 += c2 * ui; dr2 += s2 * vr; di2 += s2 * vi;
      }
      if (wa1) { dst[a1 + c] = cr1 - di1; dst[a1 + c + 1] = ci1 + dr1; }
      if (wb1) { dst[b1 + c] = cr1 + di1; dst[b1 + c + 1] = ci1 - dr1; }
      if (wa2) { dst[a2 + c] = cr2 - di2; dst[a2 + c + 1] = ci2 + dr2; }
      if (wb2) { dst[b2 + c] = cr2 + di2; dst[b2 + c + 1] = ci2 - dr2; }
    }
  }
  for (; p < pairs.length; p++) {
    const k = pairs[p], t0 = p * h;
    const o1 = doff + k * ds, o2 = doff + (L - k) * ds;
    const w1 = k < nOut, w2 = L - k < nOut;
    for (let c = 0; c < cw2; c += 2) {
      // C = sum_j cos u_j, D = sum_j (sign sin) v_j; X_k = x_0 + C + i D, X_{L-k} = x_0 + C - i D
      let cr = src[so + c], ci = src[so + c + 1], dr = 0, di = 0;
      for (let j = 0, iu = uOff + c, iv = vOff + c; j < h; j++, iu += cw2, iv += cw2) {
        const cs = cos[t0 + j], sn = sin[t0 + j];
        cr += cs * scr[iu]; ci += cs * scr[iu + 1];
        dr += sn * scr[iv]; di += sn * scr[iv + 1];
      }
      if (w1) { dst[o1 + c] = cr - di; dst[o1 + c + 1] = ci + dr; }
      if (w2) { dst[o2 + c] = cr + di; dst[o2 + c + 1] = ci - dr; }
    }
  }
}

/** Complex columns per block: one block's rows (input, scratch, output) stay in the first cache levels. */
const COLUMN_BLOCK = 32;

/**
 * Transforms `P` lines of rows: line p's input rows at `src[so + p * srcLine + j * 2S ..]`, outputs at
 * `dst[doff + p * dstLine + k * 2S ..]`, `S` complex columns per row, in column blocks.
 */
function runLines(node: DftNode, P: number, S: number, src: Float64Array, so: number, srcLine: number, dst: Float64Array, doff: number, dstLine: number, scr: Float64Array): void {
  for (let p = 0; p < P; p++) for (let c0 = 0; c0 < S; c0 += COLUMN_BLOCK) {
    const cw = Math.min(COLUMN_BLOCK, S - c0);
    runNode(node, src, so + p * srcLine + 2 * c0, 2 * S, dst, doff + p * dstLine + 2 * c0, 2 * S, cw, scr, 0);
  }
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
  /** Per axis: forward plan (n_a rows -> L_a, last axis all L_d for the unpacking), inverse plan (L_a -> n_a). */
  private readonly fwd: DftNode[];
  private readonly inv: DftNode[];
  /** Channels rounded up to even (the packed complex columns of the last axis are `pw / 2`). */
  private readonly pw: number;
  /** Reused work arrays (calls are synchronous, so no two calls share them at once). */
  private readonly bufA: Float64Array;
  private readonly bufB: Float64Array;
  private readonly lineBuf: Float64Array;
  private readonly scratch: Float64Array;
  private readonly stage: Float64Array;

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
    const memo = new Map<string, DftNode>();
    this.fwd = n.map((na, a) => buildNode(L[a], na, L[a], -1, memo));
    this.inv = n.map((na, a) => buildNode(L[a], L[a], na, 1, memo));
    this.pw = width + (width % 2);
    // largest intermediate: after axis a of the forward (or before it in the inverse) the shape is
    // [n_1..n_a-1, L_a..L_{d-1}, h] (or with n_a in place of L_a), at most prod(L_<d) * h * width complex
    let big = 0;
    for (let a = 0; a < d; a++) {
      const lead = n.slice(0, a).reduce((p, v) => p * v, 1), tail = this.half.slice(a).reduce((p, v) => p * v, 1);
      big = Math.max(big, lead * tail, lead * n[a] * this.half.slice(a + 1).reduce((p, v) => p * v, 1));
    }
    this.bufA = new Float64Array(d > 1 ? 2 * big * width : 0);
    this.bufB = new Float64Array(d > 2 ? 2 * big * width : 0);
    const Ld = L[d - 1];
    this.lineBuf = new Float64Array(2 * Ld * COLUMN_BLOCK);
    const rows = Math.max(...this.fwd.map((f) => f.scratchRows), ...this.inv.map((f) => f.scratchRows));
    this.scratch = new Float64Array(2 * rows * COLUMN_BLOCK);
    // odd width: one line of the box with a zero channel appended
    this.stage = new Float64Array(width % 2 === 1 ? n[d - 1] * this.pw : 0);
  }

  /**
   * Conjugate pairs inside the stored half spectrum: for real data `X_{-k} = conj X_k`, and on the
   * last axis the points `k_d = 0` and (even `L_d`) `k_d = L_d / 2` are their own negatives, so there
   * the half spectrum holds both k and `-k mod L`. `mirror[f]` is the index of the stored point
   * `-k` when that is another point with a smaller index, else -1: per-frequency products with a
   * real symbol (`M(-w) = conj M(w)`) need only the points with `mirror[f] = -1` and copy the rest
   * conjugated (src/conv/frequency-mix.ts).
   */
  get mirror(): Int32Array {
    if (this.mirrorTable) return this.mirrorTable;
    const { half, L, d } = this;
    const m = new Int32Array(this.halfSize).fill(-1);
    const k = new Array<number>(d).fill(0);
    for (let f = 0; f < this.halfSize; f++) {
      const kd = k[d - 1];
      if (kd === 0 || 2 * kd === L[d - 1]) {
        let g = 0;
        for (let a = 0; a < d; a++) g = g * half[a] + (a === d - 1 ? kd : (L[a] - k[a]) % L[a]);
        if (g < f) m[f] = g;
      }
      for (let a = d - 1; a >= 0; a--) { if (++k[a] < half[a]) break; k[a] = 0; }
    }
    return (this.mirrorTable = m);
  }

  private mirrorTable: Int32Array | null = null;

  /**
   * Real multiply-adds of one {@link PrunedRealDft.forward} (an inverse costs about the same), from
   * the per-axis plans: the last axis on `width / 2` packed complex columns, the others on every
   * complex column of their stage. For choosing between products (src/conv/zero-pad-fft.ts).
   */
  get multiplyAdds(): number {
    const { n, d, L, half, pw, width } = this;
    const h = half[d - 1];
    let total = (this.boxSize / n[d - 1]) * (pw / 2) * this.fwd[d - 1].cost;
    const dims = [...n.slice(0, d - 1), h];
    for (let a = d - 2; a >= 0; a--) {
      let Pa = 1, S = width;
      for (let b = 0; b < a; b++) Pa *= dims[b];
      for (let b = a + 1; b < d; b++) S *= dims[b];
      total += Pa * S * this.fwd[a].cost;
      dims[a] = L[a];
    }
    return total;
  }

  /**
   * Half spectrum `X[half][width]` (interleaved complex, `X_k = sum_j x_j exp(-2 pi i <j, k / L>)`) of
   * real box data `x[n][width]`. Writes into `out` (length `2 * halfSize * width`) when given, else a new array.
   */
  forward(x: Float64Array, out?: Float64Array): Float64Array {
    const { n, d, width, L, half } = this;
    if (!(x instanceof Float64Array) || x.length !== this.boxSize * width) throw new ShapeError(`PrunedRealDft.forward: expected ${this.boxSize * width} numbers, got ${x?.length}`);
    const total = 2 * this.halfSize * width;
    if (out === undefined) out = new Float64Array(total);
    else if (!(out instanceof Float64Array) || out.length !== total) throw new ShapeError(`PrunedRealDft.forward: out must be a Float64Array of ${total} numbers, got ${out?.length}`);
    const h = half[d - 1], nd = n[d - 1];
    const P = this.boxSize / nd;
    // last axis: [P][nd][width] real -> [P][h][width] complex; the later axes go through bufA / bufB
    let cur = d === 1 ? out : this.bufA;
    this.forwardLastAxis(x, P, cur);
    const dims = [...n.slice(0, d - 1), h];
    for (let a = d - 2; a >= 0; a--) {
      let Pa = 1, S = width;
      for (let b = 0; b < a; b++) Pa *= dims[b];
      for (let b = a + 1; b < d; b++) S *= dims[b];
      const dst = a === 0 ? out : cur === this.bufA ? this.bufB : this.bufA;
      runLines(this.fwd[a], Pa, S, cur, 0, 2 * n[a] * S, dst, 0, 2 * L[a] * S, this.scratch);
      cur = dst;
      dims[a] = L[a];
    }
    return out;
  }

  /** `[P][nd][width]` real -> `[P][h][width]` complex along the last axis (packed channel pairs). */
  private forwardLastAxis(x: Float64Array, P: number, dst: Float64Array): void {
    const { n, d, width, pw, L } = this;
    const h = this.half[d - 1], nd = n[d - 1], Ld = L[d - 1];
    const node = this.fwd[d - 1], Z = this.lineBuf, scr = this.scratch;
    const pairs = pw / 2, odd = width % 2 === 1;
    for (let p = 0; p < P; p++) {
      let src = x, so = p * nd * width;
      if (odd) {
        // copy the line with a zero channel appended, so each row is pw / 2 whole complex numbers
        const st = this.stage;
        for (let j = 0; j < nd; j++) { st.set(x.subarray(so + j * width, so + (j + 1) * width), j * pw); st[j * pw + width] = 0; }
        src = st; so = 0;
      }
      for (let c0 = 0; c0 < pairs; c0 += COLUMN_BLOCK) {
        const cw = Math.min(COLUMN_BLOCK, pairs - c0), cw2 = 2 * cw;
        runNode(node, src, so + 2 * c0, pw, Z, 0, cw2, cw, scr, 0);
        // unpack: channel 2c = (Z_k + conj Z_{-k}) / 2, channel 2c + 1 = (Z_k - conj Z_{-k}) / 2i
        const full = odd && c0 + cw === pairs ? cw - 1 : cw;
        for (let k = 0; k < h; k++) {
          const zk = k * cw2, zm = ((Ld - k) % Ld) * cw2, o = 2 * ((p * h + k) * width + 2 * c0);
          for (let c = 0; c < full; c++) {
            const zr = Z[zk + 2 * c], zi = Z[zk + 2 * c + 1], mr = Z[zm + 2 * c], mi = Z[zm + 2 * c + 1];
            dst[o + 4 * c] = 0.5 * (zr + mr);
            dst[o + 4 * c + 1] = 0.5 * (zi - mi);
            dst[o + 4 * c + 2] = 0.5 * (zi + mi);
            dst[o + 4 * c + 3] = -0.5 * (zr - mr);
          }
          if (full < cw) {
            const c = full;
            dst[o + 4 * c] = 0.5 * (Z[zk + 2 * c] + Z[zm + 2 * c]);
            dst[o + 4 * c + 1] = 0.5 * (Z[zk + 2 * c + 1] - Z[zm + 2 * c + 1]);
          }
        }
      }
    }
  }

  /**
   * Real box data `x[n][width]` of the inverse DFT `x_j = (1 / prod L) sum_k X_k exp(+2 pi i <j, k / L>)`
   * of a Hermitian half spectrum `X[half][width]` (the imaginary parts at `k_d = 0` and `k_d = L_d / 2`
   * are ignored, as for the real part of the half sum). Writes into `out` (length `boxSize * width`) when given, else a new array.
   */
  inverse(X: Float64Array, out?: Float64Array): Float64Array {
    const { n, d, width, L } = this;
    if (!(X instanceof Float64Array) || X.length !== 2 * this.halfSize * width) throw new ShapeError(`PrunedRealDft.inverse: expected ${2 * this.halfSize * width} numbers, got ${X?.length}`);
    const total = this.boxSize * width;
    if (out === undefined) out = new Float64Array(total);
    else if (!(out instanceof Float64Array) || out.length !== total) throw new ShapeError(`PrunedRealDft.inverse: out must be a Float64Array of ${total} numbers, got ${out?.length}`);
    const dims = [...this.half];
    let cur = X;
    for (let a = 0; a < d - 1; a++) {
      let Pa = 1, S = width;
      for (let b = 0; b < a; b++) Pa *= dims[b];
      for (let b = a + 1; b < d; b++) S *= dims[b];
      const dst = cur === this.bufA ? this.bufB : this.bufA;
      runLines(this.inv[a], Pa, S, cur, 0, 2 * L[a] * S, dst, 0, 2 * n[a] * S, this.scratch);
      cur = dst;
      dims[a] = n[a];
    }
    this.inverseLastAxis(cur, out);
    return out;
  }

  /** `[P][h][width]` complex (Hermitian along the last axis) -> `[P][nd][width]` real, with the whole 1 / prod L scaling. */
  private inverseLastAxis(cur: Float64Array, x: Float64Array): void {
    const { n, d, width, pw, L } = this;
    const h = this.half[d - 1], nd = n[d - 1], Ld = L[d - 1];
    const P = this.boxSize / nd;
    const node = this.inv[d - 1], Z = this.lineBuf, scr = this.scratch;
    const pairs = pw / 2, odd = width % 2 === 1;
    const scale = 1 / L.reduce((p, v) => p * v, 1);
    for (let p = 0; p < P; p++) {
      const dst = odd ? this.stage : x, doff = odd ? 0 : p * nd * width;
      for (let c0 = 0; c0 < pairs; c0 += COLUMN_BLOCK) {
        const cw = Math.min(COLUMN_BLOCK, pairs - c0), cw2 = 2 * cw;
        const full = odd && c0 + cw === pairs ? cw - 1 : cw;
        // full spectrum of the pair: Z_k = X_{2c, k} + i X_{2c+1, k}, X_{L-k} = conj X_k; real parts only at k = 0, L / 2
        for (let k = 0; k < Ld; k++) {
          const kk = k < h ? k : Ld - k, cj = k < h ? scale : -scale;
          const im = kk === 0 || 2 * kk === Ld ? 0 : cj;
          const i = 2 * ((p * h + kk) * width + 2 * c0), z = k * cw2;
          for (let c = 0; c < full; c++) {
            const ar = cur[i + 4 * c], ai = cur[i + 4 * c + 1], br = cur[i + 4 * c + 2], bi = cur[i + 4 * c + 3];
            Z[z + 2 * c] = scale * ar - im * bi;
            Z[z + 2 * c + 1] = im * ai + scale * br;
          }
          if (full < cw) { Z[z + 2 * full] = scale * cur[i + 4 * full]; Z[z + 2 * full + 1] = im * cur[i + 4 * full + 1]; }
        }
        runNode(node, Z, 0, cw2, dst, doff + 2 * c0, pw, cw, scr, 0);
      }
      if (odd) for (let j = 0; j < nd; j++) x.set(this.stage.subarray(j * pw, j * pw + width), (p * nd + j) * width);
    }
  }
}
