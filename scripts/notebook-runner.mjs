// Shared by scripts/reproduce.mjs and test/notebooks/notebooks.test.ts: list the notebooks,
// execute them with the convspec kernel through nbclient (scripts/execute_notebooks.py under
// /usr/bin/python3), and pull plots and claims out of the executed notebooks.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";

export const root = resolve(new URL("..", import.meta.url).pathname);
export const CLAIM_MIME = "application/vnd.convspec.claim+json";
export const PYTHON = process.env.CONVSPEC_PYTHON ?? "/usr/bin/python3";
/** Folder of the notebooks to run (default notebooks/; the tests point it at a scratch folder). */
export const NOTEBOOK_DIR = resolve(process.env.CONVSPEC_NOTEBOOK_DIR ?? join(root, "notebooks"));

/**
 * Notebooks in notebooks/, sorted by name. `names` (optional) selects some: each name matches a
 * file exactly, without ".ipynb", or as a unique prefix ("00" -> 00-tour.ipynb).
 */
export function listNotebooks(names = [], dir = NOTEBOOK_DIR) {
  const all = readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort();
  if (names.length === 0) return all.map((f) => join(dir, f));
  return names.map((name) => {
    const n = basename(name);
    const exact = all.find((f) => f === n || f === `${n}.ipynb`);
    if (exact) return join(dir, exact);
    const prefixed = all.filter((f) => f.startsWith(n));
    if (prefixed.length === 1) return join(dir, prefixed[0]);
    throw new Error(prefixed.length === 0
      ? `no notebook matches "${name}"; notebooks: ${all.join(", ")}`
      : `"${name}" matches several notebooks: ${prefixed.join(", ")}`);
  });
}

/**
 * Executes notebooks in order with nbclient; stops at the first failure. Resolves to the list of
 * per-notebook results ({notebook, ok, seconds} or {notebook, ok: false, cell, execution_count,
 * ename, evalue, traceback}) printed by execute_notebooks.py. `onResult` sees each as it arrives.
 */
export function executeNotebooks(paths, outDir, { timeout = 600, onResult = () => {}, stderr = "inherit" } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(PYTHON, [join(root, "scripts", "execute_notebooks.py"), "--out-dir", outDir, "--timeout", String(timeout), ...paths], {
      cwd: root,
      env: { ...process.env, JUPYTER_PATH: join(root, ".jupyter-prefix", "share", "jupyter") },
      stdio: ["ignore", "pipe", stderr],
    });
    const results = [];
    let buffer = "";
    child.stdout.on("data", (chunk) => {
      buffer += chunk.toString();
      let nl;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (!line.startsWith("{")) continue;
        const r = JSON.parse(line);
        results.push(r);
        onResult(r);
      }
    });
    child.on("error", (e) => reject(new Error(`could not start ${PYTHON}: ${e.message}`)));
    child.on("close", (code) => {
      if (code !== 0 && !results.some((r) => !r.ok)) {
        reject(new Error(`execute_notebooks.py exited with code ${code} without reporting a failure`));
      } else {
        resolvePromise(results);
      }
    });
  });
}

/** nbformat stores multi-line strings either whole or as a list of lines. */
function text(v) {
  return Array.isArray(v) ? v.join("") : String(v);
}

/**
 * The plots and claims in an executed notebook file:
 * figures: [{cell, k, svg}] (cell = 1-based index among all cells, k = 1-based SVG output in that cell);
 * claims: claim records with {notebook, cell} added, one per claim (repeated displays of the
 * same claim, same `sequence`, are counted once);
 * mimeTypes: every MIME type seen in display_data/execute_result outputs; errors: error outputs.
 */
export function collectArtifacts(executedPath) {
  const nb = JSON.parse(readFileSync(executedPath, "utf8"));
  const name = basename(executedPath);
  const figures = [];
  const claims = [];
  const seen = new Set();
  const mimeTypes = new Set();
  const errors = [];
  nb.cells.forEach((cell, i) => {
    let k = 0;
    for (const out of cell.outputs ?? []) {
      if (out.output_type === "error") errors.push({ cell: i + 1, ename: out.ename, evalue: out.evalue });
      if (out.output_type === "stream" && out.name === "stderr") mimeTypes.add("stream/stderr");
      if (!out.data) continue;
      for (const m of Object.keys(out.data)) mimeTypes.add(m);
      if (out.data["image/svg+xml"] !== undefined) figures.push({ cell: i + 1, k: ++k, svg: text(out.data["image/svg+xml"]) });
      const c = out.data[CLAIM_MIME];
      if (c !== undefined) {
        const record = typeof c === "string" ? JSON.parse(c) : c;
        const key = record.sequence ?? `${i}:${claims.length}`;
        if (seen.has(key)) continue;
        seen.add(key);
        claims.push({ ...record, notebook: name, cell: i + 1 });
      }
    }
  });
  return { notebook: name, figures, claims, mimeTypes: [...mimeTypes].sort(), errors };
}
