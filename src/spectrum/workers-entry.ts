/**
 * Worker-thread entry of the batched linear algebra pool (see workers.ts): flags readiness, then
 * for each message runs its slice of the batch on shared memory and flags done (1) or failed (2).
 */
import { parentPort, workerData } from "node:worker_threads";
import { runBatchedRange } from "./batched";
import type { BatchedJob } from "./workers";

interface SliceMessage {
  job: BatchedJob;
  input: SharedArrayBuffer;
  inputOffset: number;
  inputLength: number;
  output: SharedArrayBuffer;
  outputLength: number;
  from: number;
  to: number;
}

const control: Int32Array = workerData.control;

parentPort?.on("message", (msg: SliceMessage) => {
  try {
    const input = new Float64Array(msg.input, msg.inputOffset, msg.inputLength);
    const output = new Float64Array(msg.output, 0, msg.outputLength);
    runBatchedRange(msg.job, input, msg.from, msg.to, output);
    Atomics.store(control, 1, 1);
  } catch {
    Atomics.store(control, 1, 2);
  }
  Atomics.notify(control, 1);
});

Atomics.store(control, 0, 1);
Atomics.notify(control, 0);
