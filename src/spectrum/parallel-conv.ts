/**
 * Multi-threaded `apply` / `applyT` of a convolution operator for long iterative runs (Lanczos in
 * spectralNorm): the output channels (apply) or input channels (applyT) are split between the
 * calling thread and `threads - 1` worker threads that share the weights, index table and the
 * x / y vectors through SharedArrayBuffers. The calling thread blocks in `Atomics.wait` until the
 * workers flag completion, so the interface stays synchronous. Row slices are disjoint, so the
 * result is bit-identical to the single-threaded one.
 *
 * Workers cost ~50-150 ms to start; use this only when many products follow (dispose() after).
 * If workers cannot start, `ParallelConv.create` returns null and callers stay single-threaded.
 */
import { Worker } from "node:worker_threads";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ConvSizes, applyRows, applyTransposeRows } from "./conv-kernels";

const READY_TIMEOUT_MS = 20000;

function shared(n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(8 * Math.max(1, n)));
}

function startWorker(workerData: unknown): Worker {
  const js = join(__dirname, "parallel-conv-entry.js");
  if (existsSync(js)) return new Worker(js, { workerData });
  // from TypeScript sources (tests, tsx): register tsx's CommonJS hook inside the worker
  const ts = join(__dirname, "parallel-conv-entry.ts");
  const code = `require(${JSON.stringify(require.resolve("tsx/cjs/api"))}).register(); require(${JSON.stringify(ts)});`;
  return new Worker(code, { eval: true, workerData, execArgv: [] });
}

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

  /** Starts `threads - 1` workers; null if threads < 2 or a worker fails to start. */
  static create(sizes: ConvSizes, W: Float64Array, WT: Float64Array, table: Int32Array, threads: number): ParallelConv | null {
    if (threads < 2) return null;
    const sW = shared(W.length); sW.set(W);
    const sWT = shared(WT.length); sWT.set(WT);
    const sTable = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, table.length))); sTable.set(table);
    const x = shared(sizes.cin * sizes.nIn), y = shared(sizes.cout * sizes.nOut);
    const workers: { worker: Worker; control: Int32Array }[] = [];
    for (let k = 0; k < threads - 1; k++) {
      const control = new Int32Array(new SharedArrayBuffer(8));
      let worker: Worker;
      try {
        worker = startWorker({ control, sizes, W: sW, WT: sWT, table: sTable, x, y });
      } catch {
        workers.forEach((w) => void w.worker.terminate());
        return null;
      }
      worker.unref();
      const r = Atomics.wait(control, 0, 0, READY_TIMEOUT_MS);
      if (r === "timed-out" && Atomics.load(control, 0) === 0) {
        void worker.terminate();
        workers.forEach((w) => void w.worker.terminate());
        return null;
      }
      workers.push({ worker, control });
    }
    const block = new Float64Array(Math.max(sizes.cin, sizes.cout) * sizes.nOut);
    return new ParallelConv(sizes, sW, sWT, sTable, x, y, block, workers);
  }

  private run(op: "apply" | "applyT", rows: number): void {
    const slices = this.workers.length + 1;
    const bounds = Array.from({ length: slices + 1 }, (_, s) => Math.round((s * rows) / slices));
    this.workers.forEach(({ worker, control }, k) => {
      Atomics.store(control, 1, 0);
      worker.postMessage({ op, from: bounds[k + 1], to: bounds[k + 2] });
    });
    if (op === "apply") applyRows(this.sizes, this.W, this.table, this.x, this.y, this.block, bounds[0], bounds[1]);
    else applyTransposeRows(this.sizes, this.WT, this.table, this.y, this.x, this.block, bounds[0], bounds[1]);
    this.workers.forEach(({ control }, k) => {
      while (Atomics.load(control, 1) === 0) Atomics.wait(control, 1, 0, 1000);
      // a failed slice is recomputed here so that an error surfaces in the caller
      if (Atomics.load(control, 1) === 2) {
        if (op === "apply") applyRows(this.sizes, this.W, this.table, this.x, this.y, this.block, bounds[k + 1], bounds[k + 2]);
        else applyTransposeRows(this.sizes, this.WT, this.table, this.y, this.x, this.block, bounds[k + 1], bounds[k + 2]);
      }
    });
  }

  /** y = T x (new array). */
  apply(xIn: Float64Array): Float64Array {
    this.x.set(xIn);
    this.run("apply", this.sizes.cout);
    return Float64Array.from(this.y);
  }

  /** x = T^T y (new array). */
  applyT(yIn: Float64Array): Float64Array {
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
