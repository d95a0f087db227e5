import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CallbackTokens } from "../../src/sandbox/callback-tokens.ts";
import { manualClock, startPlatform, type Platform } from "../../src/sandbox/index.ts";
import { appId, appSecret, office, refusal, sdkClient } from "./fixtures.ts";

// The stand-in's own /_sandbox JSON API, used by the sandbox page and by hand with curl.

let platform: Platform;

beforeAll(async () => {
  platform = await startPlatform({ appId, appSecret, directory: office });
});

afterAll(async () => {
  await platform.close();
});

const call = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${platform.url}${path}`, {
    method,
    headers: { "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe("/_sandbox", () => {
  it("lists users and chats", async () => {
    const users = (await call("GET", "/_sandbox/users")).body["users"] as { name: string; open_id: string }[];
    expect(users.map((u) => u.name)).toContain("甘州区联络员");
    expect(users.every((u) => u.open_id.startsWith("ou_"))).toBe(true);
    const chats = (await call("GET", "/_sandbox/chats")).body["chats"] as { name: string; bot_in_chat: boolean }[];
    expect(chats).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "月报工作群", bot_in_chat: true }),
        expect.objectContaining({ name: "办公室", bot_in_chat: false }),
      ]),
    );
  });

  it("acts as a user and shows the message in the chat", async () => {
    const sent = await call("POST", "/_sandbox/act/send-text", { user: "王主任", chat: "月报工作群", text: "@李科长 请看通报" });
    expect(sent.body).toMatchObject({ ok: true, result: { delivery: "not_pushed" } });
    const chatId = platform.directory.requireChat("月报工作群").chatId;
    const listed = await call("GET", `/_sandbox/chats/${chatId}/messages`);
    const messages = listed.body["messages"] as { body: unknown; mentions: { name: string }[] }[];
    expect(messages.at(-1)).toMatchObject({ body: { text: "@_user_1 请看通报" }, mentions: [{ name: "李科长" }] });
  });

  it("answers a mistaken action with 400 and the reason", async () => {
    const wrong = await call("POST", "/_sandbox/act/send-text", { user: "无名氏", chat: "月报工作群", text: "x" });
    expect(wrong).toMatchObject({ status: 400, body: { ok: false, error: expect.stringContaining("无名氏") } });
    const invalid = await call("POST", "/_sandbox/act/send-text", { user: "王主任" });
    expect(invalid.status).toBe(400);
  });

  it("injects and clears faults for the open API", async () => {
    const client = sdkClient(platform);
    await call("POST", "/_sandbox/faults", { path: "/open-apis/bot/v3/info", times: "always", fault: { kind: "error", code: 99991400 } });
    const info = () => client.request({ method: "GET", url: "/open-apis/bot/v3/info" });
    const throttled = await refusal(info());
    expect(throttled).toMatchObject({ status: 429, data: { code: 99991400 } });
    expect(throttled.headers["x-ogw-ratelimit-reset"]).toBeDefined();
    await call("DELETE", "/_sandbox/faults");
    expect(await info()).toMatchObject({ code: 0 });
  });
});

describe("callback tokens (§1.5)", () => {
  it("expire after 30 minutes", () => {
    const clock = manualClock();
    const tokens = new CallbackTokens(clock);
    const token = tokens.issue("om_x", "ou_x");
    tokens.markAnswered(token.token);
    clock.advance(31 * 60_000);
    expect(() => tokens.spend(token.token)).toThrow(/expired/);
  });
});
