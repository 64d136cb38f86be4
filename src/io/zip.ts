/**
 * Minimal ZIP reader for `.npz` archives (PKWARE APPNOTE 6.3): finds the end-of-central-directory
 * record (and its ZIP64 locator/record when present), walks the central directory, and extracts
 * each member, "stored" (method 0) or "deflated" (method 8, via node:zlib inflateRaw). Sizes come
 * from the central directory (with ZIP64 extra fields, which numpy writes with force_zip64); the
 * CRC-32 of every extracted member is verified, so a corrupt archive raises FormatError.
 */
import { inflateRawSync, crc32 } from "node:zlib";
import { FormatError } from "../core/errors";

/** One extracted archive member. */
export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;

function u64(view: DataView, off: number): number {
  const v = view.getBigUint64(off, true);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new FormatError(`readZip: 64-bit field ${v} is too large`);
  return Number(v);
}

/** Extracts all members of a ZIP archive held in memory (see file comment). */
export function readZip(bytes: Uint8Array, where = "readZip"): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = bytes.length;
  // EOCD is 22 bytes + a comment of at most 65535 bytes at the end of the file
  let eocd = -1;
  for (let p = len - 22; p >= Math.max(0, len - 22 - 65535); p--) {
    if (view.getUint32(p, true) === SIG_EOCD) { eocd = p; break; }
  }
  if (eocd < 0) throw new FormatError(`${where}: not a ZIP archive or truncated (no end-of-central-directory record)`);
  let count = view.getUint16(eocd + 10, true);
  let cdSize = view.getUint32(eocd + 12, true);
  let cdOffset = view.getUint32(eocd + 16, true);
  if ((count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) && eocd >= 20 && view.getUint32(eocd - 20, true) === SIG_ZIP64_LOCATOR) {
    const z64 = u64(view, eocd - 20 + 8);
    if (z64 + 56 > len || view.getUint32(z64, true) !== SIG_ZIP64_EOCD) throw new FormatError(`${where}: corrupt ZIP64 end-of-central-directory record`);
    count = u64(view, z64 + 32);
    cdSize = u64(view, z64 + 40);
    cdOffset = u64(view, z64 + 48);
  }
  if (cdOffset + cdSize > len) throw new FormatError(`${where}: central directory (offset ${cdOffset}, ${cdSize} bytes) lies beyond the end of the ${len}-byte file; the archive is truncated`);
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let e = 0; e < count; e++) {
    if (p + 46 > len || view.getUint32(p, true) !== SIG_CENTRAL) throw new FormatError(`${where}: corrupt central directory entry ${e}`);
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const crc = view.getUint32(p + 16, true);
    let compSize = view.getUint32(p + 20, true);
    let size = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    let localOff = view.getUint32(p + 42, true);
    const name = Buffer.from(bytes.buffer, bytes.byteOffset + p + 46, nameLen).toString(flags & 0x800 ? "utf8" : "latin1");
    // ZIP64 extended information: only the fields whose 32-bit value is 0xFFFFFFFF are present, in this order
    let x = p + 46 + nameLen;
    const xEnd = x + extraLen;
    while (x + 4 <= xEnd) {
      const id = view.getUint16(x, true);
      const sz = view.getUint16(x + 2, true);
      if (id === 0x0001) {
        let q = x + 4;
        if (size === 0xffffffff) { size = u64(view, q); q += 8; }
        if (compSize === 0xffffffff) { compSize = u64(view, q); q += 8; }
        if (localOff === 0xffffffff) { localOff = u64(view, q); q += 8; }
      }
      x += 4 + sz;
    }
    if (flags & 0x1) throw new FormatError(`${where}: member "${name}" is encrypted; encrypted archives are not supported`);
    if (localOff + 30 > len || view.getUint32(localOff, true) !== SIG_LOCAL) throw new FormatError(`${where}: member "${name}": local header missing at offset ${localOff}; the archive is corrupt`);
    const dataStart = localOff + 30 + view.getUint16(localOff + 26, true) + view.getUint16(localOff + 28, true);
    if (dataStart + compSize > len) throw new FormatError(`${where}: member "${name}" needs ${compSize} bytes at offset ${dataStart} but the file ends at ${len}; the archive is truncated`);
    const raw = bytes.subarray(dataStart, dataStart + compSize);
    let data: Uint8Array;
    if (method === 0) data = raw;
    else if (method === 8) {
      try { data = inflateRawSync(raw); } catch (err) { throw new FormatError(`${where}: member "${name}": deflate stream is corrupt (${(err as Error).message})`); }
    } else throw new FormatError(`${where}: member "${name}" uses compression method ${method}; supported: 0 (stored), 8 (deflate)`);
    if (data.length !== size) throw new FormatError(`${where}: member "${name}" has ${data.length} bytes after extraction, central directory says ${size}`);
    if ((crc32(data) >>> 0) !== crc) throw new FormatError(`${where}: member "${name}" fails its CRC-32 check; the archive is corrupt`);
    entries.push({ name, data });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}
