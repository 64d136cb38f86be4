/**
 * PNG images as feature maps `[C, H, W]` with values in [0, 255] (8-bit; 16-bit PNGs are scaled
 * by 255/65535), read with pngjs (pure JS).
 */
import { readFileSync, existsSync } from "node:fs";
import { PNG } from "pngjs";
import { FormatError, checkOneOf, checkOptions } from "../core/index";
import { FeatureMap } from "./feature-map";

/** Channel selections of {@link readPng}. */
export type PngChannels = "rgb" | "rgba" | "gray";
export const PNG_CHANNELS: readonly PngChannels[] = ["rgb", "rgba", "gray"];

/** Options of {@link readPng}. */
export interface ReadPngOptions {
  /** "rgb" (default: alpha dropped), "rgba", or "gray" (`0.299 R + 0.587 G + 0.114 B`). */
  channels?: PngChannels;
}

/** Reads a PNG file (path) or its bytes into a `[C, H, W]` map of values in [0, 255]. FormatError on a missing or corrupt file. */
export function readPng(source: string | Uint8Array, options: ReadPngOptions = {}): FeatureMap {
  const where = "readPng";
  checkOptions(where, options, ["channels"]);
  const channels = checkOneOf(where, "channels", options.channels ?? "rgb", PNG_CHANNELS);
  let bytes: Buffer;
  if (typeof source === "string") {
    if (!existsSync(source)) throw new FormatError(`${where}: file "${source}" does not exist`);
    bytes = readFileSync(source);
  } else if (source instanceof Uint8Array) bytes = Buffer.from(source);
  else throw new FormatError(`${where}: pass a file path or the PNG's bytes`);
  let png: PNG;
  try {
    png = PNG.sync.read(bytes);
  } catch (e) {
    throw new FormatError(`${where}: not a readable PNG (${(e as Error).message})`);
  }
  const { width: W, height: H, data } = png;
  const C = channels === "rgba" ? 4 : channels === "rgb" ? 3 : 1;
  const out = new Float64Array(C * H * W);
  for (let m = 0; m < H; m++) for (let n = 0; n < W; n++) {
    const p = 4 * (m * W + n);
    if (channels === "gray") out[m * W + n] = 0.299 * data[p] + 0.587 * data[p + 1] + 0.114 * data[p + 2];
    else for (let c = 0; c < C; c++) out[(c * H + m) * W + n] = data[p + c];
  }
  return { shape: [C, H, W], data: out };
}
