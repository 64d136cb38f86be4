/**
 * Plot rendering speed: convspec (vega-lite -> vega 5 SVG, resvg PNG) against matplotlib 3 (Agg
 * backend) drawing the same figures into memory, both timed in this run (median of repeats,
 * after a warm-up, excluding process start-up and imports).
 */
import { execFileSync } from "node:child_process";
import { linePlot, heatmap } from "../src/display/plots";
import { renderPng, renderSvg } from "../src/display/render";

const REPEATS = 9;
const WARMUP = 5; // vega's dataflow code needs a few runs before the JIT settles

async function median(fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < WARMUP; i++) await fn(); // warm-up: module loading, JIT
  const times: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return times.sort((a, b) => a - b)[Math.floor(REPEATS / 2)];
}

const reference = JSON.parse(execFileSync("/usr/bin/python3", ["-c", `
import io, json, time, statistics
import numpy as np
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

w = np.linspace(-np.pi, np.pi, 1001)
def line(fmt):
    fig, ax = plt.subplots(figsize=(6.4, 4))
    ax.plot(w, 4 * np.sin(w / 2) ** 2, label="|1 - e^(-iw)|^2")
    ax.plot(w, w ** 2, label="w^2")
    ax.set_title("Squared symbol"); ax.set_xlabel("w (rad)"); ax.set_ylabel("|F|^2"); ax.legend()
    buf = io.BytesIO(); fig.savefig(buf, format=fmt, dpi=144); plt.close(fig)

n = 64
j = np.arange(n)
v = 4 * np.sin(np.pi * j / n)[:, None] ** 2 + 4 * np.sin(np.pi * j / n)[None, :] ** 2
def heat():
    fig, ax = plt.subplots(figsize=(5, 5))
    # One rectangle per cell, as in the vega heat-map (pcolormesh keeps the cells as vector paths).
    m = ax.pcolormesh(np.fft.fftshift(v), cmap="viridis"); fig.colorbar(m); ax.set_title("Laplacian symbol")
    buf = io.BytesIO(); fig.savefig(buf, format="svg"); plt.close(fig)

def med(f):
    f()
    ts = []
    for _ in range(${REPEATS}):
        t0 = time.perf_counter(); f(); ts.append(time.perf_counter() - t0)
    return statistics.median(ts)

print(json.dumps({"line_svg": med(lambda: line("svg")), "line_png": med(lambda: line("png")), "heat_svg": med(heat)}))
`], { encoding: "utf8" }));

(async () => {
  const w = Float64Array.from({ length: 1001 }, (_, i) => -Math.PI + (2 * Math.PI * i) / 1000);
  const plot = () => linePlot(w, { "|1 - e^(-iw)|^2": w.map((t) => 4 * Math.sin(t / 2) ** 2), "w^2": w.map((t) => t * t) }, { title: "Squared symbol", xLabel: "w (rad)", yLabel: "|F|^2" });
  const n = 64;
  const v = new Float64Array(n * n);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) v[a * n + b] = 4 * Math.sin((Math.PI * a) / n) ** 2 + 4 * Math.sin((Math.PI * b) / n) ** 2;

  const rows = [
    { name: "line plot 2 x 1001 points -> SVG", convspec_s: await median(() => renderSvg(plot())), reference: "matplotlib 3 Agg savefig(svg)", reference_s: reference.line_svg },
    { name: "line plot 2 x 1001 points -> PNG (2x)", convspec_s: await median(() => renderPng(plot(), { scale: 2 })), reference: "matplotlib 3 Agg savefig(png, dpi=144)", reference_s: reference.line_png },
    { name: "heat-map 64 x 64 -> SVG", convspec_s: await median(() => renderSvg(heatmap(v, [n, n]))), reference: "matplotlib 3 pcolormesh savefig(svg)", reference_s: reference.heat_svg },
  ];
  for (const r of rows) console.log(`BENCH ${JSON.stringify({ ...r, goal: 1.0 })}`);
})();
