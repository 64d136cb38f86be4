import { test } from "node:test";
import assert from "node:assert/strict";
import { filterBank, BANK_KINDS } from "../../../src/scattering/index";
import { DomainError, OptionError, ShapeError } from "../../../src/core/errors";
import { Rng } from "../../../src/core/random";

/** Independent reference: |w| of DFT bin k of length n, from the definition w = 2 pi k / n wrapped to (-pi, pi]. */
function omega(k: number, n: number): number {
  let w = (2 * Math.PI * k) / n;
  if (w > Math.PI + 1e-12) w -= 2 * Math.PI;
  return w;
}

test("filterBank({ kind: 'shannon' }) is exactly Parseval in 1-D and 2-D for powers of two and other lengths", () => {
  for (const size of [[4096], [1000], [257], [64, 48], [33, 40]]) {
    const bank = filterBank({ kind: "shannon", size, scales: 3, ...(size.length === 2 ? { orientations: 4 } : {}) });
    const lp = bank.littlewoodPaley();
    // 0/1 masks partition the bins: LP is exactly 1 (no round-off at all)
    assert.equal(lp.min, 1);
    assert.equal(lp.max, 1);
    assert.equal(bank.filters.length, size.length === 1 ? 6 : 12);
  }
});

test("filterBank({ kind: 'shannon' }) puts bin k in band j exactly when pi 2^-(j+1) < |w_k| <= pi 2^-j, with the sign of w_k", () => {
  const n = 1000;
  const J = 4;
  const bank = filterBank({ kind: "shannon", size: [n], scales: J });
  for (let k = 0; k < n; k++) {
    const w = omega(k, n);
    const a = Math.abs(w);
    let expected = "low";
    // tolerance 1e-12 rad: band edges that fall on a bin are decided in integers by the bank; here
    // 1000 / 2^m is never within 1e-12 of an integer bin unless exactly equal (then <= applies)
    for (let j = 0; j < J; j++) if (a > Math.PI / 2 ** (j + 1) + 1e-12 && a <= Math.PI / 2 ** j + 1e-12) expected = `j=${j},${w > 0 ? "+" : "-"}`;
    const owner = bank.filters.find((f) => f.response[2 * k] === 1)?.label.name ?? (bank.lowpass[2 * k] === 1 ? "low" : "none");
    assert.equal(owner, expected, `bin ${k}`);
  }
  assert.ok(Math.abs(bank.cutoff - (2 * Math.PI * 32) / n) < 1e-12, `cutoff ${bank.cutoff}: first band bin is k = 32 (> 1000/32 = 31.25)`);
});

test("filterBank({ kind: 'weyl-heisenberg' }) has equal-width bands and LP = 1 exactly", () => {
  const n = 180;
  const M = 8; // width 1/18 cycle = 10 bins
  const bank = filterBank({ kind: "weyl-heisenberg", size: [n], bands: M });
  assert.equal(bank.littlewoodPaley().min, 1);
  assert.equal(bank.littlewoodPaley().max, 1);
  for (const f of bank.filters) {
    let count = 0;
    for (let k = 0; k < n; k++) count += f.response[2 * k];
    // 10 bins each; the Nyquist bin s = 90 counts as positive, so the last band has 9 bins on the - side
    assert.equal(count, f.label.band === M && f.label.sign === -1 ? 9 : 10, f.label.name);
  }
  const b2 = filterBank({ kind: "weyl-heisenberg", size: [40, 40], bands: 3, orientations: 4 });
  assert.equal(b2.littlewoodPaley().min, 1);
  assert.equal(b2.littlewoodPaley().max, 1);
});

test("filterBank({ kind: 'morlet' }) matches the Gaussian formula, is not tight, and its tight version is", () => {
  const n = 512;
  const bank = filterBank({ kind: "morlet", size: [n], scales: 5 });
  const xi = 2 * Math.PI * 0.35 * 2 ** -1; // filter j = 1, sign +
  const s = (xi * (1 - 0.5)) / 1.5 / Math.sqrt(Math.log(2));
  const f = bank.filters.find((g) => g.label.scale === 1 && g.label.sign === 1)!;
  for (const k of [3, 40, 90, 200, 400]) {
    const w = omega(k, n);
    let expected = 0;
    for (let m = -2; m <= 2; m++) {
      const x = w + 2 * Math.PI * m;
      expected += Math.exp(-((x - xi) ** 2) / (2 * s * s)) - Math.exp(-(xi * xi) / (2 * s * s)) * Math.exp(-(x * x) / (2 * s * s));
    }
    // same formula, independent code; tolerance: a few ulps of values <= 1
    assert.ok(Math.abs(f.response[2 * k] - expected) < 1e-14, `bin ${k}`);
  }
  const lp = bank.littlewoodPaley();
  assert.ok(lp.max - lp.min > 0.1, `Morlet LP spans [${lp.min}, ${lp.max}]`);
  const tight = filterBank({ kind: "morlet", size: [n], scales: 5, tight: true }).littlewoodPaley();
  // dividing by sqrt(LP) leaves round-off of a sum of ~11 squares
  assert.ok(Math.abs(tight.min - 1) < 1e-12 && Math.abs(tight.max - 1) < 1e-12);
  const m2 = filterBank({ kind: "morlet", size: [64, 64], scales: 3, orientations: 6 });
  assert.equal(m2.filters.length, 18);
  assert.ok(m2.littlewoodPaley().min > 0);
});

test("filterBank({ kind: 'custom', taps }) gives the symbol sum_q g_q exp(-i q w) of centred taps", () => {
  const n = 30;
  const rng = new Rng(3);
  const taps = [0, 1, 2].map(() => ({ shape: [5], data: rng.normals(5) }));
  const bank = filterBank({ kind: "custom", size: [n], taps, lowpassTaps: { shape: [3], data: [0.25, 0.5, 0.25] } });
  bank.filters.forEach((f, i) => {
    for (let k = 0; k < n; k++) {
      const w = (2 * Math.PI * k) / n;
      let re = 0;
      let im = 0;
      for (let p = 0; p < 5; p++) {
        const q = p - 2;
        re += taps[i].data[p] * Math.cos(q * w);
        im -= taps[i].data[p] * Math.sin(q * w);
      }
      // dense sum vs FFT of 5 taps: round-off ~ 1e-15
      assert.ok(Math.abs(f.response[2 * k] - re) < 1e-12 && Math.abs(f.response[2 * k + 1] - im) < 1e-12);
    }
  });
  const r = filterBank({ kind: "custom", size: [8], responses: [[0, 0, 1, 1, 0, 0, 0, 0]], lowpass: [1, 1, 0, 0, 0, 0, 0, 1] });
  assert.equal(r.analytic, true);
  assert.equal(r.littlewoodPaley().min, 0);
  assert.throws(() => r.tight(), DomainError);
});

test("filterBank refuses unknown kinds, unknown or misplaced options, bad sizes and too many scales", () => {
  assert.deepEqual([...BANK_KINDS], ["shannon", "weyl-heisenberg", "morlet", "custom"]);
  assert.throws(() => filterBank({ kind: "gabor" as never, size: [64] }), OptionError);
  assert.throws(() => filterBank({ kind: "shannon", size: [64], wiggle: 1 } as never), /unknown option "wiggle"/);
  assert.throws(() => filterBank({ kind: "shannon", size: [64], bands: 3 }), /does not apply to kind "shannon"/);
  assert.throws(() => filterBank({ kind: "shannon", size: [64, 2, 2] }), ShapeError);
  assert.throws(() => filterBank({ kind: "shannon", size: [0] }), DomainError);
  assert.throws(() => filterBank({ kind: "shannon", size: [64], scales: 6 }), /needs every axis length >= 2\^\(J\+1\) = 128/);
  assert.throws(() => filterBank({ kind: "shannon", size: [64], orientations: 4 }), /2-D grids only/);
  assert.throws(() => filterBank({ kind: "custom", size: [8], responses: [[1, 2, 3]], lowpass: new Array(8).fill(1) }), ShapeError);
  assert.throws(() => filterBank({ kind: "custom", size: [4], responses: [[NaN, 0, 0, 0]], lowpass: [1, 0, 0, 0] }), DomainError);
  assert.throws(() => filterBank({ kind: "custom", size: [8] }), /exactly one of responses or taps/);
});
