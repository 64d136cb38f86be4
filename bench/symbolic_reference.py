"""SymPy reference for bench/symbolic.bench.ts: symbol + Gram + real form of symbolic stencils.

Same algorithm as convspec: F(z) = sum_q K_q z^q with z_k = exp(-i w_k) as symbols, exact
expansion of G = F^H F (conj: z -> 1/z), then the real form by pairing q with -q:
  cos<q,w> coefficient c_q + c_{-q}, sin<q,w> coefficient (c_{-q} - c_q) (times i).
Prints one JSON line: median seconds per case over `repeats` runs (process start-up excluded).
Usage: symbolic_reference.py REPEATS
"""
import json, sys, time
from statistics import median
import sympy as sp

Z = sp.symbols("z1 z2")
W = sp.symbols("w1 w2")


def symbol_matrix(cout, cin):
    F = sp.zeros(cout, cin)
    multi = cout > 1 or cin > 1
    for o in range(cout):
        for i in range(cin):
            F[o, i] = sum(
                sp.Symbol("_".join(["k"] + ([str(o), str(i)] if multi else []) + [str(p), str(q)])) * Z[0] ** (p - 1) * Z[1] ** (q - 1)
                for p in range(3) for q in range(3))
    return F


def real_form(expr):
    cos, sin = {}, {}
    const = sp.Integer(0)
    for term in sp.Add.make_args(sp.expand(expr)):
        pw = term.as_powers_dict()
        q = (int(pw.get(Z[0], 0)), int(pw.get(Z[1], 0)))
        coef = term / (Z[0] ** q[0] * Z[1] ** q[1])
        if q == (0, 0):
            const += coef
            continue
        pos = q[0] > 0 or (q[0] == 0 and q[1] > 0)
        key = q if pos else (-q[0], -q[1])
        cos[key] = cos.get(key, 0) + coef
        sin[key] = sin.get(key, 0) + (-coef if pos else coef)
    re = const + sum(c * sp.cos(k[0] * W[0] + k[1] * W[1]) for k, c in cos.items())
    im = sum(c * sp.sin(k[0] * W[0] + k[1] * W[1]) for k, c in sin.items())
    return re, im


def run(cout, cin):
    F = symbol_matrix(cout, cin)
    Fh = F.T.subs({Z[0]: 1 / Z[0], Z[1]: 1 / Z[1]}, simultaneous=True)
    G = (Fh * F).applyfunc(sp.expand)
    forms = [real_form(G[i, j]) for i in range(cin) for j in range(cin)]
    ffs = [real_form(F[i, j]) for i in range(cout) for j in range(cin)]
    return G, forms, ffs


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    out = {}
    for name, (co, ci) in {"3x3-single": (1, 1), "3x3-2ch": (2, 2)}.items():
        run(co, ci)  # warm-up (imports, caches)
        ts = []
        for _ in range(repeats):
            sp.core.cache.clear_cache()  # no reuse of the previous repeat's results
            t0 = time.perf_counter()
            G, forms, _ = run(co, ci)
            ts.append(time.perf_counter() - t0)
        out[name] = {"seconds": median(ts), "gram_terms": [len(sp.Add.make_args(G[i, j])) for i in range(ci) for j in range(ci)]}
    print(json.dumps(out))


main()
