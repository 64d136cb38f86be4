/**
 * Property tests (fast-check, 1000 runs each) of the exact symbol machinery against independent
 * numerical definitions. Random stencils: 1-3 spatial axes (product of sizes <= 9), 1-3 channels
 * each way, origin anywhere inside, entries rational numbers or polynomials in symbols a, b, c.
 *
 * Tolerance 1e-9 relative to max(1, |value|): the oracle and the library both sum at most ~100
 * terms of magnitude <= ~50 in double precision (error ~1e-13); a wrong exponent sign, offset or
 * coefficient changes values by O(1).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Stencil } from "../../../src/stencil/stencil";
import { spectralDensity } from "../../../src/symbol/spectral-density";
import { LaurentPoly } from "../../../src/algebra/laurent";
import { Rational } from "../../../src/algebra/rational";

const RUNS = 1000;
const SYMS = ["a", "b", "c"] as const;

/** An entry the oracle evaluates itself: coefficient num/den times a monomial a^i b^j c^k. */
interface Entry { num: number; den: number; pow: [number, number, number] }

const entryArb: fc.Arbitrary<Entry> = fc.record({
  num: fc.integer({ min: -9, max: 9 }),
  den: fc.integer({ min: 1, max: 4 }),
  pow: fc.oneof(
    { weight: 2, arbitrary: fc.constant<[number, number, number]>([0, 0, 0]) },
    { weight: 3, arbitrary: fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 1 })) },
  ),
});

/** The entry as text ("3/2*a^2*b") — the parser path — or as an exact LaurentPoly. */
function entryInput(e: Entry, asString: boolean): string | LaurentPoly {
  const mono = SYMS.map((s, k) => (e.pow[k] === 0 ? "" : e.pow[k] === 1 ? s : `${s}^${e.pow[k]}`)).filter(Boolean);
  if (asString) return [`${e.num}/${e.den}`, ...mono].join("*");
  let p = LaurentPoly.constant(Rational.of(e.num, e.den));
  SYMS.forEach((s, k) => { p = p.mul(LaurentPoly.symbol(s).pow(e.pow[k])); });
  return p;
}
function entryValue(e: Entry, v: Record<string, number>): number {
  return (e.num / e.den) * v.a ** e.pow[0] * v.b ** e.pow[1] * v.c ** e.pow[2];
}

interface Case { cout: number; cin: number; shape: number[]; origin: number[]; entries: Entry[]; strings: boolean[]; w: number[]; vals: Record<string, number> }

const shapeArb = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 5 })).map((s) => [...s]),
  fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })).map((s) => [...s]),
  fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })).map((s) => [...s]),
);
const caseArb: fc.Arbitrary<Case> = fc
  .record({ cout: fc.integer({ min: 1, max: 3 }), cin: fc.integer({ min: 1, max: 3 }), shape: shapeArb })
  .chain(({ cout, cin, shape }) => {
    const n = cout * cin * shape.reduce((a, b) => a * b, 1);
    return fc.record({
      cout: fc.constant(cout), cin: fc.constant(cin), shape: fc.constant(shape),
      origin: fc.tuple(...shape.map((k) => fc.integer({ min: 0, max: k - 1 }))).map((o) => [...o]),
      entries: fc.array(entryArb, { minLength: n, maxLength: n }),
      // ~20% of entries go through the string parser (mathjs), the rest are exact objects
      strings: fc.array(fc.integer({ min: 0, max: 4 }).map((x) => x === 0), { minLength: n, maxLength: n }),
      w: fc.array(fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }), { minLength: shape.length, maxLength: shape.length }),
      vals: fc.record({ a: fc.double({ min: -2, max: 2, noNaN: true }), b: fc.double({ min: -2, max: 2, noNaN: true }), c: fc.double({ min: -2, max: 2, noNaN: true }) }),
    });
  });

function build(c: Case): Stencil {
  return new Stencil(c.cout, c.cin, c.shape, c.origin, c.entries.map((e, k) => entryInput(e, c.strings[k])));
}

/** Independent oracle: F[o][i](w) = sum_p K[o,i,p] exp(-i <p - origin, w>), with its own index arithmetic. */
function directSymbol(c: Case): Float64Array {
  const taps = c.shape.reduce((a, b) => a * b, 1);
  const out = new Float64Array(2 * c.cout * c.cin);
  for (let oi = 0; oi < c.cout * c.cin; oi++) {
    for (let t = 0; t < taps; t++) {
      let rem = t, phase = 0;
      for (let ax = c.shape.length - 1; ax >= 0; ax--) {
        const p = rem % c.shape[ax];
        rem = Math.floor(rem / c.shape[ax]);
        phase += (p - c.origin[ax]) * c.w[ax];
      }
      const k = entryValue(c.entries[oi * taps + t], c.vals);
      out[2 * oi] += k * Math.cos(-phase);
      out[2 * oi + 1] += k * Math.sin(-phase);
    }
  }
  return out;
}

function assertClose(a: Float64Array, b: Float64Array, tol: number, what: string): void {
  assert.equal(a.length, b.length);
  for (let k = 0; k < a.length; k++) {
    const scale = Math.max(1, Math.abs(a[k]), Math.abs(b[k]));
    if (Math.abs(a[k] - b[k]) > tol * scale) assert.fail(`${what}: entry ${k}: ${a[k]} vs ${b[k]}`);
  }
}

test("symbol at random w equals the direct sum over taps (1000 random stencils)", () => {
  fc.assert(fc.property(caseArb, (c) => {
    const F = spectralDensity(build(c));
    assertClose(F.evaluate(c.w, c.vals), directSymbol(c), 1e-9, "F(w)");
  }), { numRuns: RUNS, seed: 31 });
});

test("Gram symbol equals F^H F computed numerically (1000 random stencils)", () => {
  fc.assert(fc.property(caseArb, (c) => {
    const F = directSymbol(c);
    const G = spectralDensity(build(c)).gram().evaluate(c.w, c.vals);
    const ref = new Float64Array(2 * c.cin * c.cin);
    for (let i = 0; i < c.cin; i++) for (let j = 0; j < c.cin; j++) {
      let re = 0, im = 0;
      for (let k = 0; k < c.cout; k++) {
        const ar = F[2 * (k * c.cin + i)], ai = -F[2 * (k * c.cin + i) + 1]; // conj(F_ki)
        const br = F[2 * (k * c.cin + j)], bi = F[2 * (k * c.cin + j) + 1];
        re += ar * br - ai * bi;
        im += ar * bi + ai * br;
      }
      ref[2 * (i * c.cin + j)] = re; ref[2 * (i * c.cin + j) + 1] = im;
    }
    // Gram values reach ~|F|^2 ~ 1e3: same relative tolerance
    assertClose(G, ref, 1e-9, "G(w)");
  }), { numRuns: RUNS, seed: 32 });
});

test("realForm (cos/sin) equals the complex exponential form for F and G (1000 random stencils)", () => {
  fc.assert(fc.property(caseArb, (c) => {
    const F = spectralDensity(build(c));
    assertClose(F.realForm().evaluate(c.w, c.vals), F.evaluate(c.w, c.vals), 1e-9, "realForm F");
    const G = F.gram();
    assertClose(G.realForm().evaluate(c.w, c.vals), G.evaluate(c.w, c.vals), 1e-9, "realForm G");
    // Gram diagonal is real: exactly no sin terms
    for (let i = 0; i < c.cin; i++) assert.ok(G.realForm().entry(i, i).isReal);
  }), { numRuns: RUNS, seed: 33 });
});

test("subs then evaluate equals evaluate then subs (1000 random stencils)", () => {
  fc.assert(fc.property(caseArb, fc.integer({ min: 1, max: 7 }), fc.integer({ min: -20, max: 20 }), fc.integer({ min: 1, max: 7 }), (c, mask, num, den) => {
    // substitute an exact rational for a subset of the symbols, evaluate the rest numerically
    const sub: Record<string, Rational> = {};
    const vals = { ...c.vals };
    SYMS.forEach((s, k) => { if (mask & (1 << k)) { sub[s] = Rational.of(num, den); vals[s] = num / den; } });
    const S = build(c);
    const after = spectralDensity(S.subs(sub)).evaluate(c.w, c.vals);
    const before = spectralDensity(S).evaluate(c.w, vals);
    assertClose(after, before, 1e-9, "subs");
    if (mask === 7) {
      assert.ok(S.subs(sub).isNumeric);
      assertClose(spectralDensity(S).subs(sub).evaluate(c.w), before, 1e-9, "SpectralDensity.subs");
    }
  }), { numRuns: RUNS, seed: 34 });
});

test("printing round-trips: symbol-only text re-parses to the same exact polynomial; F/G text and TeX-free CAS text evaluate to the same values (1000 random stencils)", async () => {
  const { parsePolynomial } = await import("../../../src/algebra/parse");
  const { verify } = await import("../../../src/symbol/verify");
  fc.assert(fc.property(caseArb, (c) => {
    const S = build(c);
    for (const e of S.entries) assert.ok(parsePolynomial(e.toString()).equals(e), e.toString());
    const F = spectralDensity(S);
    // the text forms are read by mathjs (different code path) at the case's own point
    const scope: Record<string, number> = { ...c.vals };
    const names = F.dim === 1 ? ["w"] : c.w.map((_, k) => `w${k + 1}`);
    names.forEach((n, k) => { scope[n] = c.w[k]; });
    const e00 = F.entry(0, 0), g00 = F.gram().entry(0, 0);
    for (const [p, text] of [[e00, e00.toString()], [e00, e00.toCasString()], [g00, F.gram().realForm().entry(0, 0).toString()]] as const) {
      const r = verify(p, text, { samples: 1, fixed: scope });
      assert.ok(r.ok, `${text}: ${r.maxError}`);
      // plus two seeded random points (fast-check likes tiny w, where sign errors hide)
      const r2 = verify(p, text, { samples: 2, seed: c.shape.length + 7 * c.cout });
      assert.ok(r2.ok, `${text}: ${r2.maxError}`);
    }
  }), { numRuns: RUNS, seed: 35 });
});
