import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { loadFashionMnist, parseIdx, FASHION_MNIST_DIR } from "../../../src/io/index";
import { FormatError, ShapeError, OptionError } from "../../../src/core/index";

function idx(dims: number[], data: Uint8Array): Uint8Array {
  const head = new Uint8Array(4 + 4 * dims.length);
  head[2] = 8; head[3] = dims.length;
  const v = new DataView(head.buffer);
  dims.forEach((d, a) => v.setUint32(4 + 4 * a, d, false));
  const out = new Uint8Array(head.length + data.length);
  out.set(head); out.set(data, head.length);
  return out;
}

test("parseIdx reads raw and gzip idx files and rejects bad magic, truncation and corrupt gzip with FormatError", () => {
  const data = Uint8Array.from({ length: 12 }, (_, i) => i);
  const raw = idx([3, 2, 2], data);
  assert.deepEqual(parseIdx(raw).dims, [3, 2, 2]);
  assert.deepEqual(Array.from(parseIdx(gzipSync(raw)).data), Array.from(data));
  assert.throws(() => parseIdx(raw.subarray(0, raw.length - 1)), FormatError);
  assert.throws(() => parseIdx(Uint8Array.of(1, 2, 3, 4)), FormatError);
  const gz = gzipSync(raw); gz[gz.length - 5] ^= 0xff;
  assert.throws(() => parseIdx(gz), /corrupt gzip|dataset-fashion-mnist/);
});

// Every corrupt-file message must say which Debian package provides the real files.
test("parseIdx names the Debian package dataset-fashion-mnist in every corrupt-file message", () => {
  const raw = idx([3, 2, 2], Uint8Array.from({ length: 12 }, (_, i) => i));
  const gz = gzipSync(raw); gz[gz.length - 5] ^= 0xff;
  const wrongType = raw.slice(); wrongType[2] = 0x0d;
  const cases: [string, Uint8Array, RegExp][] = [
    ["truncated data", raw.subarray(0, raw.length - 1), /truncated or corrupt/],
    ["bad magic", Uint8Array.of(1, 2, 3, 4), /magic/],
    ["corrupt gzip", gz, /corrupt gzip/],
    ["truncated header", raw.subarray(0, 9), /truncated header/],
    ["float idx type", wrongType, /idx type 0xd/],
  ];
  for (const [what, bytes, cause] of cases) {
    assert.throws(() => parseIdx(bytes, "f.gz"), (e: Error) => e instanceof FormatError && cause.test(e.message) && /apt-get install dataset-fashion-mnist/.test(e.message), what);
  }
});

// A fake data set of 4 images in a temporary directory: pooling averages 2x2 blocks exactly.
test("loadFashionMnist reads a split, pools 2x2 blocks to their mean, and names the Debian package when files are missing", () => {
  const dir = mkdtempSync(join(tmpdir(), "fmnist-"));
  const pix = new Uint8Array(4 * 784);
  for (let e = 0; e < 4; e++) for (let j = 0; j < 784; j++) pix[e * 784 + j] = (e * 50 + (j % 28)) % 256;
  writeFileSync(join(dir, "t10k-images-idx3-ubyte.gz"), gzipSync(idx([4, 28, 28], pix)));
  writeFileSync(join(dir, "t10k-labels-idx1-ubyte.gz"), gzipSync(idx([4], Uint8Array.of(3, 1, 4, 1))));
  const d = loadFashionMnist({ split: "test", dir, pool: 2, offset: 1, count: 2 });
  assert.equal(d.height, 14);
  assert.deepEqual(Array.from(d.labels), [1, 4]);
  // image 1, pooled pixel (0, 0): mean of columns 0 and 1 in rows 0, 1: (50 + 51 + 50 + 51) / 4 / 255
  assert.ok(Math.abs(d.images[0] - 50.5 / 255) < 1e-15);
  assert.throws(() => loadFashionMnist({ split: "train", dir }), (e: Error) => e instanceof FormatError && /train-images-idx3-ubyte.gz is missing/.test(e.message) && /dataset-fashion-mnist/.test(e.message));
  assert.throws(() => loadFashionMnist({ split: "test", dir, count: 5 }), ShapeError);
  assert.throws(() => loadFashionMnist({ split: "test", dir, pool: 3 }), ShapeError);
  assert.throws(() => loadFashionMnist({ split: "test", dir, size: 3 } as never), OptionError);
  writeFileSync(join(dir, "t10k-labels-idx1-ubyte.gz"), gzipSync(idx([4], Uint8Array.of(3, 1, 12, 1))));
  assert.throws(() => loadFashionMnist({ split: "test", dir }), FormatError);
});

// The real data set, when installed: 60000 / 10000 images, 6000 / 1000 per class (the published
// class balance of Fashion-MNIST), first training label 9 (an ankle boot).
test("loadFashionMnist on the installed Debian data has the published sizes and class balance", { skip: !existsSync(FASHION_MNIST_DIR) && "dataset-fashion-mnist not installed" }, () => {
  const train = loadFashionMnist({ split: "train", pool: 28 });
  const testSplit = loadFashionMnist({ split: "test", pool: 28 });
  assert.equal(train.count, 60000);
  assert.equal(testSplit.count, 10000);
  const hist = (l: Uint8Array) => Array.from({ length: 10 }, (_, k) => l.filter((y) => y === k).length);
  assert.deepEqual(hist(train.labels), new Array(10).fill(6000));
  assert.deepEqual(hist(testSplit.labels), new Array(10).fill(1000));
  assert.equal(train.labels[0], 9);
  for (const v of train.images) assert.ok(v >= 0 && v <= 1);
});
