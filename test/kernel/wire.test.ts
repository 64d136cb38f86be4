/**
 * Wire protocol: signatures agree with Python's hmac (the algorithm jupyter_client uses),
 * frames round-trip, and tampered or unsigned messages are rejected.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeMessage, encodeMessage, newMessage, replyTo, sign } from "../../src/kernel/wire";
import { runPython } from "./kernel-env";

const KEY = "a0436f6c-1916-498b-8eb9-e81ab9368e84";

test("HMAC-SHA256 signature equals Python's hmac over the four JSON frames", () => {
  const msg = newMessage("session-1", "execute_request", { code: "1 + 1 // ünïcödé ∑", silent: false });
  const frames = encodeMessage(msg, KEY);
  const body = frames.slice(2, 6).map((b) => b.toString("utf8"));
  const py = runPython(
    ["-c", "import hmac,hashlib,json,sys; k,*parts=json.load(sys.stdin); h=hmac.new(k.encode(),digestmod=hashlib.sha256); [h.update(p.encode()) for p in parts]; print(h.hexdigest())"],
    { timeoutMs: 20_000, input: JSON.stringify([KEY, ...body]) },
  );
  assert.equal(py.status, 0, py.stderr);
  assert.equal(frames[1].toString("ascii"), py.stdout.trim());
  assert.equal(sign(KEY, body), py.stdout.trim());
});

test("encode/decode round-trip keeps identities, header, content and buffers", () => {
  const req = newMessage("s", "complete_request", { code: "Math.", cursor_pos: 5 }, undefined, [Buffer.from("router-id")]);
  req.buffers = [Buffer.from([1, 2, 3])];
  const back = decodeMessage(encodeMessage(req, KEY), KEY);
  assert.deepEqual(back.identities.map(String), ["router-id"]);
  assert.deepEqual(back.header, req.header);
  assert.deepEqual(back.content, req.content);
  assert.deepEqual([...back.buffers[0]], [1, 2, 3]);
  const rep = replyTo("kernel-session", back, "complete_reply", { status: "ok" });
  assert.deepEqual(rep.parent_header, req.header, "a reply's parent_header is the request header");
  assert.deepEqual(rep.identities.map(String), ["router-id"], "a reply is routed back to the requester");
});

test("a tampered frame, a wrong key or a missing delimiter is rejected", () => {
  const frames = encodeMessage(newMessage("s", "kernel_info_request", {}), KEY);
  const tampered = frames.slice();
  tampered[5] = Buffer.from(JSON.stringify({ code: "evil()" }));
  assert.throws(() => decodeMessage(tampered, KEY), /invalid HMAC/);
  assert.throws(() => decodeMessage(frames, KEY + "x"), /invalid HMAC/);
  assert.throws(() => decodeMessage(frames.slice(2), KEY), /delimiter/);
  // With an empty key (signing disabled by the client) the signature is empty and not checked.
  assert.equal(encodeMessage(newMessage("s", "x", {}), "")[1].toString(), "");
});
