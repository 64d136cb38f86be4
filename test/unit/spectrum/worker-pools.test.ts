/**
 * Regression tests of the two worker pools (src/spectrum/workers.ts for the batched linear algebra,
 * parallel-conv.ts for convolution products). Behaviour only, no timings:
 * - a worker whose entry fails to load is reported as failed (it used to be detected only by the
 *   20 s ready timeout, because the caller blocked in Atomics.wait cannot see the 'error' event);
 * - a call abandoned by an exception on the calling thread (as a Jupyter interrupt does) does not
 *   corrupt the next call (a worker's stale "done" flag used to be taken for the new job's);
 * - the pool stays bounded, threaded results are bit-identical to `threads: 1`, and a process that
 *   used both pools exits on its own.
 */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import type { Worker } from "node:worker_threads";
import {
  startEntryWorker, waitUntilLoaded, runBatchedInWorkers, shutdownWorkers, workerPoolSize,
  WORKER_LOAD_FAILED, WORKER_READY, type BatchedJob,
} from "../../../src/spectrum/workers";
import { batchedHermitianEigenvalues, batchedSpectralNorm } from "../../../src/spectrum/batched";
import { ConvergenceError } from "../../../src/core/errors";
import { Rng } from "../../../src/core/random";

after(() => shutdownWorkers());

/** Long enough for any real start under load; a failed load must be reported well before. */
const LOAD_WAIT_MS = 20000;

function errorOf(worker: Worker): Promise<Error> {
  return new Promise((resolve) => worker.once("error", resolve));
}

test("a worker entry that throws while loading flags WORKER_LOAD_FAILED (built .js and tsx .ts paths)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "convspec-workers-"));
  try {
    writeFileSync(join(dir, "broken-entry.js"), 'throw new Error("half-built entry");\n');
    writeFileSync(join(dir, "good-entry.js"),
      'const { workerData } = require("node:worker_threads");\n'
      + `Atomics.store(workerData.control, 0, ${WORKER_READY}); Atomics.notify(workerData.control, 0);\n`);
    // broken .js (a half-written dist file) and a missing .ts (no .js, so the tsx route is taken)
    for (const [name, message] of [["broken-entry", "half-built entry"], ["missing-entry", "Cannot find module"]]) {
      const control = new Int32Array(new SharedArrayBuffer(8));
      const worker = startEntryWorker(dir, name, { control });
      const error = errorOf(worker);
      assert.equal(waitUntilLoaded(control, LOAD_WAIT_MS), false, `${name} must not count as loaded`);
      // without the flag the word stays at WORKER_LOADING and only the timeout ends the wait
      assert.equal(Atomics.load(control, 0), WORKER_LOAD_FAILED, `${name}: load failure flagged`);
      assert.match((await error).message, new RegExp(message), `${name}: the worker's error is the load error`);
      await worker.terminate();
    }
    const control = new Int32Array(new SharedArrayBuffer(8));
    const worker = startEntryWorker(dir, "good-entry", { control });
    assert.equal(waitUntilLoaded(control, LOAD_WAIT_MS), true, "a working entry loads");
    await worker.terminate();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A batch of random complex Hermitian n x n matrices (full storage). */
function hermitianBatch(rng: Rng, batch: number, n: number): Float64Array {
  const a = rng.normals(2 * batch * n * n);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) {
        const p = 2 * (b * n * n + i * n + j), q = 2 * (b * n * n + j * n + i);
        a[q] = a[p]; a[q + 1] = -a[p + 1];
      }
    }
  }
  return a;
}

test("a call abandoned by an exception on the calling thread does not corrupt the next threaded call", () => {
  const rng = new Rng(71);
  const n = 48;
  const job: BatchedJob = { kind: "eig", m: n, n, method: "tridiagonal", tol: 0 };
  // The public functions reject non-finite input; through the internal runner an infinite matrix
  // is the simplest way to make the calling thread throw mid-call (it takes the first chunk, which
  // holds that matrix: QL cannot converge on NaNs) while the worker is still busy with the others.
  const poisoned = hermitianBatch(rng, 64, n);
  poisoned.fill(Infinity, 0, 2 * n * n);
  const good = hermitianBatch(rng, 400, n);
  const reference = batchedHermitianEigenvalues(good, 400, n, { threads: 1 });
  // with the old protocol the next call returned early (zeros where the worker had not finished)
  // in about half of the trials; 8 trials miss that with probability ~0.4%
  for (let trial = 0; trial < 8; trial++) {
    assert.throws(() => runBatchedInWorkers(job, poisoned, 64, 2), ConvergenceError);
    assert.equal(workerPoolSize(), 1, "the pool is up (else the test would not exercise it)");
    const got = runBatchedInWorkers(job, good, 400, 2);
    assert.deepEqual(got, reference, `trial ${trial}: bit-identical to threads: 1`);
  }
});

test("pool size stays bounded by the largest thread count asked for; results bit-identical to threads: 1", () => {
  const rng = new Rng(72);
  const small = rng.normals(2 * 40 * 8 * 8), large = rng.normals(2 * 300 * 16 * 16);
  const refSmall = batchedSpectralNorm(small, 40, 8, 8, { threads: 1 });
  const refLarge = batchedSpectralNorm(large, 300, 16, 16, { threads: 1 });
  let most = workerPoolSize();
  for (let r = 0; r < 20; r++) {
    const threads = r % 2 === 0 ? 2 : 3;
    assert.deepEqual(batchedSpectralNorm(small, 40, 8, 8, { threads }), refSmall);
    assert.deepEqual(batchedSpectralNorm(large, 300, 16, 16, { threads }), refLarge);
    most = Math.max(most, workerPoolSize());
  }
  assert.equal(most, 2, "threads <= 3 needs at most 2 pool workers, whatever the number of calls");
});

test("a process that used both pools (without shutting them down) exits on its own", () => {
  const dir = mkdtempSync(join(tmpdir(), "convspec-exit-"));
  try {
    const src = join(__dirname, "../../../src");
    const script = join(dir, "both-pools.ts");
    writeFileSync(script, `
import { batchedSpectralNorm } from ${JSON.stringify(join(src, "spectrum/batched"))};
import { spectralNorm } from ${JSON.stringify(join(src, "spectrum/spectral-norm"))};
import { workerPoolSize } from ${JSON.stringify(join(src, "spectrum/workers"))};
import { Rng } from ${JSON.stringify(join(src, "core/random"))};
const rng = new Rng(73);
const mats = rng.normals(2 * 200 * 12 * 12);
const kernel = { cout: 6, cin: 6, shape: [3, 3], origin: [1, 1], data: rng.normals(6 * 6 * 9) };
const conv = (threads: number) => spectralNorm(kernel, { inputShape: [6, 16, 16], threads, tol: 1e-8 });
const ref = batchedSpectralNorm(mats, 200, 12, 12, { threads: 1 }), refConv = conv(1);
let identical = true;
for (let r = 0; r < 4; r++) {
  const a = batchedSpectralNorm(mats, 200, 12, 12, { threads: 2 }), c = conv(2);
  identical &&= a.every((v, i) => v === ref[i]) && c.value === refConv.value && c.iterations === refConv.iterations;
}
console.log(JSON.stringify({ identical, pool: workerPoolSize() }));
`);
    // the timeout only guards the test run against a hang; a hang shows as signal SIGTERM
    const child = spawnSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8", timeout: 120000, cwd: join(src, "..") });
    assert.equal(child.signal, null, `the process had to be killed: ${child.stderr}`);
    assert.equal(child.status, 0, child.stderr);
    assert.deepEqual(JSON.parse(child.stdout.trim().split("\n").pop()!), { identical: true, pool: 1 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
