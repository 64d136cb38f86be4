#!/usr/bin/env node
// Installs the convspec Jupyter kernel spec:
//   node scripts/kernel-install.mjs [--prefix DIR | --user] [--quiet]
// writes DIR/share/jupyter/kernels/convspec/{kernel.json, logo-32x32.png, logo-64x64.png, logo.svg}
// (default DIR: .jupyter-prefix/ in this repository; --user: the per-user Jupyter data dir).
// kernel.json is the template kernels-spec/convspec/kernel.json with absolute paths to this
// node binary and this checkout's dist/kernel/main.js. Idempotent: files are rewritten only when
// their content changes.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(new URL("..", import.meta.url).pathname);
const args = process.argv.slice(2);
const quiet = args.includes("--quiet");
const say = (s) => quiet || console.log(`kernel-install: ${s}`);
const fail = (s) => {
  console.error(`kernel-install: ${s}`);
  process.exit(2);
};

for (const a of args) {
  if (!["--prefix", "--user", "--quiet", "--help", "-h"].includes(a) && args[args.indexOf(a) - 1] !== "--prefix") {
    fail(`unknown argument ${a}; usage: node scripts/kernel-install.mjs [--prefix DIR | --user] [--quiet]`);
  }
}
if (args.includes("--help") || args.includes("-h")) {
  console.log("usage: node scripts/kernel-install.mjs [--prefix DIR | --user] [--quiet]");
  process.exit(0);
}
const prefixIdx = args.indexOf("--prefix");
if (prefixIdx >= 0 && args.includes("--user")) fail("--prefix and --user are exclusive");
if (prefixIdx >= 0 && !args[prefixIdx + 1]) fail("--prefix needs a directory");

/** Jupyter's per-user data directory (jupyter_core.paths.jupyter_data_dir). */
function userDataDir() {
  if (process.env.JUPYTER_DATA_DIR) return process.env.JUPYTER_DATA_DIR;
  if (process.platform === "darwin") return join(homedir(), "Library", "Jupyter");
  if (process.platform === "win32") return join(process.env.APPDATA ?? homedir(), "jupyter");
  return join(process.env.XDG_DATA_HOME || join(homedir(), ".local", "share"), "jupyter");
}

const kernelsDir = args.includes("--user")
  ? join(userDataDir(), "kernels")
  : join(resolve(prefixIdx >= 0 ? args[prefixIdx + 1] : join(root, ".jupyter-prefix")), "share", "jupyter", "kernels");
const dest = join(kernelsDir, "convspec");
const specDir = join(root, "kernels-spec", "convspec");

const entry = join(root, "dist", "kernel", "main.js");
if (!existsSync(entry)) say(`warning: ${entry} does not exist yet; build with: npx tsc -p tsconfig.build.json`);

const spec = JSON.parse(readFileSync(join(specDir, "kernel.json"), "utf8"));
spec.argv = [process.execPath, entry, ...spec.argv.slice(2)];
delete spec.metadata?.convspec?.template;
spec.metadata.convspec = { ...(spec.metadata.convspec ?? {}), checkout: root };

mkdirSync(dest, { recursive: true });
let changed = 0;
function put(name, data) {
  const p = join(dest, name);
  if (existsSync(p) && Buffer.compare(readFileSync(p), Buffer.from(data)) === 0) return;
  writeFileSync(p, data);
  changed++;
}
put("kernel.json", JSON.stringify(spec, null, 2) + "\n");
for (const logo of ["logo.svg", "logo-32x32.png", "logo-64x64.png"]) {
  const p = join(specDir, logo);
  if (existsSync(p)) put(logo, readFileSync(p));
  else say(`warning: ${p} is missing`);
}
say(changed ? `installed kernel "convspec" into ${dest}` : `kernel "convspec" already up to date in ${dest}`);
