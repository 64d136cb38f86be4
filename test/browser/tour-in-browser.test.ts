/**
 * Browser check: Debian's classic Jupyter Notebook serves a copy of notebooks/ on loopback,
 * headless Debian Chromium (driven by playwright-core, no browser download) opens the tour,
 * runs every cell with the convspec kernel, and we assert that the rendered page contains the
 * SVG plot and MathJax-typeset LaTeX. A full-page screenshot goes to out/browser/tour.png.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const root = process.env.CONVSPEC_ROOT ?? join(__dirname, "..", "..");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

async function waitForHttp(url: string, ms: number): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() - t0 > ms) throw new Error(`notebook server did not answer at ${url} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test("the tour runs in classic Notebook in headless Chromium, with SVG plot and typeset LaTeX", async () => {
  const work = mkdtempSync(join(tmpdir(), "convspec-browser-"));
  const nbDir = join(work, "notebooks");
  cpSync(join(root, "notebooks", "00-tour.ipynb"), join(nbDir, "00-tour.ipynb"), { recursive: true });
  for (const d of ["config", "data", "runtime"]) mkdirSync(join(work, d));
  const port = await freePort();
  const token = "convspec-browser-test";
  let server: ChildProcess | undefined;
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
  try {
    server = spawn(
      "/usr/bin/python3",
      ["-m", "notebook", "--no-browser", "--allow-root", "--ip=127.0.0.1", `--port=${port}`,
        `--NotebookApp.token=${token}`, `--notebook-dir=${nbDir}`],
      {
        env: {
          ...process.env,
          JUPYTER_PATH: join(root, ".jupyter-prefix", "share", "jupyter"),
          JUPYTER_CONFIG_DIR: join(work, "config"),
          JUPYTER_DATA_DIR: join(work, "data"),
          JUPYTER_RUNTIME_DIR: join(work, "runtime"),
        },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let serverLog = "";
    server.stderr!.on("data", (b: Buffer) => { serverLog += b.toString(); });
    await waitForHttp(`http://127.0.0.1:${port}/api?token=${token}`, 30_000).catch((e) => {
      throw new Error(`${(e as Error).message}\n${serverLog.slice(-2000)}`);
    });

    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(`http://127.0.0.1:${port}/notebooks/00-tour.ipynb?token=${token}`);
    // The notebook app is ready when its kernel reports idle.
    await page.waitForFunction(
      () => {
        const J = (globalThis as any).Jupyter;
        return J?.notebook?.kernel?.is_connected?.() && J.notebook.kernel_selector?.current_selection === "convspec";
      },
      undefined,
      { timeout: 60_000 },
    );
    await page.evaluate(() => (globalThis as any).Jupyter.notebook.execute_all_cells());
    // Every code cell has run when each has an execution count and the kernel is idle again.
    await page.waitForFunction(
      () => {
        const nb = (globalThis as any).Jupyter.notebook;
        const cells = nb.get_cells().filter((c: any) => c.cell_type === "code");
        return !nb.kernel_busy && cells.every((c: any) => typeof c.input_prompt_number === "number");
      },
      undefined,
      { timeout: 180_000, polling: 500 },
    );
    // MathJax typesets asynchronously after the outputs arrive.
    await page.waitForSelector(".output_area .MathJax_Display, .output_area .MathJax", { timeout: 60_000 });

    const errors = await page.locator(".output_error").count();
    assert.equal(errors, 0, "no cell may show an error output");
    const svgPlots = await page.locator(".output_svg svg").count();
    assert.ok(svgPlots >= 1, `expected at least one SVG plot, found ${svgPlots}`);
    const plotText = await page.locator(".output_svg svg text").allTextContents();
    assert.ok(plotText.some((t) => t.trim().length > 0), "the SVG plot must carry text (axis labels, title)");
    const typeset = await page.locator(".output_area .MathJax_Display, .output_area .MathJax").count();
    assert.ok(typeset >= 1, `expected typeset LaTeX, found ${typeset} MathJax nodes`);

    const outDir = join(root, "out", "browser");
    mkdirSync(outDir, { recursive: true });
    // Classic Notebook scrolls inside #site; unroll it so the full-page shot shows every cell.
    await page.addStyleTag({ content: "html, body { height: auto !important; overflow: visible !important; } #site { height: auto !important; overflow: visible !important; }" });
    await page.evaluate(() => (globalThis as any).scrollTo(0, 0));
    await page.screenshot({ path: join(outDir, "tour.png"), fullPage: true });
  } finally {
    await browser?.close();
    server?.kill("SIGTERM");
    rmSync(work, { recursive: true, force: true });
  }
});
