/**
 * The kernel's I/O thread (a worker_thread): owns the heartbeat, control and IOPub sockets, so
 * that they keep answering while the main thread is blocked in user code.
 *
 * - heartbeat: echoes every ping (jupyter_client declares a kernel dead when pings stop);
 * - control: `interrupt_request` (see {@link interruptMainThread}), `shutdown_request`,
 *   `kernel_info_request`; every control request is framed by busy/idle status on IOPub;
 * - IOPub: publishes the frames the main thread posts (already signed), in posting order.
 *
 * Interrupting the main thread: the worker sends SIGINT to its own process. That stops
 * synchronous cell code (run with `vm` `breakOnSigint`) and, via the main thread's SIGINT handler,
 * awaits of async cells. If the main thread has not acknowledged within {@link TERMINATE_AFTER_MS}
 * (it is then spinning in JavaScript outside `breakOnSigint`, e.g. `await x; while (true) {}`),
 * the worker terminates the running JavaScript through the inspector protocol
 * (`Runtime.terminateExecution`, the same V8 call `breakOnSigint` uses) — only while a cell is
 * executing (shared flag), since an idle thread would have its next JavaScript terminated.
 */
import { parentPort, workerData } from "node:worker_threads";
import { Session } from "node:inspector";
import { createRequire } from "node:module";
import type * as Zmq from "zeromq";
import { ConnectionInfo, decodeMessage, encodeMessage, endpoint, JupyterMessage, newMessage, replyTo } from "./wire";

/** Data the main thread passes to the worker. */
export interface IoWorkerData {
  connection: ConnectionInfo;
  session: string;
  kernelInfo: Record<string, unknown>;
  /** Int32 words: [0] 1 while an interrupt waits for the main thread's acknowledgement; [1] 1 while a cell executes. */
  interruptFlag: SharedArrayBuffer;
}

/** Messages from the main thread. */
export type ToWorker = { kind: "iopub"; frames: Uint8Array[] } | { kind: "close" };
/** Messages to the main thread. */
export type FromWorker = { kind: "ready" } | { kind: "shutdown"; restart: boolean } | { kind: "log"; text: string } | { kind: "terminated" };

/** Grace period before a blocked main thread's JavaScript is terminated. */
export const TERMINATE_AFTER_MS = 300;
/** After a shutdown_request, how long the main thread may take to exit before it is killed. */
const EXIT_GRACE_MS = 2000;

const data = workerData as IoWorkerData;
const port = parentPort;
if (!port) throw new Error("io-worker: must run in a worker thread");
// zeromq is tslab's dependency: resolve it from tslab so that hoisting does not matter.
const zmq = createRequire(require.resolve("tslab/package.json"))("zeromq") as typeof Zmq;

const key = data.connection.key;
const iopub = new zmq.Publisher();
const control = new zmq.Router();
const heartbeat = new zmq.Reply();
const flag = new Int32Array(data.interruptFlag);
const inspector = new Session();
inspector.connectToMainThread();

function log(text: string): void {
  port!.postMessage({ kind: "log", text } satisfies FromWorker);
}

/** Serialises sends on one socket (zeromq allows a single pending send per socket). */
function serialSender(sock: { send(frames: Uint8Array[]): Promise<void> }): (frames: Uint8Array[]) => void {
  let chain: Promise<void> = Promise.resolve();
  return (frames) => {
    chain = chain.then(() => sock.send(frames)).catch((e: unknown) => log(`send failed: ${String(e)}`));
  };
}
const sendIopub = serialSender(iopub);
const sendControl = serialSender(control);

function publish(msg: JupyterMessage): void {
  sendIopub(encodeMessage(msg, key));
}

function publishStatus(state: "busy" | "idle", parent: JupyterMessage): void {
  publish(newMessage(data.session, "status", { execution_state: state }, parent));
}

function interruptMainThread(): void {
  Atomics.store(flag, 0, 1);
  process.kill(process.pid, "SIGINT");
  setTimeout(() => {
    // Only a thread that is both unresponsive and executing a cell is terminated: V8 terminates
    // the current OR NEXT JavaScript, so terminating an idle thread would hit kernel code.
    if (Atomics.load(flag, 0) !== 1 || Atomics.load(flag, 1) !== 1) return;
    inspector.post("Runtime.terminateExecution", (err) => {
      if (err) log(`terminateExecution failed: ${err.message}`);
      else port!.postMessage({ kind: "terminated" } satisfies FromWorker);
    });
  }, TERMINATE_AFTER_MS);
}

function handleControl(msg: JupyterMessage): void {
  publishStatus("busy", msg);
  try {
    const type = msg.header.msg_type;
    if (type === "interrupt_request") {
      interruptMainThread();
      sendControl(encodeMessage(replyTo(data.session, msg, "interrupt_reply", { status: "ok" }), key));
    } else if (type === "shutdown_request") {
      const restart = msg.content.restart === true;
      sendControl(encodeMessage(replyTo(data.session, msg, "shutdown_reply", { status: "ok", restart }), key));
      port!.postMessage({ kind: "shutdown", restart } satisfies FromWorker);
      // A main thread stuck in user code cannot exit by itself.
      setTimeout(() => process.kill(process.pid, "SIGKILL"), EXIT_GRACE_MS).unref();
    } else if (type === "kernel_info_request") {
      sendControl(encodeMessage(replyTo(data.session, msg, "kernel_info_reply", data.kernelInfo), key));
    } else {
      log(`control: ignoring ${type}`);
    }
  } finally {
    publishStatus("idle", msg);
  }
}

async function serveControl(): Promise<void> {
  for await (const frames of control) {
    try {
      handleControl(decodeMessage(frames, key));
    } catch (e) {
      log(`control: dropped a message: ${(e as Error).message}`);
    }
  }
}

async function serveHeartbeat(): Promise<void> {
  for await (const frames of heartbeat) await heartbeat.send(frames);
}

port.on("message", (m: ToWorker) => {
  if (m.kind === "iopub") sendIopub(m.frames);
  else if (m.kind === "close") {
    iopub.close();
    control.close();
    heartbeat.close();
    inspector.disconnect();
    port!.close();
  }
});

(async () => {
  const c = data.connection;
  await Promise.all([
    iopub.bind(endpoint(c, c.iopub_port)),
    control.bind(endpoint(c, c.control_port)),
    heartbeat.bind(endpoint(c, c.hb_port)),
  ]);
  void serveControl().catch((e: unknown) => log(`control loop ended: ${String(e)}`));
  void serveHeartbeat().catch((e: unknown) => log(`heartbeat loop ended: ${String(e)}`));
  port!.postMessage({ kind: "ready" } satisfies FromWorker);
})().catch((e: unknown) => {
  log(`io-worker failed to start: ${String(e)}`);
  process.exit(1);
});
