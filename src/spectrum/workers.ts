/**
 * A small persistent pool of worker threads for the batched linear algebra, with a SYNCHRONOUS
 * interface: workers are woken by a message, all threads (the caller included) take chunks of the
 * batch from a shared atomic counter, then the caller blocks on `Atomics.wait` until every worker
 * has flagged completion in shared memory. Inputs/outputs live in SharedArrayBuffers (a caller's array is
 * copied in once unless it is already shared), so nothing is serialised per matrix.
 *
 * Robustness: if workers cannot start (e.g. no loader for the .ts worker file) or fail, the work
 * falls back to the calling thread, so results never depend on threading.
 * Break-even (measured on the 2-core dev machine, dist JS, quiet machine): once the pool exists,
 * 2 threads run ~1.85x faster than 1 from about 3e6 flops (1000 8x8 or 200 16x16 SVDs) up;
 * starting the pool costs ~100 ms once per process (more under tsx). The default therefore uses
 * threads only above {@link WORKER_MIN_FLOPS} (~15 ms of single-thread work), where even the first
 * call does not lose much; pass `threads` explicitly to override.
 */
import { Worker, parentPort } from "node:worker_threads";
import { availableParallelism } from "node:os";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { batchedRunner, outputsPerMatrix, runBatchedSync, type BatchedJob } from "./batched-runner";

export type { BatchedJob } from "./batched-runner";

/** Estimated real floating-point operations above which the default uses all cores. */
export const WORKER_MIN_FLOPS = 2e7;
const READY_TIMEOUT_MS = 20000;

interface PoolWorker {
  worker: Worker;
  /**
   * [0] load state ({@link WORKER_READY} once loaded, {@link WORKER_LOAD_FAILED} if the entry threw);
   * [1] id of the last job this worker finished (+id done, -id failed).
   */
  control: Int32Array;
}

/** Load states of a worker, in its control word 0. */
export const WORKER_LOADING = 0;
export const WORKER_READY = 1;
export const WORKER_LOAD_FAILED = 2;

let pool: PoolWorker[] = [];
let poolBroken = false;
/** Id of the latest job (1 .. 2^30 - 1, wrapping): a worker's "done" flag names the job it finished. */
let lastJobId = 0;

/** Number of threads the default uses for `flops` operations: all cores above the break-even, else 1. */
export function shouldUseWorkers(flops: number): number {
  if (poolBroken || flops < WORKER_MIN_FLOPS) return 1;
  return Math.max(1, Math.min(availableParallelism(), 8));
}

/**
 * Starts the worker entry `name` of directory `dir`: `name.js` when built (dist), else `name.ts`
 * through tsx's in-thread CommonJS hook (tests, tsx: tsx's ESM loader hooks cannot load a worker
 * while the caller blocks in Atomics.wait, hence `execArgv: []`). `workerData.control[0]` must
 * start at {@link WORKER_LOADING}; the entry sets {@link WORKER_READY}. The entry is required inside
 * a try/catch that sets {@link WORKER_LOAD_FAILED}: a caller blocked in `Atomics.wait` cannot see
 * the worker's 'error' event, so without the flag a failed load (missing or half-written dist
 * file) cost the whole ready timeout (20 s) before falling back to one thread.
 * The error is re-thrown, so the Worker emits 'error': callers must listen for it.
 */
export function startEntryWorker<Data extends { control: Int32Array }>(dir: string, name: string, workerData: Data): Worker {
  const js = join(dir, `${name}.js`);
  const built = existsSync(js);
  const load = built
    ? `require(${JSON.stringify(js)});`
    : `require(${JSON.stringify(require.resolve("tsx/cjs/api"))}).register(); require(${JSON.stringify(join(dir, `${name}.ts`))});`;
  const code = `const { workerData } = require("node:worker_threads");
try { ${load} } catch (e) { Atomics.store(workerData.control, 0, ${WORKER_LOAD_FAILED}); Atomics.notify(workerData.control, 0); throw e; }`;
  return new Worker(code, built ? { eval: true, workerData } : { eval: true, workerData, execArgv: [] });
}

/** Blocks until a started worker has loaded; false if its entry failed or it took over `timeoutMs`. */
export function waitUntilLoaded(control: Int32Array, timeoutMs: number): boolean {
  Atomics.wait(control, 0, WORKER_LOADING, timeoutMs);
  return Atomics.load(control, 0) === WORKER_READY;
}

/**
 * Worker side of the protocol (called once by an entry file): runs `handle` on every message,
 * flags the message's id in `control[1]` as done (+id) or failed (-id, `handle` threw), then flags
 * the worker {@link WORKER_READY} in `control[0]`.
 */
export function serveEntryMessages<Message extends { id: number }>(control: Int32Array, handle: (msg: Message) => void): void {
  parentPort?.on("message", (msg: Message) => {
    try {
      handle(msg);
      Atomics.store(control, 1, msg.id);
    } catch {
      Atomics.store(control, 1, -msg.id);
    }
    Atomics.notify(control, 1);
  });
  Atomics.store(control, 0, WORKER_READY);
  Atomics.notify(control, 0);
}

function ensurePool(size: number): boolean {
  if (poolBroken) return false;
  while (pool.length < size) {
    const control = new Int32Array(new SharedArrayBuffer(8));
    let worker: Worker;
    try {
      worker = startEntryWorker(__dirname, "workers-entry", { control });
    } catch {
      poolBroken = true;
      return false;
    }
    worker.unref();
    worker.on("error", () => { poolBroken = true; });
    if (!waitUntilLoaded(control, READY_TIMEOUT_MS)) {
      void worker.terminate();
      poolBroken = true;
      return false;
    }
    pool.push({ worker, control });
  }
  return true;
}

/** Number of live pool workers (0 once the pool is broken): at most the largest `threads` - 1 asked for. */
export function workerPoolSize(): number {
  return poolBroken ? 0 : pool.length;
}

/** Stops the pool's threads (tests; a process exits fine without this since workers are unref'd). */
export async function shutdownWorkers(): Promise<void> {
  const old = pool;
  pool = [];
  await Promise.all(old.map((p) => p.worker.terminate()));
}

/** Reused shared input buffer (kept between calls only while small, so memory is not pinned). */
let sharedIn: Float64Array | null = null;
const KEEP_SHARED_NUMBERS = 2 ** 23;

function sharedCopy(mats: Float64Array): Float64Array {
  if (mats.buffer instanceof SharedArrayBuffer) return mats;
  if (mats.length > KEEP_SHARED_NUMBERS) {
    const big = new Float64Array(new SharedArrayBuffer(8 * mats.length));
    big.set(mats);
    return big;
  }
  if (!sharedIn || sharedIn.length < mats.length) sharedIn = new Float64Array(new SharedArrayBuffer(8 * mats.length));
  const view = sharedIn.subarray(0, mats.length);
  view.set(mats);
  return view;
}

/**
 * Caller side of the protocol: blocks until the worker owning `control` has flagged job `id` in
 * `control[1]`; true if it finished (+id), false if it failed (-id).
 */
export function waitForJob(control: Int32Array, id: number): boolean {
  for (;;) {
    const state = Atomics.load(control, 1);
    if (state === id || state === -id) break;
    Atomics.wait(control, 1, state, 1000);
  }
  return Atomics.load(control, 1) === id;
}

/**
 * Runs `run(from, to)` on chunks of `[0, batch)` of length `chunk` taken from the shared counter
 * `counter[0]` (`Atomics.add`) until none are left; every thread of a job calls this.
 */
export function takeChunks(counter: Int32Array, chunk: number, batch: number, run: (from: number, to: number) => void): void {
  for (;;) {
    const from = Atomics.add(counter, 0, chunk);
    if (from >= batch) break;
    run(from, Math.min(from + chunk, batch));
  }
}

/**
 * Runs `job` over `batch` matrices with `threads` threads (the caller's plus threads - 1 workers).
 * Work is handed out DYNAMICALLY in chunks through a shared atomic counter (`Atomics.add`), so a
 * thread that is descheduled on a busy machine simply takes fewer chunks instead of making the
 * others wait. Each matrix's result does not depend on which thread computed it (bit-identical).
 */
export function runBatchedInWorkers(job: BatchedJob, mats: Float64Array, batch: number, threads: number): Float64Array {
  const per = outputsPerMatrix(job);
  const nWorkers = Math.min(threads, batch) - 1;
  if (nWorkers < 1 || !ensurePool(nWorkers)) return runBatchedSync(job, mats, batch);
  const input = sharedCopy(mats);
  const outShared = new Float64Array(new SharedArrayBuffer(8 * Math.max(1, batch * per)));
  const counter = new Int32Array(new SharedArrayBuffer(4));
  // ~8 chunks per thread: small enough to balance, large enough that the atomic is negligible
  const chunk = Math.max(1, Math.floor(batch / (8 * (nWorkers + 1))));
  // a fresh id per job: a worker still finishing an earlier job (abandoned when the caller threw,
  // e.g. on a Jupyter interrupt) flags that job's id, which this call does not mistake for its own
  lastJobId = (lastJobId % 0x3fffffff) + 1;
  const id = lastJobId;
  for (let w = 0; w < nWorkers; w++) {
    pool[w].worker.postMessage({
      id, job,
      input: input.buffer, inputOffset: input.byteOffset, inputLength: input.length,
      output: outShared.buffer, outputLength: outShared.length,
      counter: counter.buffer, chunk, batch,
    });
  }
  takeChunks(counter, chunk, batch, batchedRunner(job, input, outShared));
  let failed = false;
  for (let w = 0; w < nWorkers; w++) if (!waitForJob(pool[w].control, id)) failed = true;
  // a worker failed (an exception in some chunk): recompute everything here, so the caller sees
  // the real, typed error if there is one
  if (failed) return runBatchedSync(job, mats, batch);
  const out = new Float64Array(batch * per);
  out.set(outShared.subarray(0, batch * per));
  return out;
}
