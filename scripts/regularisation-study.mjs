#!/usr/bin/env node
/**
 * The regularisation study of notebook 09 (issue 14): a SmallResNet on Fashion-MNIST (2x2-pooled to
 * 14x14, inputs standardised with the training mean and sd) trained under every condition for every
 * seed; writes (by default under out/regularisation/, the committed study under data/regularisation-study/) study.json (all runs, every epoch), study.md (the table with 95%
 * intervals) and the figures accuracy-vs-lambda.svg, lipschitz-vs-epoch.svg.
 * Usage: node scripts/regularisation-study.mjs [--out dir] [--train 640] [--test 500] [--epochs 2] [--seeds 3] [--batch 32] [--lr 0.01] [--channels 8] [--blocks 2]
 *        [--lambdas 0.001,0.01] [--bounds exact,tap-spectral-sum] [--max-norm 1] [--rounds 1] [--every 5] [--jobs 1] [--replot]
 * Run under `nice`; needs dist/ (scripts/setup.sh builds it).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fork } from "node:child_process";
import { join, resolve, dirname } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
const __dirname = dirname(fileURLToPath(import.meta.url));
const cs = createRequire(import.meta.url)(resolve(__dirname, "..", "dist", "index.js"));

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const num = (k, d) => (args[k] !== undefined ? Number(args[k]) : d);
const list = (k, d) => (args[k] !== undefined ? String(args[k]).split(",") : d);
const cfg = {
  train: num("train", 640), test: num("test", 500), epochs: num("epochs", 2), seeds: num("seeds", 3),
  lambdas: list("lambdas", ["0.001", "0.01"]).map(Number), bounds: list("bounds", ["exact", "tap-spectral-sum"]),
  maxNorm: num("max-norm", 1), rounds: num("rounds", 1), every: num("every", 5),
  optimiser: { kind: "adam", learningRate: num("lr", 0.01) }, batchSize: num("batch", 32), channels: num("channels", 8), blocks: num("blocks", 2),
};
const outDir = resolve(args.out ?? join(__dirname, "..", "out", "regularisation"));
mkdirSync(outDir, { recursive: true });

// standardised with the training set's pixel mean and sd (the same statistics for the test set)
const { sets: [train, test], mean, sd } = cs.standardiseImages(cs.loadFashionMnist({ split: "train", count: cfg.train, pool: 2 }), cs.loadFashionMnist({ split: "test", count: cfg.test, pool: 2 }));
const conditions = [{ kind: "none" }];
for (const bound of cfg.bounds) for (const lambda of cfg.lambdas) conditions.push({ kind: "penalty", bound, lambda });
conditions.push({ kind: "projection", maxNorm: cfg.maxNorm, rounds: cfg.rounds, every: cfg.every });

// the command line as typed from the repository root (provenance in study.json and study.md)
const command = ["node", "scripts/regularisation-study.mjs", ...process.argv.slice(2).filter((_, i, all) => all[i] !== "--worker" && all[i - 1] !== "--worker")].join(" ");
const config = { ...cfg, inputMean: mean, inputSd: sd, input: "Fashion-MNIST 14x14 (2x2 mean-pooled), first N of each split" };
// every (condition, seed) pair, in the order of the table; --jobs J splits them round-robin over J
// worker processes (each run is seeded and single-threaded, so the split does not change any number)
const tasks = conditions.flatMap((regularisation) => Array.from({ length: cfg.seeds }, (_, i) => ({ regularisation, seed: i + 1 })));
const jobs = num("jobs", 1);
const t0 = Date.now();

function runTask({ regularisation, seed }) {
  const run = cs.trainRegularised({ train, test, epochs: cfg.epochs, seed, batchSize: cfg.batchSize, channels: cfg.channels, blocks: cfg.blocks, optimiser: cfg.optimiser, regularisation });
  const last = run.epochs[run.epochs.length - 1];
  console.log(`${run.name} seed ${seed}: train ${(100 * last.trainAccuracy).toFixed(1)}% test ${(100 * last.testAccuracy).toFixed(1)}% prod sigma ${last.sigmaProduct.toFixed(2)} ${last.seconds.toFixed(1)} s/epoch (${((Date.now() - t0) / 1000).toFixed(0)} s total)`);
  return { name: run.name, regularisation: run.regularisation, seed, epochs: run.epochs };
}

async function writeStudy(runs, recorded) {
  const seconds = recorded ? recorded.seconds : (Date.now() - t0) / 1000;
  const cmd = recorded ? recorded.command : command;
  const c = recorded ? Object.fromEntries(Object.keys(cfg).map((k) => [k, recorded.config[k]])) : cfg;
  const workers = recorded ? Number((cmd.match(/--jobs (\d+)/) ?? [0, 1])[1]) : jobs;
  if (!recorded) writeFileSync(join(outDir, "study.json"), JSON.stringify({ command, node: process.version, config, seconds, runs }, null, 1));
  const summary = cs.summariseStudy(runs);
  writeFileSync(join(outDir, "study.md"), `Regularisation study (issue 14), written by \`${cmd}\` (under \`nice\`, ${recorded ? recorded.node : process.version}), ${seconds.toFixed(0)} s wall time.\nConfig: ${JSON.stringify(c)}; ${c.train} training and ${c.test} test images of Fashion-MNIST (first of each split, 14x14).\nIntervals: 95% Student-t over seeds. Accuracies at the last epoch; s / epoch counts training steps only (${workers} worker process${workers > 1 ? "es" : ""} in parallel on a shared machine).\n\n` + summary.toMarkdown() + "\n");
  writeFileSync(join(outDir, "accuracy-vs-lambda.svg"), await summary.accuracyVsLambdaPlot().svg());
  writeFileSync(join(outDir, "lipschitz-vs-epoch.svg"), await summary.lipschitzVsEpochPlot().svg());
  console.log(summary.toMarkdown());
  console.log(`total ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

if (process.argv.includes("--replot")) {
  // study.md and the figures again from the study.json in --out (e.g. after a change to the figures); no training
  const recorded = JSON.parse(readFileSync(join(outDir, "study.json"), "utf8"));
  await writeStudy(recorded.runs.map((r) => ({ ...r, epochs: r.epochs.map((e) => ({ ...e, trainLoss: e.trainLoss ?? NaN })) })), recorded);
} else if (args.worker !== undefined) {
  // worker k of J: its share of the tasks, written to part-k.json for the parent to merge
  const [k, J] = String(args.worker).split("/").map(Number);
  const mine = tasks.map((t, i) => [t, i]).filter(([, i]) => i % J === k);
  const out = [];
  for (const [t, i] of mine) { out.push({ index: i, run: runTask(t) }); writeFileSync(join(outDir, `part-${k}.json`), JSON.stringify(out)); }
} else if (jobs > 1) {
  const workers = Array.from({ length: jobs }, (_, k) => fork(fileURLToPath(import.meta.url), [...process.argv.slice(2), "--worker", `${k}/${jobs}`]));
  await Promise.all(workers.map((w) => new Promise((ok, fail) => w.on("exit", (code) => (code === 0 ? ok() : fail(new Error(`worker exited with ${code}`)))))));
  const parts = Array.from({ length: jobs }, (_, k) => JSON.parse(readFileSync(join(outDir, `part-${k}.json`), "utf8")));
  const runs = parts.flat().sort((a, b) => a.index - b.index).map((p) => p.run);
  for (let k = 0; k < jobs; k++) rmSync(join(outDir, `part-${k}.json`));
  await writeStudy(runs);
} else {
  const runs = [];
  for (const t of tasks) { runs.push(runTask(t)); writeFileSync(join(outDir, "study.json"), JSON.stringify({ command, node: process.version, config, seconds: (Date.now() - t0) / 1000, runs }, null, 1)); }
  await writeStudy(runs);
}
