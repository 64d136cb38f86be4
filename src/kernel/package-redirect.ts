/**
 * Makes `import ... from "convspec"` resolve to THIS checkout wherever the notebook lives,
 * both for tslab's TypeScript type-check and at run time.
 *
 * - Types: tslab's compiler resolves bare imports from the notebook's directory (`cwd`), first
 *   at `<cwd>/node_modules/convspec`. We map that virtual folder onto the repository root in the
 *   TypeScript `sys` used by tslab (the same trick tslab uses for `tslab` itself), so the
 *   compiler reads `package.json` -> `types` -> `dist/index.d.ts` of this checkout. `realpath`
 *   maps to the real files, so dist's own imports (vega, mathjs, ...) resolve from the
 *   repository's node_modules.
 * - Run time: {@link resolvePackageRequest} sends `convspec` and `convspec/...` to a `require`
 *   rooted in the repository, which resolves the package's own `exports` (self-reference).
 */
import * as path from "node:path";
import { createRequire } from "node:module";

/** The part of TypeScript's `System` that module resolution touches. */
export interface FileSystemHost {
  fileExists(p: string): boolean;
  readFile(p: string, encoding?: string): string | undefined;
  directoryExists(p: string): boolean;
  getDirectories(p: string): string[];
  realpath?(p: string): string;
  readDirectory(p: string, extensions?: readonly string[], exclude?: readonly string[], include?: readonly string[], depth?: number): string[];
}

/**
 * Maps `<cwd>/node_modules/<packageName>[/rest]` to `<packageRoot>[/rest]`; other paths unchanged.
 * Paths use forward slashes, as TypeScript normalises them.
 */
export function makePathMapper(cwd: string, packageName: string, packageRoot: string): (p: string) => string {
  const slash = (s: string) => s.replace(/\\/g, "/");
  const virtual = slash(path.join(cwd, "node_modules", packageName));
  const real = slash(packageRoot);
  return (p: string) => {
    const s = slash(p);
    if (s === virtual) return real;
    if (s.startsWith(virtual + "/")) return real + s.slice(virtual.length);
    return p;
  };
}

/**
 * Patches `sys` in place (TypeScript's `ts.sys` of tslab's compiler) so that the package folder
 * under `cwd/node_modules` is served from `packageRoot`. Idempotent per (sys, cwd).
 */
export function redirectPackageInCompiler(sys: FileSystemHost, cwd: string, packageName: string, packageRoot: string): void {
  const marker = Symbol.for(`convspec.redirect:${cwd}:${packageName}`);
  const tagged = sys as unknown as Record<symbol, boolean>;
  if (tagged[marker]) return;
  tagged[marker] = true;
  const map = makePathMapper(cwd, packageName, packageRoot);
  const base = {
    fileExists: sys.fileExists.bind(sys),
    readFile: sys.readFile.bind(sys),
    directoryExists: sys.directoryExists.bind(sys),
    getDirectories: sys.getDirectories.bind(sys),
    realpath: sys.realpath?.bind(sys),
    readDirectory: sys.readDirectory.bind(sys),
  };
  sys.fileExists = (p) => base.fileExists(map(p));
  sys.readFile = (p, enc) => base.readFile(map(p), enc);
  sys.directoryExists = (p) => base.directoryExists(map(p));
  sys.getDirectories = (p) => base.getDirectories(map(p));
  sys.realpath = (p) => {
    const m = map(p);
    return base.realpath ? base.realpath(m) : m;
  };
  sys.readDirectory = (p, ext, exclude, include, depth) => base.readDirectory(map(p), ext, exclude, include, depth);
}

/**
 * A resolver for run-time `require(id)`: returns the module for `packageName` and its
 * sub-paths from `packageRoot`, or `undefined` for every other id.
 */
export function resolvePackageRequest(packageName: string, packageRoot: string): (id: string) => { value: unknown } | undefined {
  const req = createRequire(path.join(packageRoot, "package.json"));
  return (id: string) => (id === packageName || id.startsWith(packageName + "/") ? { value: req(id) } : undefined);
}
