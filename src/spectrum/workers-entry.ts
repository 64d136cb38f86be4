/**
 * Worker-thread entry of the batched linear algebra pool (see workers.ts): flags readiness, then
 * for each message takes chunks of the batch from the shared counter until none are left, working
 * on shared memory, and flags done (1) or failed (2).
 */
import { parentPort, workerData } from "node:worker_threads";
import { batchedRunner } from "./batched";
import type { BatchedJob } from "./workers";

interface SliceMessage {
  job: BatchedJob;
  input: SharedArrayBuffer;
  inputOffset: number;
  inputLength: number;
  output: SharedArrayBuffer;
  outputLength: number;
  counter: SharedArrayBuffer;
  chunk: number;
  batch: number;
}

const control: Int32Array = workerData.control;

parentPort?.on("message", (msg: SliceMessage) => {
  try {
    const input = new Float64Array(msg.input, msg.inputOffset, msg.inputLength);
    const output = new Float64Array(msg.output, 0, msg.outputLength);
    const counter = new Int32Array(msg.counter);
    const run = batchedRunner(msg.job, input, output);
    for (;;) {
      const from = Atomics.add(counter, 0, msg.chunk);
      if (from >= msg.batch) break;
      run(from, Math.min(from + msg.chunk, msg.batch));
    }
    Atomics.store(control, 1, 1);
  } catch {
    Atomics.store(control, 1, 2);
  }
  Atomics.notify(control, 1);
});

Atomics.store(control, 0, 1);
Atomics.notify(control, 0);
