#!/usr/bin/env node
// Runs every bench/*.bench.ts (through tsx). Each benchmark prints result lines of the form
//   BENCH {"name": "...", "convspec_s": 0.12, "reference": "numpy ...", "reference_s": 0.2, "goal": 1.0}
// measured side by side in the same run; this collects them into a table of ratios
// (convspec / reference) and writes out/bench.json. `npm run bench -- NAME` filters by file name.
import { readdirSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

const root = new URL("..", import.meta.url).pathname;
const filter = process.argv[2];
const files = readdirSync(join(root, "bench")).filter((f) => f.endsWith(".bench.ts") && (!filter || f.includes(filter))).sort();
if (files.length === 0) { console.error("run-bench: no benchmarks" + (filter ? ` matching ${filter}` : "")); process.exit(1); }
const results = [];
let failed = false;
for (const f of files) {
  console.log(`\n== bench/${f}`);
  const r = spawnSync(process.execPath, ["--import", "tsx", join(root, "bench", f)], { cwd: root, encoding: "utf8", env: { ...process.env, CONVSPEC_ROOT: root } });
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  if (r.status !== 0) { failed = true; console.error(`run-bench: bench/${f} exited ${r.status}`); }
  for (const line of r.stdout.split("\n")) {
    if (line.startsWith("BENCH ")) {
      const row = JSON.parse(line.slice(6));
      row.ratio = row.reference_s ? row.convspec_s / row.reference_s : null;
      row.file = f;
      results.push(row);
    }
  }
}
console.log("\n| benchmark | convspec (s) | reference | reference (s) | ratio | goal |\n|---|---|---|---|---|---|");
for (const r of results) {
  console.log(`| ${r.name} | ${r.convspec_s.toPrecision(3)} | ${r.reference ?? "-"} | ${r.reference_s ? r.reference_s.toPrecision(3) : "-"} | ${r.ratio ? r.ratio.toFixed(3) + "x" : "-"} | ${r.goal ? "<= " + r.goal + "x" : "-"} |`);
}
mkdirSync(join(root, "out"), { recursive: true });
writeFileSync(join(root, "out", "bench.json"), JSON.stringify(results, null, 2));
process.exit(failed ? 1 : 0);
