/**
 * Multi-threaded `apply` / `applyT` of a convolution operator for long iterative runs (Lanczos in
 * spectralNorm): the output channels (apply) or input channels (applyT) are split between the
 * calling thread and `threads - 1` worker threads that share the weights, index table and the
 * x / y vectors through SharedArrayBuffers. The calling thread blocks in `Atomics.wait` until the
 * workers flag completion, so the interface stays synchronous. Row slices are disjoint, so the
 * result is bit-identical to the single-threaded one.
 *
 * Workers cost ~50-150 ms to start; use this only when many products follow (dispose() after).
 * If workers cannot start, `ParallelConv.create` returns null and callers stay single-threaded;
 * after one failed start, later calls do not try again (each failed try blocked the caller).
 */
import type { Worker } from "node:worker_threads";
import { type ConvSizes, applyRows, applyTransposeRows, blockLength } from "../conv/index";
import { startEntryWorker, waitForJob, waitUntilLoaded } from "./workers";

const READY_TIMEOUT_MS = 20000;

function shared(n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(8 * Math.max(1, n)));
}

/** Set once a worker failed to load or start in this process: then `create` returns null at once. */
let workersBroken = false;

/** Shared-memory, multi-threaded products with one convolution operator. */
export class ParallelConv {
  private constructor(
    private readonly sizes: ConvSizes,
    private readonly W: Float64Array,
    private readonly WT: Float64Array,
    private readonly table: Int32Array,
    private readonly x: Float64Array,
    private readonly y: Float64Array,
    private readonly block: Float64Array,
    private readonly workers: { worker: Worker; control: Int32Array }[],
  ) {}

  /** Id of the latest run: a worker's done flag names its run, so a stale flag is never taken for a new one. */
  private lastRunId = 0;

  /** Starts `threads - 1` workers; null if threads < 2 or a worker fails to start. */
  static create(sizes: ConvSizes, W: Float64Array, WT: Float64Array, table: Int32Array, threads: number): ParallelConv | null {
    if (threads < 2 || workersBroken) return null;
    const sW = shared(W.length); sW.set(W);
    const sWT = shared(WT.length); sWT.set(WT);
    const sTable = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, table.length))); sTable.set(table);
    const x = shared(sizes.cin * sizes.nIn), y = shared(sizes.cout * sizes.nOut);
    const workers: { worker: Worker; control: Int32Array }[] = [];
    for (let k = 0; k < threads - 1; k++) {
      const control = new Int32Array(new SharedArrayBuffer(8));
      let worker: Worker;
      try {
        worker = startEntryWorker(__dirname, "parallel-conv-entry", { control, sizes, W: sW, WT: sWT, table: sTable, x, y });
      } catch {
        workersBroken = true;
        workers.forEach((w) => void w.worker.terminate());
        return null;
      }
      worker.unref();
      // without a listener a failed load's 'error' event would crash the process (or the kernel)
      worker.on("error", () => { workersBroken = true; });
      if (!waitUntilLoaded(control, READY_TIMEOUT_MS)) {
        workersBroken = true;
        void worker.terminate();
        workers.forEach((w) => void w.worker.terminate());
        return null;
      }
      workers.push({ worker, control });
    }
    const block = new Float64Array(blockLength(sizes));
    return new ParallelConv(sizes, sW, sWT, sTable, x, y, block, workers);
  }

  /** Blocks until every worker has flagged run `id` (done or failed). */
  private waitForRun(id: number): void {
    for (const { control } of this.workers) waitForJob(control, id);
  }

  /**
   * Called before the shared x / y are overwritten: if the previous run was abandoned (the caller
   * threw or was interrupted while workers were busy), its workers may still be writing them.
   */
  private settle(): void {
    if (this.lastRunId > 0) this.waitForRun(this.lastRunId);
  }

  private run(op: "apply" | "applyT", rows: number): void {
    const slices = this.workers.length + 1;
    const bounds = Array.from({ length: slices + 1 }, (_, s) => Math.round((s * rows) / slices));
    this.lastRunId = (this.lastRunId % 0x3fffffff) + 1;
    const id = this.lastRunId;
    this.workers.forEach(({ worker }, k) => {
      worker.postMessage({ id, op, from: bounds[k + 1], to: bounds[k + 2] });
    });
    this.runSlice(op, bounds[0], bounds[1]);
    this.waitForRun(id);
    this.workers.forEach(({ control }, k) => {
      // a failed slice is recomputed here so that an error surfaces in the caller
      if (Atomics.load(control, 1) === -id) this.runSlice(op, bounds[k + 1], bounds[k + 2]);
    });
  }

  /** Output rows [from, to) of `T x` ("apply") or `T^T y` ("applyT") on this thread. */
  private runSlice(op: "apply" | "applyT", from: number, to: number): void {
    if (op === "apply") applyRows(this.sizes, this.W, this.table, this.x, this.y, this.block, from, to);
    else applyTransposeRows(this.sizes, this.WT, this.table, this.y, this.x, this.block, from, to);
  }

  /** y = T x (new array). */
  apply(xIn: Float64Array): Float64Array {
    this.settle();
    this.x.set(xIn);
    this.run("apply", this.sizes.cout);
    return Float64Array.from(this.y);
  }

  /** x = T^T y (new array). */
  applyT(yIn: Float64Array): Float64Array {
    this.settle();
    this.y.set(yIn);
    this.run("applyT", this.sizes.cin);
    return Float64Array.from(this.x);
  }

  /** Stops the workers. */
  dispose(): void {
    for (const { worker } of this.workers) void worker.terminate();
    this.workers.length = 0;
  }
}
