// Opens the tour in a real browser: Debian's classic Jupyter Notebook serves a copy of
// notebooks/00-tour.ipynb on loopback, headless Debian Chromium (driven by playwright-core; no
// browser download) runs every cell with the convspec kernel, and a full-page screenshot is
// saved. Used by `npm run reproduce` (screenshot into out/browser/) and by
// test/browser/tour-in-browser.test.ts (which asserts on what the page shows).
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { chromium } from "playwright-core";

const root = new URL("..", import.meta.url).pathname;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = srv.address().port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

async function waitForHttp(url, ms) {
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

/**
 * Runs the tour in classic Notebook + headless Chromium and saves a full-page screenshot.
 * Returns what the rendered page contains: error outputs, SVG plots, text inside them, and
 * MathJax-typeset nodes.
 */
export async function runTourInBrowser({ screenshot = join(root, "out", "browser", "tour.png") } = {}) {
  const work = mkdtempSync(join(tmpdir(), "convspec-browser-"));
  const nbDir = join(work, "notebooks");
  // a copy, so the server's autosave never touches the committed notebook
  cpSync(join(root, "notebooks", "00-tour.ipynb"), join(nbDir, "00-tour.ipynb"));
  for (const d of ["config", "data", "runtime"]) mkdirSync(join(work, d));
  const port = await freePort();
  const token = "convspec-browser-check";
  let server;
  let browser;
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
    server.stderr.on("data", (b) => { serverLog += b.toString(); });
    await waitForHttp(`http://127.0.0.1:${port}/api?token=${token}`, 30_000).catch((e) => {
      throw new Error(`${e.message}\n${serverLog.slice(-2000)}`);
    });

    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(`http://127.0.0.1:${port}/notebooks/00-tour.ipynb?token=${token}`);
    // ready when the convspec kernel is connected
    await page.waitForFunction(() => {
      const J = globalThis.Jupyter;
      return J?.notebook?.kernel?.is_connected?.() && J.notebook.kernel_selector?.current_selection === "convspec";
    }, undefined, { timeout: 60_000 });
    await page.evaluate(() => globalThis.Jupyter.notebook.execute_all_cells());
    // every code cell has run when each has an execution count and the kernel is idle again
    await page.waitForFunction(() => {
      const nb = globalThis.Jupyter.notebook;
      const cells = nb.get_cells().filter((c) => c.cell_type === "code");
      return !nb.kernel_busy && cells.every((c) => typeof c.input_prompt_number === "number");
    }, undefined, { timeout: 180_000, polling: 500 });
    // MathJax typesets asynchronously after the outputs arrive
    const mathjax = ".output_area .MathJax_Display, .output_area .MathJax";
    await page.waitForSelector(mathjax, { timeout: 60_000 }).catch(() => {});

    const result = {
      errorOutputs: await page.locator(".output_error").count(),
      svgPlots: await page.locator(".output_svg svg").count(),
      svgText: (await page.locator(".output_svg svg text").allTextContents()).filter((t) => t.trim()).length,
      typesetNodes: await page.locator(mathjax).count(),
      screenshot,
    };
    // Classic Notebook scrolls inside #site; unroll it so the full-page shot shows every cell.
    await page.addStyleTag({ content: "html, body { height: auto !important; overflow: visible !important; } #site { height: auto !important; overflow: visible !important; }" });
    await page.evaluate(() => globalThis.scrollTo(0, 0));
    mkdirSync(dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
    return result;
  } finally {
    await browser?.close();
    server?.kill("SIGTERM");
    rmSync(work, { recursive: true, force: true });
  }
}
