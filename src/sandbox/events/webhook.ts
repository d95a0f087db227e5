import { createCipheriv, createHash, randomBytes } from "node:crypto";
import { request } from "node:http";
import { request as requestTls } from "node:https";

// Pushing one body to the bot's request URL (§3.4, §10 "Webhook mode").
// - With an Encrypt Key the body is {"encrypt": base64(iv16 ‖ AES-256-CBC(SHA256(key), iv, json))}.
// - X-Lark-Signature = hex(sha256(timestamp + nonce + encryptKey + body)), over the exact compact
//   JSON string sent: the SDK re-stringifies the parsed body, so anything but compact JSON fails.

export function encryptPayload(encryptKey: string, plaintext: string): string {
  const key = createHash("sha256").update(encryptKey).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-cbc", key, iv);
  return Buffer.concat([iv, cipher.update(plaintext, "utf8"), cipher.final()]).toString("base64");
}

export function signBody(timestamp: string, nonce: string, encryptKey: string, body: string): string {
  return createHash("sha256").update(timestamp + nonce + encryptKey + body).digest("hex");
}

export type PostOutcome =
  | { kind: "answered"; status: number; body: string; elapsedMs: number }
  | { kind: "timeout" }
  | { kind: "unreachable"; detail: string };

export interface PostOptions {
  readonly encryptKey?: string;
  readonly timeoutMs: number;
  /** For tests of the bot's signature check: sign with a wrong key. */
  readonly forgeSignature?: boolean;
  readonly nowSeconds: number;
}

/** Serializes, maybe encrypts, signs and POSTs `payload`; never throws. */
export function postToBot(url: string, payload: unknown, options: PostOptions): Promise<PostOutcome> {
  const plaintext = JSON.stringify(payload);
  const body = options.encryptKey ? JSON.stringify({ encrypt: encryptPayload(options.encryptKey, plaintext) }) : plaintext;
  const timestamp = String(options.nowSeconds);
  const nonce = randomBytes(8).toString("hex");
  const signingKey = options.forgeSignature ? `forged-${options.encryptKey ?? ""}` : (options.encryptKey ?? "");
  const target = new URL(url);
  const send = target.protocol === "https:" ? requestTls : request;
  const startedAt = Date.now();

  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const req = send(
      target,
      {
        method: "POST",
        agent: false,
        headers: {
          "Content-Type": "application/json; charset=utf-8",
          "Content-Length": Buffer.byteLength(body),
          "User-Agent": "Lark-Sandbox/1.0",
          "X-Lark-Request-Timestamp": timestamp,
          "X-Lark-Request-Nonce": nonce,
          "X-Lark-Signature": signBody(timestamp, nonce, signingKey, body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          settle({
            kind: "answered",
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString("utf8"),
            elapsedMs: Date.now() - startedAt,
          }),
        );
        res.on("error", (error) => settle({ kind: "unreachable", detail: error.message }));
      },
    );
    // §4.4: an answer later than 3 s counts as a failure; stop waiting and drop the request.
    const timer = setTimeout(() => {
      settle({ kind: "timeout" });
      req.destroy();
    }, options.timeoutMs);
    req.on("error", (error) => settle({ kind: "unreachable", detail: error.message }));
    req.end(body);
  });
}
