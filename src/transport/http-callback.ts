// HTTP callbacks (some tenants need them for card actions). The SDK checks the signature and decrypts;
// we add what it does not: a body size cap, a stale-timestamp check against replays, and the URL
// verification challenge. Whatever bot.handle returns is the response body (toast/card).
import { createServer, type IncomingMessage, type Server } from "node:http";
import * as lark from "@larksuiteoapi/node-sdk";
import type { Bot } from "../bot/bot.ts";
import type { Logger } from "../platform/logger.ts";
import { createDispatcher } from "./dispatcher.ts";

export interface HttpCallbackOptions {
  readonly port: number;
  readonly host?: string;
  readonly path: string;
  readonly encryptKey?: string;
  readonly verificationToken?: string;
  /** requests signed longer ago than this are refused as replays; default 5 minutes */
  readonly maxSkewSeconds?: number;
  readonly now: () => Date;
  readonly log: Logger;
}

const MAX_BODY_BYTES = 1_000_000;

export interface HttpCallbackServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startHttpCallbacks(bot: Bot, options: HttpCallbackOptions): Promise<HttpCallbackServer> {
  const dispatcher = createDispatcher(bot, options);
  const maxSkew = options.maxSkewSeconds ?? 300;
  const server: Server = createServer(async (req, res) => {
    try {
      if (req.method !== "POST" || req.url?.split("?")[0] !== options.path) {
        res.writeHead(404).end();
        return;
      }
      const body = await readBody(req);
      if (body === null) {
        res.writeHead(413).end();
        return;
      }
      let data: Record<string, unknown>;
      try {
        data = JSON.parse(body) as Record<string, unknown>;
      } catch {
        res.writeHead(400).end();
        return;
      }
      const challenge = lark.generateChallenge(data, { encryptKey: options.encryptKey ?? "" });
      if (challenge.isChallenge) {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(challenge.challenge));
        return;
      }
      if (options.encryptKey) {
        const timestamp = Number(req.headers["x-lark-request-timestamp"]);
        if (!Number.isFinite(timestamp) || Math.abs(options.now().getTime() / 1000 - timestamp) > maxSkew) {
          options.log.warn({ timestamp }, "callback with a stale or missing timestamp refused");
          res.writeHead(401).end();
          return;
        }
      }
      // The SDK's dispatcher reads the signature headers from the object's prototype (adaptDefault).
      const envelope = Object.assign(Object.create({ headers: req.headers }), data);
      if (options.encryptKey && !dispatcher.requestHandle?.checkIsEventValidated(envelope)) {
        options.log.warn("callback with a bad signature refused");
        res.writeHead(401).end();
        return;
      }
      // The SDK does not compare the verification token of v2 events, and flattening hides it behind
      // the card callback's own token; we check it on the envelope (§3.4).
      if (options.verificationToken && headerToken(data, options.encryptKey) !== options.verificationToken) {
        options.log.warn("callback with a wrong verification token refused");
        res.writeHead(401).end();
        return;
      }
      const result = await dispatcher.invoke(envelope);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result ?? {}));
    } catch (error) {
      options.log.error({ err: error }, "callback failed");
      if (!res.headersSent) res.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}${options.path}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** header.token of a v2 envelope, decrypting it first when it came encrypted. */
function headerToken(data: Record<string, unknown>, encryptKey: string | undefined): string | null {
  let body: unknown = data;
  if (typeof data.encrypt === "string") {
    if (!encryptKey) return null;
    try {
      body = JSON.parse(new lark.AESCipher(encryptKey).decrypt(data.encrypt));
    } catch {
      return null;
    }
  }
  const header = (body as { header?: { token?: unknown }; token?: unknown }).header;
  const token = header?.token ?? (body as { token?: unknown }).token;
  return typeof token === "string" ? token : null;
}
