import { test } from "node:test";
import assert from "node:assert/strict";
import { convKernelGram, empiricalConvKernel, fitDecayRate } from "../../../src/tangent-kernels/index";
import { DomainError, OptionError, SizeLimitError } from "../../../src/core/errors";
import { randomInputs } from "./helpers";

test("empiricalConvKernel of the two-layer network (d = 1, zeta = 3) converges to convKernel with RMS error ~ m^(-1/2)", () => {
  // d = 1, L = 1: both kernels are exact averages over the m hidden units of i.i.d. terms, so the
  // error is mean-zero with standard deviation sigma / sqrt(m) (CLT; no bias at L = 1).
  const X = randomInputs(1, 4, 1, 3);
  const widths = [16, 64, 256, 1024], S = 64;
  for (const kind of ["ntk", "gp"] as const) {
    const K = convKernelGram(X, { kind });
    const rms = widths.map((m) => {
      let s2 = 0;
      for (let s = 0; s < S; s++) {
        const E = empiricalConvKernel(X, { width: m, seed: 1000 * m + s })[kind];
        for (let i = 0; i < 16; i++) s2 += (E.data[i] - K.data[i]) ** 2;
      }
      return Math.sqrt(s2 / (16 * S));
    });
    // Slope of log RMS on log m. Each RMS comes from S = 64 independent networks (the 16 entries of
    // one network are correlated; count one sample per network, conservatively): relative sd of an
    // RMS ~ 1/sqrt(2 S) = 0.09, so the slope's sd ~ 0.09 sqrt(2) / ln(64) = 0.03 and a band of
    // +-0.1 is > 3 sd. A wrong parametrisation (e.g. missing 1/sqrt(m)) gives slope 0 or positive.
    const f = fitDecayRate(widths, rms);
    assert.ok(Math.abs(f.exponent - 0.5) < 0.1, `${kind}: RMS ${rms.map((r) => r.toFixed(4)).join(", ")}, fitted slope ${-f.exponent}`);
  }
});

test("empiricalConvKernel of deep conv networks (d = 4, q = 2, L = 2, FC and GAP) averages to convKernel within 4.5 standard errors", () => {
  // Over S = 12 seeds at width 96 the mean error of every entry is t-distributed (11 df) around
  // the O(1/m) finite-width bias, which is well below one standard error here (sd ~ 0.2 / sqrt(12)).
  // |t| > 4.5 has probability ~1e-3 per entry; seeded, so deterministic. A wrong recursion
  // (scaling, missing N_h term, wrong window) shifts the mean by O(0.1..1), i.e. tens of standard errors.
  const X = randomInputs(2, 4, 4, 3);
  const S = 12, m = 96;
  for (const readout of ["fc", "gap"] as const) {
    const K = { ntk: convKernelGram(X, { layers: 2, filterSize: 2, readout }), gp: convKernelGram(X, { layers: 2, filterSize: 2, readout, kind: "gp" }) };
    const sum = { ntk: new Float64Array(16), gp: new Float64Array(16) }, sq = { ntk: new Float64Array(16), gp: new Float64Array(16) };
    for (let s = 0; s < S; s++) {
      const E = empiricalConvKernel(X, { width: m, seed: 7 + s, layers: 2, filterSize: 2, readout });
      for (const kind of ["ntk", "gp"] as const) for (let i = 0; i < 16; i++) { const e = E[kind].data[i] - K[kind].data[i]; sum[kind][i] += e; sq[kind][i] += e * e; }
    }
    for (const kind of ["ntk", "gp"] as const) for (let i = 0; i < 16; i++) {
      const mean = sum[kind][i] / S, sd = Math.sqrt((sq[kind][i] - S * mean * mean) / (S - 1));
      assert.ok(sd > 0 && Math.abs(mean) < 4.5 * sd / Math.sqrt(S), `${readout} ${kind} entry ${i}: mean error ${mean}, sd ${sd}`);
    }
  }
});

test("empiricalConvKernel rejects missing width or seed, bad widths, unknown options and huge networks", () => {
  const X = randomInputs(3, 2, 2, 2);
  assert.throws(() => empiricalConvKernel(X, undefined as unknown as { width: number; seed: number }), OptionError);
  assert.throws(() => empiricalConvKernel(X, { width: 0, seed: 1 }), DomainError);
  assert.throws(() => empiricalConvKernel(X, { width: 8, seed: NaN }), DomainError);
  assert.throws(() => empiricalConvKernel(X, { width: 8, seed: 1, bias: 1 } as object as { width: number; seed: number }), OptionError);
  assert.throws(() => empiricalConvKernel(X, { width: 8, seed: 1, filterSize: 3 }), DomainError);
  assert.throws(() => empiricalConvKernel(X, { width: 1 << 14, seed: 1, filterSize: 2 }), SizeLimitError);
});
