// The HTTP edge (reference §3.4), probed the way an outsider would: real clients over loopback
// (node:http for whole requests, node:net for the slow and the silent ones) against the real
// server from startHttpCallbacks. The bot is a recording fake of our own Bot interface: every
// refusal must leave it untouched. Loops are bounded in count and time; the only timing asserts
// are generous upper bounds on when the server closes a socket.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCipheriv, createHash, randomBytes } from "node:crypto";
import { request } from "node:http";
import { connect, type Socket } from "node:net";
import type { Bot } from "../../src/bot/bot.ts";
import type { EventType } from "../../src/bot/events.ts";
import { toast } from "../../src/bot/context.ts";
import { silentLogger } from "../../src/platform/logger.ts";
import { startHttpCallbacks, type HttpCallbackServer } from "../../src/transport/http-callback.ts";

const KEY = "edge-encrypt-key";
const TOKEN = "edge-verification-token";
const PATH = "/feishu/events";
/** how long a socket may take to be closed by a server configured with sub-second timeouts */
const CLOSE_BOUND_MS = 5_000;

// ---------- the recording fake ----------

const calls: { type: EventType; raw: unknown }[] = [];
const bot: Bot = {
  async handle(type, raw) {
    calls.push({ type, raw });
    return type === "card.action.trigger" ? toast("success", "已提交") : undefined;
  },
};

// ---------- what the platform does (§3.4) ----------

function encrypt(plain: string, key = KEY): string {
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-cbc", createHash("sha256").update(key).digest(), iv);
  return Buffer.concat([iv, cipher.update(plain, "utf8"), cipher.final()]).toString("base64");
}

function signedHeaders(body: string | Buffer, options: { key?: string; timestamp?: number } = {}): Record<string, string> {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = randomBytes(8).toString("hex");
  const signature = createHash("sha256")
    .update(timestamp + nonce + (options.key ?? KEY))
    .update(body)
    .digest("hex");
  return { "x-lark-request-timestamp": timestamp, "x-lark-request-nonce": nonce, "x-lark-signature": signature };
}

function messageEvent(token = TOKEN) {
  return {
    schema: "2.0",
    header: { event_id: randomBytes(8).toString("hex"), event_type: "im.message.receive_v1", create_time: String(Date.now()), token, app_id: "cli_edge", tenant_key: "t" },
    event: { sender: { sender_id: { open_id: "ou_1" }, sender_type: "user" }, message: { message_id: "om_1", chat_id: "oc_1", chat_type: "p2p", message_type: "text", content: '{"text":"帮助"}' } },
  };
}

function cardEvent(token = TOKEN) {
  return {
    schema: "2.0",
    header: { event_id: randomBytes(8).toString("hex"), event_type: "card.action.trigger", create_time: String(Date.now()), token, app_id: "cli_edge", tenant_key: "t" },
    event: { operator: { open_id: "ou_1" }, token: "c-1", action: { tag: "button", value: { a: 1 } }, context: { open_message_id: "om_1", open_chat_id: "oc_1" } },
  };
}

const challenge = (token: string) => ({ challenge: `challenge-${randomBytes(4).toString("hex")}`, token, type: "url_verification" });
const encrypted = (payload: unknown, key = KEY) => JSON.stringify({ encrypt: encrypt(JSON.stringify(payload), key) });

// ---------- clients ----------

interface Answer {
  status: number;
  body: string;
  json: { code?: number; msg?: string; challenge?: string; toast?: { content: string } } | null;
}

interface PostOptions {
  headers?: Record<string, string | number>;
  /** send the body in chunks without a Content-Length */
  chunked?: boolean;
  /** announce the body and wait for 100 Continue before sending it */
  expectContinue?: boolean;
  path?: string;
  method?: string;
}

/** One request over its own connection; resolves with the answer, rejects on no answer in 10 s. */
function post(server: HttpCallbackServer, body: string | Buffer, options: PostOptions = {}): Promise<Answer> {
  const url = new URL(server.url);
  const payload = typeof body === "string" ? Buffer.from(body) : body;
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (outcome: Answer | Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const headers: Record<string, string | number> = { "content-type": "application/json", ...options.headers };
    if (!options.chunked) headers["content-length"] = payload.length;
    if (options.expectContinue) headers.expect = "100-continue";
    const req = request(
      { host: url.hostname, port: url.port, path: options.path ?? url.pathname, method: options.method ?? "POST", agent: false, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: Answer["json"] = null;
          try {
            json = JSON.parse(text) as Answer["json"];
          } catch {
            json = null;
          }
          finish({ status: res.statusCode ?? 0, body: text, json });
        });
      },
    );
    // A reset after the whole answer arrived is the server cutting a client that keeps sending.
    req.on("error", (error) => finish(error));
    const timer = setTimeout(() => {
      req.destroy();
      finish(new Error("no answer within 10 s"));
    }, 10_000);
    const send = () => {
      if (options.chunked) {
        for (let offset = 0; offset < payload.length; offset += 64 * 1024) req.write(payload.subarray(offset, offset + 64 * 1024));
        req.end();
      } else req.end(payload);
    };
    if (options.expectContinue) {
      req.flushHeaders();
      req.on("continue", send);
    } else send();
  });
}

interface Probe {
  readonly socket: Socket;
  /** everything the server sent */
  received(): string;
  /** resolves with the ms from `since` to the server's close; rejects after CLOSE_BOUND_MS */
  closedWithin(since?: number): Promise<number>;
}

/** A raw TCP client, connected. */
async function probe(server: HttpCallbackServer): Promise<Probe> {
  const url = new URL(server.url);
  const socket = connect(Number(url.port), url.hostname);
  let text = "";
  let closedAt: number | null = null;
  const waiters: (() => void)[] = [];
  socket.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
  socket.on("error", () => undefined); // a reset is a close too
  socket.on("close", () => {
    closedAt = Date.now();
    for (const wake of waiters.splice(0)) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  return {
    socket,
    received: () => text,
    closedWithin(since = Date.now()) {
      return new Promise((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          resolve(closedAt! - since);
        };
        const timer = setTimeout(() => {
          socket.destroy();
          reject(new Error(`the server kept the socket open for over ${CLOSE_BOUND_MS} ms`));
        }, CLOSE_BOUND_MS);
        if (closedAt !== null) done();
        else waiters.push(done);
      });
    },
  };
}

/** Writes `text` one character per `everyMs`, at most `text.length` writes, stopping when the socket closes. */
function dribble(socket: Socket, text: string, everyMs: number): () => void {
  let index = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || index >= text.length) {
      clearInterval(timer);
      return;
    }
    socket.write(text[index]!);
    index += 1;
  }, everyMs);
  socket.once("close", () => clearInterval(timer));
  return () => clearInterval(timer);
}

// ---------- servers ----------

let keyed: HttpCallbackServer; // Encrypt Key and Verification Token, sub-second timeouts
let plain: HttpCallbackServer; // Verification Token only
let capped: HttpCallbackServer; // two connections at most

const TIMEOUTS = { headersTimeoutMs: 400, bodyTimeoutMs: 400, idleTimeoutMs: 300 } as const;

beforeAll(async () => {
  const common = { port: 0, path: PATH, now: () => new Date(), log: silentLogger() };
  keyed = await startHttpCallbacks(bot, { ...common, encryptKey: KEY, verificationToken: TOKEN, ...TIMEOUTS });
  plain = await startHttpCallbacks(bot, { ...common, verificationToken: TOKEN, ...TIMEOUTS });
  capped = await startHttpCallbacks(bot, { ...common, encryptKey: KEY, verificationToken: TOKEN, maxConnections: 2 });
});

afterAll(async () => {
  await Promise.all([keyed?.close(), plain?.close(), capped?.close()]);
});

beforeEach(() => {
  calls.length = 0;
});

// ---------- the tests ----------

describe("what gets through", () => {
  it("hands a signed, encrypted event to bot.handle once", async () => {
    const body = encrypted(messageEvent());
    const answer = await post(keyed, body, { headers: signedHeaders(body) });
    expect(answer.status).toBe(200);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.type).toBe("im.message.receive_v1");
    expect(calls[0]!.raw).toMatchObject({ message: { message_id: "om_1" }, token: TOKEN });
  });

  it("answers a card callback with what bot.handle returned, even pretty-printed (signed over the raw bytes)", async () => {
    const body = JSON.stringify({ encrypt: encrypt(JSON.stringify(cardEvent())) }, null, 2);
    const answer = await post(keyed, body, { headers: signedHeaders(body) });
    expect(answer.status).toBe(200);
    expect(answer.json?.toast?.content).toBe("已提交");
    expect(calls.map((call) => call.type)).toEqual(["card.action.trigger"]);
  });

  it("answers an old-style card callback (消息卡片回传交互（旧）) with a toast naming the setting, not the SDK's “no undefined event handle”", async () => {
    const before = calls.length;
    const old = { open_id: "ou_1", open_message_id: "om_1", open_chat_id: "oc_1", tenant_key: "t", token: TOKEN, action: { value: { action: "figures.submit" }, tag: "button" } };
    const answer = await post(plain, JSON.stringify(old));
    expect(answer.status).toBe(200);
    expect(answer.json?.toast?.content).toContain("card.action.trigger");
    expect(calls.length).toBe(before);
  });

  it("accepts a plaintext event with the right token when no Encrypt Key is configured", async () => {
    const answer = await post(plain, JSON.stringify(messageEvent()));
    expect(answer.status).toBe(200);
    expect(calls).toHaveLength(1);
  });
});

describe("bodies over the limit", () => {
  const big = Buffer.alloc(1_200_000, "a");

  it("answers 413 with a JSON body when Content-Length says so", async () => {
    const answer = await post(keyed, big);
    expect(answer.status).toBe(413);
    expect(answer.json).toEqual({ code: 413, msg: "请求体超过1 MB" });
  });

  it("answers 413 to a chunked body once it passes the limit", async () => {
    const answer = await post(keyed, big, { chunked: true });
    expect(answer.status).toBe(413);
    expect(answer.json?.code).toBe(413);
  });

  it("answers 413 to Expect: 100-continue before the body is sent", async () => {
    const answer = await post(plain, big, { expectContinue: true });
    expect(answer.status).toBe(413);
    expect(answer.json?.code).toBe(413);
  });

  it("answers 413 even to a signed body (size comes first) and never calls the bot", async () => {
    const body = JSON.stringify({ encrypt: "A".repeat(1_100_000) });
    const answer = await post(keyed, body, { headers: signedHeaders(body) });
    expect(answer.status).toBe(413);
    expect(calls).toHaveLength(0);
  });
});

describe("malformed and undecryptable bodies get 400", () => {
  const cases: [string, string][] = [
    ["null", "null"],
    ["garbage", "{not json"],
    ["an array", "[]"],
    ["a string", '"encrypt"'],
    ["an empty body", ""],
    ["encrypt that is not base64", JSON.stringify({ encrypt: "%%%not base64%%%" })],
    ["encrypt that is not whole blocks", JSON.stringify({ encrypt: Buffer.alloc(40, 1).toString("base64") })],
    ["encrypt under another key", encrypted(messageEvent(), "another-key")],
    ["encrypt of something that is not JSON", JSON.stringify({ encrypt: encrypt("not json") })],
    ["encrypt that is not a string", JSON.stringify({ encrypt: 42 })],
  ];

  it.each(cases)("signed %s → 400 with a JSON body", async (_name, body) => {
    const answer = await post(keyed, body, { headers: signedHeaders(body) });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ code: 400, msg: expect.any(String) });
    expect(calls).toHaveLength(0);
  });

  it.each([
    ["null", "null"],
    ["garbage", "{not json"],
    ["an encrypted body with no key configured", encrypted(messageEvent())],
  ])("without an Encrypt Key, %s → 400", async (_name, body) => {
    const answer = await post(plain, body);
    expect(answer.status).toBe(400);
    expect(answer.json?.code).toBe(400);
    expect(calls).toHaveLength(0);
  });
});

describe("the signature is checked before anything is parsed or decrypted", () => {
  it("refuses garbage with a bad signature as a bad signature, not as a decrypt error", async () => {
    for (const body of [JSON.stringify({ encrypt: "garbage!!" }), "null", "{not json"]) {
      const answer = await post(keyed, body, { headers: signedHeaders(body, { key: "not-the-key" }) });
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ code: 401, msg: "签名无效" });
    }
    expect(calls).toHaveLength(0);
  });

  it("refuses a valid event signed with the wrong key, or altered after signing", async () => {
    const body = encrypted(messageEvent());
    expect((await post(keyed, body, { headers: signedHeaders(body, { key: "not-the-key" }) })).status).toBe(401);
    const headers = signedHeaders(body);
    expect((await post(keyed, body.replace(/"}$/, ' "}'), { headers })).status).toBe(401);
    expect((await post(keyed, body, { headers: { ...headers, "x-lark-signature": "zz" } })).status).toBe(401);
    expect(calls).toHaveLength(0);
  });

  it("refuses a stale timestamp (a captured request played back later)", async () => {
    const body = encrypted(messageEvent());
    const answer = await post(keyed, body, { headers: signedHeaders(body, { timestamp: Math.floor(Date.now() / 1000) - 3600 }) });
    expect(answer.status).toBe(401);
    expect(calls).toHaveLength(0);
  });

  it("refuses an unsigned event when an Encrypt Key is configured", async () => {
    expect((await post(keyed, encrypted(messageEvent()))).status).toBe(401);
    expect((await post(keyed, JSON.stringify(messageEvent()))).status).toBe(401);
    expect(calls).toHaveLength(0);
  });

  it("refuses a signed event with a wrong verification token", async () => {
    const body = encrypted(messageEvent("guessed"));
    const answer = await post(keyed, body, { headers: signedHeaders(body) });
    expect(answer.status).toBe(401);
    expect(calls).toHaveLength(0);
    expect((await post(plain, JSON.stringify(messageEvent("guessed")))).status).toBe(401);
    expect(calls).toHaveLength(0);
  });
});

describe("url_verification checks the token", () => {
  it("answers the console's unsigned, encrypted challenge with the right token, and refuses a wrong one", async () => {
    const right = challenge(TOKEN);
    const answer = await post(keyed, encrypted(right));
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ challenge: right.challenge });
    const wrong = await post(keyed, encrypted(challenge("guessed")));
    expect(wrong.status).toBe(401);
    expect(wrong.json?.challenge).toBeUndefined();
    expect(calls).toHaveLength(0);
  });

  it("answers a signed challenge (as the stand-in sends it) and refuses it with a wrong token", async () => {
    const right = challenge(TOKEN);
    const body = encrypted(right);
    expect((await post(keyed, body, { headers: signedHeaders(body) })).json).toEqual({ challenge: right.challenge });
    const wrongBody = encrypted(challenge("guessed"));
    expect((await post(keyed, wrongBody, { headers: signedHeaders(wrongBody) })).status).toBe(401);
  });

  it("refuses an unsigned plaintext challenge when an Encrypt Key is configured, and one with no token", async () => {
    expect((await post(keyed, JSON.stringify(challenge(TOKEN)))).status).toBe(401);
    const { token: _dropped, ...tokenless } = challenge(TOKEN);
    expect((await post(keyed, encrypted(tokenless))).status).toBe(401);
  });

  it("checks the token of a plaintext challenge when only a Verification Token is configured", async () => {
    const right = challenge(TOKEN);
    expect((await post(plain, JSON.stringify(right))).json).toEqual({ challenge: right.challenge });
    expect((await post(plain, JSON.stringify(challenge("guessed")))).status).toBe(401);
    expect(calls).toHaveLength(0);
  });
});

describe("other paths and methods", () => {
  it("answers 404 with a JSON body", async () => {
    expect((await post(keyed, "{}", { path: "/elsewhere" })).status).toBe(404);
    expect((await post(keyed, "", { method: "GET" })).json).toEqual({ code: 404, msg: "not found" });
  });
});

describe("slow and silent clients are cut off", () => {
  it("closes a connection whose headers trickle in slower than the headers timeout", async () => {
    const client = await probe(keyed);
    const started = Date.now();
    // 100 ms a character keeps the socket busy (idle is 300 ms) but needs ~3 s for the headers.
    dribble(client.socket, `POST ${PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ${"p".repeat(20)}\r\n\r\n`, 100);
    await client.closedWithin(started);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it("closes a connection whose body trickles in slower than the body timeout, and calls nobody", async () => {
    const client = await probe(keyed);
    const body = encrypted(messageEvent());
    const headers = signedHeaders(body);
    const head = [`POST ${PATH} HTTP/1.1`, "Host: 127.0.0.1", "Content-Type: application/json", `Content-Length: ${Buffer.byteLength(body)}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)].join("\r\n");
    const started = Date.now();
    client.socket.write(`${head}\r\n\r\n`);
    dribble(client.socket, body, 100); // a signed, valid body, too slowly: ~30 s at this pace
    await client.closedWithin(started);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408/);
    expect(calls).toHaveLength(0);
  });

  it("closes a socket that connects and never sends anything", async () => {
    const client = await probe(keyed);
    await client.closedWithin();
    expect(client.received()).not.toMatch(/^HTTP\/1\.1 2/);
  });

  it("closes a kept-alive socket that goes idle after its answer", async () => {
    const client = await probe(plain);
    client.socket.write(`GET /elsewhere HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`);
    await client.closedWithin();
    expect(client.received()).toMatch(/^HTTP\/1\.1 404/);
  });
});

describe("the connection cap", () => {
  it("drops connections beyond the cap and serves again once they are gone", async () => {
    const held = [await probe(capped), await probe(capped)];
    const extra = await probe(capped); // TCP accepts it; the server drops it at once
    await extra.closedWithin();
    expect(extra.received()).toBe("");

    // The held connections still work.
    held[0]!.socket.write(`GET /elsewhere HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    await held[0]!.closedWithin();
    expect(held[0]!.received()).toMatch(/^HTTP\/1\.1 404/);
    held[1]!.socket.destroy();

    // The server notices the closes asynchronously: a bounded number of tries for a served request.
    let answer: Answer | null = null;
    for (let attempt = 0; attempt < 20 && answer === null; attempt += 1) {
      answer = await post(capped, "{}", { path: "/elsewhere" }).catch(async () => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        return null;
      });
    }
    expect(answer?.status).toBe(404);
  });
});
