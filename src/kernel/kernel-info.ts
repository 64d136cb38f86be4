/**
 * The `kernel_info_reply` content: who we are and the language we run, truthfully —
 * `language_info.version` is the TypeScript version tslab compiles cells with (its bundled
 * compiler), not the one in devDependencies.
 */
import * as path from "node:path";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { PROTOCOL_VERSION } from "./wire";

/** The repository root (this file is `dist/kernel/kernel-info.js` or `src/kernel/kernel-info.ts`). */
export const PACKAGE_ROOT = path.resolve(__dirname, "..", "..");

function readVersion(packageJson: string): string {
  return (JSON.parse(readFileSync(packageJson, "utf8")) as { version: string }).version;
}

/** Versions of the pieces the kernel is built from. */
export function componentVersions(): { convspec: string; tslab: string; typescript: string; node: string } {
  const fromTslab = createRequire(require.resolve("tslab/package.json"));
  return {
    convspec: readVersion(path.join(PACKAGE_ROOT, "package.json")),
    tslab: readVersion(require.resolve("tslab/package.json")),
    typescript: (fromTslab("@tslab/typescript-for-tslab") as { version: string }).version,
    node: process.version,
  };
}

/** Content of `kernel_info_reply` (messaging spec 5.3). */
export function kernelInfoContent(): Record<string, unknown> {
  const v = componentVersions();
  return {
    status: "ok",
    protocol_version: PROTOCOL_VERSION,
    implementation: "convspec",
    implementation_version: v.convspec,
    language_info: {
      name: "typescript",
      version: v.typescript,
      mimetype: "text/typescript",
      file_extension: ".ts",
      pygments_lexer: "typescript",
      // Enables TypeScript highlighting in both the classic Notebook and JupyterLab (as tslab does).
      codemirror_mode: { name: "javascript", mode: "typescript", typescript: true },
    },
    banner:
      `convspec ${v.convspec} — TypeScript ${v.typescript} (tslab ${v.tslab} compiler) on Node.js ${v.node}\n` +
      `import { ... } from "convspec" works from any directory; end a name with ? for its documentation.`,
    debugger: false,
    help_links: [
      { text: "convspec README", url: "file://" + path.join(PACKAGE_ROOT, "README.md") },
      { text: "TypeScript handbook", url: "https://www.typescriptlang.org/docs/handbook/intro.html" },
      { text: "tslab", url: "https://github.com/yunabe/tslab" },
      { text: "Node.js API", url: "https://nodejs.org/docs/latest-v20.x/api/" },
    ],
  };
}
