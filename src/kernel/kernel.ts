/**
 * The convspec Jupyter kernel, main thread: the shell (and stdin) sockets and cell execution.
 * Heartbeat, control and IOPub live in the I/O worker (io-worker.ts) so that they answer while a
 * cell blocks this thread. See README.md in this folder for the design.
 */
import * as path from "node:path";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { randomUUID } from "node:crypto";
import type * as Zmq from "zeromq";
import * as ts from "@tslab/typescript-for-tslab";
import { setDisplaySink, settleDisplays, toMimeBundle, DisplayOptions, MimeBundle } from "../display/channel";
import { CellExecutor, CellError, INTERRUPT_ENAME, toCellError } from "./cell-executor";
import { checkConnectionInfo, ConnectionInfo, decodeMessage, encodeMessage, endpoint, JupyterMessage, newMessage, replyTo } from "./wire";
import { isCompleteCode } from "./is-complete";
import { HistoryQuery, SessionHistory } from "./history";
import { kernelInfoContent, PACKAGE_ROOT } from "./kernel-info";
import { redirectPackageInCompiler, resolvePackageRequest } from "./package-redirect";
import type { FromWorker, IoWorkerData, ToWorker } from "./io-worker";

/** The package notebooks import; resolved to this checkout from any directory. */
const PACKAGE_NAME = "convspec";
/** Minimum interval between two stream messages while a cell keeps writing (ms). */
const STREAM_FLUSH_MS = 50;
/** After a failed cell, time given to the shell socket to deliver already-sent requests (ms). */
const ABORT_COLLECT_MS = 5;

/** Code-point offset (Jupyter's cursor_pos) -> UTF-16 index (JavaScript strings). */
export function codePointToUtf16(s: string, cp: number): number {
  let i = 0;
  for (let k = 0; k < cp && i < s.length; k++) i += (s.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
  return i;
}

/** UTF-16 index -> code-point offset. */
export function utf16ToCodePoint(s: string, index: number): number {
  return [...s.slice(0, index)].length;
}

/** Values in a MIME bundle: binary data is base64 text on the wire. */
function wireBundle(bundle: MimeBundle): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [mime, v] of Object.entries(bundle)) out[mime] = v instanceof Uint8Array ? Buffer.from(v).toString("base64") : v;
  return out;
}

/** A running kernel bound to the ports of one connection file; `start()` serves until shutdown. */
export class Kernel {
  private readonly conn: ConnectionInfo;
  private readonly session = randomUUID();
  private readonly zmq: typeof Zmq;
  private readonly shell: Zmq.Router;
  private readonly stdin: Zmq.Router;
  private worker!: Worker;
  private executor!: CellExecutor;
  private readonly history = new SessionHistory(1);
  /** Int32 words shared with the I/O worker: [0] interrupt awaiting acknowledgement, [1] a cell is executing. */
  private readonly interruptFlag = new SharedArrayBuffer(8);
  private readonly sharedWords = new Int32Array(this.interruptFlag);
  private executionCount = 0;
  /** The request whose cell output is being produced (stream output after a cell goes there too). */
  private parent: JupyterMessage | null = null;
  /** Shell requests waiting to be handled, one at a time, in arrival order. */
  private readonly shellQueue: { msg: JupyterMessage; seq: number }[] = [];
  /** The request being handled, with a token identifying this handling (see recoverFromTermination). */
  private current: { msg: JupyterMessage; token: number } | null = null;
  private handlingToken = 0;
  private shellSends: Promise<void> = Promise.resolve();
  private receivedSeq = 0;
  private abortBeforeSeq = 0;
  private readonly streamBuffers: Record<"stdout" | "stderr", { text: string }> = { stdout: { text: "" }, stderr: { text: "" } };
  private lastStreamFlush = 0;
  private streamTimer: NodeJS.Immediate | null = null;
  private readonly originalStderrWrite = process.stderr.write.bind(process.stderr);
  private closing = false;
  /** True while a result bundle or user expressions are being rendered (user display code). */
  private rendering = false;

  constructor(connectionFile: string) {
    this.conn = checkConnectionInfo(JSON.parse(readFileSync(connectionFile, "utf8")));
    this.zmq = createRequire(require.resolve("tslab/package.json"))("zeromq") as typeof Zmq;
    this.shell = new this.zmq.Router();
    this.stdin = new this.zmq.Router();
  }

  /** Binds every socket, starts the I/O worker, then prepares the compiler. */
  async start(): Promise<void> {
    const info = kernelInfoContent();
    const workerFile = path.join(__dirname, "io-worker.js");
    this.worker = new Worker(workerFile, {
      workerData: { connection: this.conn, session: this.session, kernelInfo: info, interruptFlag: this.interruptFlag } satisfies IoWorkerData,
    });
    const ready = new Promise<void>((resolve, reject) => {
      this.worker.on("message", (m: FromWorker) => {
        if (m.kind === "ready") resolve();
        else if (m.kind === "log") this.log(m.text);
        else if (m.kind === "shutdown") void this.shutdown();
        else if (m.kind === "terminated") setImmediate(() => this.recoverFromTermination());
      });
      this.worker.once("error", reject);
      this.worker.once("exit", (code) => {
        if (!this.closing) {
          this.log(`I/O worker exited (${code}); the kernel stops`);
          process.exit(1);
        }
      });
    });
    await Promise.all([
      ready,
      this.shell.bind(endpoint(this.conn, this.conn.shell_port)),
      this.stdin.bind(endpoint(this.conn, this.conn.stdin_port)),
    ]);

    // Type-check and run-time resolution of "convspec" from the notebook's directory.
    const cwd = process.cwd();
    redirectPackageInCompiler(ts.sys, cwd, PACKAGE_NAME, PACKAGE_ROOT);
    this.executor = new CellExecutor({ cwd, resolveRequest: resolvePackageRequest(PACKAGE_NAME, PACKAGE_ROOT) });
    this.installOutputHooks();
    void this.serveShell();
  }

  private log(text: string): void {
    this.originalStderrWrite(`[convspec kernel] ${text}\n`);
  }

  // ---------------------------------------------------------------- IOPub and output hooks

  private publish(msgType: string, content: Record<string, unknown>, parent: JupyterMessage | null): void {
    if (msgType !== "stream") this.flushStreams();
    const msg = newMessage(this.session, msgType, content, parent ?? undefined);
    this.worker.postMessage({ kind: "iopub", frames: encodeMessage(msg, this.conn.key) } satisfies ToWorker);
  }

  private publishStatus(state: "busy" | "idle", parent: JupyterMessage): void {
    this.publish("status", { execution_state: state }, parent);
  }

  private writeStream(name: "stdout" | "stderr", text: string): void {
    this.streamBuffers[name].text += text;
    // Rate-limited rather than delayed: output goes out at once unless a flush happened in the
    // last STREAM_FLUSH_MS (then at the next turn of the event loop or the next write after the
    // window — a cell that keeps the thread busy never reaches setImmediate).
    const now = Date.now();
    if (now - this.lastStreamFlush >= STREAM_FLUSH_MS || this.streamBuffers[name].text.length > 1 << 16) this.flushStreams();
    else if (!this.streamTimer) this.streamTimer = setImmediate(() => this.flushStreams());
  }

  private flushStreams(): void {
    if (this.streamTimer) {
      clearImmediate(this.streamTimer);
      this.streamTimer = null;
    }
    for (const name of ["stdout", "stderr"] as const) {
      const buf = this.streamBuffers[name];
      if (buf.text === "") continue;
      const text = buf.text;
      buf.text = "";
      this.lastStreamFlush = Date.now();
      this.publish("stream", { name, text }, this.parent);
    }
  }

  /** Routes process.stdout / stderr and the display channel to the current cell. */
  private installOutputHooks(): void {
    const hook = (name: "stdout" | "stderr", stream: NodeJS.WriteStream) => {
      const original = stream.write.bind(stream);
      stream.write = ((chunk: unknown, encoding?: unknown, cb?: unknown) => {
        if (!this.parent) return original(chunk as string, encoding as BufferEncoding, cb as () => void);
        const text = typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString(typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
        this.writeStream(name, text);
        const done = typeof encoding === "function" ? encoding : cb;
        if (typeof done === "function") process.nextTick(done as () => void);
        return true;
      }) as typeof stream.write;
    };
    hook("stdout", process.stdout);
    hook("stderr", process.stderr);

    setDisplaySink({
      display: (bundle: MimeBundle, options?: DisplayOptions) => {
        const transient = options?.displayId ? { display_id: options.displayId } : {};
        const content = { data: wireBundle(bundle), metadata: options?.metadata ?? {}, transient };
        this.publish(options?.update ? "update_display_data" : "display_data", content, this.parent);
      },
      clearOutput: (wait?: boolean) => this.publish("clear_output", { wait: wait === true }, this.parent),
    });
    // tslab's own `display` API (require("tslab").display) writes through this hook.
    const tslabJupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: unknown };
    tslabJupyter.lastWriteDisplayData = (data: Record<string, unknown>, update: boolean) => {
      const transient = (data.transient as { display_id?: string } | undefined)?.display_id ? data.transient : {};
      this.publish(update ? "update_display_data" : "display_data", { data: data.data, metadata: data.metadata ?? {}, transient }, this.parent);
    };

    // Errors escaping user callbacks must not kill the kernel: report them in the current cell.
    process.on("uncaughtException", (err) => process.stderr.write(`Uncaught exception: ${toCellError(err).traceback.join("\n")}\n`));
    process.on("unhandledRejection", (reason) => process.stderr.write(`Unhandled promise rejection: ${toCellError(reason).traceback.join("\n")}\n`));
    process.on("SIGINT", () => {
      this.acknowledgeInterrupt();
      this.executor.interrupt();
    });
  }

  private acknowledgeInterrupt(): void {
    Atomics.store(this.sharedWords, 0, 0);
  }

  // ---------------------------------------------------------------- shell

  private async serveShell(): Promise<void> {
    for await (const frames of this.shell) {
      let msg: JupyterMessage;
      try {
        msg = decodeMessage(frames, this.conn.key);
      } catch (e) {
        this.log(`shell: dropped a message: ${(e as Error).message}`);
        continue;
      }
      this.shellQueue.push({ msg, seq: ++this.receivedSeq });
      this.pumpShell();
    }
  }

  /** Handles queued shell requests sequentially. */
  private pumpShell(): void {
    if (this.current || this.shellQueue.length === 0) return;
    const { msg, seq } = this.shellQueue.shift()!;
    const token = ++this.handlingToken;
    this.current = { msg, token };
    const done = () => {
      if (this.current?.token !== token) return; // already given up by recoverFromTermination
      this.current = null;
      this.pumpShell();
    };
    this.handleShell(msg, seq).then(done, (e: unknown) => {
      this.log(`shell handler failed: ${String(e)}`);
      done();
    });
  }

  /**
   * The I/O worker terminated JavaScript on this thread (an interrupt the thread could not
   * acknowledge). If that JavaScript was the kernel's own (compiling a cell, rendering a result
   * bundle) rather than an awaiting cell, the current request's handler will never finish: answer
   * it as interrupted and move on to the next request.
   */
  private recoverFromTermination(): void {
    // Terminated user code (phase "user") ends through the cell's interrupt race; reject it here
    // too in case the SIGINT handler itself was what got terminated (no-op if already done).
    this.acknowledgeInterrupt();
    this.executor.interrupt();
    const killedKernelCode = this.executor.phase === "compile" || this.rendering;
    const cur = this.current;
    if (!killedKernelCode || !cur) return;
    this.executor.phase = "idle";
    this.rendering = false;
    this.current = null;
    Atomics.store(this.sharedWords, 1, 0);
    const msg = cur.msg;
    if (msg.header.msg_type === "execute_request") {
      const error = { ename: INTERRUPT_ENAME, evalue: "execution interrupted", traceback: [`${INTERRUPT_ENAME}: execution interrupted`] };
      this.flushStreams();
      if (msg.content.silent !== true) this.publish("error", { ...error }, msg);
      this.sendShell(msg, "execute_reply", { status: "error", execution_count: this.executionCount, ...error, user_expressions: {}, payload: [] });
    }
    this.publishStatus("idle", msg);
    this.pumpShell();
  }

  private sendShell(request: JupyterMessage, msgType: string, content: Record<string, unknown>): void {
    const frames = encodeMessage(replyTo(this.session, request, msgType, content), this.conn.key);
    this.shellSends = this.shellSends.then(() => this.shell.send(frames)).catch((e: unknown) => this.log(`shell send failed: ${String(e)}`));
  }

  private async handleShell(msg: JupyterMessage, seq: number): Promise<void> {
    const type = msg.header.msg_type;
    this.publishStatus("busy", msg);
    try {
      switch (type) {
        case "execute_request":
          Atomics.store(this.sharedWords, 1, 1);
          try {
            await this.handleExecute(msg, seq);
          } finally {
            Atomics.store(this.sharedWords, 1, 0);
          }
          break;
        case "kernel_info_request":
          this.sendShell(msg, "kernel_info_reply", kernelInfoContent());
          break;
        case "complete_request":
          this.sendShell(msg, "complete_reply", this.handleComplete(msg));
          break;
        case "inspect_request":
          this.sendShell(msg, "inspect_reply", this.handleInspect(msg));
          break;
        case "is_complete_request":
          this.sendShell(msg, "is_complete_reply", isCompleteCode(String(msg.content.code ?? "")));
          break;
        case "history_request":
          this.sendShell(msg, "history_reply", { status: "ok", history: this.history.query(msg.content as unknown as HistoryQuery) });
          break;
        case "comm_info_request":
          this.sendShell(msg, "comm_info_reply", { status: "ok", comms: {} });
          break;
        case "comm_open":
        case "comm_msg":
        case "comm_close":
          break; // no comm targets: nothing to answer (as ipykernel does for unknown targets)
        case "shutdown_request":
          this.sendShell(msg, "shutdown_reply", { status: "ok", restart: msg.content.restart === true });
          void this.shutdown();
          break;
        default:
          this.log(`shell: ignoring ${type}`);
      }
    } catch (e) {
      this.log(`shell: ${type} failed: ${(e as Error).stack ?? String(e)}`);
    } finally {
      this.publishStatus("idle", msg);
    }
  }

  private handleComplete(msg: JupyterMessage): Record<string, unknown> {
    const code = String(msg.content.code ?? "");
    const cursor = codePointToUtf16(code, Number(msg.content.cursor_pos ?? code.length));
    const r = this.executor.complete(code, cursor);
    return {
      status: "ok",
      matches: r.candidates,
      cursor_start: utf16ToCodePoint(code, r.start),
      cursor_end: utf16ToCodePoint(code, r.end),
      metadata: {},
    };
  }

  private handleInspect(msg: JupyterMessage): Record<string, unknown> {
    const code = String(msg.content.code ?? "");
    const cursor = codePointToUtf16(code, Number(msg.content.cursor_pos ?? code.length));
    // The protocol's cursor may sit just after the name; TypeScript wants a position inside it.
    const text = this.executor.inspect(code, cursor) ?? (cursor > 0 ? this.executor.inspect(code, cursor - 1) : undefined);
    return text ? { status: "ok", found: true, data: { "text/plain": text }, metadata: {} } : { status: "ok", found: false, data: {}, metadata: {} };
  }

  private async handleExecute(msg: JupyterMessage, seq: number): Promise<void> {
    const c = msg.content;
    const code = String(c.code ?? "");
    const silent = c.silent === true;
    const storeHistory = !silent && c.store_history !== false;
    const stopOnError = c.stop_on_error !== false;
    if (seq < this.abortBeforeSeq) {
      this.sendShell(msg, "execute_reply", { status: "aborted", execution_count: this.executionCount });
      return;
    }
    if (storeHistory) this.executionCount++;
    const count = this.executionCount;
    this.parent = msg;
    if (!silent) this.publish("execute_input", { code, execution_count: count }, msg);

    let error: CellError | null = null;
    let resultText: string | null = null;
    let payload: Record<string, unknown>[] = [];
    const page = /^\s*\?\s*([A-Za-z_$][\w$.]*)\s*$/.exec(code) ?? /^\s*([A-Za-z_$][\w$.]*)\s*\?\s*$/.exec(code);
    if (page) {
      // `name?` or `?name`: documentation in the pager, as in IPython.
      const doc = this.executor.inspect(page[1], page[1].length - 1);
      if (doc) payload = [{ source: "page", data: { "text/plain": doc }, start: 0 }];
      else error = { ename: "NameError", evalue: `no documentation found for ${page[1]}`, traceback: [`NameError: no documentation found for ${page[1]}`] };
    } else {
      const outcome = await this.executor.execute(code, `cell[${count}]`);
      if (outcome.status === "error") {
        error = outcome.error;
        if (error.ename === INTERRUPT_ENAME) this.acknowledgeInterrupt();
      } else if (outcome.hasValue && outcome.value !== undefined) {
        this.rendering = true;
        try {
          const bundle = await toMimeBundle(outcome.value);
          resultText = typeof bundle["text/plain"] === "string" ? bundle["text/plain"] : null;
          if (!silent) this.publish("execute_result", { execution_count: count, data: wireBundle(bundle), metadata: {} }, msg);
        } catch (e) {
          error = toCellError(e);
        } finally {
          this.rendering = false;
        }
      }
      // Displays started by the cell but not awaited (e.g. `show(plot)` rendering its SVG) must
      // land in this cell, before execute_reply, not in whichever cell runs next.
      if (!error) {
        this.rendering = true;
        try {
          await settleDisplays();
        } finally {
          this.rendering = false;
        }
      }
    }
    this.flushStreams();
    if (storeHistory) this.history.add(count, code, resultText);

    if (error) {
      if (!silent) this.publish("error", { ...error }, msg);
      if (stopOnError) {
        // Abort the execute requests the client queued before it could see this error (as
        // ipykernel does): let the socket deliver what is already waiting, then abort up to it.
        await new Promise((r) => setTimeout(r, ABORT_COLLECT_MS));
        this.abortBeforeSeq = this.receivedSeq + 1;
      }
      this.sendShell(msg, "execute_reply", { status: "error", execution_count: count, ...error, user_expressions: {}, payload: [] });
      return;
    }
    this.rendering = true;
    let userExpressions: Record<string, unknown>;
    try {
      userExpressions = await this.evaluateUserExpressions((c.user_expressions ?? {}) as Record<string, string>);
    } finally {
      this.rendering = false;
    }
    this.sendShell(msg, "execute_reply", { status: "ok", execution_count: count, payload, user_expressions: userExpressions });
  }

  private async evaluateUserExpressions(exprs: Record<string, string>): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const [name, expr] of Object.entries(exprs)) {
      try {
        out[name] = { status: "ok", data: wireBundle(await toMimeBundle(this.executor.evaluate(expr))), metadata: {} };
      } catch (e) {
        out[name] = { status: "error", ...toCellError(e) };
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- shutdown

  private async shutdown(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.flushStreams();
    try {
      this.executor?.close();
    } catch {
      // the compiler watcher may already be gone
    }
    // Let queued replies and status messages leave before the sockets close.
    await this.shellSends;
    await new Promise((r) => setTimeout(r, 50));
    this.worker.postMessage({ kind: "close" } satisfies ToWorker);
    this.shell.close();
    this.stdin.close();
    await new Promise((r) => setTimeout(r, 50));
    process.exit(0);
  }
}
