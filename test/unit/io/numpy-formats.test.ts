/**
 * .npy / .npz / safetensors loaders against files written by numpy under /usr/bin/python3.
 * Every value is compared EXACTLY (deepEqual of float64 lists): each stored type converts to
 * float64 without rounding, and numpy's own float64 conversion is the oracle.
 */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { loadWeights, parseNpy, parseSafetensors } from "../../../src/io";
import { FormatError, DomainError } from "../../../src/core/errors";
import { freshDir, pythonIn, PY_WRITERS } from "./fixtures";

const dir = freshDir();
after(() => rmSync(dir, { recursive: true, force: true }));
const expected = pythonIn(dir, `${PY_WRITERS}
rng = np.random.default_rng(7)
base = rng.standard_normal((2, 3, 4))
arrays = {
  "f8_le": base.astype("<f8"),
  "f8_be": base.astype(">f8"),
  "f4_le": base.astype("<f4"),
  "f4_be": base.astype(">f4"),
  "f2": base.astype("<f2"),
  "i1": (base * 40).astype("i1"),
  "u1": (np.abs(base) * 60).astype("u1"),
  "i2_be": (base * 1000).astype(">i2"),
  "u2": (np.abs(base) * 1000).astype("<u2"),
  "i4": (base * 1e6).astype("<i4"),
  "u4": (np.abs(base) * 1e6).astype("<u4"),
  "i8": (base * 1e12).astype("<i8"),
  "u8_be": (np.abs(base) * 1e12).astype(">u8"),
  "bool": base > 0,
  "fortran": np.asfortranarray(base),
  "fortran_be_f4": np.asfortranarray(base.astype(">f4")),
  "scalar": np.float64(2.5),
  "vector": np.arange(5, dtype=np.float32),
  "conv_oihw": rng.standard_normal((4, 3, 3, 3)).astype(np.float32),
}
out = {}
for k, a in arrays.items():
    np.save(os.path.join(d, k + ".npy"), a)
    out[k] = exp(a)
np.savez(os.path.join(d, "plain.npz"), w=arrays["f4_le"], b=arrays["vector"], mask=arrays["bool"])
np.savez_compressed(os.path.join(d, "packed.npz"), w=arrays["f8_be"], conv=arrays["conv_oihw"], fortran=arrays["fortran"])
# safetensors: F32, F64, F16, BF16 (upper half of float32 bits), I64, I32, U8, BOOL
f32 = base.astype("<f4")
bf = (f32.view("<u4") >> 16).astype("<u2")
bf_exact = (bf.astype("<u4") << 16).view("<f4")
st = {
  "conv.weight": ("F32", (4, 3, 3, 3), arrays["conv_oihw"].astype("<f4").tobytes()),
  "f64": ("F64", base.shape, base.astype("<f8").tobytes()),
  "f16": ("F16", base.shape, base.astype("<f2").tobytes()),
  "bf16": ("BF16", base.shape, bf.tobytes()),
  "steps": ("I64", (3,), np.array([1, -2, 2**40], "<i8").tobytes()),
  "idx": ("I32", (2, 2), np.array([[1, 2], [3, -4]], "<i4").tobytes()),
  "u8": ("U8", (3,), np.array([0, 7, 255], "u1").tobytes()),
  "flag": ("BOOL", (2,), np.array([True, False]).tobytes()),
}
write_safetensors(os.path.join(d, "model.safetensors"), st)
out["st"] = {"conv.weight": exp(arrays["conv_oihw"]), "f64": exp(base), "f16": exp(base.astype("<f2")), "bf16": exp(bf_exact),
             "steps": exp(np.array([1, -2, 2**40])), "idx": exp(np.array([[1, 2], [3, -4]])), "u8": exp(np.array([0, 7, 255])), "flag": exp(np.array([1, 0]))}
# corrupt files
np.save(os.path.join(d, "complex.npy"), np.ones(3, dtype=np.complex128))
np.save(os.path.join(d, "nan.npy"), np.array([[1.0, np.nan], [0.0, 1.0]]))
raw = open(os.path.join(d, "f8_le.npy"), "rb").read()
open(os.path.join(d, "truncated.npy"), "wb").write(raw[:-8])
open(os.path.join(d, "extra.npy"), "wb").write(raw + b"\\0" * 8)
z = bytearray(open(os.path.join(d, "plain.npz"), "rb").read())
open(os.path.join(d, "truncated.npz"), "wb").write(bytes(z[: len(z) // 2]))
pos = z.find(b"\\x93NUMPY")
z[pos + 200] ^= 0xFF  # flip a data byte of the first member: CRC-32 must catch it
open(os.path.join(d, "flipped.npz"), "wb").write(bytes(z))
write_safetensors(os.path.join(d, "badshape.safetensors"), {"w": ("F32", (2, 3), np.zeros(5, "<f4").tobytes())})
write_safetensors(os.path.join(d, "baddtype.safetensors"), {"w": ("C64", (2,), np.zeros(2, "<c8").tobytes())})
write_safetensors(os.path.join(d, "nan.safetensors"), {"w": ("F32", (2,), np.array([1, np.inf], "<f4").tobytes())})
`);

function plain(t: { shape: readonly number[]; data: Float64Array }) {
  return { shape: [...t.shape], data: Array.from(t.data) };
}

test("npy: every dtype, both byte orders, C and Fortran order round-trip exactly", () => {
  const names = Object.keys(expected).filter((k) => k !== "st");
  assert.ok(names.length >= 19);
  for (const name of names) {
    const w = loadWeights(join(dir, `${name}.npy`));
    assert.equal(w.size, 1);
    const t = w.get(name)!;
    assert.deepEqual(plain(t), expected[name], `array ${name}`);
    assert.equal(t.format, "npy");
  }
  assert.equal(loadWeights(join(dir, "f2.npy")).get("f2")!.dtype, "float16");
  assert.equal(loadWeights(join(dir, "u8_be.npy")).get("u8_be")!.dtype, "uint64");
});

test("npz: np.savez (stored) and np.savez_compressed (deflate, zip64 headers) round-trip exactly", () => {
  const p = loadWeights(join(dir, "plain.npz"));
  assert.deepEqual([...p.keys()], ["w", "b", "mask"]);
  assert.deepEqual(plain(p.get("w")!), expected.f4_le);
  assert.deepEqual(plain(p.get("b")!), expected.vector);
  assert.deepEqual(plain(p.get("mask")!), expected.bool);
  const c = loadWeights(join(dir, "packed.npz"));
  assert.deepEqual(plain(c.get("w")!), expected.f8_be);
  assert.deepEqual(plain(c.get("conv")!), expected.conv_oihw);
  assert.deepEqual(plain(c.get("fortran")!), expected.fortran);
  assert.equal(c.get("conv")!.format, "npz");
});

test("safetensors: F32/F64/F16/BF16/I64/I32/U8/BOOL from a python writer round-trip exactly", () => {
  const w = loadWeights(join(dir, "model.safetensors"));
  assert.deepEqual([...w.keys()].sort(), Object.keys(expected.st).sort());
  for (const [name, e] of Object.entries(expected.st)) assert.deepEqual(plain(w.get(name)!), e, `tensor ${name}`);
  const f = parseSafetensors(new Uint8Array(readFileSync(join(dir, "model.safetensors"))));
  assert.deepEqual(f.metadata, { format: "pt" });
});

test("corrupt numpy files raise typed errors, never wrong numbers", () => {
  assert.throws(() => loadWeights(join(dir, "complex.npy")), (e) => e instanceof FormatError && /unsupported numpy dtype "<c16"/.test(e.message));
  assert.throws(() => loadWeights(join(dir, "truncated.npy")), (e) => e instanceof FormatError && /truncated/.test(e.message));
  assert.throws(() => loadWeights(join(dir, "extra.npy")), (e) => e instanceof FormatError && /do not match/.test(e.message));
  assert.throws(() => loadWeights(join(dir, "nan.npy")), (e) => e instanceof DomainError && /NaN at index \[0, 1\]/.test(e.message));
  assert.ok(Number.isNaN(loadWeights(join(dir, "nan.npy"), { allowNonFinite: true }).get("nan")!.data[1]));
  assert.throws(() => loadWeights(join(dir, "truncated.npz")), FormatError);
  assert.throws(() => loadWeights(join(dir, "flipped.npz")), (e) => e instanceof FormatError && /CRC-32/.test(e.message));
  assert.throws(() => parseNpy(new Uint8Array([1, 2, 3])), (e) => e instanceof FormatError && /magic/.test(e.message));
  assert.throws(() => loadWeights(join(dir, "nope.npy")), (e) => e instanceof FormatError && /does not exist/.test(e.message));
  writeFileSync(join(dir, "weights.bin.unknown"), "x");
  assert.throws(() => loadWeights(join(dir, "weights.bin.unknown")), (e) => e instanceof FormatError && /cannot tell the format/.test(e.message));
});

test("corrupt safetensors raise typed errors", () => {
  assert.throws(() => loadWeights(join(dir, "badshape.safetensors")), (e) => e instanceof FormatError && /shape and data do not match/.test(e.message));
  assert.throws(() => loadWeights(join(dir, "baddtype.safetensors")), (e) => e instanceof FormatError && /unsupported dtype "C64"/.test(e.message));
  assert.throws(() => loadWeights(join(dir, "nan.safetensors")), (e) => e instanceof DomainError && /Infinity/.test(e.message));
  const good = new Uint8Array(readFileSync(join(dir, "model.safetensors")));
  assert.throws(() => parseSafetensors(good.subarray(0, good.length - 4)), FormatError);
  assert.throws(() => parseSafetensors(good.subarray(0, 20)), (e) => e instanceof FormatError && /header length/.test(e.message));
});
