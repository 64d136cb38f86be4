// Independent references for the decoder tests: no code shared with src/decoder.
import { Rng } from "../../../src/core/index";

/** Direct O(M^2 N^2) 2-D DFT of every channel of a real [C, M, N] map, interleaved complex. */
export function naiveDft(data: Float64Array, C: number, M: number, N: number): Float64Array {
  const out = new Float64Array(2 * C * M * N);
  for (let c = 0; c < C; c++) for (let u = 0; u < M; u++) for (let v = 0; v < N; v++) {
    let re = 0, im = 0;
    for (let m = 0; m < M; m++) for (let n = 0; n < N; n++) {
      const a = -2 * Math.PI * (((u * m) % M) / M + ((v * n) % N) / N);
      const x = data[(c * M + m) * N + n];
      re += x * Math.cos(a); im += x * Math.sin(a);
    }
    out[2 * ((c * M + u) * N + v)] = re;
    out[2 * ((c * M + u) * N + v) + 1] = im;
  }
  return out;
}

/** The paper's one-sided circular conv: h[d, m, n] = sum_c sum_{t,s} W[d,c,t,s] g[c, m+t, n+s] + b_d (mod M, N). */
export function naiveCircularConv(W: Float64Array, D: number, C: number, K: number, g: Float64Array, M: number, N: number, b?: Float64Array): Float64Array {
  const h = new Float64Array(D * M * N);
  for (let d = 0; d < D; d++) for (let m = 0; m < M; m++) for (let n = 0; n < N; n++) {
    let s = b ? b[d] : 0;
    for (let c = 0; c < C; c++) for (let t = 0; t < K; t++) for (let u = 0; u < K; u++) s += W[((d * C + c) * K + t) * K + u] * g[(c * M + (m + t) % M) * N + (n + u) % N];
    h[(d * M + m) * N + n] = s;
  }
  return h;
}

export function maxAbs(a: ArrayLike<number>): number { let m = 0; for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i])); return m; }
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0; for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i])); return m;
}
export function normals(seed: number, n: number, mean = 0, sd = 1): Float64Array { const r = new Rng(seed); const x = new Float64Array(n); for (let i = 0; i < n; i++) x[i] = mean + sd * r.normal(); return x; }
