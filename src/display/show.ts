/**
 * `show(x)`: display any value now, in the middle of a cell.
 */
import { checkOptions } from "../core/errors";
import { getDisplaySink, isDisplayable, toMimeBundle, trackDisplay, DISPLAY, type DisplayOptions, type MimeBundle } from "./channel";

/**
 * Displays `x` now: in a kernel its MIME bundle goes out as a `display_data` message (all MIME
 * types at once); outside a kernel its `text/plain` is printed to stdout.
 *
 * Objects whose bundle is synchronous (LaTeX, HTML, tables, claims) are sent before `show`
 * returns; plots render their SVG asynchronously, so `await show(plot)` to keep outputs in order
 * (a kernel that calls `settleDisplays()` before ending a cell also catches a forgotten `await`).
 * @param options.displayId  id for later replacement with `update: true` (`update_display_data`).
 * @returns a Promise resolved once the bundle has been sent.
 */
export function show(x: unknown, options: DisplayOptions = {}): Promise<void> {
  checkOptions("show", options, ["displayId", "update", "metadata"]);
  if (isDisplayable(x)) {
    const bundle = x[DISPLAY]();
    if (!(bundle instanceof Promise)) {
      send(withPlainText(bundle, x), options);
      return Promise.resolve();
    }
  }
  return trackDisplay(toMimeBundle(x).then((bundle) => send(bundle, options)));
}

function withPlainText(bundle: MimeBundle, x: unknown): MimeBundle {
  if ("text/plain" in bundle) return bundle;
  return { ...bundle, "text/plain": String(x) };
}

/** Sends a ready bundle: to the kernel's sink, or its text/plain to stdout. */
export function send(bundle: MimeBundle, options: DisplayOptions = {}): void {
  const sink = getDisplaySink();
  if (sink) {
    sink.display(bundle, options);
  } else {
    process.stdout.write(String(bundle["text/plain"] ?? "") + "\n");
  }
}
