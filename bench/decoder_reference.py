"""numpy references for bench/decoder.bench.ts (read JSON from stdin, print JSON):
- task "forward": the ESRGAN-slim x2 generator (TF.js layers model.json + .bin, weights in manifest
  order) run in float64 numpy on a [3, H, W] image: per Conv2D, for every tap a BLAS matrix product
  W_tap (cout x cin) @ shifted input (cin x HW), zero "same" padding; ReLU, concatenation, add,
  nearest upsampling. With "record": np.fft.fft2 of every layer's feature map (the spectrum maps).
- task "montecarlo": E|T^(uv)|^2 of `samples` random 3x3 kernels N(mu, sigma^2) on a 64 x 64 grid:
  fft2 of the zero-padded kernels (conj gives T; |T|^2 is the same), mean and standard error per frequency.
Timings exclude process start-up, file reading and data transfer; median of `repeats`."""
import json, sys, time
import numpy as np

inp = json.loads(sys.stdin.read())


def load_model(path):
    import os
    m = json.load(open(path))
    groups = m["weightsManifest"]
    weights = {}
    for g in groups:
        buf = b"".join(open(os.path.join(os.path.dirname(path), p), "rb").read() for p in g["paths"])
        off = 0
        for w in g["weights"]:
            n = int(np.prod(w["shape"])) if w["shape"] else 1
            weights[w["name"]] = np.frombuffer(buf, dtype="<f4", count=n, offset=off).reshape(w["shape"]).astype(np.float64)
            off += 4 * n
    return m["modelTopology"]["model_config"]["config"], weights


def conv(x, kern, bias, padding):
    kh, kw, cin, cout = kern.shape
    C, H, W = x.shape
    if padding == "same":
        oh, ow = (kh - 1) // 2, (kw - 1) // 2
        xp = np.pad(x, ((0, 0), (oh, kh - 1 - oh), (ow, kw - 1 - ow)))
        Ho, Wo = H, W
    else:
        xp, Ho, Wo = x, H - kh + 1, W - kw + 1
    out = np.zeros((cout, Ho * Wo))
    for a in range(kh):
        for b in range(kw):
            out += kern[a, b].T @ xp[:, a:a + Ho, b:b + Wo].reshape(cin, Ho * Wo)
    out = out.reshape(cout, Ho, Wo)
    return out + bias[:, None, None] if bias is not None else out


def forward(cfg, weights, x, record):
    vals, spectra = {}, []
    for l in cfg["layers"]:
        kind, c, name = l["class_name"], l["config"], l["name"]
        args = [vals[n[0]] for n in l["inbound_nodes"][0]] if l["inbound_nodes"] else []
        if kind == "InputLayer":
            y = x
        elif kind == "Conv2D":
            y = conv(args[0], weights[name + "/kernel"], weights.get(name + "/bias"), c["padding"])
            if c["activation"] == "relu":
                y = np.maximum(y, 0)
        elif kind == "Activation":
            y = np.maximum(args[0], 0) if c["activation"] == "relu" else args[0]
        elif kind == "Concatenate":
            y = np.concatenate(args, axis=0)
        elif kind == "Add":
            y = sum(args)
        elif kind == "UpSampling2D":
            r1, r2 = c["size"]
            y = np.repeat(np.repeat(args[0], r1, axis=1), r2, axis=2)
        else:
            raise ValueError(kind)
        vals[name] = y
        if record:
            spectra.append(np.fft.fft2(y, axes=(1, 2)))
    return vals[cfg["output_layers"][0][0]], spectra


def timed(f, repeats):
    f()
    ts = []
    for _ in range(repeats):
        t = time.perf_counter()
        r = f()
        ts.append(time.perf_counter() - t)
    return float(np.median(ts)), ts, r


if inp["task"] == "forward":
    cfg, weights = load_model(inp["model"])
    x = np.array(inp["image"], dtype=np.float64).reshape(inp["shape"])
    med, ts, (y, _) = timed(lambda: forward(cfg, weights, x, inp["record"]), inp["repeats"])
    print(json.dumps({"median_s": med, "times": ts, "output": y.ravel().tolist()}))
else:
    K, n, S, mu, sigma = inp["k"], inp["n"], inp["samples"], inp["mu"], inp["sigma"]
    rng = np.random.default_rng(inp["seed"])

    def mc():
        W = mu + sigma * rng.standard_normal((S, K, K))
        P = np.abs(np.fft.fft2(W, s=(n, n), axes=(1, 2))) ** 2
        return P.mean(axis=0), P.std(axis=0, ddof=1) / np.sqrt(S)

    med, ts, (m, se) = timed(mc, inp["repeats"])
    print(json.dumps({"median_s": med, "times": ts, "mean": m.ravel().tolist(), "se": se.ravel().tolist()}))
