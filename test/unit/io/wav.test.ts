import { test } from "node:test";
import assert from "node:assert/strict";
import { parseWav, readWav } from "../../../src/io/wav";
import { FormatError } from "../../../src/core/errors";
import { pythonOracle } from "../../helpers/python-oracle";

function pcm16(samples: number[], rate: number): Uint8Array {
  const data = samples.length * 2;
  const b = new DataView(new ArrayBuffer(44 + data));
  const w = (o: number, s: string) => [...s].forEach((c, i) => b.setUint8(o + i, c.charCodeAt(0)));
  w(0, "RIFF"); b.setUint32(4, 36 + data, true); w(8, "WAVE"); w(12, "fmt ");
  b.setUint32(16, 16, true); b.setUint16(20, 1, true); b.setUint16(22, 1, true); b.setUint32(24, rate, true);
  b.setUint32(28, rate * 2, true); b.setUint16(32, 2, true); b.setUint16(34, 16, true); w(36, "data"); b.setUint32(40, data, true);
  samples.forEach((s, i) => b.setInt16(44 + 2 * i, s, true));
  return new Uint8Array(b.buffer);
}

test("parseWav(bytes) returns 16-bit samples as q / 32768 exactly", () => {
  const q = [0, 1, -1, 32767, -32768, 1234, -4321];
  const a = parseWav(pcm16(q, 8000));
  assert.equal(a.sampleRate, 8000);
  assert.equal(a.bitsPerSample, 16);
  assert.deepEqual([...a.channels[0]], q.map((v) => v / 32768));
});

test("readWav(path) agrees with Python's wave module on Debian's alsa-utils recording", () => {
  const path = "/usr/share/sounds/alsa/Front_Center.wav";
  const a = readWav(path);
  const ref = pythonOracle<{ rate: number; n: number; head: number[] }>(
    "import wave\nw = wave.open(inp)\nfr = w.readframes(w.getnframes())\nq = np.frombuffer(fr, dtype='<i2')\nout = {'rate': w.getframerate(), 'n': int(q.size), 'head': (q[20000:20010] / 32768).tolist()}",
    path,
  );
  assert.equal(a.sampleRate, ref.rate);
  assert.equal(a.channels[0].length, ref.n);
  assert.deepEqual([...a.channels[0].slice(20000, 20010)], ref.head);
});

test("parseWav refuses short and non-RIFF data, readWav missing files", () => {
  assert.throws(() => parseWav(new Uint8Array(10)), FormatError);
  assert.throws(() => parseWav(new Uint8Array(64)), /not a RIFF\/WAVE/);
  assert.throws(() => readWav("/nonexistent.wav"), FormatError);
});
