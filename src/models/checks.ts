/**
 * The lecture's two derivative checks as public tools, returning result objects that display as
 * tables (and, for the Taylor test, a log-log plot).
 *
 * - Adjoint test: for random v, w, `gap = |<w, A v> - <A^T w, v>| / max(|<w, A v>|, tiny)`;
 *   passes when `gap < 1e-10` (double precision).
 * - Taylor test of a derivative: with `h_j = 2^-j` (j = 0, 1, ...) and direction v,
 *   `E0(h) = ||f(x + h v) - f(x)||` (falls like h) and `E1(h) = ||f(x + h v) - f(x) - h J v||`
 *   (falls like h^2 when J is right). Observed orders `log2(E(h_{j-1}) / E(h_j))`. A step counts
 *   when the order of E1 exceeds 1.9 or `E0 / E1 > 100` (models linear in x make E1 pure round-off);
 *   the test passes when more than 3 steps count.
 *   Resolution: because `E0 / E1 > 100` counts, an error in J smaller than about 1% of `|J v|`
 *   passes; larger errors make E1 fall like h with E0/E1 < 100 and fail. Check J^T with
 *   {@link checkAdjoint} against a J that passed.
 */
import { DomainError, ShapeError, checkFinite, checkInteger, checkOptions } from "../core/errors";
import type { LinearOperator } from "../core/operator";
import { Rng } from "../core/random";
import { DISPLAY, type MimeBundle } from "../display/channel";
import { logLogPlot } from "../display/plots";
import type { Plot } from "../display/plot";
import { dot } from "../core/vector";

/** Default pass threshold of {@link checkAdjoint}. */
export const ADJOINT_TOLERANCE = 1e-10;

function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}
function size(shape: readonly number[]): number {
  return shape.reduce((p, s) => p * s, 1);
}
function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  return Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toPrecision(4) : x.toExponential(3);
}

/** Result of {@link checkAdjoint}. */
export class AdjointCheck {
  constructor(
    readonly name: string,
    /** `<w, A v>` */
    readonly wAv: number,
    /** `<A^T w, v>` */
    readonly aTwv: number,
    /** `|wAv - aTwv| / max(|wAv|, 1e-300)` */
    readonly relativeGap: number,
    readonly tolerance: number,
  ) {}
  get passed(): boolean { return this.relativeGap < this.tolerance; }
  toString(): string {
    return `adjoint check ${this.name}: <w,Av> = ${this.wAv}, <A^T w,v> = ${this.aTwv}, relative gap ${this.relativeGap.toExponential(2)} (${this.passed ? "passed" : "FAILED"}, tolerance ${this.tolerance})`;
  }
  [DISPLAY](): MimeBundle {
    const cells = [this.name, this.wAv.toPrecision(16), this.aTwv.toPrecision(16), this.relativeGap.toExponential(2), this.passed ? "passed" : "FAILED"];
    const html = `<table><thead><tr><th>operator</th><th>&lt;w, A v&gt;</th><th>&lt;A<sup>T</sup> w, v&gt;</th><th>relative gap</th><th>&lt; ${this.tolerance}?</th></tr></thead>` +
      `<tbody><tr>${cells.map((c) => `<td>${c.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</td>`).join("")}</tr></tbody></table>`;
    return { "text/html": html, "text/plain": this.toString() };
  }
}

/** Options of {@link checkAdjoint}. */
export interface AdjointCheckOptions {
  /** Seed of the random v, w (standard normal); default 1. */
  seed?: number;
  /** Pass threshold on the relative gap; default {@link ADJOINT_TOLERANCE}. */
  tolerance?: number;
  /** Label shown in the table. */
  name?: string;
}

/**
 * Adjoint test of a {@link LinearOperator}: random v (input shape) and w (output shape),
 * `relativeGap = |<w, A v> - <A^T w, v>| / |<w, A v>|`. Passes below 1e-10 by default.
 */
export function checkAdjoint(op: LinearOperator, options: AdjointCheckOptions = {}): AdjointCheck {
  checkOptions("checkAdjoint", options, ["seed", "tolerance", "name"]);
  if (!op || typeof op.apply !== "function" || typeof op.applyT !== "function") throw new ShapeError("checkAdjoint: expected a LinearOperator {inputShape, outputShape, apply, applyT}");
  const rng = new Rng(options.seed ?? 1);
  const n = size(op.inputShape);
  const m = size(op.outputShape);
  const v = rng.normals(n);
  const w = rng.normals(m);
  const Av = op.apply(v);
  const ATw = op.applyT(w);
  if (Av.length !== m) throw new ShapeError(`checkAdjoint: apply returned ${Av.length} numbers; outputShape [${op.outputShape}] has ${m}`);
  if (ATw.length !== n) throw new ShapeError(`checkAdjoint: applyT returned ${ATw.length} numbers; inputShape [${op.inputShape}] has ${n}`);
  checkFinite("checkAdjoint: A v", Av);
  checkFinite("checkAdjoint: A^T w", ATw);
  const a = dot(w, Av);
  const b = dot(ATw, v);
  const gap = Math.abs(a - b) / Math.max(Math.abs(a), 1e-300);
  return new AdjointCheck(options.name ?? "A", a, b, gap, options.tolerance ?? ADJOINT_TOLERANCE);
}

/** A differentiable map for {@link checkJacobian}: its value and its Jacobian-vector product. */
export interface Differentiable {
  /** f(x). */
  f(x: Float64Array): Float64Array;
  /** J(x) v. */
  jacobianMv(x: Float64Array, v: Float64Array): Float64Array;
}

/** One row of a Taylor test. */
export interface TaylorRow {
  j: number;
  h: number;
  E0: number;
  E1: number;
  /** log2(E0(h_{j-1}) / E0(h_j)); NaN on the first row. */
  orderE0: number;
  orderE1: number;
  /** Whether this step counts towards passing (order of E1 > 1.9 or E0/E1 > 100). */
  ok: boolean;
}

/** Result of {@link checkJacobian}: the table, the verdict, and a log-log plot when displayed. */
export class JacobianCheck {
  constructor(readonly name: string, readonly rows: readonly TaylorRow[], readonly requiredSteps: number) {}
  /** Number of steps that count. */
  get goodSteps(): number { return this.rows.filter((r) => r.ok).length; }
  get passed(): boolean { return this.goodSteps > this.requiredSteps; }
  toString(): string {
    const head = `Taylor test ${this.name}: ${this.passed ? "passed" : "FAILED"} (${this.goodSteps} of ${this.rows.length} steps with order(E1) > 1.9 or E0/E1 > 100; need > ${this.requiredSteps})`;
    const lines = this.rows.map((r) => `${String(r.j).padStart(3)}  h=${fmt(r.h).padEnd(10)} E0=${fmt(r.E0).padEnd(10)} E1=${fmt(r.E1).padEnd(10)} p0=${fmt(r.orderE0).padEnd(7)} p1=${fmt(r.orderE1).padEnd(7)} ${r.ok ? "ok" : ""}`);
    return [head, ...lines].join("\n");
  }
  /** Table (HTML) and log-log plot of E0 and E1 against h. */
  tableHtml(): string {
    const body = this.rows.map((r) => `<tr><td>${r.j}</td><td>${fmt(r.h)}</td><td>${fmt(r.E0)}</td><td>${fmt(r.E1)}</td><td>${fmt(r.orderE0)}</td><td>${fmt(r.orderE1)}</td><td>${r.ok ? "&#10003;" : ""}</td></tr>`).join("");
    return `<p>Taylor test <b>${this.name.replace(/</g, "&lt;")}</b>: ${this.passed ? "passed" : "<b>FAILED</b>"} (${this.goodSteps}/${this.rows.length} steps count, need &gt; ${this.requiredSteps})</p>` +
      `<table><thead><tr><th>j</th><th>h = 2<sup>-j</sup></th><th>E0</th><th>E1</th><th>order E0</th><th>order E1</th><th>counts</th></tr></thead><tbody>${body}</tbody></table>`;
  }
  /**
   * Log-log plot of E0 and E1 against h (display engineer's `logLogPlot`, with fitted slopes:
   * about 1 for E0 and 2 for E1 when J is right). Zero errors have no logarithm and are left out;
   * a series with fewer than 2 positive points is dropped.
   */
  plot(): Plot {
    const keep = (key: "E0" | "E1") => this.rows.filter((r) => r[key] > 0);
    const series: Record<string, Float64Array> = {};
    const xs: Float64Array[] = [];
    for (const key of ["E0", "E1"] as const) {
      const rows = keep(key);
      if (rows.length < 2) continue;
      series[key] = Float64Array.from(rows, (r) => r[key]);
      xs.push(Float64Array.from(rows, (r) => r.h));
    }
    return logLogPlot(xs, series, { title: `Taylor test: ${this.name}`, subtitle: "E0 = ‖f(x+hv) − f(x)‖ (slope 1),  E1 = ‖f(x+hv) − f(x) − h Jv‖ (slope 2)", xLabel: "h", yLabel: "error", width: 420, height: 260 });
  }
  async [DISPLAY](): Promise<MimeBundle> {
    const svg = await this.plot().svg();
    return { "text/html": this.tableHtml() + `<div>${svg}</div>`, "image/svg+xml": svg, "text/plain": this.toString() };
  }
}

/** Options of {@link checkJacobian}. */
export interface JacobianCheckOptions {
  /** Direction v (length of x0); default: standard normal from `seed`. */
  direction?: Float64Array;
  /** Seed of the random direction; default 1. */
  seed?: number;
  /** Number of step sizes h = 2^0 .. 2^-(steps-1); default 16 (at least 5; ReLU models need small h to stop crossing kinks). */
  steps?: number;
  /** Label shown in the table. */
  name?: string;
}

/**
 * Taylor test of `jacobianMv` against `f` at x0 (see the file comment for E0, E1 and the verdict).
 * Units: E0, E1 in the units of f; h is dimensionless (x = x0 + h v).
 */
export function checkJacobian(fn: Differentiable, x0: Float64Array, options: JacobianCheckOptions = {}): JacobianCheck {
  const where = "checkJacobian";
  checkOptions(where, options, ["direction", "seed", "steps", "name"]);
  if (!fn || typeof fn.f !== "function" || typeof fn.jacobianMv !== "function") throw new ShapeError(`${where}: expected {f(x), jacobianMv(x, v)}`);
  if (!(x0 instanceof Float64Array) || x0.length === 0) throw new ShapeError(`${where}: x0 must be a non-empty Float64Array`);
  checkFinite(`${where}: x0`, x0);
  const steps = checkInteger(where, "steps", options.steps ?? 16, 5, 60);
  const v = options.direction ?? new Rng(options.seed ?? 1).normals(x0.length);
  if (!(v instanceof Float64Array) || v.length !== x0.length) throw new ShapeError(`${where}: direction has length ${v?.length}; x0 has ${x0.length}`);
  checkFinite(`${where}: direction`, v);
  if (norm(v) === 0) throw new DomainError(`${where}: direction must be non-zero`);
  const f0 = fn.f(x0);
  const Jv = fn.jacobianMv(x0, v);
  if (Jv.length !== f0.length) throw new ShapeError(`${where}: jacobianMv returned ${Jv.length} numbers; f returns ${f0.length}`);
  checkFinite(`${where}: J v`, Jv);
  const rows: TaylorRow[] = [];
  const x = new Float64Array(x0.length);
  const r0 = new Float64Array(f0.length);
  const r1 = new Float64Array(f0.length);
  for (let j = 0; j < steps; j++) {
    const h = 2 ** -j;
    for (let i = 0; i < x.length; i++) x[i] = x0[i] + h * v[i];
    const fx = fn.f(x);
    for (let i = 0; i < fx.length; i++) {
      r0[i] = fx[i] - f0[i];
      r1[i] = r0[i] - h * Jv[i];
    }
    const E0 = norm(r0);
    const E1 = norm(r1);
    const prev = rows[j - 1];
    const orderE0 = prev ? Math.log2(prev.E0 / E0) : NaN;
    const orderE1 = prev ? Math.log2(prev.E1 / E1) : NaN;
    // E0 = E1 = 0: f is constant along v and J v = 0 exactly; consistent
    const ok = (E0 === 0 && E1 === 0) || orderE1 > 1.9 || E0 > 100 * E1;
    rows.push({ j, h, E0, E1, orderE0, orderE1, ok });
  }
  return new JacobianCheck(options.name ?? "f", rows, 3);
}

/** Builds a {@link LinearOperator} from its two products (e.g. a Jacobian `v -> J v`, `w -> J^T w`). */
export function linearOperator(inputShape: readonly number[], outputShape: readonly number[], apply: (x: Float64Array) => Float64Array, applyT: (y: Float64Array) => Float64Array): LinearOperator {
  return { inputShape: [...inputShape], outputShape: [...outputShape], apply, applyT };
}
