import { test } from "node:test";
import assert from "node:assert/strict";
import { spectrumMap, frequencyResponse, applyFrequencyResponse, cascadeResponse, ConvLayer2d, zeroPaddedConvSpectrum, padSpectrum, cropSpectrum, zeroPad, crop, lowFrequencyFraction } from "../../../src/decoder/index";
import { evaluateOnGrid, circularGrid } from "../../../src/grid/index";
import { ShapeError, OptionError, DomainError } from "../../../src/core/index";
import { naiveDft, naiveCircularConv, maxAbs, maxDiff, normals } from "./helpers";

// Round-off budget: sums of ~K^2 C M N terms of size O(1) in float64 give errors ~ 1e-16 * sqrt(terms) * magnitude;
// 1e-11 relative to the largest entry leaves > 100x margin on these sizes.
const TOL = 1e-11;

test("spectrumMap(x) equals the direct per-channel 2-D DFT", () => {
  const C = 2, M = 6, N = 5;
  const x = normals(1, C * M * N);
  const g = spectrumMap({ shape: [C, M, N], data: x });
  assert.ok(maxDiff(g.data, naiveDft(x, C, M, N)) <= TOL * maxAbs(g.data));
});

test("frequencyResponse matches the paper's definition T_dc = sum W exp(+2 pi i (ut/M + vs/N))", () => {
  const D = 2, C = 3, K = 3, M = 7, N = 8;
  const W = normals(2, D * C * K * K);
  const T = frequencyResponse({ cout: D, cin: C, shape: [K, K], origin: [1, 1], data: W }, { size: [M, N] });
  for (let u = 0; u < M; u++) for (let v = 0; v < N; v++) for (let d = 0; d < D; d++) for (let c = 0; c < C; c++) {
    let re = 0, im = 0;
    for (let t = 0; t < K; t++) for (let s = 0; s < K; s++) { const a = 2 * Math.PI * (u * t / M + v * s / N); const w = W[((d * C + c) * K + t) * K + s]; re += w * Math.cos(a); im += w * Math.sin(a); }
    const i = 2 * (((u * N + v) * D + d) * C + c);
    assert.ok(Math.abs(T.data[i] - re) < TOL * 10 && Math.abs(T.data[i + 1] - im) < TOL * 10, `T at (${u}, ${v}, ${d}, ${c})`);
  }
});

test("frequencyResponse relates to the centred symbol by T_corner = exp(2 pi i (u o1/M + v o2/N)) F(-w) and origin 'kernel' drops that phase", () => {
  const K = 3, M = 6, N = 6;
  const W = normals(3, K * K);
  const kern = { cout: 1, cin: 1, shape: [K, K], origin: [1, 1], data: W };
  const F = evaluateOnGrid(kern, circularGrid([M, N]), { method: "direct" });
  const Tc = frequencyResponse(kern, { size: [M, N] });
  const Tk = frequencyResponse(kern, { size: [M, N], origin: "kernel" });
  for (let u = 0; u < M; u++) for (let v = 0; v < N; v++) {
    const j = ((M - u) % M) * N + ((N - v) % N);
    const fr = F[2 * j], fi = F[2 * j + 1];
    const ph = 2 * Math.PI * (u * 1 / M + v * 1 / N);
    const er = Math.cos(ph) * fr - Math.sin(ph) * fi, ei = Math.cos(ph) * fi + Math.sin(ph) * fr;
    const i = 2 * (u * N + v);
    assert.ok(Math.abs(Tc.data[i] - er) < 1e-12 && Math.abs(Tc.data[i + 1] - ei) < 1e-12);
    assert.ok(Math.abs(Tk.data[i] - fr) < 1e-12 && Math.abs(Tk.data[i + 1] - fi) < 1e-12);
    // real taps: F(-w) = conj F(w)
    assert.ok(Math.abs(Tk.data[i] - F[2 * (u * N + v)]) < 1e-12 && Math.abs(Tk.data[i + 1] + F[2 * (u * N + v) + 1]) < 1e-12);
  }
});

test("the frequency rule H = T G + delta_uv M N b holds to round-off for a circular conv layer with bias", () => {
  const D = 3, C = 2, K = 3, M = 8, N = 6;
  const W = normals(4, D * C * K * K), b = normals(5, D), g = normals(6, C * M * N);
  const kern = { cout: D, cin: C, shape: [K, K], origin: [0, 0], data: W };
  const layer = new ConvLayer2d(kern, { bias: b, padding: "circular" });
  const h = layer.apply({ shape: [C, M, N], data: g });
  assert.ok(maxDiff(h.data, naiveCircularConv(W, D, C, K, g, M, N, b)) < 1e-12, "conv core = paper's circular conv");
  const measured = spectrumMap(h);
  const predicted = applyFrequencyResponse(frequencyResponse(kern, { size: [M, N] }), spectrumMap({ shape: [C, M, N], data: g }), { bias: b });
  assert.ok(maxDiff(measured.data, predicted.data) <= TOL * maxAbs(measured.data));
  // the bias reaches only DC: without it every non-DC frequency is unchanged, DC moves by M N b
  const noBias = applyFrequencyResponse(frequencyResponse(kern, { size: [M, N] }), spectrumMap({ shape: [C, M, N], data: g }));
  for (let d = 0; d < D; d++) for (let f = 0; f < M * N; f++) {
    const i = 2 * (d * M * N + f);
    const shift = f === 0 ? M * N * b[d] : 0;
    assert.ok(Math.abs(predicted.data[i] - noBias.data[i] - shift) < 1e-10 && Math.abs(predicted.data[i + 1] - noBias.data[i + 1]) < 1e-10);
  }
});

test("a centred circular layer follows the rule with origin 'kernel' (symmetric padding adds a phase only)", () => {
  const D = 2, C = 2, K = 5, M = 10, N = 10;
  const kern = { cout: D, cin: C, shape: [K, K], origin: [2, 2], data: normals(7, D * C * K * K) };
  const g = { shape: [C, M, N] as [number, number, number], data: normals(8, C * M * N) };
  const h = new ConvLayer2d(kern, { padding: "circular" }).apply(g);
  const pred = applyFrequencyResponse(frequencyResponse(kern, { size: [M, N], origin: "kernel" }), spectrumMap(g));
  assert.ok(maxDiff(spectrumMap(h).data, pred.data) <= TOL * maxAbs(pred.data));
});

test("cascadeResponse multiplies the responses: two layers in a row equal one response product", () => {
  const M = 6, N = 6;
  const k1 = { cout: 3, cin: 2, shape: [3, 3], origin: [0, 0], data: normals(9, 54) };
  const k2 = { cout: 2, cin: 3, shape: [3, 3], origin: [0, 0], data: normals(10, 54) };
  const g = { shape: [2, M, N] as [number, number, number], data: normals(11, 2 * M * N) };
  const h = new ConvLayer2d(k2, { padding: "circular" }).apply(new ConvLayer2d(k1, { padding: "circular" }).apply(g));
  const T = cascadeResponse([frequencyResponse(k1, { size: [M, N] }), frequencyResponse(k2, { size: [M, N] })]);
  assert.equal(T.cout, 2); assert.equal(T.cin, 2);
  const pred = applyFrequencyResponse(T, spectrumMap(g));
  assert.ok(maxDiff(spectrumMap(h).data, pred.data) <= TOL * maxAbs(pred.data));
  assert.throws(() => cascadeResponse([frequencyResponse(k1, { size: [M, N] }), frequencyResponse(k1, { size: [M, N] })]), ShapeError);
});

test("padSpectrum and cropSpectrum reproduce the DFT of zeroPad and crop (Dirichlet mixing, exact)", () => {
  const C = 2, M = 5, N = 4;
  const x = { shape: [C, M, N] as [number, number, number], data: normals(12, C * M * N, 0.7) };
  const padded = zeroPad(x, { size: [9, 7], offset: [1, 2] });
  const p = padSpectrum(spectrumMap(x), { size: [9, 7], offset: [1, 2] });
  assert.ok(maxDiff(p.data, naiveDft(padded.data, C, 9, 7)) < 1e-11 * maxAbs(p.data));
  const cr = cropSpectrum(spectrumMap(padded), { size: [M, N], offset: [1, 2] });
  assert.ok(maxDiff(cr.data, spectrumMap(x).data) < 1e-11 * maxAbs(cr.data));
  const c2 = crop(padded, [3, 3], [2, 3]);
  assert.ok(maxDiff(cropSpectrum(spectrumMap(padded), { size: [3, 3], offset: [2, 3] }).data, naiveDft(c2.data, C, 3, 3)) < 1e-10);
});

test("a zero-padded 'same' conv is predicted exactly by pad -> circular rule on M + K - 1 -> crop, but not by the circular rule on M", () => {
  const D = 2, C = 2, K = 3, M = 8, N = 8, o = 1;
  const kern = { cout: D, cin: C, shape: [K, K], origin: [o, o], data: normals(13, D * C * K * K, 0.2) };
  const g = { shape: [C, M, N] as [number, number, number], data: normals(14, C * M * N, 1) };
  const b = new Float64Array([0.5, -1.5]);
  const measured = spectrumMap(new ConvLayer2d(kern, { padding: "zero", bias: b }).apply(g));
  const pred = zeroPaddedConvSpectrum(kern, spectrumMap(g), { bias: b });
  assert.ok(maxDiff(measured.data, pred.data) < 1e-11 * maxAbs(measured.data));
  const even = { cout: 1, cin: 2, shape: [4, 2], origin: [1, 0], data: normals(15, 16) };
  assert.ok(maxDiff(spectrumMap(new ConvLayer2d(even, { padding: "zero" }).apply(g)).data, zeroPaddedConvSpectrum(even, spectrumMap(g)).data) < 1e-10, "even, off-centre kernel");
  const naive = applyFrequencyResponse(frequencyResponse(kern, { size: [M, N], origin: "kernel" }), spectrumMap(g), { bias: b });
  assert.ok(maxDiff(measured.data, naive.data) > 1e-3 * maxAbs(measured.data), "zero padding does mix frequencies");
});

test("lowFrequencyFraction counts the band u < M/8 or u >= 7M/8 on both axes", () => {
  const M = 16, N = 8;
  const p = new Float64Array(M * N).fill(1);
  // low rows: u in {0, 1, 15} (u < 2 or u >= 14 -> {0,1,14,15}); low cols: v < 1 or v >= 7 -> {0, 7}
  assert.equal(lowFrequencyFraction({ shape: [M, N], data: p }), (4 * 2) / (M * N));
  assert.equal(lowFrequencyFraction({ shape: [M, N], data: p }, { band: 0.5 }), 1);
  assert.throws(() => lowFrequencyFraction({ shape: [M, N], data: new Float64Array(M * N) }), DomainError);
  assert.throws(() => lowFrequencyFraction({ shape: [M, N], data: p }, { band: 0.7 }), DomainError);
  assert.throws(() => lowFrequencyFraction({ shape: [M, N], data: p.subarray(1) }), ShapeError);
});

test("bad input gets typed errors: kernel larger than the map, NaN weights, unknown options, shapes that disagree", () => {
  const kern = { cout: 1, cin: 1, shape: [5, 5], origin: [0, 0], data: new Float64Array(25) };
  assert.throws(() => frequencyResponse(kern, { size: [4, 8] }), ShapeError);
  assert.throws(() => frequencyResponse({ ...kern, data: new Float64Array(25).fill(NaN) }, { size: [8, 8] }), DomainError);
  assert.throws(() => frequencyResponse(kern, { size: [8, 8], origin: "middle" as never }), OptionError);
  assert.throws(() => frequencyResponse(kern, { size: [8, 8], grid: 1 } as never), OptionError);
  const T = frequencyResponse(kern, { size: [8, 8] });
  assert.throws(() => applyFrequencyResponse(T, spectrumMap({ shape: [2, 8, 8], data: new Float64Array(128) })), ShapeError);
  assert.throws(() => spectrumMap({ shape: [1, 2, 2], data: new Float64Array([1, 2, NaN, 4]) }), DomainError);
  assert.throws(() => spectrumMap({ shape: [1, 2, 2], data: new Float64Array(3) }), ShapeError);
  assert.throws(() => new ConvLayer2d(kern, { padding: "reflect" as never }), OptionError);
  assert.throws(() => new ConvLayer2d(kern).apply({ shape: [1, 3, 3], data: new Float64Array(9) }), ShapeError);
});
