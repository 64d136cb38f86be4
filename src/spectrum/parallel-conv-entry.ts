/**
 * Worker-thread entry of parallel-conv.ts: flags readiness, then for each message computes its
 * slice of rows of `T x` or `T^T y` on the shared buffers and flags the message's id as done (+id)
 * or failed (-id).
 */
import { workerData } from "node:worker_threads";
import { applyRows, applyTransposeRows, blockLength, type ConvSizes } from "../conv/index";
import { serveEntryMessages } from "./workers";

const { control, sizes, W, WT, table, x, y } = workerData as {
  control: Int32Array; sizes: ConvSizes; W: Float64Array; WT: Float64Array; table: Int32Array; x: Float64Array; y: Float64Array;
};
const block = new Float64Array(blockLength(sizes));

serveEntryMessages(control, (msg: { id: number; op: "apply" | "applyT"; from: number; to: number }) => {
  if (msg.op === "apply") applyRows(sizes, W, table, x, y, block, msg.from, msg.to);
  else applyTransposeRows(sizes, WT, table, y, x, block, msg.from, msg.to);
});
