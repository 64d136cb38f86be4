/**
 * The real digit images shipped in `data/digits/` (scikit-learn's 8x8 digits, BSD-3-Clause; from
 * the UCI "Optical Recognition of Handwritten Digits" test set; provenance in data/README.md).
 *
 * File format "convspec-digits-u8-v1": `digits-8x8.u8` holds `count` records of 65 bytes, a label
 * 0..9 then 64 pixel counts 0..16 (row-major 8x8); `manifest.json` gives count, size and the
 * SHA-256 of the binary, which is checked on load.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FormatError, checkInteger, checkOptions } from "../core/errors";
import type { LabelledImageSet } from "../core/labelled-images";
import { shippedDataDir } from "../io/data-dir";

/** The digits as labelled images: pixel counts divided by 16 (so in [0, 1]). */
export type DigitImages = LabelledImageSet;

/** Directory of the shipped digits: `$CONVSPEC_ROOT/data/digits` or `data/digits` next to src/ or dist/. */
export function defaultDigitsDir(): string {
  return shippedDataDir("digits", "manifest.json");
}

/** Options of {@link loadDigits}. */
export interface LoadDigitsOptions {
  /** Directory holding manifest.json and the binary; default {@link defaultDigitsDir}. */
  dir?: string;
}

/** Loads and verifies the shipped digit images (FormatError when missing, truncated or altered). */
export function loadDigits(options: LoadDigitsOptions = {}): DigitImages {
  const where = "loadDigits";
  checkOptions(where, options, ["dir"]);
  const dir = options.dir ?? defaultDigitsDir();
  const manifestPath = join(dir, "manifest.json");
  if (!existsSync(manifestPath)) throw new FormatError(`${where}: no manifest.json in ${dir}`);
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  } catch (e) {
    throw new FormatError(`${where}: ${manifestPath} is not valid JSON (${(e as Error).message})`);
  }
  if (manifest.format !== "convspec-digits-u8-v1") throw new FormatError(`${where}: unsupported format ${JSON.stringify(manifest.format)}; expected "convspec-digits-u8-v1"`);
  const count = checkInteger(where, "manifest count", manifest.count, 1);
  const height = checkInteger(where, "manifest height", manifest.height, 1);
  const width = checkInteger(where, "manifest width", manifest.width, 1);
  const record = 1 + height * width;
  const binPath = join(dir, String(manifest.file));
  if (!existsSync(binPath)) throw new FormatError(`${where}: data file ${binPath} is missing`);
  const bytes = readFileSync(binPath);
  if (bytes.length !== count * record) throw new FormatError(`${where}: ${binPath} has ${bytes.length} bytes; the manifest promises ${count} records of ${record}`);
  const sha = createHash("sha256").update(bytes).digest("hex");
  if (sha !== manifest.sha256) throw new FormatError(`${where}: SHA-256 of ${binPath} is ${sha}; the manifest says ${manifest.sha256}`);
  const images = new Float64Array(count * height * width);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    const label = bytes[n * record];
    if (label > 9) throw new FormatError(`${where}: record ${n} has label ${label}; labels are 0..9`);
    labels[n] = label;
    for (let k = 0; k < height * width; k++) {
      const v = bytes[n * record + 1 + k];
      if (v > 16) throw new FormatError(`${where}: record ${n} pixel ${k} is ${v}; pixels are 0..16`);
      images[n * height * width + k] = v / 16;
    }
  }
  return { images, labels, count, height, width, source: String(manifest.source), licence: String(manifest.licence) };
}
