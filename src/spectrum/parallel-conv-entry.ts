/**
 * Worker-thread entry of parallel-conv.ts: flags readiness, then for each message computes its
 * slice of rows of `T x` or `T^T y` on the shared buffers and flags the message's id as done (+id)
 * or failed (-id).
 */
import { parentPort, workerData } from "node:worker_threads";
import { applyRows, applyTransposeRows, ConvSizes } from "./conv-kernels";
import { WORKER_READY } from "./workers";

const { control, sizes, W, WT, table, x, y } = workerData as {
  control: Int32Array; sizes: ConvSizes; W: Float64Array; WT: Float64Array; table: Int32Array; x: Float64Array; y: Float64Array;
};
const block = new Float64Array(Math.max(sizes.cin, sizes.cout) * sizes.nOut);

parentPort?.on("message", (msg: { id: number; op: "apply" | "applyT"; from: number; to: number }) => {
  try {
    if (msg.op === "apply") applyRows(sizes, W, table, x, y, block, msg.from, msg.to);
    else applyTransposeRows(sizes, WT, table, y, x, block, msg.from, msg.to);
    Atomics.store(control, 1, msg.id);
  } catch {
    Atomics.store(control, 1, -msg.id);
  }
  Atomics.notify(control, 1);
});

Atomics.store(control, 0, WORKER_READY);
Atomics.notify(control, 0);
