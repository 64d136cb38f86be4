/**
 * Worker-thread entry of the batched linear algebra pool (see workers.ts): flags readiness, then
 * for each message takes chunks of the batch from the shared counter until none are left, working
 * on shared memory, and flags the message's job id as done (+id) or failed (-id).
 */
import { workerData } from "node:worker_threads";
import { batchedRunner, type BatchedJob } from "./batched-runner";
import { serveEntryMessages, takeChunks } from "./workers";

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

serveEntryMessages(control, (msg: SliceMessage) => {
  const input = new Float64Array(msg.input, msg.inputOffset, msg.inputLength);
  const output = new Float64Array(msg.output, 0, msg.outputLength);
  const counter = new Int32Array(msg.counter);
  takeChunks(counter, msg.chunk, msg.batch, batchedRunner(msg.job, input, output));
});
