/**
 * TF.js manifest + shards: synthetic models written by numpy (float32, uint8/uint16 quantised,
 * float16, int32, quantised int32, two groups, a weight spanning two shards) and the real
 * face-api face-recognition ResNet, read independently by numpy from the same .bin.
 * Dequantised values are compared exactly: numpy computes float32(q * scale + min) with the same
 * IEEE double operations as TF.js's `q * scale + min` followed by the Float32Array store.
 */
import { test, after } from "node:test";
import { rmSync } from "node:fs";
import assert from "node:assert/strict";
import { join } from "node:path";
import { loadWeights, listConvKernels, kernelFromTensor, guessStride, weightsTable } from "../../../src/io";
import { FormatError, DomainError, ShapeError, OptionError } from "../../../src/core/errors";
import { Stencil } from "../../../src/stencil";
import { freshDir, pythonIn, PY_WRITERS } from "./fixtures";

const FACE = "node_modules/@vladmandic/face-api/model/face_recognition_model";
const dir = freshDir();
after(() => rmSync(dir, { recursive: true, force: true }));
const expected = pythonIn(dir, `${PY_WRITERS}
rng = np.random.default_rng(3)
def q_of(a, bits):
    lo, hi = float(a.min()), float(a.max())
    levels = 2**bits - 1
    scale = (hi - lo) / levels
    q = np.round((a - lo) / scale).astype("<u1" if bits == 8 else "<u2")
    return q, scale, lo
conv = rng.standard_normal((3, 3, 2, 4)).astype("<f4")          # hwio
q8, s8, m8 = q_of(rng.standard_normal((3, 3, 4, 4)), 8)
q16, s16, m16 = q_of(rng.standard_normal((5,)), 16)
h = rng.standard_normal((2, 3)).astype("<f2")
ints = np.array([1, -5, 7], "<i4")
# 255 * 0.5 - 3 = 124.5 is a tie: TF.js's Math.round gives 125 (half up), numpy's round 124 (half even)
qi, si, mi = np.array([0, 10, 255], "<u1"), 0.5, -3.0
dw = rng.standard_normal((3, 3, 2, 2)).astype("<f4")          # depthwise [h, w, c, mult]
group1 = conv.tobytes() + q8.tobytes() + q16.tobytes()
group2 = h.tobytes() + ints.tobytes() + qi.tobytes() + dw.tobytes()
cut = len(group1) // 2
open(os.path.join(d, "m.bin1"), "wb").write(group1[:cut])
open(os.path.join(d, "m.bin2"), "wb").write(group1[cut:])
open(os.path.join(d, "g2.bin"), "wb").write(group2)
man = [
  {"paths": ["m.bin1", "m.bin2"], "weights": [
     {"name": "block/conv/filters", "shape": [3, 3, 2, 4], "dtype": "float32"},
     {"name": "block2/conv/filters", "shape": [3, 3, 4, 4], "dtype": "float32", "quantization": {"dtype": "uint8", "scale": s8, "min": m8}},
     {"name": "dense/bias", "shape": [5], "dtype": "float32", "quantization": {"dtype": "uint16", "scale": s16, "min": m16}}]},
  {"paths": ["g2.bin"], "weights": [
     {"name": "half", "shape": [2, 3], "dtype": "float32", "quantization": {"dtype": "float16"}},
     {"name": "ints", "shape": [3], "dtype": "int32"},
     {"name": "qints", "shape": [3], "dtype": "int32", "quantization": {"dtype": "uint8", "scale": si, "min": mi}},
     {"name": "sep/depthwise_filter", "shape": [3, 3, 2, 2], "dtype": "float32"}]},
]
json.dump(man, open(os.path.join(d, "m-weights_manifest.json"), "w"))
json.dump({"modelTopology": {}, "weightsManifest": man}, open(os.path.join(d, "model.json"), "w"))
def dq(q, s, m): return (q.astype(np.float64) * s + m).astype(np.float32)
# depthwise expanded densely by explicit loops: K[c*m + j, i] = dw[:, :, c, j] if i == c
dense = np.zeros((4, 2, 3, 3))
for c in range(2):
    for j in range(2):
        dense[c * 2 + j, c] = dw[:, :, c, j]
out = {"conv": exp(conv), "conv_oihw": exp(conv.transpose(3, 2, 0, 1)), "q8": exp(dq(q8, s8, m8)), "q16": exp(dq(q16, s16, m16)),
       "half": exp(h), "ints": exp(ints), "qints": exp(np.floor(qi * si + mi + 0.5)), "dw_dense": exp(dense),
       "q8_codes": q8.ravel().tolist(), "s8": s8, "m8": m8}
# corrupt variants
def variant(name, edit, drop_bytes=0, extra=b""):
    m = json.loads(json.dumps(man)); edit(m)
    json.dump(m, open(os.path.join(d, name + "-weights_manifest.json"), "w"))
open(os.path.join(d, "short.bin"), "wb").write(group2[:-10])
variant("truncated", lambda m: m[1].__setitem__("paths", ["short.bin"]))
variant("missing", lambda m: m[1].__setitem__("paths", ["nowhere.bin"]))
variant("bigshape", lambda m: m[1]["weights"][1].__setitem__("shape", [4]))
variant("smallshape", lambda m: m[1]["weights"][1].__setitem__("shape", [2]))
variant("dtype", lambda m: m[1]["weights"][1].__setitem__("dtype", "complex64"))
variant("qdtype", lambda m: m[0]["weights"][1]["quantization"].__setitem__("dtype", "int4"))
variant("noscale", lambda m: m[0]["weights"][1]["quantization"].pop("scale"))
nanbytes = bytearray(group2); nanbytes[0:2] = np.array([np.nan], "<f2").tobytes()
open(os.path.join(d, "nan.bin"), "wb").write(bytes(nanbytes))
variant("nan", lambda m: m[1].__setitem__("paths", ["nan.bin"]))
# the real face-api model read by numpy, independently of the loader
mf = json.load(open("${FACE}-weights_manifest.json"))
buf = open("${FACE}.bin", "rb").read()
off = 0; face = {}
for w in mf[0]["weights"]:
    n = int(np.prod(w["shape"]))
    q = w.get("quantization")
    if q:
        a = dq(np.frombuffer(buf, "<u1", n, off), q["scale"], q["min"]); off += n
    else:
        a = np.frombuffer(buf, "<f4", n, off); off += 4 * n
    face[w["name"]] = a.reshape(w["shape"])
out["face_count"] = len(face); out["face_bytes"] = off; out["face_len"] = len(buf)
out["face"] = {k: exp(face[k]) for k in ["conv32_1/conv1/conv/filters", "conv64_2/conv1/conv/filters", "conv256_2/conv2/conv/bias", "fc"]}
out["face_oihw"] = exp(face["conv128_1/conv2/conv/filters"].transpose(3, 2, 0, 1))
out["face_quant"] = {w["name"]: w["quantization"] for w in mf[0]["weights"] if "quantization" in w}
`);

function plain(t: { shape: readonly number[]; data: Float64Array }) {
  return { shape: [...t.shape], data: Array.from(t.data) };
}

test("TF.js: float32, uint8/uint16 quantised, float16, int32 across groups and split shards match numpy exactly", () => {
  for (const path of [join(dir, "m-weights_manifest.json"), join(dir, "model.json"), join(dir, "m")]) {
    const w = loadWeights(path);
    assert.equal(w.size, 7);
    assert.deepEqual(plain(w.get("block/conv/filters")!), expected.conv);
    assert.deepEqual(plain(w.get("block2/conv/filters")!), expected.q8);
    assert.deepEqual(plain(w.get("dense/bias")!), expected.q16);
    assert.deepEqual(plain(w.get("half")!), expected.half);
    assert.deepEqual(plain(w.get("ints")!), expected.ints);
    assert.deepEqual(plain(w.get("qints")!), expected.qints);
    assert.equal(w.get("block2/conv/filters")!.dtype, "uint8");
    assert.deepEqual(w.get("block2/conv/filters")!.quantization, { dtype: "uint8", scale: expected.s8, min: expected.m8 });
  }
  // overview table: one line per tensor, ranges from numpy's values
  const t = weightsTable(loadWeights(join(dir, "m"))).toText().split("\n");
  assert.equal(t.length, 3 + 7); // caption, header, rule, 7 tensors
  const ints = t.find((l) => l.startsWith("ints "))!;
  assert.match(ints, /\[3\]\s+int32\s+-\s+3\s+-5\s+7$/);
});

test("TF.js quantisation: every dequantised value is within scale/2 of q*scale+min and inside [min, min + 255 scale]", () => {
  const t = loadWeights(join(dir, "m")).get("block2/conv/filters")!;
  const { s8, m8, q8_codes } = expected;
  // float32 rounding of a value of magnitude < 4 moves it by < 2^-22, far below scale/2 (~0.01)
  for (let i = 0; i < t.data.length; i++) {
    assert.ok(Math.abs(t.data[i] - (q8_codes[i] * s8 + m8)) <= s8 / 2);
    assert.ok(t.data[i] >= Math.fround(m8) - 1e-6 && t.data[i] <= m8 + 255 * s8 + 1e-6);
  }
});

test("conv kernels: hwio -> canonical oihw equals numpy's transpose; depthwise expands block-diagonally", () => {
  const w = loadWeights(join(dir, "m"));
  const ks = listConvKernels(w);
  assert.deepEqual(ks.map((k) => k.name), ["block/conv/filters", "block2/conv/filters", "sep/depthwise_filter"]);
  const k0 = ks[0];
  assert.equal(k0.layout, "hwio");
  assert.deepEqual([k0.cout, k0.cin, ...k0.kernelShape], expected.conv_oihw.shape);
  assert.deepEqual(Array.from(k0.kernel.data), expected.conv_oihw.data);
  assert.deepEqual(k0.kernel.origin, [1, 1]);
  const dw = ks[2];
  assert.equal(dw.depthwise, true);
  assert.deepEqual([dw.cout, dw.cin, ...dw.kernelShape], expected.dw_dense.shape);
  assert.deepEqual(Array.from(dw.kernel.data), expected.dw_dense.data);
  // the symbolic engineer's Stencil.from takes the loader's tensor as is and agrees with kernelFromTensor
  // (float32 values are dyadic rationals, so the exact rational route reproduces them bit for bit)
  const st = Stencil.from(w.get("block/conv/filters")!, { layout: "hwio" }).toKernelTensor();
  assert.deepEqual([st.cout, st.cin, ...st.shape], [k0.cout, k0.cin, ...k0.kernelShape]);
  assert.deepEqual(Array.from(st.data), Array.from(k0.kernel.data));
  assert.deepEqual(st.origin, k0.kernel.origin);
  // non-conv tensors are rejected as kernels
  assert.throws(() => kernelFromTensor(w.get("dense/bias")!), (e) => e instanceof ShapeError && /rank 3, 4 or 5/.test(e.message));
  assert.throws(() => kernelFromTensor(w.get("half")!, { layout: "oihw" }), ShapeError);
  assert.throws(() => kernelFromTensor(w.get("block/conv/filters")!, { layout: "ohwi" as never }), OptionError);
  assert.throws(() => kernelFromTensor(w.get("block/conv/filters")!, { layout: "oiw" }), (e) => e instanceof ShapeError && /rank-3/.test(e.message));
});

test("stride guess from names (face-api, torchvision, explicit)", () => {
  assert.equal(guessStride("conv64_down/conv1/conv/filters").stride, 2);
  assert.equal(guessStride("conv64_down/conv2/conv/filters").stride, 1);
  assert.equal(guessStride("conv32_down/conv/filters").stride, 2);
  assert.equal(guessStride("conv64_1/conv1/conv/filters").stride, 1);
  assert.equal(guessStride("layer2.0.conv1.weight").stride, 2);
  assert.equal(guessStride("layer1.0.conv1.weight").stride, 1);
  assert.equal(guessStride("layer3.0.downsample.0.weight").stride, 2);
  assert.equal(guessStride("features.3.conv_s2.weight").stride, 2);
});

test("corrupt TF.js models raise typed errors naming the problem", () => {
  const cases: [string, new (m: string) => Error, RegExp][] = [
    ["truncated", FormatError, /truncated or the shape is wrong/],
    ["missing", FormatError, /names shard "nowhere.bin", which is missing/],
    ["bigshape", FormatError, /truncated or the shape is wrong/],
    ["smallshape", FormatError, /shapes do not match the bytes/],
    ["dtype", FormatError, /dtype "complex64"/],
    ["qdtype", FormatError, /quantization dtype "int4"/],
    ["noscale", FormatError, /needs finite numbers "scale" and "min"/],
    ["nan", DomainError, /tensor "half" has NaN at index \[0, 0\]/],
  ];
  for (const [name, type, re] of cases) {
    assert.throws(() => loadWeights(join(dir, name)), (e) => e instanceof type && re.test((e as Error).message), name);
  }
});

test("face-api face_recognition_model: 117 tensors, 29 conv kernels, values equal numpy's reading", () => {
  assert.equal(expected.face_bytes, expected.face_len); // the manifest accounts for every byte
  const w = loadWeights(FACE);
  assert.equal(w.size, expected.face_count);
  assert.deepEqual(plain(loadWeights("npm:@vladmandic/face-api/model/face_recognition_model").get("fc")!), expected.face.fc);
  assert.throws(() => loadWeights("npm:no-such-package/model"), (e) => e instanceof FormatError && /not found in any node_modules/.test(e.message));
  assert.equal(w.size, 117);
  for (const [name, e] of Object.entries(expected.face)) assert.deepEqual(plain(w.get(name)!), e, name);
  for (const [name, q] of Object.entries(expected.face_quant)) assert.deepEqual(w.get(name)!.quantization, q);
  const ks = listConvKernels(w);
  assert.equal(ks.length, 29);
  assert.deepEqual(ks[0].kernelShape, [7, 7]);
  assert.equal(ks.filter((k) => k.stride === 2).length, 5); // the stem and the four residualDown conv1
  assert.ok(ks.slice(1).every((k) => k.kernelShape.join() === "3,3" && !k.pointwise));
  const k = ks.find((x) => x.name === "conv128_1/conv2/conv/filters")!;
  assert.deepEqual(Array.from(k.kernel.data), expected.face_oihw.data);
  assert.deepEqual([k.cout, k.cin], [128, 128]);
});
