#!/usr/bin/env node
// Runs the whole suite with node's test runner (TypeScript through tsx).
// Groups are folders of test/: unit, kernel, notebooks, browser. `--only GROUP[,GROUP]` restricts.
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { spawnSync } from "node:child_process";

const root = new URL("..", import.meta.url).pathname;
const args = process.argv.slice(2);
const onlyIdx = args.indexOf("--only");
const only = onlyIdx >= 0 ? args[onlyIdx + 1].split(",") : null;
const extra = args.filter((a, i) => i !== onlyIdx && i !== onlyIdx + 1);

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith(".test.ts") || name.endsWith(".test.mjs")) out.push(p);
  }
  return out;
}

const files = walk(join(root, "test")).filter((f) => {
  if (!only) return true;
  const group = relative(join(root, "test"), f).split("/")[0];
  return only.includes(group);
});
if (files.length === 0) {
  console.error("run-tests: no test files found" + (only ? ` in ${only.join(",")}` : ""));
  process.exit(1);
}
const res = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-concurrency=1", "--test-reporter=spec", ...extra, ...files],
  { cwd: root, stdio: "inherit", env: { ...process.env, CONVSPEC_ROOT: root } },
);
process.exit(res.status ?? 1);
