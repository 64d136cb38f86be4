#!/usr/bin/env node
/**
 * The regularisation study of notebook 09 (issue 14): a SmallResNet on Fashion-MNIST (2x2-pooled to
 * 14x14, inputs standardised with the training mean and sd) trained under every condition for every
 * seed; writes (by default under out/regularisation/, the committed study under data/regularisation-study/) study.json (all runs, every epoch), study.md (the table with 95%
 * intervals) and the figures accuracy-vs-lambda.svg, lipschitz-vs-epoch.svg.
 * Usage: node scripts/regularisation-study.mjs [--out dir] [--train 640] [--test 500] [--epochs 2] [--seeds 3] [--batch 32] [--lr 0.01] [--channels 8] [--blocks 2]
 *        [--lambdas 0.001,0.01] [--bounds exact,tap-spectral-sum] [--max-norm 1] [--rounds 1] [--every 5]
 * Run under `nice`; needs dist/ (scripts/setup.sh builds it).
 */
import { mkdirSync, writeFileSync } from "node:fs";
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
const command = ["node", "scripts/regularisation-study.mjs", ...process.argv.slice(2)].join(" ");
const runs = [];
const t0 = Date.now();
for (const regularisation of conditions) for (let seed = 1; seed <= cfg.seeds; seed++) {
  const run = cs.trainRegularised({ train, test, epochs: cfg.epochs, seed, batchSize: cfg.batchSize, channels: cfg.channels, blocks: cfg.blocks, optimiser: cfg.optimiser, regularisation });
  const last = run.epochs[run.epochs.length - 1];
  console.log(`${run.name} seed ${seed}: train ${(100 * last.trainAccuracy).toFixed(1)}% test ${(100 * last.testAccuracy).toFixed(1)}% prod sigma ${last.sigmaProduct.toFixed(2)} ${last.seconds.toFixed(1)} s/epoch (${((Date.now() - t0) / 1000).toFixed(0)} s total)`);
  runs.push({ name: run.name, regularisation: run.regularisation, seed, epochs: run.epochs });
  writeFileSync(join(outDir, "study.json"), JSON.stringify({ command, node: process.version, config: { ...cfg, inputMean: mean, inputSd: sd, input: "Fashion-MNIST 14x14 (2x2 mean-pooled), first N of each split" }, seconds: (Date.now() - t0) / 1000, runs }, null, 1));
}
const summary = cs.summariseStudy(runs);
writeFileSync(join(outDir, "study.md"), `Regularisation study (issue 14), written by \`${command}\` (under \`nice\`, ${process.version}), ${((Date.now() - t0) / 1000).toFixed(0)} s.\nConfig: ${JSON.stringify(cfg)}; ${cfg.train} training and ${cfg.test} test images of Fashion-MNIST (first of each split, 14x14).\nIntervals: 95% Student-t over seeds. Accuracies at the last epoch; s / epoch counts training steps only.\n\n` + summary.toMarkdown() + "\n");
(async () => {
  writeFileSync(join(outDir, "accuracy-vs-lambda.svg"), await summary.accuracyVsLambdaPlot().svg());
  writeFileSync(join(outDir, "lipschitz-vs-epoch.svg"), await summary.lipschitzVsEpochPlot().svg());
  console.log(summary.toMarkdown());
  console.log(`total ${((Date.now() - t0) / 1000).toFixed(0)} s`);
})();
