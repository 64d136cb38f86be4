/**
 * Second moments of random conv layers in the frequency domain (Tang et al., seed 004, claim 2).
 *
 * Single channel, `K x K` weights i.i.d. `N(mu, sigma^2)`, `T^(uv) = sum_{t,s} W_ts exp(2 pi i (ut/M + vs/N))`:
 *   `E|T^(uv)|^2 = |mu R_uv|^2 + K^2 sigma^2`,  `R_uv = sum_{t,s<K} exp(2 pi i (ut/M + vs/N))`
 *   `= exp(i pi (K-1)(u/M + v/N)) [sin(u K pi/M) sin(v K pi/N)] / [sin(u pi/M) sin(v pi/N)]`, `|R_uv| <= K^2`
 * (mean part: `E T = mu R`; variance part: `sum |e|^2 sigma^2 = K^2 sigma^2`). With `mu = 0` it is flat.
 *
 * Multi-channel, exact. For a layer `h_d = sum_c T_dc g_c` (D x C, all weights i.i.d. N(mu, sigma^2),
 * independent of the input) `E[T_dc conj T_d'c'] = mu^2 |R|^2 + delta_dd' delta_cc' K^2 sigma^2`, so the
 * second-moment matrix `S = E[g g^H]` at a frequency maps to
 *   `S'_{dd'} = mu^2 |R|^2 (1^T S 1) + delta_dd' K^2 sigma^2 tr S`;
 * only `s = 1^T S 1 = E|sum_c g_c|^2` and `t = tr S = sum_c E|g_c|^2` propagate:
 *   `s' = D^2 mu^2 |R|^2 s + D K^2 sigma^2 t`,   `t' = D mu^2 |R|^2 s + D K^2 sigma^2 t`.
 * The "independent channels" formula drops the cross terms of S (treats `E[g_c conj g_c'] = 0` for c != c'):
 *   `t' = D (mu^2 |R|^2 + K^2 sigma^2) t`,
 * which is exact only while `s = t`, e.g. for one input channel; after a layer with `mu != 0` the
 * channels share the component `mu R sum_c g_c` and are correlated.
 */
import { DomainError, ShapeError, checkInteger, checkOptions, Rng } from "../core/index";
import { evaluateOnGrid, circularGrid } from "../grid/index";
import { SpectrumMap, checkSpectrumMap } from "./spectrum-map";

function checkSize(where: string, size: readonly number[], K: number): [number, number] {
  if (!Array.isArray(size) || size.length !== 2) throw new ShapeError(`${where}: size must be [M, N]`);
  const M = checkInteger(where, "M", size[0], 1), N = checkInteger(where, "N", size[1], 1);
  if (K > M || K > N) throw new ShapeError(`${where}: kernel size ${K} exceeds the ${M} x ${N} map`);
  return [M, N];
}

function checkMoments(where: string, mu: number, sigma: number): void {
  if (!Number.isFinite(mu) || !Number.isFinite(sigma) || sigma < 0) throw new DomainError(`${where}: mu must be finite and sigma >= 0, got mu = ${mu}, sigma = ${sigma}`);
}

/** `R_uv = sum_{t,s<K} exp(2 pi i (ut/M + vs/N))` in closed form (file comment), complex `[M, N]`. */
export function boxResponse(K: number, size: readonly number[]): Float64Array {
  const where = "boxResponse";
  checkInteger(where, "K", K, 1);
  const [M, N] = checkSize(where, size, K);
  const axis = (n: number) => {
    const a = new Float64Array(2 * n);
    for (let u = 0; u < n; u++) {
      const amp = u === 0 ? K : Math.sin((Math.PI * u * K) / n) / Math.sin((Math.PI * u) / n);
      const ph = (Math.PI * (K - 1) * u) / n;
      a[2 * u] = amp * Math.cos(ph);
      a[2 * u + 1] = amp * Math.sin(ph);
    }
    return a;
  };
  const a = axis(M), b = axis(N);
  const out = new Float64Array(2 * M * N);
  for (let u = 0; u < M; u++) for (let v = 0; v < N; v++) {
    out[2 * (u * N + v)] = a[2 * u] * b[2 * v] - a[2 * u + 1] * b[2 * v + 1];
    out[2 * (u * N + v) + 1] = a[2 * u] * b[2 * v + 1] + a[2 * u + 1] * b[2 * v];
  }
  return out;
}

/** Options of the single-layer moment functions. */
export interface RandomKernelOptions {
  /** Kernel size K. */
  kernelSize: number;
  /** Map size [M, N]. */
  size: readonly number[];
  mu: number;
  sigma: number;
}

/** `E|T^(uv)|^2 = |mu R_uv|^2 + K^2 sigma^2` for every frequency, real `[M, N]` (file comment). */
export function expectedResponsePower(options: RandomKernelOptions): Float64Array {
  const where = "expectedResponsePower";
  checkOptions(where, options, ["kernelSize", "size", "mu", "sigma"]);
  const { kernelSize: K, mu, sigma } = options;
  checkMoments(where, mu, sigma);
  const R = boxResponse(K, options.size);
  const out = new Float64Array(R.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = mu * mu * (R[2 * i] ** 2 + R[2 * i + 1] ** 2) + K * K * sigma * sigma;
  return out;
}

/** A Monte Carlo estimate per frequency: sample mean, its standard error, number of samples. */
export interface MonteCarloEstimate {
  mean: Float64Array;
  standardError: Float64Array;
  samples: number;
}

/** Options of {@link monteCarloResponsePower}. */
export interface MonteCarloOptions extends RandomKernelOptions {
  /** Number of random kernels (>= 2). */
  samples: number;
  seed: number;
  /** Kernels per batched evaluation (default 64: measured fastest, the batch stays in cache). */
  batch?: number;
  /** Layers L of a single-channel cascade: |T_1 ... T_L|^2 with independent kernels, expectation `(E|T|^2)^L` (default 1). */
  depth?: number;
}

/**
 * Monte Carlo of `E|T^(uv)|^2` (or of `E|T_1 ... T_L|^2` with `depth` L): `samples` kernels (or L-tuples) with i.i.d. N(mu, sigma^2) taps from `new Rng(seed)`,
 * `|T|^2` from the symbol on the circular grid (src/grid evaluateOnGrid, a batch of kernels as the output
 * channels of one kernel, read at the reflected index as in {@link frequencyResponse});
 * per frequency the mean of |T|^2 and its standard error `sd / sqrt(n)`.
 */
export function monteCarloResponsePower(options: MonteCarloOptions): MonteCarloEstimate {
  const where = "monteCarloResponsePower";
  checkOptions(where, options, ["kernelSize", "size", "mu", "sigma", "samples", "seed", "batch", "depth"]);
  const depth = checkInteger(where, "depth", options.depth ?? 1, 1, 64);
  const { kernelSize: K, mu, sigma } = options;
  checkInteger(where, "kernelSize", K, 1);
  checkMoments(where, mu, sigma);
  const [M, N] = checkSize(where, options.size, K);
  const n = checkInteger(where, "samples", options.samples, 2);
  const batch = checkInteger(where, "batch", options.batch ?? 64, 1);
  const rng = new Rng(options.seed);
  const MN = M * N;
  const sum = new Float64Array(MN), sumSq = new Float64Array(MN);
  const grid = circularGrid([M, N]);
  const perm = new Int32Array(MN);
  for (let u = 0; u < M; u++) for (let v = 0; v < N; v++) perm[u * N + v] = ((M - u) % M) * N + ((N - v) % N);
  for (let done = 0; done < n; done += batch) {
    const B = Math.min(batch, n - done);
    // |T|^2 per (grid point, sample), multiplied over the layers of the cascade. T^(uv) is the symbol
    // of the corner-origin kernel at grid point (-u, -v) (frequency-response.ts), so the power at
    // frequency (u, v) is |F|^2 at grid index ((M - u) mod M, (N - v) mod N): accumulated there directly.
    let prod: Float64Array | null = null;
    for (let l = 0; l < depth; l++) {
      const data = new Float64Array(B * K * K);
      for (let i = 0; i < data.length; i++) data[i] = mu + sigma * rng.normal();
      const F = evaluateOnGrid({ cout: B, cin: 1, shape: [K, K], origin: [0, 0], data }, grid);
      if (depth === 1) {
        for (let j = 0; j < MN; j++) {
          let s = 0, s2 = 0;
          for (let b = 0, i = 2 * j * B; b < B; b++, i += 2) { const p = F[i] * F[i] + F[i + 1] * F[i + 1]; s += p; s2 += p * p; }
          sum[perm[j]] += s;
          sumSq[perm[j]] += s2;
        }
        continue;
      }
      const p = new Float64Array(MN * B);
      for (let i = 0; i < p.length; i++) p[i] = F[2 * i] * F[2 * i] + F[2 * i + 1] * F[2 * i + 1];
      if (prod) for (let i = 0; i < p.length; i++) prod[i] *= p[i];
      else prod = p;
    }
    if (depth === 1) continue;
    const P = prod as Float64Array;
    for (let j = 0; j < MN; j++) {
      let s = 0, s2 = 0;
      for (let b = 0; b < B; b++) { const p = P[j * B + b]; s += p; s2 += p * p; }
      sum[perm[j]] += s;
      sumSq[perm[j]] += s2;
    }
  }
  const mean = new Float64Array(MN), se = new Float64Array(MN);
  for (let f = 0; f < MN; f++) {
    mean[f] = sum[f] / n;
    const v = Math.max(0, (sumSq[f] - n * mean[f] * mean[f]) / (n - 1));
    se[f] = Math.sqrt(v / n);
  }
  return { mean, standardError: se, samples: n };
}

/** One random conv layer of a moment cascade: D filters of size K, weights i.i.d. N(mu, sigma^2), no bias. */
export interface RandomLayerSpec {
  filters: number;
  kernelSize: number;
  mu: number;
  sigma: number;
}

/** Per layer (after it): `E sum_d |h_d^(uv)|^2` exact and by the independent-channels formula, real `[M, N]` each. */
export interface MomentCascade {
  exact: Float64Array[];
  independent: Float64Array[];
}

/**
 * Exact second-moment recursion (file comment) for a cascade of random circular conv layers on a
 * given input spectrum map `[C, M, N]`, beside the independent-channels formula. Entry l of each list
 * is the total power over channels after layer l (entry 0: the input itself).
 */
export function secondMomentCascade(input: SpectrumMap, layers: readonly RandomLayerSpec[]): MomentCascade {
  const where = "secondMomentCascade";
  const G = checkSpectrumMap(where, input);
  if (!Array.isArray(layers) || layers.length === 0) throw new ShapeError(`${where}: needs a non-empty list of layers`);
  const [C, M, N] = G.shape;
  const MN = M * N;
  let s = new Float64Array(MN), t = new Float64Array(MN);
  for (let f = 0; f < MN; f++) {
    let re = 0, im = 0, tr = 0;
    for (let c = 0; c < C; c++) { const a = G.data[2 * (c * MN + f)], b = G.data[2 * (c * MN + f) + 1]; re += a; im += b; tr += a * a + b * b; }
    s[f] = re * re + im * im;
    t[f] = tr;
  }
  let ind = Float64Array.from(t);
  const exact = [Float64Array.from(t)], independent = [Float64Array.from(t)];
  layers.forEach((l, k) => {
    checkOptions(`${where} layer ${k}`, l, ["filters", "kernelSize", "mu", "sigma"]);
    const D = checkInteger(where, `layers[${k}].filters`, l.filters, 1);
    checkMoments(where, l.mu, l.sigma);
    const R = boxResponse(checkInteger(where, `layers[${k}].kernelSize`, l.kernelSize, 1), [M, N]);
    const K2s2 = l.kernelSize * l.kernelSize * l.sigma * l.sigma;
    const s2 = new Float64Array(MN), t2 = new Float64Array(MN), i2 = new Float64Array(MN);
    for (let f = 0; f < MN; f++) {
      const m2 = l.mu * l.mu * (R[2 * f] ** 2 + R[2 * f + 1] ** 2);
      s2[f] = D * D * m2 * s[f] + D * K2s2 * t[f];
      t2[f] = D * m2 * s[f] + D * K2s2 * t[f];
      i2[f] = D * (m2 + K2s2) * ind[f];
    }
    s = s2; t = t2; ind = i2;
    exact.push(Float64Array.from(t));
    independent.push(Float64Array.from(ind));
  });
  return { exact, independent };
}

/** Options of {@link monteCarloPower}. */
export interface MonteCarloPowerOptions {
  /** Number of draws (>= 2). */
  trials: number;
  seed: number;
}

/**
 * Generic Monte Carlo of a power spectrum: `trials` draws of `sample(rng)` (a spectrum map
 * `[C, M, N]`, with `rng` a generator seeded once from `seed`), and per frequency the mean of the
 * total power `sum_c |G^(c)_{uv}|^2` and its standard error `sd / sqrt(trials)`.
 */
export function monteCarloPower(sample: (rng: Rng) => SpectrumMap, options: MonteCarloPowerOptions): MonteCarloEstimate {
  const where = "monteCarloPower";
  checkOptions(where, options, ["trials", "seed"]);
  if (typeof sample !== "function") throw new DomainError(`${where}: sample must be a function (rng) => SpectrumMap`);
  const n = checkInteger(where, "trials", options.trials, 2);
  if (!Number.isFinite(options.seed)) throw new DomainError(`${where}: seed must be a finite number`);
  const rng = new Rng(options.seed);
  let sum: Float64Array | null = null, sumSq: Float64Array | null = null, shape: readonly number[] = [];
  for (let r = 0; r < n; r++) {
    const G = checkSpectrumMap(where, sample(rng), `sample ${r}`);
    const [C, M, N] = G.shape;
    if (!sum) { sum = new Float64Array(M * N); sumSq = new Float64Array(M * N); shape = G.shape; }
    else if (G.shape.some((v, a) => v !== shape[a])) throw new ShapeError(`${where}: sample ${r} has shape [${G.shape.join(", ")}], sample 0 had [${shape.join(", ")}]`);
    const MN = M * N;
    for (let f = 0; f < MN; f++) {
      let t = 0;
      for (let c = 0; c < C; c++) { const i = 2 * (c * MN + f); t += G.data[i] * G.data[i] + G.data[i + 1] * G.data[i + 1]; }
      sum[f] += t;
      (sumSq as Float64Array)[f] += t * t;
    }
  }
  const S = sum as Float64Array, S2 = sumSq as Float64Array;
  const mean = new Float64Array(S.length), se = new Float64Array(S.length);
  for (let f = 0; f < S.length; f++) {
    mean[f] = S[f] / n;
    se[f] = Math.sqrt(Math.max(0, (S2[f] - n * mean[f] * mean[f]) / (n - 1)) / n);
  }
  return { mean, standardError: se, samples: n };
}
