#!/usr/bin/env node
// Per-layer spectral report of a trained network's conv layers (see src/report/layer-report.ts).
// Usage: node scripts/layer-report.mjs MODELPATH [--input 32x32] [--padding zero|circular|reflect]
//          [--stride one|guess] [--layers NAME,NAME] [--max-channels C] [--methods m1,m2]
//          [--json out.json] [--csv out.csv] [--layout hwio|oihw|...]
// MODELPATH: .npy / .npz / .safetensors / TF.js manifest (.json) or its prefix, e.g.
//   node_modules/@vladmandic/face-api/model/face_recognition_model
// Uses the built package (dist/); run `npx tsc -p tsconfig.build.json` after changing src/.
import { createRequire } from "node:module";
import { writeFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const distIndex = join(root, "dist", "index.js");
if (!existsSync(distIndex)) {
  console.error("layer-report: dist/ is missing; build it first with `npx tsc -p tsconfig.build.json`");
  process.exit(2);
}
const require = createRequire(import.meta.url);
const { layerReport, loadWeights, listConvKernels } = require(distIndex);

function usage(msg) {
  if (msg) console.error(`layer-report: ${msg}`);
  console.error("usage: node scripts/layer-report.mjs MODELPATH [--input 32x32] [--padding zero] [--stride one|guess] [--layers a,b] [--max-channels C] [--methods m1,m2] [--json out.json] [--csv out.csv] [--layout hwio]");
  process.exit(2);
}

const args = process.argv.slice(2);
const opts = { input: "32x32", padding: "zero", stride: "one" };
let model;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "-h" || a === "--help") usage();
  if (a.startsWith("--")) {
    const key = a.slice(2);
    const value = args[++i];
    if (value === undefined) usage(`${a} needs a value`);
    if (!["input", "padding", "stride", "layers", "max-channels", "methods", "json", "csv", "layout"].includes(key)) usage(`unknown option ${a}`);
    opts[key] = value;
  } else if (model === undefined) model = a;
  else usage(`unexpected argument ${a}`);
}
if (model === undefined) usage("MODELPATH is required");
const inputShape = opts.input.split("x").map((s) => Number(s));
if (inputShape.some((v) => !Number.isInteger(v) || v < 1)) usage(`--input must look like 32x32, got ${opts.input}`);

try {
  const kernels = listConvKernels(loadWeights(model), opts.layout ? { layout: opts.layout } : {});
  const names = opts.layers ? opts.layers.split(",") : undefined;
  const maxC = opts["max-channels"] ? Number(opts["max-channels"]) : Infinity;
  const layers = (k) => (!names || names.includes(k.name)) && Math.max(k.cout, k.cin) <= maxC;
  const options = { inputShape, padding: opts.padding, stride: opts.stride, layers };
  if (opts.methods) options.methods = opts.methods.split(",");
  const report = layerReport(kernels, options);
  console.log(report.table({ timings: true }).toText());
  console.log(`model ${model}: ${report.rows.length} conv layers in ${report.seconds.toFixed(1)} s`);
  if (opts.json) {
    writeFileSync(opts.json, JSON.stringify({ ...report.toJSON(), source: model, input: inputShape }, null, 1));
    console.log(`wrote ${opts.json}`);
  }
  if (opts.csv) {
    writeFileSync(opts.csv, report.toCSV());
    console.log(`wrote ${opts.csv}`);
  }
} catch (err) {
  console.error(`layer-report: ${err?.name ?? "Error"}: ${err?.message ?? err}`);
  process.exit(1);
}
