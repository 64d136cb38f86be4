import { test } from "node:test";
import assert from "node:assert/strict";
import { filterBank, scatteringEnergy, twoToneSecondLayer } from "../../../src/scattering/index";
import { readWav } from "../../../src/io/wav";
import { DomainError, OptionError, ShapeError, SizeLimitError } from "../../../src/core/errors";
import { Rng } from "../../../src/core/random";

const EPS = 2.220446049250313e-16;

function accounted(r: ReturnType<typeof scatteringEnergy>): number {
  let s = r.pruned + r.layers[r.layers.length - 1].propagated;
  for (let n = 0; n < r.layers.length - 1; n++) s += r.layers[n].output!;
  return s;
}

/** Independent reference: naive O(N^2) DFT, circular convolution by definition, modulus, energies. */
function naiveScattering(f: Float64Array, responses: Float64Array[], low: Float64Array, depth: number): { W: number[]; out: number[] } {
  const N = f.length;
  const dft = (re: Float64Array, im: Float64Array, sign: number) => {
    const oR = new Float64Array(N);
    const oI = new Float64Array(N);
    for (let k = 0; k < N; k++) {
      for (let t = 0; t < N; t++) {
        const a = (sign * 2 * Math.PI * k * t) / N;
        oR[k] += re[t] * Math.cos(a) - im[t] * Math.sin(a);
        oI[k] += re[t] * Math.sin(a) + im[t] * Math.cos(a);
      }
    }
    return [oR, oI];
  };
  const filt = (x: Float64Array, g: Float64Array) => {
    const [R, I] = dft(x, new Float64Array(N), -1);
    const gr = new Float64Array(N);
    const gi = new Float64Array(N);
    for (let k = 0; k < N; k++) {
      gr[k] = R[k] * g[2 * k] - I[k] * g[2 * k + 1];
      gi[k] = R[k] * g[2 * k + 1] + I[k] * g[2 * k];
    }
    const [ur, ui] = dft(gr, gi, 1);
    return Float64Array.from(ur, (v, t) => Math.hypot(v, ui[t]) / N);
  };
  const W = new Array(depth + 1).fill(0);
  const out = new Array(depth + 1).fill(0);
  const rec = (u: Float64Array, n: number) => {
    W[n] += u.reduce((a, b) => a + b * b, 0);
    out[n] += filt(u, low).reduce((a, b) => a + b * b, 0); // |u * chi| has the same energy as u * chi
    if (n < depth) for (const g of responses) rec(filt(u, g), n + 1);
  };
  rec(f, 0);
  return { W, out };
}

test("scatteringEnergy matches a naive DFT / convolution-by-definition reference (N = 24, depth 2)", () => {
  const rng = new Rng(5);
  const f = rng.normals(24);
  const bank = filterBank({ kind: "shannon", size: [24], scales: 2 });
  const r = scatteringEnergy(f, bank, { depth: 2, outputAtDepth: true });
  const ref = naiveScattering(f, bank.filters.map((g) => g.response), bank.lowpass, 2);
  for (let n = 0; n <= 2; n++) {
    // two O(N^2) sums vs FFTs: round-off ~ N eps ||f||^2
    assert.ok(Math.abs(r.layers[n].propagated - ref.W[n]) < 1e-10 * r.input, `W_${n}`);
    assert.ok(Math.abs(r.layers[n].output! - ref.out[n]) < 1e-10 * r.input, `out_${n}`);
  }
});

test("scatteringEnergy conserves energy to round-off with Parseval banks, 1-D and 2-D, real, complex and speech, at every depth", () => {
  const rng = new Rng(7);
  const speech = readWav("/usr/share/sounds/alsa/Front_Center.wav").channels[0].slice(20000, 20000 + 3000);
  const cases = [
    { name: "random 1-D", signal: rng.normals(1024) as Float64Array | { shape: number[]; data: Float64Array }, bank: filterBank({ kind: "shannon", size: [1024], scales: 6 }) },
    { name: "complex 1-D", signal: { shape: [300], data: rng.normals(600) }, bank: filterBank({ kind: "weyl-heisenberg", size: [300], bands: 5 }) },
    { name: "speech (N = 3000)", signal: speech, bank: filterBank({ kind: "shannon", size: [3000], scales: 7 }) },
    { name: "random 2-D", signal: { shape: [32, 24], data: rng.normals(768) }, bank: filterBank({ kind: "shannon", size: [32, 24], scales: 2, orientations: 4 }) },
  ];
  for (const c of cases) {
    for (let depth = 0; depth <= 3; depth++) {
      const r = scatteringEnergy(c.signal, c.bank, { depth, prune: depth === 3 ? 1e-6 : 0 });
      // each node's split is a sum of <= S products; relative round-off ~ 1e3 eps per layer is generous
      assert.ok(Math.abs(r.residual) <= 1e3 * (depth + 1) * EPS * r.input, `${c.name} depth ${depth}: residual ${r.residual / r.input}`);
      assert.equal(r.guarantee.lower, 1);
    }
  }
});

test("scatteringEnergy with a non-tight Morlet frame stays inside the A^N / B^N sandwich, and its tight version conserves", () => {
  const rng = new Rng(9);
  const f = rng.normals(512);
  const morlet = filterBank({ kind: "morlet", size: [512], scales: 5 });
  const lp = morlet.littlewoodPaley();
  assert.ok(lp.min < 1 && lp.max > 1, `Morlet LP [${lp.min}, ${lp.max}] straddles 1, so both ends are tested`);
  for (let depth = 1; depth <= 3; depth++) {
    const r = scatteringEnergy(f, morlet, { depth });
    const ratio = accounted(r) / r.input;
    assert.ok(ratio >= Math.min(1, lp.min) ** depth - 1e-12 && ratio <= Math.max(1, lp.max) ** depth + 1e-12, `depth ${depth}: ${ratio}`);
    assert.ok(Math.abs(r.guarantee.lower - Math.min(1, lp.min) ** depth) < 1e-15);
    const t = scatteringEnergy(f, morlet.tight(), { depth });
    assert.ok(Math.abs(t.residual) < 1e-12 * t.input);
  }
});

test("scatteringEnergy's pruned term certifies what pruning dropped, and Kymatio's rule loses energy into it", () => {
  const rng = new Rng(11);
  const f = rng.normals(2048);
  const bank = filterBank({ kind: "shannon", size: [2048], scales: 6 });
  const full = scatteringEnergy(f, bank, { depth: 3, outputAtDepth: true });
  const cut = scatteringEnergy(f, bank, { depth: 3, prune: 1e-3, outputAtDepth: true });
  assert.ok(cut.pruned > 0 && cut.layers[3].paths < full.layers[3].paths);
  assert.ok(Math.abs(cut.residual) < 1e-12 * cut.input);
  for (let n = 1; n <= 3; n++) {
    // what the full run has at layer n beyond the pruned run is at most the pruned energy (Parseval + modulus)
    assert.ok(full.layers[n].propagated - cut.layers[n].propagated <= cut.pruned * (1 + 1e-12) + 1e-9);
    assert.ok(full.layers[n].propagated >= cut.layers[n].propagated - 1e-9);
    // sharper, per layer: only paths dropped at lengths m <= n can be missing from W_n
    let upTo = 0;
    for (let m = 1; m <= n; m++) upTo += cut.layers[m].pruned;
    assert.ok(full.layers[n].propagated <= cut.layers[n].propagated + upTo * (1 + 1e-12) + 1e-9);
  }
  assert.equal(cut.layers[0].pruned, 0);
  // the per-layer pruned energies add up to the total (same numbers summed in another order)
  assert.ok(Math.abs(cut.layers.reduce((a, l) => a + l.pruned, 0) - cut.pruned) <= 1e-12 * cut.input);
  assert.ok(cut.layers[1].pruned < cut.pruned, "pruning at depth 1 alone cannot explain all of it for white noise");
  const kym = scatteringEnergy(f, bank, { depth: 3, paths: "frequency-decreasing" });
  assert.ok(kym.prunedByRule > 0 && kym.prunedByThreshold === 0);
  assert.ok(Math.abs(kym.residual) < 1e-12 * kym.input);
  assert.ok(kym.layers[2].paths < full.layers[2].paths);
});

test("scatteringEnergy with ReLU only loses energy; with the identity it conserves it", () => {
  const rng = new Rng(13);
  const f = rng.normals(512);
  const bank = filterBank({ kind: "shannon", size: [512], scales: 4 });
  const relu = scatteringEnergy(f, bank, { depth: 3, nonlinearity: "relu" });
  assert.ok(accounted(relu) < relu.input * (1 - 0.01), `ReLU keeps ${accounted(relu) / relu.input}`);
  assert.equal(relu.guarantee.lower, 0);
  const id = scatteringEnergy(f, bank, { depth: 2, nonlinearity: "identity" });
  assert.ok(Math.abs(id.residual) < 1e-12 * id.input);
});

test("scatteringEnergy reproduces the two-tone values W_1 = ||f||^2 and W_2 / ||f||^2 = 1 - 2 mu^2 (-> 1 - 8/pi^2)", () => {
  const N = 1024;
  const k1 = 160;
  const k2 = 192; // both in band j=1 (128 < k <= 256), m = 32 > low-pass edge 1024/64 = 16 bins
  const f = Float64Array.from({ length: N }, (_, t) => Math.cos((2 * Math.PI * k1 * t) / N) + Math.cos((2 * Math.PI * k2 * t) / N));
  const bank = filterBank({ kind: "shannon", size: [N], scales: 5 });
  const r = scatteringEnergy(f, bank, { depth: 2 });
  const tt = twoToneSecondLayer(N, k1, k2);
  // independent: the mean of |cos(pi t / P)| summed directly
  let mu = 0;
  for (let t = 0; t < tt.period; t++) mu += Math.abs(Math.cos((Math.PI * t) / tt.period));
  mu /= tt.period;
  assert.ok(Math.abs(mu - tt.mean) < 1e-14);
  assert.ok(Math.abs(r.layers[1].propagated / r.input - 1) < 1e-12);
  assert.ok(Math.abs(r.layers[2].propagated / r.input - tt.discrete) < 1e-12);
  assert.ok(Math.abs(tt.continuum - (1 - 8 / Math.PI ** 2)) < 1e-16);
  assert.ok(Math.abs(tt.discrete - tt.continuum) < 1e-2 && tt.discrete !== tt.continuum);
});

test("scatteringEnergy refuses mismatched sizes, NaN, empty signals, bad depths, absurd path counts and unknown options", () => {
  const bank = filterBank({ kind: "shannon", size: [64], scales: 3 });
  const f = new Float64Array(64).fill(1);
  assert.throws(() => scatteringEnergy(new Float64Array(65), bank), /built for size \[64\] but the signal has shape \[65\]/);
  assert.throws(() => scatteringEnergy(Float64Array.from(f, (v, i) => (i === 5 ? NaN : v)), bank), DomainError);
  assert.throws(() => scatteringEnergy(Float64Array.from(f, (v, i) => (i === 5 ? Infinity : v)), bank), /entry 5 is Infinity/);
  assert.throws(() => scatteringEnergy(new Float64Array(0), bank), ShapeError);
  assert.throws(() => scatteringEnergy({ shape: [8, 8], data: new Float64Array(63) }, bank), ShapeError);
  assert.throws(() => scatteringEnergy(f, bank, { depth: -1 }), DomainError);
  assert.throws(() => scatteringEnergy(f, bank, { depth: 2.5 }), DomainError);
  assert.throws(() => scatteringEnergy(f, bank, { depth: 12 }), (e: unknown) => e instanceof SizeLimitError && /about 2\.61e\+9 paths/.test((e as Error).message));
  assert.throws(() => scatteringEnergy(f, bank, { nonlinearity: "tanh" as never }), OptionError);
  assert.throws(() => scatteringEnergy(f, bank, { paths: "some" as never }), OptionError);
  assert.throws(() => scatteringEnergy(f, bank, { prune: -1 }), DomainError);
  assert.throws(() => scatteringEnergy(f, bank, { prune: NaN }), DomainError);
  assert.throws(() => scatteringEnergy(f, bank, { fast: true } as never), /unknown option "fast"/);
  assert.throws(() => scatteringEnergy(f, [] as never), OptionError);
  assert.throws(() => twoToneSecondLayer(64, 5, 5), DomainError);
});
