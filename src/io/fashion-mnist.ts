/**
 * Fashion-MNIST (Zalando SE, 2017; MIT/Expat licence) from the Debian package
 * `dataset-fashion-mnist`, which installs the original idx files (gzip-compressed) under
 * `/usr/share/datasets/fashion-mnist/`:
 *   `train-images-idx3-ubyte.gz` (60000 x 28 x 28), `train-labels-idx1-ubyte.gz`,
 *   `t10k-images-idx3-ubyte.gz` (10000 x 28 x 28), `t10k-labels-idx1-ubyte.gz`.
 *
 * idx format (LeCun): big-endian header, magic `0x00 0x00 <type> <ndim>` with type 0x08 (uint8),
 * then `ndim` uint32 sizes, then the data row-major. Pixels are returned as `byte / 255` in [0, 1];
 * labels 0..9 (T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot).
 * Optional `pool` averages `pool x pool` blocks (28 must be divisible by it) to make small inputs.
 */
import type { LabelledImageSet } from "../core/labelled-images";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { FormatError, ShapeError, checkInteger, checkOneOf, checkOptions } from "../core/errors";

/** Where `dataset-fashion-mnist` installs the idx files. */
export const FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";
/** Debian package that provides them (named in every error). */
export const FASHION_MNIST_PACKAGE = "dataset-fashion-mnist";
/** Class names, label order. */
export const FASHION_MNIST_CLASSES: readonly string[] = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

export type FashionMnistSplit = "train" | "test";
export const FASHION_MNIST_SPLITS: readonly FashionMnistSplit[] = ["train", "test"];

/** Options of {@link loadFashionMnist}. */
export interface LoadFashionMnistOptions {
  /** "train" (60000 images, default) or "test" (10000). */
  split?: FashionMnistSplit;
  /** Directory of the idx files; default {@link FASHION_MNIST_DIR}. */
  dir?: string;
  /** Index of the first image taken (file order); default 0. */
  offset?: number;
  /** Number of images taken; default all from offset. */
  count?: number;
  /** Average-pool factor (1, 2, 4, 7, 14 or 28); default 1 (28 x 28). */
  pool?: number;
}

/** Labelled grey-scale images `[count][height][width]` in [0, 1] (pixel byte / 255). */
export type FashionMnistImages = LabelledImageSet;

const hint = `install the Debian package ${FASHION_MNIST_PACKAGE} (apt-get install ${FASHION_MNIST_PACKAGE}; scripts/setup.sh does it)`;

/** Parses one idx file (raw or gzip) of unsigned bytes; returns its sizes and data. */
export function parseIdx(bytes: Uint8Array, name = "idx"): { dims: number[]; data: Uint8Array } {
  let raw = bytes;
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      raw = gunzipSync(raw);
    } catch (e) {
      throw new FormatError(`parseIdx: ${name} is a corrupt gzip stream (${(e as Error).message}); ${hint}`);
    }
  }
  if (raw.length < 4 || raw[0] !== 0 || raw[1] !== 0) throw new FormatError(`parseIdx: ${name} does not start with an idx magic number (00 00 type ndim); ${hint}`);
  if (raw[2] !== 0x08) throw new FormatError(`parseIdx: ${name} has idx type 0x${raw[2].toString(16)}; only unsigned bytes (0x08) are supported; ${hint}`);
  const ndim = raw[3];
  if (ndim < 1 || raw.length < 4 + 4 * ndim) throw new FormatError(`parseIdx: ${name} has a truncated header (${ndim} dimensions, ${raw.length} bytes); ${hint}`);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const dims: number[] = [];
  for (let a = 0; a < ndim; a++) dims.push(view.getUint32(4 + 4 * a, false));
  const size = dims.reduce((p, s) => p * s, 1);
  const start = 4 + 4 * ndim;
  if (raw.length !== start + size) throw new FormatError(`parseIdx: ${name} declares [${dims}] = ${size} bytes of data but holds ${raw.length - start}; the file is truncated or corrupt; ${hint}`);
  return { dims, data: raw.subarray(start) };
}

function readIdx(dir: string, file: string): { dims: number[]; data: Uint8Array } {
  const path = join(dir, file);
  if (!existsSync(path)) throw new FormatError(`loadFashionMnist: ${path} is missing; ${hint}`);
  return parseIdx(readFileSync(path), path);
}

/**
 * Loads a split of Fashion-MNIST (see the file comment for format and licence). FormatError (naming
 * the Debian package) when a file is missing, truncated or not idx; ShapeError for ranges that do
 * not fit.
 */
export function loadFashionMnist(options: LoadFashionMnistOptions = {}): FashionMnistImages {
  const where = "loadFashionMnist";
  checkOptions(where, options, ["split", "dir", "offset", "count", "pool"]);
  const split = checkOneOf(where, "split", options.split ?? "train", FASHION_MNIST_SPLITS);
  const dir = options.dir ?? FASHION_MNIST_DIR;
  const pool = checkInteger(where, "pool", options.pool ?? 1, 1, 28);
  if (28 % pool !== 0) throw new ShapeError(`${where}: pool = ${pool} does not divide 28; use 1, 2, 4, 7, 14 or 28`);
  const prefix = split === "train" ? "train" : "t10k";
  const img = readIdx(dir, `${prefix}-images-idx3-ubyte.gz`);
  const lab = readIdx(dir, `${prefix}-labels-idx1-ubyte.gz`);
  if (img.dims.length !== 3 || img.dims[1] !== 28 || img.dims[2] !== 28) throw new FormatError(`${where}: image file has sizes [${img.dims}]; expected [count, 28, 28]; ${hint}`);
  if (lab.dims.length !== 1 || lab.dims[0] !== img.dims[0]) throw new FormatError(`${where}: label file has sizes [${lab.dims}]; expected [${img.dims[0]}]; ${hint}`);
  const total = img.dims[0];
  const offset = checkInteger(where, "offset", options.offset ?? 0, 0, total - 1);
  const count = checkInteger(where, "count", options.count ?? total - offset, 1);
  if (offset + count > total) throw new ShapeError(`${where}: offset + count = ${offset + count} exceeds the ${total} images of the ${split} split`);
  const h = 28 / pool, w = 28 / pool;
  const images = new Float64Array(count * h * w);
  const labels = new Uint8Array(count);
  const scale = 1 / (255 * pool * pool);
  for (let e = 0; e < count; e++) {
    const label = lab.data[offset + e];
    if (label > 9) throw new FormatError(`${where}: label ${label} at index ${offset + e} is not in 0..9; the label file is corrupt; ${hint}`);
    labels[e] = label;
    const src = (offset + e) * 784;
    const dst = e * h * w;
    for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) images[dst + Math.floor(y / pool) * w + Math.floor(x / pool)] += img.data[src + 28 * y + x] * scale;
  }
  return { images, labels, count, height: h, width: w, source: `Fashion-MNIST (Zalando SE), Debian package ${FASHION_MNIST_PACKAGE}, ${dir}`, licence: "MIT (Expat), Copyright 2017 Zalando SE" };
}
