// The cryptography of a Feishu HTTP push (reference §3.4), done strictly and on the raw bytes:
// - X-Lark-Signature = hex(sha256(X-Lark-Request-Timestamp + X-Lark-Request-Nonce + encryptKey + body)),
//   over the body exactly as received (the SDK re-stringifies the parsed JSON instead);
// - {"encrypt": base64(iv16 ‖ AES-256-CBC(sha256(encryptKey), iv, json))}.
// Nothing here throws on hostile input: every failure is a `null` or `false`.
import { createDecipheriv, createHash, timingSafeEqual } from "node:crypto";

export interface SignatureHeaders {
  readonly timestamp: string;
  readonly nonce: string;
  readonly signature: string;
}

/** The three signature headers when each is present exactly once, else null. */
export function signatureHeaders(headers: Record<string, string | string[] | undefined>): SignatureHeaders | null {
  const timestamp = headers["x-lark-request-timestamp"];
  const nonce = headers["x-lark-request-nonce"];
  const signature = headers["x-lark-signature"];
  if (typeof timestamp !== "string" || typeof nonce !== "string" || typeof signature !== "string") return null;
  return { timestamp, nonce, signature };
}

/** Whether `signature` is the sha256 signature of the raw body under `encryptKey`, compared in constant time. */
export function signatureMatches(headers: SignatureHeaders, encryptKey: string, rawBody: Buffer): boolean {
  if (!/^[0-9a-fA-F]{64}$/.test(headers.signature)) return false;
  const expected = createHash("sha256").update(headers.timestamp + headers.nonce + encryptKey, "utf8").update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(headers.signature, "hex"));
}

/** Decrypts an `encrypt` field to the JSON object inside it; null when it is not base64, not a whole
 *  number of AES blocks, badly padded (wrong key or tampered), or not a JSON object. */
export function decryptEnvelope(encryptKey: string, encrypt: unknown): Record<string, unknown> | null {
  if (typeof encrypt !== "string" || !/^[A-Za-z0-9+/]+={0,2}$/.test(encrypt)) return null;
  const raw = Buffer.from(encrypt, "base64");
  if (raw.length < 32 || raw.length % 16 !== 0) return null;
  let plaintext: string;
  try {
    const decipher = createDecipheriv("aes-256-cbc", createHash("sha256").update(encryptKey).digest(), raw.subarray(0, 16));
    plaintext = Buffer.concat([decipher.update(raw.subarray(16)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
  return parseObject(plaintext);
}

/** JSON.parse that only accepts an object (not null, an array or a scalar). */
export function parseObject(text: string): Record<string, unknown> | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** Constant-time equality of two strings (hashed first, so lengths do not leak either). */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(createHash("sha256").update(given).digest(), createHash("sha256").update(expected).digest());
}
