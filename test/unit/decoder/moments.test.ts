import { test } from "node:test";
import assert from "node:assert/strict";
import { boxResponse, expectedResponsePower, monteCarloResponsePower, monteCarloPower, secondMomentCascade, zeroPaddingGain, padSpectrum, spectrumMap, upsample, nearestUpsampleGain, sequentialDecoder, powerSpectrum } from "../../../src/decoder/index";
import { ShapeError, DomainError, OptionError, Rng } from "../../../src/core/index";
import { naiveDft, maxAbs, maxDiff, normals } from "./helpers";

test("boxResponse equals the direct sum of exp(2 pi i (ut/M + vs/N)) and |R| <= K^2", () => {
  const K = 3, M = 8, N = 6;
  const R = boxResponse(K, [M, N]);
  for (let u = 0; u < M; u++) for (let v = 0; v < N; v++) {
    let re = 0, im = 0;
    for (let t = 0; t < K; t++) for (let s = 0; s < K; s++) { const a = 2 * Math.PI * (u * t / M + v * s / N); re += Math.cos(a); im += Math.sin(a); }
    const i = 2 * (u * N + v);
    assert.ok(Math.abs(R[i] - re) < 1e-12 && Math.abs(R[i + 1] - im) < 1e-12);
    assert.ok(Math.hypot(re, im) <= K * K + 1e-12);
  }
});

test("expectedResponsePower agrees with Monte Carlo within 5 standard errors at every frequency", () => {
  const opts = { kernelSize: 3, size: [16, 16], mu: 0.3, sigma: 0.5 };
  const exact = expectedResponsePower(opts);
  const mc = monteCarloResponsePower({ ...opts, samples: 4000, seed: 21 });
  // 256 frequencies: P(|z| > 5) ~ 6e-7 each for a normal mean; 4000 samples make the mean close to normal
  let worst = 0;
  for (let f = 0; f < exact.length; f++) worst = Math.max(worst, Math.abs(mc.mean[f] - exact[f]) / mc.standardError[f]);
  assert.ok(worst < 5, `worst z = ${worst}`);
  assert.ok(Math.abs(exact[0] - (0.09 * 81 + 9 * 0.25)) < 1e-12);
  assert.throws(() => expectedResponsePower({ ...opts, sigma: -1 }), DomainError);
  assert.throws(() => monteCarloResponsePower({ ...opts, samples: 1, seed: 1 }), DomainError);
  // a cascade of 3 independent layers: E|T1 T2 T3|^2 = (E|T|^2)^3
  const mc3 = monteCarloResponsePower({ ...opts, size: [8, 8], samples: 20000, seed: 22, depth: 3 });
  const e8 = expectedResponsePower({ ...opts, size: [8, 8] });
  let w3 = 0;
  for (let f = 0; f < 64; f++) w3 = Math.max(w3, Math.abs(mc3.mean[f] - e8[f] ** 3) / mc3.standardError[f]);
  // products of three noncentral chi-squares are heavy-tailed: allow |z| < 6 over 64 frequencies
  assert.ok(w3 < 6, `depth-3 worst z = ${w3}`);
});

test("secondMomentCascade's exact recursion matches Monte Carlo over random decoders; the independent-channels formula does not", () => {
  const M = 8, N = 8, C = 3;
  const x = { shape: [C, M, N] as [number, number, number], data: normals(31, C * M * N) };
  const specs = [{ filters: 3, kernelSize: 3, mu: 0.2, sigma: 0.3 }, { filters: 3, kernelSize: 3, mu: 0.2, sigma: 0.3 }];
  const mom = secondMomentCascade(spectrumMap(x), specs);
  const mc = monteCarloPower((rng: Rng) => {
    const net = sequentialDecoder({ inputChannels: C, seed: rng.int(0, 2 ** 31) });
    for (const s of specs) net.conv({ filters: s.filters, kernelSize: 3, mu: s.mu, sigma: s.sigma, origin: "corner" });
    return spectrumMap(net.forward(x));
  }, { trials: 3000, seed: 32 });
  let worst = 0, dc = 0;
  for (let f = 0; f < M * N; f++) {
    const m = mc.mean[f], se = mc.standardError[f];
    worst = Math.max(worst, Math.abs(m - mom.exact[2][f]) / se);
    if (f === 0) dc = Math.abs(m - mom.independent[2][f]) / se;
  }
  // 64 frequencies, heavy-tailed products of Gaussians: |z| < 6 leaves margin; the independence formula is far off at DC
  assert.ok(worst < 6, `exact recursion worst z = ${worst}`);
  assert.ok(dc > 10, `independent-channels formula at DC: z = ${dc}`);
});

test("zero padding raises the non-DC power by a^2 tau^2: zeroPaddingGain equals |padSpectrum of a constant map|^2 / a^2", () => {
  const M = 6, N = 5, a = 1.7;
  const x = { shape: [1, M, N] as [number, number, number], data: new Float64Array(M * N).fill(a) };
  const P = powerSpectrum(padSpectrum(spectrumMap(x), { size: [10, 9] }));
  const tau2 = zeroPaddingGain([M, N], [10, 9]);
  for (let f = 0; f < tau2.length; f++) assert.ok(Math.abs(P.data[f] - a * a * tau2[f]) < 1e-9 * a * a * M * M * N * N);
  assert.equal(tau2[0], (M * N) ** 2);
  assert.throws(() => zeroPaddingGain([6, 5], [4, 9]), DomainError);
});

test("zero-insertion upsampling tiles the spectrum r x r times; nearest multiplies the tiles by B_r(u) B_r(v), zero at the DC copies", () => {
  const C = 1, M = 4, N = 3, r = 3;
  const x = { shape: [C, M, N] as [number, number, number], data: normals(41, M * N, 2) };
  const X = naiveDft(x.data, C, M, N);
  const Z = spectrumMap(upsample(x, { factor: r, method: "zero" }));
  const Y = spectrumMap(upsample(x, { factor: r, method: "nearest" }));
  const Bu = nearestUpsampleGain(r * M, r), Bv = nearestUpsampleGain(r * N, r);
  for (let u = 0; u < r * M; u++) for (let v = 0; v < r * N; v++) {
    const i = 2 * (u * r * N + v), j = 2 * ((u % M) * N + (v % N));
    assert.ok(Math.abs(Z.data[i] - X[j]) < 1e-10 && Math.abs(Z.data[i + 1] - X[j + 1]) < 1e-10);
    const br = Bu[2 * u] * Bv[2 * v] - Bu[2 * u + 1] * Bv[2 * v + 1], bi = Bu[2 * u] * Bv[2 * v + 1] + Bu[2 * u + 1] * Bv[2 * v];
    assert.ok(Math.abs(Y.data[i] - (br * X[j] - bi * X[j + 1])) < 1e-9 && Math.abs(Y.data[i + 1] - (br * X[j + 1] + bi * X[j])) < 1e-9);
    if (u % M === 0 && v % N === 0 && (u !== 0 || v !== 0)) assert.ok(Math.hypot(Y.data[i], Y.data[i + 1]) < 1e-9 * maxAbs(Y.data), "DC copy vanishes");
  }
  assert.throws(() => upsample(x, { factor: 0 }), DomainError);
  assert.throws(() => upsample(x, { factor: 2, method: "bilinear" as never }), OptionError);
  assert.throws(() => nearestUpsampleGain(7, 2), DomainError);
});

test("sequentialDecoder records every map and spectrum map and is reproducible from its seed", () => {
  const build = () => sequentialDecoder({ inputChannels: 1, seed: 5 }).conv({ filters: 2, kernelSize: 3, padding: "zero", bias: "random" }).relu().zeroPad({ size: [10, 10] }).upsample({ factor: 2 }).conv({ filters: 1, kernelSize: 3, padding: "valid" });
  const x = { shape: [1, 8, 8] as [number, number, number], data: normals(51, 64) };
  const a = build().forward(x, { record: true });
  const b = build().forward(x);
  assert.equal(maxDiff(a.output.data, b.data), 0);
  assert.deepEqual(a.records.map((r) => r.kind), ["input", "conv", "relu", "zeroPad", "upsample", "conv"]);
  assert.deepEqual(a.output.shape, [1, 18, 18]);
  assert.ok(a.records.every((r) => r.spectrum && r.spectrum.shape[1] === r.feature.shape[1]));
  assert.throws(() => sequentialDecoder({ inputChannels: 1, seed: 1 }).conv({ filters: 1, kernelSize: 3, mu: NaN }), DomainError);
  assert.throws(() => build().forward({ shape: [2, 8, 8], data: new Float64Array(128) }), ShapeError);
});
