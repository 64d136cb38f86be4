/**
 * The Jupyter wire protocol (messaging spec 5.3): framing and HMAC-SHA256 signing.
 *
 * A message on a ROUTER/PUB socket is the frame list
 *   [identity..., "<IDS|MSG>", hmac_hex, header, parent_header, metadata, content, buffers...]
 * where `hmac_hex = HMAC_SHA256(key, header ‖ parent_header ‖ metadata ‖ content)` over the
 * JSON-encoded frames, and the empty key disables signing (the signature is then "").
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

/** The protocol version this kernel speaks. */
export const PROTOCOL_VERSION = "5.3";

const DELIMITER = Buffer.from("<IDS|MSG>");

export interface MessageHeader {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

/** A decoded message; `identities` are the ROUTER routing frames (empty on PUB). */
export interface JupyterMessage {
  identities: Buffer[];
  header: MessageHeader;
  /** The header of the request this message answers, or `{}`. */
  parent_header: Partial<MessageHeader>;
  metadata: Record<string, unknown>;
  content: Record<string, unknown>;
  buffers: Buffer[];
}

/** HMAC-SHA256 signature (hex) of the four JSON frames; "" when the key is empty. */
export function sign(key: string, frames: readonly (string | Buffer)[]): string {
  if (key === "") return "";
  const hmac = createHmac("sha256", key);
  for (const f of frames) hmac.update(f);
  return hmac.digest("hex");
}

/**
 * Parses raw frames and checks the signature (constant-time compare).
 * Throws an Error naming what is wrong (no delimiter, bad signature, bad JSON).
 */
export function decodeMessage(frames: readonly Buffer[], key: string): JupyterMessage {
  const delim = frames.findIndex((f) => f.equals(DELIMITER));
  if (delim < 0) throw new Error("wire: message has no <IDS|MSG> delimiter");
  if (frames.length < delim + 6) throw new Error(`wire: message has ${frames.length - delim - 1} frames after the delimiter, need at least 5`);
  const signature = frames[delim + 1].toString("ascii");
  const body = frames.slice(delim + 2, delim + 6);
  const expected = sign(key, body);
  if (key !== "") {
    const a = Buffer.from(signature, "ascii");
    const b = Buffer.from(expected, "ascii");
    if (a.length !== b.length || !timingSafeEqual(a, b)) throw new Error("wire: invalid HMAC signature");
  }
  return {
    identities: frames.slice(0, delim),
    header: JSON.parse(body[0].toString("utf8")) as MessageHeader,
    parent_header: JSON.parse(body[1].toString("utf8")) as Partial<MessageHeader>,
    metadata: JSON.parse(body[2].toString("utf8")) as Record<string, unknown>,
    content: JSON.parse(body[3].toString("utf8")) as Record<string, unknown>,
    buffers: frames.slice(delim + 6),
  };
}

/** Serialises and signs a message into frames ready for `socket.send`. */
export function encodeMessage(msg: JupyterMessage, key: string): Buffer[] {
  const body = [msg.header, msg.parent_header, msg.metadata, msg.content].map((x) => Buffer.from(JSON.stringify(x), "utf8"));
  return [...msg.identities, DELIMITER, Buffer.from(sign(key, body), "ascii"), ...body, ...msg.buffers];
}

/** Builds a new message of `msgType` in the kernel's `session`, answering `parent` (if any). */
export function newMessage(
  session: string,
  msgType: string,
  content: Record<string, unknown>,
  parent?: JupyterMessage,
  identities: Buffer[] = [],
): JupyterMessage {
  return {
    identities,
    header: {
      msg_id: randomUUID(),
      session,
      username: "kernel",
      date: new Date().toISOString(),
      msg_type: msgType,
      version: PROTOCOL_VERSION,
    },
    parent_header: parent ? parent.header : {},
    metadata: {},
    content,
    buffers: [],
  };
}

/** The reply to a ROUTER request: same identities, `parent_header` = request header. */
export function replyTo(session: string, request: JupyterMessage, msgType: string, content: Record<string, unknown>): JupyterMessage {
  return newMessage(session, msgType, content, request, request.identities);
}

/** The connection file written by the Jupyter client. */
export interface ConnectionInfo {
  transport: string;
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: string;
}

/** Validates a parsed connection file; only `hmac-sha256` (or no key) is supported. */
export function checkConnectionInfo(x: unknown): ConnectionInfo {
  const c = x as Partial<ConnectionInfo>;
  for (const k of ["shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"] as const) {
    if (typeof c[k] !== "number") throw new Error(`connection file: ${k} must be a number, got ${JSON.stringify(c[k])}`);
  }
  if (typeof c.ip !== "string" || typeof c.transport !== "string") throw new Error("connection file: ip and transport must be strings");
  const key = typeof c.key === "string" ? c.key : "";
  const scheme = c.signature_scheme ?? "hmac-sha256";
  if (key !== "" && scheme !== "hmac-sha256") throw new Error(`connection file: signature_scheme ${scheme} is not supported (only hmac-sha256)`);
  return { ...(c as ConnectionInfo), key, signature_scheme: scheme };
}

/** Address for `socket.bind`: `tcp://IP:PORT` or `ipc://IP-PORT` (the ipc convention of jupyter_client). */
export function endpoint(c: ConnectionInfo, port: number): string {
  return c.transport === "ipc" ? `ipc://${c.ip}-${port}` : `${c.transport}://${c.ip}:${port}`;
}
