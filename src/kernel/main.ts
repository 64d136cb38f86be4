#!/usr/bin/env node
/**
 * Entry point of the convspec Jupyter kernel:
 *   node dist/kernel/main.js --connection-file PATH   (or the path as the only argument)
 * Jupyter writes the connection file (ports, HMAC key) and starts this in the notebook's folder.
 */
import { Kernel } from "./kernel";

function connectionFileFromArgs(argv: readonly string[]): string {
  const i = argv.findIndex((a) => a === "--connection-file" || a === "-f");
  if (i >= 0 && argv[i + 1]) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith("--connection-file="));
  if (eq) return eq.slice("--connection-file=".length);
  if (argv.length === 1 && !argv[0].startsWith("-")) return argv[0];
  throw new Error("usage: node dist/kernel/main.js --connection-file PATH");
}

const kernel = new Kernel(connectionFileFromArgs(process.argv.slice(2)));
kernel.start().catch((e: unknown) => {
  process.stderr.write(`[convspec kernel] failed to start: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
