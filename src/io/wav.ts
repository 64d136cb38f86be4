/**
 * WAV (RIFF) audio files, decoded with the npm package node-wav 0.0.2 (PCM 8/16/24/32-bit integer,
 * 32/64-bit float). Samples are returned per channel as Float64Array in [-1, 1].
 *
 * Scaling: node-wav maps a 16-bit sample q to q / 32768 when q < 0 and q / 32767 when q > 0, which is
 * not linear; for 16-bit files `readWav` recovers q exactly (float32 holds 24 bits) and returns the
 * linear q / 32768 instead. Other bit depths are returned as node-wav gives them.
 */
import { readFileSync } from "node:fs";
import { FormatError } from "../core/errors";

// node-wav ships no type declarations; this is the part of its API used here.
interface NodeWav {
  decode(buffer: ArrayBuffer): { sampleRate: number; channelData: Float32Array[] };
}
// eslint-disable-next-line @typescript-eslint/no-var-requires
const wav: NodeWav = require("node-wav");

export interface WavAudio {
  sampleRate: number;
  /** Bits per sample of the file (from its "fmt " chunk). */
  bitsPerSample: number;
  /** One Float64Array per channel, samples in [-1, 1]. */
  channels: Float64Array[];
}

/** Decodes WAV bytes (see the file comment for the scaling). */
export function parseWav(bytes: Uint8Array, name = "WAV data"): WavAudio {
  if (!(bytes instanceof Uint8Array) || bytes.length < 44) throw new FormatError(`parseWav: ${name} is ${bytes?.length ?? 0} bytes; a WAV file has at least a 44-byte header`);
  const text = (o: number) => String.fromCharCode(bytes[o], bytes[o + 1], bytes[o + 2], bytes[o + 3]);
  if (text(0) !== "RIFF" || text(8) !== "WAVE") throw new FormatError(`parseWav: ${name} is not a RIFF/WAVE file (starts with "${text(0)}")`);
  // node-wav reads from byte 0 of the ArrayBuffer it is given, so hand it a copy of exactly these bytes
  const copy = new Uint8Array(bytes).buffer;
  let decoded: { sampleRate: number; channelData: Float32Array[] };
  try {
    decoded = wav.decode(copy);
  } catch (e) {
    throw new FormatError(`parseWav: ${name} could not be decoded: ${(e as Error).message}`);
  }
  const view = new DataView(copy);
  let bitsPerSample = 0;
  for (let o = 12; o + 8 <= bytes.length; ) {
    const size = view.getUint32(o + 4, true);
    if (text(o) === "fmt ") {
      bitsPerSample = view.getUint16(o + 22, true);
      break;
    }
    o += 8 + size + (size % 2);
  }
  const channels = decoded.channelData.map((c) => {
    const out = new Float64Array(c.length);
    if (bitsPerSample === 16) {
      for (let i = 0; i < c.length; i++) out[i] = (c[i] < 0 ? Math.round(c[i] * 32768) : Math.round(c[i] * 32767)) / 32768;
    } else {
      for (let i = 0; i < c.length; i++) out[i] = c[i];
    }
    return out;
  });
  if (channels.length === 0 || channels[0].length === 0) throw new FormatError(`parseWav: ${name} holds no samples`);
  return { sampleRate: decoded.sampleRate, bitsPerSample, channels };
}

/** Reads and decodes a WAV file (e.g. Debian alsa-utils' `/usr/share/sounds/alsa/Front_Center.wav`). */
export function readWav(path: string): WavAudio {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new FormatError(`readWav: cannot read ${path}: ${(e as Error).message}`);
  }
  return parseWav(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), path);
}
