/** Test helpers for the display tests: a recording display sink, stdout capture, numpy oracle, PNG decoding. */
import { inflateSync } from "node:zlib";
import { setDisplaySink, type DisplayOptions, type MimeBundle } from "../../../src/display/channel";

export interface SentMessage {
  bundle: MimeBundle;
  options: DisplayOptions | undefined;
}

/** Installs a sink that records every message; returns the log and a function removing the sink. */
export function recordingSink(): { sent: SentMessage[]; restore: () => void } {
  const sent: SentMessage[] = [];
  setDisplaySink({
    display: (bundle, options) => sent.push({ bundle, options }),
    clearOutput: () => {},
  });
  return { sent, restore: () => setDisplaySink(undefined) };
}

/** Runs `fn` with process.stdout.write captured; returns what was written. */
export async function captureStdout(fn: () => unknown | Promise<unknown>): Promise<string> {
  const original = process.stdout.write.bind(process.stdout);
  let text = "";
  (process.stdout as unknown as { write: (s: string) => boolean }).write = (s: string) => {
    text += String(s);
    return true;
  };
  try {
    await fn();
  } finally {
    process.stdout.write = original;
  }
  return text;
}

/** Same for stderr. */
export async function captureStderr(fn: () => unknown | Promise<unknown>): Promise<string> {
  const original = process.stderr.write.bind(process.stderr);
  let text = "";
  (process.stderr as unknown as { write: (s: string) => boolean }).write = (s: string) => {
    text += String(s);
    return true;
  };
  try {
    await fn();
  } finally {
    process.stderr.write = original;
  }
  return text;
}

/** The one python-oracle runner (numpy as np; `data` in, assign `out`). */
export { pythonOracle as python } from "../../helpers/python-oracle";

/** A decoded 8-bit RGBA/RGB PNG: width, height, channels, pixel bytes (row-major). */
export interface DecodedPng {
  width: number;
  height: number;
  channels: number;
  pixels: Uint8Array;
}

/**
 * Minimal PNG decoder (8-bit, colour types 2 and 6, no interlace: what resvg writes), written
 * from the PNG specification so the test reads the file independently of the renderer.
 */
export function decodePng(png: Buffer): DecodedPng {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error("not a PNG");
  let offset = 8;
  let width = 0, height = 0, channels = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString("ascii", offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const depth = body[8], colour = body[9], interlace = body[12];
      if (depth !== 8 || (colour !== 2 && colour !== 6) || interlace !== 0) throw new Error(`unsupported PNG: depth ${depth}, colour ${colour}, interlace ${interlace}`);
      channels = colour === 6 ? 4 : 3;
    } else if (type === "IDAT") idat.push(body);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[y * stride + x - channels] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
      let v = line[x];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += Math.floor((a + b) / 2);
      else if (filter === 4) {
        const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      pixels[y * stride + x] = v & 0xff;
    }
  }
  return { width, height, channels, pixels };
}
