import { test } from "node:test";
import assert from "node:assert/strict";
import { filterBank, scatteringEnergy, decayBound, decayRadius, layersNeeded, measuredLayersNeeded, DECAY_BASES } from "../../../src/scattering/index";
import { DomainError, OptionError } from "../../../src/core/errors";
import { Rng } from "../../../src/core/random";

/** Independent reference: the bound's weight 1 - (1 - |w| / R)_+^(2l) at one frequency. */
const weight = (w: number, R: number, l: number) => 1 - Math.max(0, 1 - Math.abs(w) / R) ** (2 * l);

test("decayRadius(rate, n, delta) is a^(n-1) delta (a = 5/3, 3/2) and n^alpha delta", () => {
  assert.equal(DECAY_BASES.wavelet, 5 / 3);
  assert.equal(DECAY_BASES["weyl-heisenberg"], 3 / 2);
  assert.equal(decayRadius("wavelet", 1, 0.2), 0.2);
  assert.ok(Math.abs(decayRadius("wavelet", 4, 0.2) - 0.2 * (125 / 27)) < 1e-15);
  assert.ok(Math.abs(decayRadius("weyl-heisenberg", 3, 0.1) - 0.1 * 2.25) < 1e-15);
  assert.ok(Math.abs(decayRadius("general", 3, 0.1, 2) - 0.9) < 1e-15);
});

test("decayBound(signal) on one tone (1-D) and one plane wave (2-D) is the weight at the tone's frequency", () => {
  // a real tone cos(2 pi k t / N) has all its energy at w = +-2 pi k / N, so the bound is exactly the weight there
  const N = 256;
  for (const k of [3, 17, 60, 128]) {
    const f = Float64Array.from({ length: N }, (_, t) => Math.cos((2 * Math.PI * k * t) / N));
    for (const l of [1, 2.5]) {
      const b = decayBound(f, { rate: "wavelet", delta: 0.1, depth: 6, l });
      assert.equal(b.relative[0], 1);
      assert.equal(b.guaranteed, false);
      for (let n = 1; n <= 6; n++) {
        const R = 0.1 * (5 / 3) ** (n - 1);
        // float64 sums of N powers, all of one value: relative round-off ~ N eps
        assert.ok(Math.abs(b.relative[n] - weight((2 * Math.PI * k) / N, R, l)) < 1e-12, `k = ${k}, l = ${l}, n = ${n}`);
        assert.ok(Math.abs(b.radius[n] - R) < 1e-15);
      }
    }
  }
  // 2-D: cos(2 pi (k1 a / N1 + k2 b / N2)) has |w| = hypot(2 pi k1 / N1, 2 pi k2 / N2)
  const [N1, N2, k1, k2] = [16, 24, 3, 5];
  const data = new Float64Array(N1 * N2);
  for (let a = 0; a < N1; a++) for (let b = 0; b < N2; b++) data[a * N2 + b] = Math.cos(2 * Math.PI * ((k1 * a) / N1 + (k2 * b) / N2));
  const w = Math.hypot((2 * Math.PI * k1) / N1, (2 * Math.PI * k2) / N2);
  const b2 = decayBound({ shape: [N1, N2], data }, { rate: "general", delta: 0.3, depth: 4, alpha: 1.5 });
  for (let n = 1; n <= 4; n++) assert.ok(Math.abs(b2.relative[n] - weight(w, 0.3 * n ** 1.5, 1)) < 1e-12);
});

test("decayBound bounds the measured W_n of shannon banks (delta = bank.cutoff) on random signals, certified with pruning", () => {
  const rng = new Rng(21);
  for (const [N, J] of [[512, 5], [1000, 6]]) {
    const bank = filterBank({ kind: "shannon", size: [N], scales: J });
    for (let trial = 0; trial < 3; trial++) {
      const f = rng.normals(N);
      const r = scatteringEnergy(f, bank, { depth: 4, prune: 1e-4 });
      const b = decayBound(f, { rate: "wavelet", delta: bank.cutoff, depth: 4 });
      let cum = 0;
      for (let n = 1; n <= 4; n++) {
        cum += r.layers[n].pruned;
        assert.ok((r.layers[n].propagated + cum) / r.input <= b.relative[n] + 1e-12, `N = ${N}, n = ${n}`);
      }
      // n = 1 with R_1 = delta: W_1 (the energy at |w| >= delta) falls short of the bound only by the weights below
      // delta, at most the energy share there (about 2^-J <= 1/32 for white noise)
      assert.ok(b.relative[1] - (r.layers[1].propagated + r.layers[1].pruned) / r.input < 0.05);
    }
  }
});

test("layersNeeded matches a direct search over N and the brief's closed form", () => {
  for (const rate of ["wavelet", "weyl-heisenberg", "general"] as const) {
    for (const keep of [0.25, 0.5, 0.75, 0.9, 0.95, 0.99]) {
      for (const [L, delta, l] of [[1, 0.1, 1], [2.5, 0.05, 1], [0.3, 0.2, 2]]) {
        const got = layersNeeded({ rate, delta, keep, bandwidth: L, l });
        // direct: the first N whose bound (1 - L / R_N)_+^(2l) reaches keep
        let N = 1;
        while (Math.max(0, 1 - L / decayRadius(rate, N, delta)) ** (2 * l) < keep) N++;
        assert.equal(got.layers, N, `${rate}, keep ${keep}, L ${L}`);
        const x = L / ((1 - keep ** (1 / (2 * l))) * delta);
        assert.ok(Math.abs(got.ratio - x) <= 1e-12 * x);
        const brief = rate === "general" ? Math.ceil(x) : Math.ceil(Math.log(x) / Math.log(DECAY_BASES[rate]));
        assert.equal(got.briefForm, Math.max(1, brief));
        // the library's R_N = a^(N-1) delta needs one layer more than a^N delta, when x > 1
        if (rate !== "general" && x > 1) assert.equal(got.layers, got.briefForm + 1);
      }
    }
  }
});

test("measuredLayersNeeded(result, keep) is the first N with sum_{n<N} outputs >= keep ||f||^2", () => {
  const f = new Rng(5).normals(512);
  const r = scatteringEnergy(f, filterBank({ kind: "shannon", size: [512], scales: 4 }), { depth: 4, outputAtDepth: true });
  for (const keep of [0.1, 0.5, 0.9, 0.999]) {
    let acc = 0;
    let expected: number | null = null;
    for (let n = 0; n <= 4 && expected === null; n++) {
      acc += r.layers[n].output!;
      if (acc >= keep * r.input) expected = n + 1;
    }
    assert.equal(measuredLayersNeeded(r, keep), expected);
  }
  // without the last layer's output the depth may not decide
  const short = scatteringEnergy(f, filterBank({ kind: "shannon", size: [512], scales: 4 }), { depth: 1 });
  assert.equal(measuredLayersNeeded(short, 0.999999), null);
});

test("decayBound, layersNeeded and measuredLayersNeeded refuse bad rates, deltas, exponents, keeps, zero signals and stray options", () => {
  const f = Float64Array.from({ length: 64 }, (_, t) => Math.sin(t));
  assert.throws(() => decayBound(f, { rate: "fast" as never, delta: 0.1, depth: 2 }), OptionError);
  for (const delta of [0, -1, NaN, Infinity]) assert.throws(() => decayBound(f, { rate: "wavelet", delta, depth: 2 }), /delta must be a positive finite number/);
  assert.throws(() => decayBound(f, { rate: "wavelet", delta: 0.1, depth: 2, l: 0 }), DomainError);
  assert.throws(() => decayBound(f, { rate: "general", delta: 0.1, depth: 2, alpha: -1 }), DomainError);
  assert.throws(() => decayBound(f, { rate: "wavelet", delta: 0.1, depth: -1 }), DomainError);
  assert.throws(() => decayBound(new Float64Array(64), { rate: "wavelet", delta: 0.1, depth: 2 }), /the signal is zero/);
  assert.throws(() => decayBound(Float64Array.from(f, (v, i) => (i === 3 ? NaN : v)), { rate: "wavelet", delta: 0.1, depth: 2 }), DomainError);
  assert.throws(() => decayBound(f, { rate: "wavelet", delta: 0.1, depth: 2, keep: 0.5 } as never), /unknown option "keep"/);
  assert.throws(() => decayBound(f, undefined as never), OptionError);
  for (const keep of [0, 1, 1.5, NaN]) assert.throws(() => layersNeeded({ rate: "wavelet", delta: 0.1, keep, bandwidth: 1 }), /keep \(= 1 - eps\) must be in \(0, 1\)/);
  assert.throws(() => layersNeeded({ rate: "wavelet", delta: 0.1, keep: 0.5, bandwidth: 0 }), /bandwidth L must be a positive number/);
  assert.throws(() => layersNeeded({ rate: "wavelet", delta: 0.1, keep: 0.5, bandwidth: 1, depth: 3 } as never), /unknown option "depth"/);
  const r = scatteringEnergy(f, filterBank({ kind: "shannon", size: [64], scales: 2 }), { depth: 1 });
  assert.throws(() => measuredLayersNeeded(r, 1), DomainError);
});
