/**
 * `progress(total)`: a progress indicator for long loops.
 *
 * In a kernel it is one output updated in place with `update_display_data` (same display id),
 * at most a few times per second; `done()` always sends the final state, which shows only the
 * label and the counts (no timings), so two runs leave identical saved outputs.
 * Outside a kernel it prints a plain line at each 10 % step (deterministic, throttled by count).
 */
import { randomUUID } from "node:crypto";
import { checkInteger, checkOptions, DomainError } from "../core/errors";
import { DISPLAY, getDisplaySink, type Displayable, type MimeBundle } from "./channel";
import { escapeHtml } from "./format";

/** Options of {@link progress}. */
export interface ProgressOptions {
  /** Text before the counts, e.g. "layers". Default "progress". */
  label?: string;
  /** Minimum time between two updates in a kernel, in milliseconds (default 250, i.e. <= 4 updates/s). */
  intervalMs?: number;
}

const BAR_WIDTH = 30;

/** A running progress indicator; create it with {@link progress}. */
export class Progress implements Displayable {
  readonly total: number;
  readonly label: string;
  readonly intervalMs: number;
  private completedCount = 0;
  private finished = false;
  private readonly displayId = `convspec-progress-${randomUUID()}`;
  private lastSentAt = 0;
  private lastPrintedStep = 0;
  private readonly inKernel: boolean;

  constructor(total: number, options: ProgressOptions = {}) {
    checkOptions("progress", options, ["label", "intervalMs"]);
    this.total = checkInteger("progress", "total", total, 0);
    this.label = options.label ?? "progress";
    this.intervalMs = options.intervalMs ?? 250;
    if (!(this.intervalMs >= 0) || !Number.isFinite(this.intervalMs)) {
      throw new DomainError(`progress: intervalMs must be a finite number >= 0, got ${this.intervalMs}`);
    }
    const sink = getDisplaySink();
    this.inKernel = sink !== undefined;
    if (sink) {
      sink.display(this.bundle(), { displayId: this.displayId });
      this.lastSentAt = Date.now();
    }
  }

  /** Items completed so far. */
  get completed(): number {
    return this.completedCount;
  }

  /** True once {@link done} was called. */
  get isDone(): boolean {
    return this.finished;
  }

  /** Records `n` (default 1) more completed items; throws DomainError past `total`. */
  tick(n = 1): void {
    checkInteger("progress.tick", "n", n, 0);
    if (this.completedCount + n > this.total) {
      throw new DomainError(`progress "${this.label}": tick(${n}) would make ${this.completedCount + n} completed items, more than the total ${this.total}`);
    }
    this.completedCount += n;
    this.report(false);
  }

  /** Marks the work finished and sends the final state (always, regardless of throttling). */
  done(): void {
    if (this.finished) return;
    this.finished = true;
    this.report(true);
  }

  private report(force: boolean): void {
    const sink = this.inKernel ? getDisplaySink() : undefined;
    if (sink) {
      const now = Date.now();
      if (!force && now - this.lastSentAt < this.intervalMs) return;
      this.lastSentAt = now;
      sink.display(this.bundle(), { displayId: this.displayId, update: true });
      return;
    }
    // Plain-text mode: one line per 10 % step reached, and the final line.
    const step = this.total === 0 ? 10 : Math.floor((10 * this.completedCount) / this.total);
    if (force || step > this.lastPrintedStep) {
      this.lastPrintedStep = step;
      process.stdout.write(this.text() + "\n");
    }
  }

  /** One line: `label [#########.....] 30/100 (30%)`, plus ` done` once finished. */
  text(): string {
    const fraction = this.total === 0 ? 1 : this.completedCount / this.total;
    const filled = Math.round(fraction * BAR_WIDTH);
    const bar = "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled);
    const percent = Math.floor(100 * fraction);
    return `${this.label} [${bar}] ${this.completedCount}/${this.total} (${percent}%)${this.finished ? " done" : ""}`;
  }

  private bundle(): MimeBundle {
    const status = this.finished ? " done" : "";
    const htmlText = `${escapeHtml(this.label)}: ${this.completedCount}/${this.total}${status}`;
    return {
      "text/html": `<div class="convspec-progress"><progress value="${this.completedCount}" max="${Math.max(this.total, 1)}" style="width:20em"></progress> ${htmlText}</div>`,
      "text/plain": this.text(),
    };
  }

  [DISPLAY](): MimeBundle {
    return this.bundle();
  }
}

/**
 * Starts a progress indicator over `total` items (an integer >= 0). Call `tick()` per item (or
 * `tick(n)`) and `done()` at the end:
 * ```ts
 * const p = progress(layers.length, { label: "layers" });
 * for (const layer of layers) { work(layer); p.tick(); }
 * p.done();
 * ```
 */
export function progress(total: number, options: ProgressOptions = {}): Progress {
  return new Progress(total, options);
}
