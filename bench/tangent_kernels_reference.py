"""numpy/scipy references for src/tangent-kernels (used by bench/tangent-kernels.bench.ts and, via
test/helpers/python-oracle.ts, by test/unit/tangent-kernels/). Independent implementations:
the GAP kernel here runs the brief's position-pair recursion on d x d matrices directly (not the
shift-average the TypeScript uses), vectorised over all pairs of inputs.

cntk_gram(X, Z, L, q, readout, kind): X (n, d, zeta), Z (m, d, zeta), unit pixels.
  Sigma_0[i, i'] = <x_i, z_i'>;  Lambda_h[j, j'] = (1/q) sum_l Sigma_{h-1}[j+l, j'+l] (circular);
  Sigma_h = k1(Lambda_h), dSigma_h = k0(Lambda_h);  N_1 = Lambda_1,
  N_h = (1/q) sum_l (Sigma_{h-1} + dSigma_{h-1} N_{h-1})[j+l, j'+l];
  fc: mean over j of the diagonal j = j';  gap: mean over all (j, j').
sphere_eigenvalues(zeta, L, kind, K, n): Funk-Hecke mu_k with Gauss-Legendre in theta (scipy roots)
  and scipy's Gegenbauer / Chebyshev polynomials.
Run as a script (bench): JSON task on stdin ("gram" or "sphere"), JSON with median_s on stdout.
"""
import numpy as np


def k0(u):
    return (np.pi - np.arccos(u)) / np.pi


def k1(u):
    return (np.sqrt(np.maximum(1 - u * u, 0)) + (np.pi - np.arccos(u)) * u) / np.pi


def _window(S, q, pair):
    acc = np.zeros_like(S)
    for l in range(q):
        acc += np.roll(np.roll(S, -l, axis=-1), -l, axis=-2) if pair else np.roll(S, -l, axis=-1)
    return acc / q


def cntk_gram(X, Z, L, q, readout, kind):
    X = np.asarray(X, float)
    Z = np.asarray(Z, float)
    pair = readout == "gap"
    if pair:
        S = np.einsum("aic,bkc->abik", X, Z)
    else:
        S = np.einsum("aic,bic->abi", X, Z)
    dS = np.zeros_like(S)
    N = np.zeros_like(S)
    for h in range(1, L + 1):
        lam = np.clip(_window(S, q, pair), -1, 1)
        N = lam + _window(dS * N, q, pair)
        S, dS = k1(lam), k0(lam)
    out = S + dS * N if kind == "ntk" else S
    return out.mean(axis=(-1, -2)) if pair else out.mean(axis=-1)


def sphere_eigenvalues(zeta, L, kind, K, n):
    from scipy.special import roots_legendre, eval_gegenbauer, eval_chebyt
    x, w = roots_legendre(n)
    th = np.pi / 2 * (1 + x)
    t = np.cos(th)
    wt = np.pi / 2 * w * np.sin(th) ** (zeta - 2)
    wt /= wt.sum()
    # single pixel: Sigma_0 = t
    S = t.copy(); dS = np.zeros_like(t); N = np.zeros_like(t)
    for h in range(L):
        lam = np.clip(S, -1, 1)
        N = lam + dS * N
        S, dS = k1(lam), k0(lam)
    f = S + dS * N if kind == "ntk" else S
    ks = np.arange(K + 1)
    if zeta == 2:
        P = np.cos(np.outer(ks, th))
    else:
        a = (zeta - 2) / 2
        P = eval_gegenbauer(ks[:, None], a, t[None, :]) / eval_gegenbauer(ks, a, 1.0)[:, None]
    return P @ (wt * f)


def _bench(inp):
    """Timed tasks for bench/tangent-kernels.bench.ts (JSON on stdin, JSON on stdout; medians exclude start-up)."""
    import json
    import time
    task = inp["task"]
    times = []
    if task == "gram":
        X = np.asarray(inp["X"], float)
        block = inp.get("block", 16)
        for _ in range(inp.get("repeats", 1)):
            t = time.perf_counter()
            # rows in blocks: the GAP pair arrays of all 256 x 256 pairs (d x d each) would take ~1 GB each
            G = np.concatenate([cntk_gram(X[a:a + block], X, inp["L"], inp["q"], inp["readout"], inp["kind"]) for a in range(0, len(X), block)])
            times.append(time.perf_counter() - t)
        out = {"gram": G.ravel().tolist()}
    elif task == "sphere":
        # the fewest Gauss-Legendre nodes (steps of 10) whose eigenvalues are within `target` of a 3000-node reference
        args = (inp["zeta"], inp["L"], inp["kind"], inp["K"])
        ref = sphere_eigenvalues(*args, 3000)
        n = 10
        while np.abs(sphere_eigenvalues(*args, n) - ref).max() > inp["target"]:
            n += 10
        for _ in range(inp.get("repeats", 1)):
            t = time.perf_counter()
            mu = sphere_eigenvalues(*args, n)
            times.append(time.perf_counter() - t)
        out = {"n": n, "error_vs_reference": float(np.abs(mu - ref).max()), "reference": ref.tolist()}
    else:
        raise ValueError(task)
    out["median_s"] = float(np.median(times))
    return out


if __name__ == "__main__":
    import json
    import sys
    sys.stdout.write(json.dumps(_bench(json.loads(sys.stdin.read()))))
