/**
 * Trust layer: the known-wrong nerdamer-prime simplification (00-stack.md) is caught, correct
 * CAS output passes, `verify` accepts true identities and rejects false ones, and the exact Gram
 * expansion matches SymPy (oracle via /usr/bin/python3) monomial by monomial.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { pythonOracle } from "../../helpers/python-oracle";
import { Stencil, laplacianStencil, binomialStencil } from "../../../src/stencil/index";
import { spectralDensity } from "../../../src/symbol/spectral-density";
import { casSimplify, presentable } from "../../../src/symbol/cas";
import { verify, assertEquivalent } from "../../../src/symbol/verify";
import { VerificationError, DomainError, OptionError } from "../../../src/core/errors";

test("the known wrong nerdamer-prime simplification of |a e^{-iw} + b + c e^{iw}|^2 is caught", () => {
  const g = spectralDensity(Stencil.from(["a", "b", "c"])).absSquared();
  assert.throws(() => casSimplify(g), (e: unknown) => e instanceof VerificationError && /WRONG/.test(e.message) && /a\*c/.test(e.message));
  const fb = casSimplify(g, { onMismatch: "fallback" });
  assert.equal(fb.verified, false);
  assert.match(fb.note, /rejected by numerical check/);
  assert.equal(fb.text, g.toString()); // the exact form is shown instead
  // and the literal string from 00-stack.md, given as a string source
  assert.throws(() => casSimplify("(a*e^(-i*w)+b+c*e^(i*w))*(a*e^(i*w)+b+c*e^(-i*w))"), VerificationError);
});

test("correct CAS output passes the check and is returned", () => {
  const r = casSimplify(spectralDensity(laplacianStencil(1)).realForm().entry(0, 0));
  assert.equal(r.verified, true);
  assert.ok(verify(r.text, "2*cos(w) - 2").ok);
  const p = presentable(spectralDensity(binomialStencil(2)).entry(0, 0));
  assert.equal(p.verified, true);
  assert.ok(verify(p.text, "cos(w/2)^2", { tolerance: 1e-12 }).ok);
});

test("verify: true identities pass, false ones fail with the worst point; assertEquivalent throws", () => {
  assert.ok(verify("4*sin(w/2)^2", "2 - 2*cos(w)").ok);
  assert.ok(verify("(a+b)^2", "a^2 + 2*a*b + b^2").ok);
  assert.ok(verify("exp(i*w1 + i*w2)", "exp(i*w1)*exp(i*w2)").ok);
  const bad = verify("(a+b)^2", "a^2 + b^2", { samples: 10, seed: 3 });
  assert.equal(bad.ok, false);
  assert.ok(bad.maxError > 1e-3);
  assert.ok("a" in bad.worst.point && "b" in bad.worst.point);
  assert.throws(() => assertEquivalent("cos(w)^2", "cos(2*w)"), VerificationError);
  // an identity that holds only for a >= 0 is rejected on the default range, accepted on [0, 2]
  assert.equal(verify("sqrt(a^2)", "a").ok, false);
  assert.equal(verify("sqrt(a^2)", "a", { symbolRange: [0, 2] }).ok, true);
  assert.throws(() => verify("a", "a", { samples: 0 }), DomainError);
  assert.throws(() => verify("a", "a", { bogus: 1 } as never), OptionError);
  assert.throws(() => verify("a +", "a"), DomainError);
});

test("exact Gram of a symbolic 2-channel 3x3 stencil equals SymPy's expansion, monomial by monomial", () => {
  // SymPy oracle: expand G = F^H F with z = exp(-i w) as symbols, conj(z) = 1/z
  const S = Stencil.symbolic("k", [3, 3], { cout: 2, cin: 2 });
  const G = spectralDensity(S).gram();
  const py = `
import sympy as sp, json
z1, z2 = sp.symbols('z1 z2')
def F(o, i):
    return sum(sp.Symbol(f'k_{o}_{i}_{p}_{q}') * z1**(p-1) * z2**(q-1) for p in range(3) for q in range(3))
def conj(e):
    return e.subs({z1: 1/z1, z2: 1/z2}, simultaneous=True)
out = {}
for i in range(2):
    for j in range(2):
        g = sp.expand(sum(conj(F(k, i)) * F(k, j) for k in range(2)))
        terms = {}
        for t in sp.Add.make_args(g):
            c, rest = t.as_coeff_Mul()
            pw = sp.Mul.make_args(rest)
            e1 = e2 = 0; syms = []
            for f in pw:
                b, e = f.as_base_exp()
                if b == z1: e1 += int(e)
                elif b == z2: e2 += int(e)
                else: syms.append(f"{b}^{int(e)}")
            key = "*".join(sorted(syms)) + "|" + f"{e1},{e2}"
            terms[key] = str(sp.Rational(c) + sp.Rational(terms.get(key, 0)))
        out[f"{i},{j}"] = terms
`;
  const ref = pythonOracle<Record<string, Record<string, string>>>(py);
  for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) {
    const mine: Record<string, string> = {};
    for (const t of G.entry(i, j).terms()) mine[t.syms.map(([n, e]) => `${n}^${e}`).sort().join("*") + "|" + t.z.join(",")] = t.coef.toString();
    assert.deepEqual(mine, ref[`${i},${j}`], `G[${i},${j}]`);
  }
});

test("presentable: Chebyshev + CAS factor gives short verified forms (|Laplacian|^2 = 4 (cos w - 1)^2)", () => {
  const lap = presentable(spectralDensity(laplacianStencil(1)).absSquared());
  assert.equal(lap.verified, true);
  assert.ok(verify(lap.text, "4*(cos(w) - 1)^2").ok);
  assert.match(lap.tex, /\\cos\(\\omega\)/);
  const bin = presentable(spectralDensity(binomialStencil(4)).entry(0, 0));
  assert.ok(verify(bin.text, "cos(w/2)^4", { tolerance: 1e-12 }).ok);
  // symbols survive: [a, b, a] has symbol b + 2 a cos w
  const sym = presentable(spectralDensity(Stencil.from(["a", "b", "a"])).entry(0, 0));
  assert.ok(verify(sym.text, "b + 2*a*cos(w)").ok);
});

test("verify compares matrices entry by entry (SpectralDensity vs its real form; a wrong Gram is rejected)", () => {
  const S = Stencil.from([[["a", 1], [0, "b"]], [[1, 1], ["a", 2]]], { layout: "oiw" });
  const F = spectralDensity(S);
  assert.ok(verify(F, F.realForm()).ok);
  assert.ok(verify(F.gram(), F.adjoint().mul(F)).ok);
  // F F^H is not F^H F for this non-normal symbol
  assert.equal(verify(F.gram(), F.mul(F.adjoint())).ok, false);
  assert.throws(() => verify(F, "a"), DomainError);
});
