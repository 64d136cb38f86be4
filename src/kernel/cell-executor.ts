/**
 * Compiles and runs notebook cells with tslab's TypeScript converter, keeping declarations
 * between cells, and returns the last expression's VALUE (tslab itself only prints it) or a
 * structured error (ename / evalue / traceback) instead of printing to stderr.
 *
 * Cell semantics are tslab's: each cell is type-checked against the declarations of the previous
 * cells (`prevDecl`), compiled to CommonJS, and run in this process's global context with
 * `vm.runInThisContext(..., { breakOnSigint: true })`; top-level `await` is allowed; local `.ts`
 * files imported by a cell are compiled too ("side outputs").
 *
 * Interrupts ({@link CellExecutor.interrupt}) end the current cell with an `InterruptError`:
 * synchronous code is stopped by `breakOnSigint` (or by the I/O thread, see io-worker.ts); an
 * awaiting cell is abandoned and every timer (setTimeout / setInterval / setImmediate) it created
 * is cancelled, so a loop like `while (true) { await sleep(10) }` stops instead of running on
 * in the background.
 */
import * as path from "node:path";
import * as vm from "node:vm";
import Module, { createRequire } from "node:module";
import { inspect as utilInspect, promisify } from "node:util";
import { createConverter, Converter, Diagnostic } from "tslab/dist/converter";
import { getCodeMetadata } from "tslab/dist/metadata";
import { printQuickInfo } from "tslab/dist/inspect";

/** What a failed cell reports (the fields of Jupyter's `error` message). */
export interface CellError {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** Outcome of one cell: its last expression's value (if it ends with an expression) or an error. */
export type CellOutcome = { status: "ok"; hasValue: boolean; value: unknown } | { status: "error"; error: CellError };

/** Options of {@link CellExecutor}. */
export interface CellExecutorOptions {
  /** Directory bare imports and relative files are resolved from (the notebook's directory). */
  cwd: string;
  /** Extra run-time resolution of `require(id)` tried first (e.g. the convspec redirect). */
  resolveRequest?: (id: string) => { value: unknown } | undefined;
}

/** The global through which compiled cells receive their `exports` and `require`. */
const CELL_GLOBAL = "__convspec_cell__";

/** Ename of an interrupted cell. */
export const INTERRUPT_ENAME = "InterruptError";

/** Formats a TypeScript diagnostic as `file line:col - message` (1-based, like tsc). */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.fileName ? d.fileName + " " : ""}${d.start.line + 1}:${d.start.character + 1} - ${d.messageText}`;
}

/** Compile errors -> one `TSError` (evalue: first message; traceback: every message). */
export function compileError(diags: readonly Diagnostic[]): CellError {
  const lines = diags.map(formatDiagnostic);
  const more = lines.length > 1 ? ` (and ${lines.length - 1} more)` : "";
  return { ename: "TSError", evalue: lines[0] + more, traceback: ["TSError: TypeScript compilation failed", ...lines] };
}

/**
 * Any thrown value -> ename / evalue / traceback. Stack frames of the kernel itself and of Node
 * internals are dropped: the user sees the frames of their cells and libraries.
 */
export function toCellError(e: unknown): CellError {
  if (e instanceof Error || (typeof e === "object" && e !== null && "message" in e && "stack" in e)) {
    const err = e as Error & { code?: string };
    if (err.code === "ERR_SCRIPT_EXECUTION_INTERRUPTED") return interruptError();
    const ename = err.name || err.constructor?.name || "Error";
    const evalue = String(err.message);
    const stack = typeof err.stack === "string" ? err.stack.split("\n") : [`${ename}: ${evalue}`];
    const traceback = stack.filter((line, i) => i === 0 || !(line.includes(__dirname) || /\(node:|at node:/.test(line)));
    return { ename, evalue, traceback };
  }
  const shown = utilInspect(e, { depth: 2 });
  return { ename: "Thrown", evalue: shown, traceback: [`Uncaught (not an Error): ${shown}`] };
}

function interruptError(): CellError {
  return { ename: INTERRUPT_ENAME, evalue: "execution interrupted", traceback: [`${INTERRUPT_ENAME}: execution interrupted`] };
}

class Interrupted extends Error {}

/**
 * One notebook session's cells: `execute` compiles a cell against the previous cells'
 * declarations and runs it; `complete` / `inspect` answer editor requests in that context.
 */
export class CellExecutor {
  private readonly converter: Converter;
  private prevDecl = "";
  private readonly locals: Record<string, unknown>;
  private readonly sideOutputs = new Map<string, string>();
  private readonly sideModules = new Map<string, Module>();
  private rejectRunning: ((e: Error) => void) | null = null;
  /** Timers created while a cell runs; cancelled if that cell is interrupted. */
  private readonly cellTimers = new Set<{ kind: "timeout" | "interval" | "immediate"; handle: unknown }>();
  private running = false;
  /**
   * What this thread is doing for the current cell: compiling, running user code (including its
   * awaits), or nothing. A forced termination (io-worker.ts) leaves it as it was, which tells the
   * kernel whether the killed JavaScript was the compiler (see Kernel.recoverFromTermination).
   */
  phase: "idle" | "compile" | "user" = "idle";

  constructor(private readonly options: CellExecutorOptions) {
    this.converter = createConverter({ isJS: false, isBrowser: false });
    this.locals = createLocals();
    const req = this.wrapRequire(createRequire(path.join(options.cwd, "__cell__.js")), options.cwd);
    vm.runInThisContext(`(x) => { globalThis.${CELL_GLOBAL} = x; }`)({ exports: this.locals, require: req });
    this.trackTimers();
  }

  /** Runs one cell. `cellName` names it in stack traces (e.g. `cell[3]`). */
  async execute(code: string, cellName: string): Promise<CellOutcome> {
    this.phase = "compile";
    try {
      return await this.compileAndRun(code, cellName);
    } finally {
      this.phase = "idle";
    }
  }

  private async compileAndRun(code: string, cellName: string): Promise<CellOutcome> {
    const meta = getCodeMetadata(code);
    if (meta.mode === "browser") {
      return { status: "error", error: { ename: "UnsupportedError", evalue: "//%browser cells are not supported by the convspec kernel", traceback: [] } };
    }
    if (meta.module) {
      const diags = this.converter.addModule(meta.module, code, meta);
      return diags.length > 0 ? { status: "error", error: compileError(diags) } : { status: "ok", hasValue: false, value: undefined };
    }
    const converted = this.converter.convert(this.prevDecl, code);
    for (const out of converted.sideOutputs ?? []) {
      this.sideModules.delete(out.path);
      this.sideOutputs.set(out.path, out.data);
    }
    if (converted.diagnostics.length > 0) return { status: "error", error: compileError(converted.diagnostics) };
    if (!converted.output) {
      this.prevDecl = converted.declOutput ?? "";
      return { status: "ok", hasValue: false, value: undefined };
    }
    const prefix = converted.hasToplevelAwait ? "(async function(exports, require) { " : "(function(exports, require) { ";
    const wrapped = `${prefix}${converted.output}\n})(${CELL_GLOBAL}.exports, ${CELL_GLOBAL}.require)`;
    this.cellTimers.clear();
    this.phase = "user";
    this.running = true;
    try {
      const ret: unknown = vm.runInThisContext(wrapped, { breakOnSigint: true, filename: cellName, displayErrors: false });
      if (converted.hasToplevelAwait) {
        const interrupted = new Promise<never>((_, reject) => {
          this.rejectRunning = reject;
        });
        await Promise.race([ret, interrupted]);
      }
    } catch (e) {
      if (e instanceof Interrupted) this.cancelCellTimers();
      return { status: "error", error: e instanceof Interrupted ? interruptError() : toCellError(e) };
    } finally {
      this.running = false;
      this.rejectRunning = null;
    }
    this.prevDecl = converted.declOutput ?? "";
    const name = converted.lastExpressionVar;
    if (name && Object.prototype.hasOwnProperty.call(this.locals, name)) {
      const value = this.locals[name];
      delete this.locals[name];
      return { status: "ok", hasValue: true, value };
    }
    return { status: "ok", hasValue: false, value: undefined };
  }

  /** Ends an awaiting cell now (its timers are cancelled). Synchronous code is stopped by SIGINT. */
  interrupt(): boolean {
    if (!this.rejectRunning) return false;
    this.rejectRunning(new Interrupted("interrupted"));
    return true;
  }

  /** True while a cell is running (including its awaits). */
  get isRunning(): boolean {
    return this.running;
  }

  /** Completions at UTF-16 offset `pos`: replace `code[start, end)` by one of `candidates`. */
  complete(code: string, pos: number): { start: number; end: number; candidates: string[] } {
    const info = this.converter.complete(this.prevDecl, code, pos);
    return { start: info.start, end: info.end, candidates: info.candidates };
  }

  /** Quick info (type and doc comment) of the symbol at `pos`, or `undefined`. */
  inspect(code: string, pos: number): string | undefined {
    const info = this.converter.inspect(this.prevDecl, code, pos);
    return info ? printQuickInfo(info) : undefined;
  }

  /**
   * Evaluates a JavaScript expression against the notebook's variables (for `user_expressions`);
   * the expression is not type-checked.
   */
  evaluate(expression: string): unknown {
    const fn = vm.runInThisContext(`(function(__locals) { with (__locals) { return (${expression}\n); } })`, { filename: "user_expression" }) as (l: object) => unknown;
    return fn(this.locals);
  }

  /** Forgets all variables and declarations. */
  reset(): void {
    this.prevDecl = "";
    for (const k of Object.getOwnPropertyNames(this.locals)) delete this.locals[k];
  }

  close(): void {
    this.converter.close();
  }

  private cancelCellTimers(): void {
    for (const t of this.cellTimers) {
      if (t.kind === "immediate") clearImmediate(t.handle as NodeJS.Immediate);
      else clearTimeout(t.handle as NodeJS.Timeout);
    }
    this.cellTimers.clear();
  }

  /** Wraps the global timer functions so that timers created by a running cell are recorded. */
  private trackTimers(): void {
    const g = globalThis as unknown as Record<string, unknown>;
    const self = this;
    for (const [name, kind] of [["setTimeout", "timeout"], ["setInterval", "interval"], ["setImmediate", "immediate"]] as const) {
      const original = g[name] as ((...a: unknown[]) => unknown) & Record<symbol, unknown>;
      if ((original as Record<symbol, unknown>)[TRACKED]) continue;
      const wrapper = function (this: unknown, callback: unknown, ...rest: unknown[]): unknown {
        if (!self.running || typeof callback !== "function") return original.call(this, callback, ...rest);
        const entry = { kind, handle: undefined as unknown };
        const cb = callback as (...a: unknown[]) => unknown;
        const fire = function (this: unknown, ...args: unknown[]): unknown {
          if (kind !== "interval") self.cellTimers.delete(entry);
          return cb.apply(this, args);
        };
        entry.handle = original.call(this, fire, ...rest);
        self.cellTimers.add(entry);
        return entry.handle;
      } as unknown as Record<symbol, unknown>;
      wrapper[TRACKED] = true;
      // util.promisify(setTimeout) keeps working.
      if (original[promisify.custom]) wrapper[promisify.custom] = original[promisify.custom];
      Object.defineProperty(wrapper, "name", { value: name });
      g[name] = wrapper;
    }
  }

  /** `require` for cells: convspec redirect, `tslab`, compiled local .ts files, then Node's. */
  private wrapRequire(req: NodeJS.Require, dirname: string): NodeJS.Require {
    const self = this;
    const fromSideOutputs = (id: string): { value: unknown } | undefined => {
      let filename = path.join(dirname, id).replace(/\\/g, "/");
      if (path.extname(filename) === "") filename += ".js";
      const cached = self.sideModules.get(filename);
      if (cached) return { value: cached.exports };
      const source = self.sideOutputs.get(filename);
      if (source === undefined) return undefined;
      const mod = new Module(filename, module);
      mod.filename = filename;
      mod.paths = (Module as unknown as { _nodeModulePaths(d: string): string[] })._nodeModulePaths(path.dirname(filename));
      mod.require = self.wrapRequire(mod.require as NodeJS.Require, path.dirname(filename)) as typeof mod.require;
      (mod as unknown as { _compile(src: string, file: string): void })._compile(source, filename);
      self.sideModules.set(filename, mod);
      return { value: mod.exports };
    };
    return new Proxy(req, {
      apply: (_target, thisArg, args: unknown[]) => {
        if (args.length === 1 && typeof args[0] === "string") {
          const id = args[0];
          const redirected = self.options.resolveRequest?.(id);
          if (redirected) return redirected.value;
          if (id === "tslab") return require("tslab");
          if (id.startsWith(".") || path.isAbsolute(id)) {
            const side = fromSideOutputs(id);
            if (side) return side.value;
          }
        }
        return Reflect.apply(req, thisArg, args);
      },
    });
  }
}

const TRACKED = Symbol.for("convspec.kernel.trackedTimer");

/**
 * The cells' shared `exports` object. TypeScript compiles named imports to `defineProperty`
 * getters; storing plain values keeps them re-assignable by later cells (as in tslab).
 */
function createLocals(): Record<string, unknown> {
  const store: Record<string, unknown> = {};
  return new Proxy(store, {
    defineProperty: (_t, prop, attrs) => {
      if (prop === "__esModule") return true;
      store[prop as string] = attrs.get ? attrs.get() : attrs.value;
      return true;
    },
  });
}
