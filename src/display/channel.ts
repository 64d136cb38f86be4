/**
 * The contract between library objects, the display helpers and the kernel.
 *
 * - A library object is displayable when it has a method under `Symbol.for("Jupyter.display")`
 *   returning a MIME bundle (the Deno kernel's convention): `{ "text/plain": ..., "text/latex": ... }`.
 * - The kernel registers a {@link DisplaySink} on `globalThis` (so every copy of this module, from
 *   dist/ or src/, sees the same one); `show()` and friends send bundles through it. Outside a
 *   kernel there is no sink and the helpers print `text/plain` to stdout.
 */
import { inspect } from "node:util";

/** A MIME bundle: MIME type -> data (string, or JSON-able object for JSON types). */
export type MimeBundle = Record<string, unknown>;

/** Options of one display message. */
export interface DisplayOptions {
  /** Display id: later messages with `update: true` and the same id replace this output. */
  displayId?: string;
  /** Send `update_display_data` (replace output `displayId`) instead of `display_data`. */
  update?: boolean;
  /** Per-MIME metadata, e.g. `{ "image/png": { width: 640 } }`. */
  metadata?: Record<string, unknown>;
}

/** What the kernel provides: send a bundle, clear the cell's output. */
export interface DisplaySink {
  display(bundle: MimeBundle, options?: DisplayOptions): void;
  clearOutput(wait?: boolean): void;
}

/** The display-protocol method name: `obj[DISPLAY]()` returns a {@link MimeBundle}. */
export const DISPLAY: unique symbol = Symbol.for("Jupyter.display") as never;

/**
 * An object that renders itself. The bundle may be returned as a Promise (vega renders SVG
 * asynchronously); the kernel awaits it before it replies to the cell.
 */
export interface Displayable {
  [DISPLAY](): MimeBundle | Promise<MimeBundle>;
}

const SINK_KEY = Symbol.for("convspec.displaySink");

/** Registers (or with `undefined`, removes) the sink; called by the kernel at start-up. */
export function setDisplaySink(sink: DisplaySink | undefined): void {
  (globalThis as Record<symbol, unknown>)[SINK_KEY] = sink;
}

/** The registered sink, or `undefined` outside a kernel. */
export function getDisplaySink(): DisplaySink | undefined {
  return (globalThis as Record<symbol, unknown>)[SINK_KEY] as DisplaySink | undefined;
}

/** True when `x` implements the display protocol. */
export function isDisplayable(x: unknown): x is Displayable {
  return x !== null && (typeof x === "object" || typeof x === "function") && typeof (x as Record<symbol, unknown>)[DISPLAY] === "function";
}

/**
 * The MIME bundle for any value: the object's own bundle (with `text/plain` added when it has
 * none), else `text/plain` from `util.inspect`.
 */
export async function toMimeBundle(x: unknown): Promise<MimeBundle> {
  if (isDisplayable(x)) {
    const bundle = { ...(await x[DISPLAY]()) };
    if (!("text/plain" in bundle)) bundle["text/plain"] = inspect(x, { depth: 2 });
    return bundle;
  }
  return { "text/plain": typeof x === "string" ? inspect(x) : inspect(x, { depth: 4, maxArrayLength: 50 }) };
}

const PENDING_KEY = Symbol.for("convspec.pendingDisplays");

function pendingDisplays(): Set<Promise<unknown>> {
  const g = globalThis as Record<symbol, unknown>;
  g[PENDING_KEY] ??= new Set<Promise<unknown>>();
  return g[PENDING_KEY] as Set<Promise<unknown>>;
}

/**
 * Registers a display still being prepared (e.g. `show(plot)` rendering its SVG without `await`),
 * so that the kernel can wait for it with {@link settleDisplays} before it ends the cell and the
 * output still lands in the cell that asked for it. Returns `promise`.
 */
export function trackDisplay<T>(promise: Promise<T>): Promise<T> {
  const set = pendingDisplays();
  const entry = promise.finally(() => set.delete(entry));
  // The caller handles rejection of `promise`; the tracked copy must not raise an unhandled rejection.
  entry.catch(() => {});
  set.add(entry);
  return promise;
}

/** Resolves once every display registered with {@link trackDisplay} has been sent (or failed). */
export async function settleDisplays(): Promise<void> {
  const set = pendingDisplays();
  while (set.size > 0) await Promise.allSettled([...set]);
}
