/**
 * layerReport on a small model written by numpy (TF.js manifest, hwio kernels), checked against
 * numpy: the dense layer matrix built from the definition
 *   y[o, x] = sum_i sum_p K[o, i, p] x[i, x + p - origin]   (zero / circular padding, stride s)
 * and its SVD (np.linalg.svd), and the symbol F(w) = sum_q K_q e^{-i<q, w>} evaluated directly on
 * the circular and sine grids (np.linalg.norm(ord=2)).
 */
import { test, after } from "node:test";
import { rmSync } from "node:fs";
import assert from "node:assert/strict";
import { join } from "node:path";
import { layerReport, DEFAULT_REPORT_METHODS } from "../../../src/report";
import { loadWeights, listConvKernels } from "../../../src/io";
import { DISPLAY } from "../../../src/display/channel";
import { OptionError, ShapeError, DomainError } from "../../../src/core/errors";
import { freshDir, pythonIn } from "../io/fixtures";

const N = 6;
const dir = freshDir();
after(() => rmSync(dir, { recursive: true, force: true }));
const ref = pythonIn(dir, `
rng = np.random.default_rng(11)
ks = {"a/conv/filters": rng.standard_normal((3, 3, 2, 3)).astype("<f4"),      # hwio: 3x3, cin 2, cout 3
      "b_down/conv1/filters": rng.standard_normal((3, 3, 3, 3)).astype("<f4"), # stride guess 2
      "c/pointwise": rng.standard_normal((1, 1, 3, 4)).astype("<f4")}
raw = b"".join(k.tobytes() for k in ks.values())
open(os.path.join(d, "tiny.bin"), "wb").write(raw)
json.dump([{"paths": ["tiny.bin"], "weights": [{"name": n, "shape": list(k.shape), "dtype": "float32"} for n, k in ks.items()]}],
          open(os.path.join(d, "tiny-weights_manifest.json"), "w"))
n = ${N}
def layer_matrix(W, padding, s=1):
    K = W.astype(np.float64).transpose(3, 2, 0, 1)   # oihw
    co, ci, kh, kw = K.shape
    oh, ow = (kh - 1) // 2, (kw - 1) // 2
    m = n // s
    T = np.zeros((co * m * m, ci * n * n))
    for o in range(co):
        for y1 in range(m):
            for y2 in range(m):
                r = (o * m + y1) * m + y2
                for i in range(ci):
                    for p1 in range(kh):
                        for p2 in range(kw):
                            x1, x2 = y1 * s + p1 - oh, y2 * s + p2 - ow
                            if padding == "circular": x1 %= n; x2 %= n
                            elif not (0 <= x1 < n and 0 <= x2 < n): continue
                            T[r, (i * n + x1) * n + x2] += K[o, i, p1, p2]
    return T
def symbol_max(W, pts):
    K = W.astype(np.float64).transpose(3, 2, 0, 1)
    co, ci, kh, kw = K.shape
    oh, ow = (kh - 1) // 2, (kw - 1) // 2
    best = 0.0
    for w1, w2 in pts:
        F = np.zeros((co, ci), complex)
        for p1 in range(kh):
            for p2 in range(kw):
                F += K[:, :, p1, p2] * np.exp(-1j * ((p1 - oh) * w1 + (p2 - ow) * w2))
        best = max(best, np.linalg.norm(F, 2))
    return best
circ = [(2 * np.pi * a / n, 2 * np.pi * b / n) for a in range(n) for b in range(n)]
sine1 = [np.pi * j / (n + 1) for j in range(1, n + 1)]
sine = [(a, sb * b) for a in sine1 for b in sine1 for sb in (1, -1)]
out = {}
for name, W in ks.items():
    out[name] = {
      "zero": float(np.linalg.svd(layer_matrix(W, "zero"), compute_uv=False)[0]),
      "circular_pad": float(np.linalg.svd(layer_matrix(W, "circular"), compute_uv=False)[0]),
      "zero_s2": float(np.linalg.svd(layer_matrix(W, "zero", 2), compute_uv=False)[0]),
      "circ_grid": float(symbol_max(W, circ)), "sine_grid": float(symbol_max(W, sine)),
      "matrix_norm": float(np.linalg.norm(W.astype(np.float64).reshape(-1, W.shape[-1]), 2)) if W.shape[0] == 1 else None,
    }
`);
const MODEL = join(dir, "tiny");

// Lanczos stops at a relative eigen-residual of 1e-10 on T^T T; for these well-separated tiny
// spectra the Ritz value is then accurate to ~1e-12 relative, so 1e-9 relative leaves ample margin
// while catching any wrong operator (errors there are O(1e-2) or larger).
const REL = 1e-9;
function close(a: number, b: number, rel = REL, what = "") {
  assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${what}: ${a} vs ${b}`);
}

test("zero padding: exact sigma_max equals numpy's dense SVD; grid approximations equal the symbol's max; bounds hold", () => {
  const r = layerReport(MODEL, { inputShape: [N, N], progress: false });
  assert.deepEqual(r.rows.map((x) => x.layer), Object.keys(ref));
  for (const row of r.rows) {
    const e = ref[row.layer];
    close(row.exact.value, e.zero, REL, `${row.layer} exact`);
    assert.equal(row.stride, 1);
    const est = (m: string) => row.estimates.find((x) => x.method === m)!;
    // the symbol evaluated at the same points by two codes: only rounding differs (~1e-15)
    close(est("circular").value, e.circ_grid, 1e-12, `${row.layer} circular grid`);
    close(est("sine").value, e.sine_grid, 1e-12, `${row.layer} sine grid`);
    assert.deepEqual(row.estimates.filter((x) => x.kind !== "approximation").map((x) => x.method), [...DEFAULT_REPORT_METHODS]);
    for (const b of row.estimates) {
      close(b.ratio, b.value / e.zero, 1e-8, `${row.layer} ${b.method} ratio`);
      if (b.kind === "bound") assert.ok(b.value >= e.zero * (1 - 1e-12), `${row.layer}: ${b.method} ${b.value} < exact ${e.zero}`);
    }
    if (e.matrix_norm !== null) close(row.exact.value, e.matrix_norm, REL, "1x1 kernel: ||T|| = ||K||_2");
  }
  assert.equal(r.rows[1].strideGuess, 2);
});

test("circular padding: exact equals numpy, and the circular approximation is exact (Sedghi et al.)", () => {
  const r = layerReport(MODEL, { inputShape: [N, N], padding: "circular", methods: ["circulant", "tap-spectral-sum"], progress: false });
  for (const row of r.rows) {
    close(row.exact.value, ref[row.layer].circular_pad, REL, row.layer);
    close(row.estimates.find((x) => x.method === "circular")!.value, row.exact.value, 1e-9, `${row.layer} circular = exact`);
    close(row.estimates.find((x) => x.method === "circulant")!.value, row.exact.value, 1e-9, `${row.layer} circulant bound = exact`);
  }
});

test("stride 'guess': the down layer is analysed with stride 2 (numpy strided SVD), without grid approximations", () => {
  const r = layerReport(MODEL, { inputShape: [N, N], stride: "guess", layers: ["b_down/conv1/filters"], methods: ["tap-spectral-sum"], progress: false });
  assert.equal(r.rows.length, 1);
  const row = r.rows[0];
  assert.equal(row.stride, 2);
  close(row.exact.value, ref["b_down/conv1/filters"].zero_s2, REL, "strided exact");
  assert.deepEqual(row.estimates.map((e) => e.method), ["tap-spectral-sum"]);
  assert.ok(row.estimates[0].value >= row.exact.value);
});

test("CSV and JSON exports carry the same numbers; the report displays as HTML + text and plots", () => {
  const r = layerReport(loadWeights(MODEL), { inputShape: [N, N], methods: ["circulant", "lipgrid"], progress: false, name: "tiny model" });
  assert.equal(r.toJSON().source, "tiny model");
  const lines = r.toCSV().trim().split("\n");
  const head = lines[0].split(",");
  assert.equal(lines.length, 1 + r.rows.length * (1 + 2 + 2)); // exact + 2 approximations + 2 bounds per layer
  const json = r.toJSON();
  let k = 1;
  for (const row of json.rows) {
    const exactLine = lines[k++].split(",");
    assert.equal(exactLine[head.indexOf("layer")], row.layer);
    assert.equal(Number(exactLine[head.indexOf("value")]), row.exact.value); // shortest round-trip text: exact
    for (const e of row.estimates) {
      const cells = lines[k++].split(",");
      assert.equal(cells[head.indexOf("method")], e.method);
      assert.equal(Number(cells[head.indexOf("value")]), e.value);
      assert.equal(Number(cells[head.indexOf("ratio")]), e.ratio);
    }
  }
  assert.deepEqual(JSON.parse(JSON.stringify(json)).rows[0].exact, json.rows[0].exact);
  const bundle = r[DISPLAY]();
  assert.match(String(bundle["text/html"]), /<table/);
  assert.match(String(bundle["text/plain"]), /a\/conv\/filters/);
  assert.match(String(bundle["text/plain"]), /circulant \(ub\)/);
  const p = r.plot();
  // data rows of every panel and layer (split into close / loose panels), reference-line rows apart
  const rows: Record<string, unknown>[] = [];
  const walk = (s: unknown): void => {
    if (!s || typeof s !== "object") return;
    const o = s as Record<string, unknown>;
    const d = (o.data as { values?: Record<string, unknown>[] } | undefined)?.values;
    if (d) rows.push(...d);
    for (const k of ["layer", "vconcat", "hconcat"]) if (Array.isArray(o[k])) (o[k] as unknown[]).forEach(walk);
  };
  walk(p.spec);
  assert.equal(rows.filter((x) => "series" in x).length, r.rows.length * 4);
  assert.ok(rows.some((x) => x.ref === 1), "the exact value is drawn as a reference line at ratio 1");
});

test("bad report input raises typed errors", () => {
  const ks = listConvKernels(loadWeights(MODEL));
  assert.throws(() => layerReport(ks, {} as never), OptionError);
  assert.throws(() => layerReport(ks, { inputShape: [N, N], layers: ["nope"], progress: false }), (e) => e instanceof OptionError && /no conv kernel named "nope"/.test(e.message));
  assert.throws(() => layerReport(ks, { inputShape: [N], progress: false }), (e) => e instanceof ShapeError && /2 positive integers/.test(e.message));
  assert.throws(() => layerReport(ks, { inputShape: [5, 5], stride: "guess", progress: false, layers: ["b_down/conv1/filters"] }), DomainError);
  assert.throws(() => layerReport(ks, { inputShape: [N, N], methods: ["magic" as never], progress: false }), OptionError);
  assert.throws(() => layerReport(ks, { inputShape: [N, N], padding: "mirror" as never, progress: false }), OptionError);
  assert.throws(() => layerReport(ks, { inputShape: [N, N], layers: () => false, progress: false }), ShapeError);
});
