/**
 * Worker-thread entry of the batched linear algebra pool (see workers.ts): flags readiness, then
 * for each message takes chunks of the batch from the shared counter until none are left, working
 * on shared memory, and flags the message's job id as done (+id) or failed (-id).
 */
import { parentPort, workerData } from "node:worker_threads";
import { batchedRunner } from "./batched";
import { WORKER_READY, type BatchedJob } from "./workers";

interface SliceMessage {
  id: number;
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
    Atomics.store(control, 1, msg.id);
  } catch {
    Atomics.store(control, 1, -msg.id);
  }
  Atomics.notify(control, 1);
});

Atomics.store(control, 0, WORKER_READY);
Atomics.notify(control, 0);
