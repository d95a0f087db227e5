// HTTP callbacks (some tenants need them for card actions): the hard edge between the internet and
// bot.handle. Reference §3.4 for the platform's rules; what this adds and in which order:
//   1. node:http limits: header, body and idle timeouts and a connection cap, so slow or idle
//      clients cannot hold sockets;
//   2. a body cap: 413 with a JSON body (answered before the rest is read, then drained so the
//      client sees the answer rather than a reset);
//   3. with an Encrypt Key, a fresh timestamp and the signature over the raw bytes, checked before
//      anything is parsed or decrypted;
//   4. strict JSON and decryption: anything malformed or undecryptable is 400;
//   5. the verification token, also for the url_verification challenge.
// Only then does the SDK's dispatcher route the event to bot.handle; whatever bot.handle returns is
// the response body (toast/card). Every refusal answers {"code", "msg"} and reaches nothing.
//
// The challenge the console sends when a request URL is saved is not signed (the docs exclude
// "请求网址校验" from the signature check), so an unsigned request is accepted only as an encrypted
// url_verification whose token matches; everything else unsigned is refused.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Bot } from "../bot/bot.ts";
import type { Logger } from "../platform/logger.ts";
import { createDispatcher } from "./dispatcher.ts";
import { decryptEnvelope, parseObject, sameSecret, signatureHeaders, signatureMatches } from "./lark-envelope.ts";

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
  /** bodies larger than this are refused with 413; default 1 MB */
  readonly maxBodyBytes?: number;
  /** time allowed for the request line and headers; default 10 s */
  readonly headersTimeoutMs?: number;
  /** time allowed for the body once the headers are in (node's requestTimeout is headers + body); default 10 s */
  readonly bodyTimeoutMs?: number;
  /** a socket with nothing in flight and no traffic for this long is closed; default 5 s */
  readonly idleTimeoutMs?: number;
  /** connections beyond this are dropped on accept; default 256 */
  readonly maxConnections?: number;
}

export const HTTP_CALLBACK_DEFAULTS = {
  maxBodyBytes: 1_000_000,
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 10_000,
  idleTimeoutMs: 5_000,
  maxConnections: 256,
} as const;

/** After a 413, at most this many times the limit is read and thrown away before the socket is cut. */
const DRAIN_FACTOR = 4;

export interface HttpCallbackServer {
  readonly url: string;
  close(): Promise<void>;
}

class Refusal {
  constructor(
    readonly status: number,
    readonly msg: string,
  ) {}
}

export async function startHttpCallbacks(bot: Bot, options: HttpCallbackOptions): Promise<HttpCallbackServer> {
  const dispatcher = createDispatcher(bot, options);
  const { log } = options;
  const maxSkew = options.maxSkewSeconds ?? 300;
  const maxBody = options.maxBodyBytes ?? HTTP_CALLBACK_DEFAULTS.maxBodyBytes;
  const headersTimeout = options.headersTimeoutMs ?? HTTP_CALLBACK_DEFAULTS.headersTimeoutMs;
  const requestTimeout = headersTimeout + (options.bodyTimeoutMs ?? HTTP_CALLBACK_DEFAULTS.bodyTimeoutMs);
  const idleTimeout = options.idleTimeoutMs ?? HTTP_CALLBACK_DEFAULTS.idleTimeoutMs;
  const tooLarge = new Refusal(413, `请求体超过${describeBytes(maxBody)}`);
  /** the response in flight on each socket: such a socket is not idle, whatever its traffic */
  const inFlight = new WeakMap<Socket, ServerResponse>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const socket = req.socket;
    inFlight.set(socket, res);
    res.once("close", () => {
      if (inFlight.get(socket) === res) inFlight.delete(socket);
    });
    try {
      if (req.method !== "POST" || req.url?.split("?")[0] !== options.path) {
        req.resume(); // node drains the rest after the answer
        reply(res, 404, { code: 404, msg: "not found" });
        return;
      }
      if (declaredLength(req) > maxBody) {
        log.warn({ contentLength: req.headers["content-length"] }, "callback body over the limit refused");
        refuseTooLarge(req, res);
        return;
      }
      const body = await readBody(req, maxBody);
      if (body === "aborted") return; // the socket is gone (timeout or client): nobody to answer
      if (body === "too-large") {
        log.warn("callback body over the limit refused");
        refuseTooLarge(req, res);
        return;
      }
      const answer = await admit(req, body);
      if (answer instanceof Refusal) reply(res, answer.status, { code: answer.status, msg: answer.msg });
      else reply(res, 200, answer);
    } catch (error) {
      log.error({ err: error }, "callback failed");
      reply(res, 500, { code: 500, msg: "内部错误" });
    }
  };

  /** Steps 3–5 and the dispatch, on a body read in full. */
  const admit = async (req: IncomingMessage, raw: Buffer): Promise<Refusal | unknown> => {
    const encryptKey = options.encryptKey;
    const signed = signatureHeaders(req.headers);
    let data: Record<string, unknown>;
    if (encryptKey && signed) {
      const timestamp = Number(signed.timestamp);
      if (!Number.isFinite(timestamp) || Math.abs(options.now().getTime() / 1000 - timestamp) > maxSkew) {
        log.warn({ timestamp: signed.timestamp }, "callback with a stale or missing timestamp refused");
        return new Refusal(401, "时间戳无效或已过期");
      }
      if (!signatureMatches(signed, encryptKey, raw)) {
        log.warn("callback with a bad signature refused");
        return new Refusal(401, "签名无效");
      }
      const outer = parseObject(raw.toString("utf8"));
      if (!outer) return malformed("not a JSON object");
      const { encrypt, ...rest } = outer;
      if (encrypt === undefined) data = outer;
      else {
        const inner = decryptEnvelope(encryptKey, encrypt);
        if (!inner) return malformed("cannot be decrypted");
        data = { ...inner, ...rest }; // as the SDK merges them; the outer fields are signed too
      }
    } else if (encryptKey) {
      // Unsigned: only the console's URL verification may come so, and it comes encrypted.
      const outer = parseObject(raw.toString("utf8"));
      if (!outer) return malformed("not a JSON object");
      if (outer.encrypt === undefined) {
        log.warn("unsigned callback refused");
        return new Refusal(401, "缺少签名");
      }
      const inner = decryptEnvelope(encryptKey, outer.encrypt);
      if (!inner) return malformed("cannot be decrypted");
      if (inner.type !== "url_verification") {
        log.warn("unsigned callback refused");
        return new Refusal(401, "缺少签名");
      }
      data = inner;
    } else {
      const outer = parseObject(raw.toString("utf8"));
      if (!outer) return malformed("not a JSON object");
      if (outer.encrypt !== undefined) return malformed("encrypted, but no Encrypt Key is configured");
      data = outer;
    }

    // The SDK never compares the verification token, and flattening hides a card callback's envelope
    // token behind its own; we check it on the envelope (§3.4), the challenge's included.
    if (options.verificationToken) {
      const token = envelopeToken(data);
      if (token === null || !sameSecret(token, options.verificationToken)) {
        log.warn({ type: data.type ?? null }, "callback with a wrong verification token refused");
        return new Refusal(401, "Verification Token 不符");
      }
    }
    if (data.type === "url_verification") {
      if (typeof data.challenge !== "string") return malformed("url_verification without a challenge");
      if (!options.verificationToken && !encryptKey) log.warn("url_verification answered with neither a token nor a key to check");
      return { challenge: data.challenge };
    }
    // The old card callback (schema 1.0, no envelope: the console's 消息卡片回传交互（旧）) is not one
    // the bot subscribes to; the SDK would answer it with its "no undefined event handle" string.
    if (data.schema !== "2.0" && data.action !== undefined) {
      log.warn("old-style card callback answered with a toast");
      return { toast: { type: "error", content: "卡片回调配置有误：请在开发者后台“事件与回调 → 回调配置”订阅新版“卡片回传交互”（card.action.trigger）。" } };
    }
    // Checked above on the raw bytes; the SDK's own check would re-stringify the parsed JSON.
    const result: unknown = await dispatcher.invoke(data, { needCheck: false });
    return result ?? {};
  };

  const malformed = (reason: string): Refusal => {
    log.warn({ reason }, "malformed callback body refused");
    return new Refusal(400, "请求体格式无效");
  };

  /** 413 at once (the client can read it while still sending), then the rest is drained so the
   *  close is clean; a client that keeps sending past the drain allowance is cut off. */
  const refuseTooLarge = (req: IncomingMessage, res: ServerResponse): void => {
    const body = JSON.stringify({ code: tooLarge.status, msg: tooLarge.msg });
    if (res.headersSent || res.destroyed) return;
    res.shouldKeepAlive = false;
    res.writeHead(413, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body), connection: "close" });
    res.write(body);
    let drained = 0;
    req.removeAllListeners("data");
    req.on("data", (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > DRAIN_FACTOR * maxBody) req.socket.destroy();
    });
    req.once("end", () => res.end());
    req.once("close", () => {
      if (!res.writableEnded) res.destroy();
    });
    req.resume();
  };

  const server: Server = createServer(
    {
      headersTimeout,
      requestTimeout,
      keepAliveTimeout: idleTimeout,
      // node checks the two timeouts above on this beat (default 30 s, which would triple them)
      connectionsCheckingInterval: Math.max(20, Math.min(1_000, Math.floor(headersTimeout / 4))),
    },
    (req, res) => void handle(req, res),
  );
  server.maxConnections = options.maxConnections ?? HTTP_CALLBACK_DEFAULTS.maxConnections;
  server.on("drop", () => log.warn({ maxConnections: server.maxConnections }, "callback connection over the cap dropped"));
  // Idle sockets: no traffic for idleTimeout and nothing in flight. A request being handled is
  // bounded by the body timeout and the handler, not by this.
  server.timeout = idleTimeout;
  server.on("timeout", (socket: Socket) => {
    if (!inFlight.has(socket)) socket.destroy();
  });
  // An oversized body announced with Expect: 100-continue is refused before the client sends it.
  server.on("checkContinue", (req: IncomingMessage, res: ServerResponse) => {
    if (declaredLength(req) > maxBody) {
      res.shouldKeepAlive = false;
      reply(res, 413, { code: tooLarge.status, msg: tooLarge.msg }, { connection: "close" });
      return;
    }
    res.writeContinue();
    void handle(req, res);
  });
  // Timeouts and unparsable requests: answer like node would, with a JSON body, and close.
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    const pending = inFlight.get(socket);
    if (socket.writable && (!pending || !pending.headersSent)) {
      const [status, text, msg] =
        error.code === "ERR_HTTP_REQUEST_TIMEOUT"
          ? [408, "Request Timeout", "请求超时"]
          : error.code === "HPE_HEADER_OVERFLOW"
            ? [431, "Request Header Fields Too Large", "请求头过大"]
            : [400, "Bad Request", "请求格式无效"];
      const body = JSON.stringify({ code: status, msg });
      socket.write(
        `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") log.warn("callback request too slow: connection closed");
    socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}${options.path}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

function reply(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const body = JSON.stringify(payload);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body), ...headers }).end(body);
}

function declaredLength(req: IncomingMessage): number {
  const value = req.headers["content-length"];
  return value === undefined ? 0 : Number(value);
}

/** The body, "too-large" as soon as it passes the limit (the rest left unread), or "aborted". */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | "too-large" | "aborted"> {
  return new Promise((resolve) => {
    let size = 0;
    const chunks: Buffer[] = [];
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off("data", onData);
        req.pause();
        resolve("too-large");
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", () => resolve("aborted"));
    req.once("close", () => {
      if (!req.complete) resolve("aborted");
    });
  });
}

/** header.token of a v2 envelope, token of a v1 one or of the challenge. */
function envelopeToken(data: Record<string, unknown>): string | null {
  const header = data.header as { token?: unknown } | undefined;
  const token = (typeof header === "object" && header !== null ? header.token : undefined) ?? data.token;
  return typeof token === "string" ? token : null;
}

function describeBytes(bytes: number): string {
  if (bytes % 1_000_000 === 0) return `${bytes / 1_000_000} MB`;
  if (bytes % 1_000 === 0) return `${bytes / 1_000} KB`;
  return `${bytes} 字节`;
}
