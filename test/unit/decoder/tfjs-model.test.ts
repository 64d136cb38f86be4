import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdtempSync, copyFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { tmpdir } from "node:os";
import { loadTfjsModel, readPng, crop } from "../../../src/decoder/index";
import { FormatError, ShapeError } from "../../../src/core/index";

// the package's `exports` hides package.json: locate its folder from a file it exports
const pkgDir = join(dirname(require.resolve("@upscalerjs/esrgan-slim")), "../../../../..");
const modelJson = join(pkgDir, "models/x2/model.json");
const photo = join(pkgDir, "assets/fixture.png");

test("readPng reads the package's RGBA photo into [3, 128, 128] values in [0, 255]; corrupt bytes give FormatError", () => {
  const x = readPng(photo);
  assert.deepEqual(x.shape, [3, 128, 128]);
  assert.ok(x.data.every((v) => v >= 0 && v <= 255 && Number.isInteger(v)));
  const rgba = readPng(photo, { channels: "rgba" });
  assert.ok(rgba.data.subarray(3 * 128 * 128).every((v) => v === 255), "alpha is 255 everywhere");
  const bytes = readFileSync(photo);
  assert.throws(() => readPng(new Uint8Array(bytes.subarray(0, 200))), FormatError);
  assert.throws(() => readPng("/nonexistent.png"), FormatError);
});

test("loadTfjsModel's executor gives tfjs's CPU backend output to float32 round-off on a crop of the photo", async () => {
  const tf = require("@tensorflow/tfjs");
  await tf.setBackend("cpu");
  const json = JSON.parse(readFileSync(modelJson, "utf8"));
  const bin = readFileSync(join(dirname(modelJson), json.weightsManifest[0].paths[0]));
  const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) }));
  const x = crop(readPng(photo), [24, 20], [50, 40]);
  const [C, H, W] = x.shape;
  const hwc = new Float32Array(C * H * W);
  for (let c = 0; c < C; c++) for (let i = 0; i < H * W; i++) hwc[i * C + c] = x.data[c * H * W + i];
  const yt = await model.predict(tf.tensor4d(hwc, [1, H, W, C])).data();
  const ours = loadTfjsModel(modelJson).forward(x);
  assert.deepEqual(ours.shape, [3, 2 * H, 2 * W]);
  let maxd = 0, maxv = 0;
  const n = 4 * H * W;
  for (let c = 0; c < 3; c++) for (let i = 0; i < n; i++) { maxd = Math.max(maxd, Math.abs(ours.data[c * n + i] - yt[i * 3 + c])); maxv = Math.max(maxv, Math.abs(ours.data[c * n + i])); }
  // tfjs works in float32 (eps 6e-8) through 12 convs of up to 1600 terms each: a relative error
  // of ~1e-6 of the output range is float32 round-off; 2e-5 relative leaves margin, while a wrong
  // layer (padding, weight order, transposed kernel) gives errors of order 1 relative.
  assert.ok(maxd <= 2e-5 * maxv, `max |ours - tfjs| = ${maxd}, max |output| = ${maxv}`);
});

test("records hold every layer; an unknown layer kind or activation is a FormatError naming it", () => {
  const m = loadTfjsModel(modelJson);
  const x = crop(readPng(photo), [8, 8]);
  const r = m.forward(x, { record: true });
  assert.equal(r.records.length, m.layers.length);
  assert.ok(r.records.some((q) => q.kind === "UpSampling2D" && q.feature.shape[1] === 16));
  assert.throws(() => m.forward({ shape: [4, 8, 8], data: new Float64Array(256) }), ShapeError);
  const dir = mkdtempSync(join(tmpdir(), "decoder-"));
  const json = JSON.parse(readFileSync(modelJson, "utf8"));
  copyFileSync(join(dirname(modelJson), "group1-shard1of1.bin"), join(dir, "group1-shard1of1.bin"));
  json.modelTopology.model_config.config.layers[3].class_name = "PReLU";
  writeFileSync(join(dir, "model.json"), JSON.stringify(json));
  assert.throws(() => loadTfjsModel(join(dir, "model.json")), (e: Error) => e instanceof FormatError && /PReLU/.test(e.message));
  json.modelTopology.model_config.config.layers[3].class_name = "Activation";
  json.modelTopology.model_config.config.layers[3].config.activation = "tanh";
  writeFileSync(join(dir, "model.json"), JSON.stringify(json));
  assert.throws(() => loadTfjsModel(join(dir, "model.json")), (e: Error) => e instanceof FormatError && /tanh/.test(e.message));
  assert.throws(() => loadTfjsModel(join(dir, "missing.json")), FormatError);
});
