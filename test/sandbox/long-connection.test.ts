import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as lark from "@larksuiteoapi/node-sdk";
import { startPlatform, type Platform } from "../../src/sandbox/index.ts";
import { appId, appSecret, figuresCard, noticeCard, office, sdkClient } from "./fixtures.ts";

// Long-connection mode (§5): the SDK's WSClient fetches the endpoint, speaks pbbp2 frames with the
// stand-in, and acknowledges each event with the handler's answer.

type CardAction = { token: string; action: { value?: Record<string, unknown>; form_value?: Record<string, unknown> } };

/** A logger that keeps what the SDK reports as errors, so a protocol mistake shows up in a test. */
function recordingLogger() {
  const errors: unknown[][] = [];
  const logger: lark.Logger = { error: (...m: unknown[]) => void errors.push(m), warn() {}, info() {}, debug() {}, trace() {} };
  return { errors, logger };
}

function startBotOverLongConnection(platform: Platform, handlers: Record<string, (data: never) => Promise<unknown>>) {
  const { errors, logger } = recordingLogger();
  const dispatcher = new lark.EventDispatcher({ logger, loggerLevel: lark.LoggerLevel.fatal }).register(handlers);
  const wsClient = new lark.WSClient({ appId, appSecret, domain: platform.url, logger, loggerLevel: lark.LoggerLevel.error });
  void wsClient.start({ eventDispatcher: dispatcher });
  return { wsClient, errors };
}

describe("one bot over the long connection", () => {
  const received: { event_id: string; message: { content: string } }[] = [];
  const actions: CardAction[] = [];
  let platform: Platform;
  let bot: ReturnType<typeof startBotOverLongConnection>;
  let client: lark.Client;

  beforeAll(async () => {
    platform = await startPlatform({
      appId,
      appSecret,
      directory: office,
      longConnection: { reconnectNonceSeconds: 0, reconnectIntervalSeconds: 1 },
      retryScheduleMs: [20, 40],
    });
    client = sdkClient(platform);
    bot = startBotOverLongConnection(platform, {
      "im.message.receive_v1": async (data: { event_id: string; message: { content: string } }) => {
        received.push(data);
      },
      "card.action.trigger": async (data: CardAction) => {
        actions.push(data);
        if (data.action.value?.["action"] === "figures.snooze") return { toast: { type: "info", content: "稍后提醒" } };
        return {
          toast: { type: "success", content: "已提交" },
          card: { type: "raw", data: noticeCard(`开工 ${String(data.action.form_value?.["started"])} 套`) },
        };
      },
    });
    await platform.waitForLongConnection();
  });

  afterAll(async () => {
    bot.wsClient.close({ force: true });
    await platform.close();
  });

  it("connects through /callback/ws/endpoint and answers pings without protocol errors", () => {
    expect(platform.longConnectionClients()).toHaveLength(1);
    expect(bot.errors).toEqual([]);
  });

  it("delivers a message event to the EventDispatcher", async () => {
    const sent = await platform.sendText("王主任", "p2p", "截止 2024-05");
    expect(sent.delivery?.state).toBe("delivered");
    expect(received.at(-1)).toMatchObject({ event_id: sent.delivery!.eventId, message: { content: JSON.stringify({ text: "截止 2024-05" }) } });
  });

  it("reassembles an event split over several frames (§5.4)", async () => {
    platform.longConnection.settings.maxFramePayloadBytes = 64;
    try {
      const text = "本月开工率 87.5%，".repeat(20);
      const sent = await platform.sendText("王主任", "p2p", text);
      expect(sent.delivery?.state).toBe("delivered");
      expect(JSON.parse(received.at(-1)!.message.content)).toEqual({ text });
    } finally {
      platform.longConnection.settings.maxFramePayloadBytes = 512 * 1024;
    }
  });

  it("carries the card-callback answer back in the acknowledgement and updates the card", async () => {
    const sent = await client.im.v1.message.create({
      params: { receive_id_type: "chat_id" },
      data: { receive_id: platform.directory.requireChat("月报工作群").chatId, msg_type: "interactive", content: JSON.stringify(figuresCard()) },
    });
    const messageId = sent.data!.message_id!;
    const result = await platform.submitForm("甘州区联络员", messageId, { started: "8" });
    expect(result).toMatchObject({ ok: true, cardUpdated: true, toast: { content: "已提交" } });
    expect(actions.at(-1)?.action.form_value).toEqual({ started: "8" });
    expect(platform.card(messageId)).toEqual(noticeCard("开工 8 套"));

    const snooze = await platform.clickButton("王主任", messageId, { action: "figures.snooze" }).catch((e: Error) => e);
    // The card was replaced: the snooze button is gone, so the simulated user cannot click it.
    expect(snooze).toBeInstanceOf(Error);
  });

  it("accepts a delayed update with the token of a long-connection callback", async () => {
    const sent = await client.im.v1.message.create({
      params: { receive_id_type: "chat_id" },
      data: { receive_id: platform.directory.requireChat("月报工作群").chatId, msg_type: "interactive", content: JSON.stringify(figuresCard()) },
    });
    const messageId = sent.data!.message_id!;
    expect(await platform.clickButton("王主任", messageId, { action: "figures.snooze" })).toMatchObject({ ok: true, cardUpdated: false });
    await client.request({
      method: "POST",
      url: "/open-apis/interactive/v1/card/update",
      data: { token: actions.at(-1)!.token, card: noticeCard("已推迟到明天") },
    });
    expect(platform.card(messageId)).toEqual(noticeCard("已推迟到明天"));
  });

  it("survives a dropped connection: the SDK reconnects and events flow again", async () => {
    platform.dropLongConnections();
    await platform.waitForLongConnection();
    const sent = await platform.sendText("王主任", "p2p", "重连之后");
    expect(sent.delivery?.state).toBe("delivered");
    expect(received.at(-1)?.event_id).toBe(sent.delivery!.eventId);
  });

  it("re-delivers the same event_id on demand", async () => {
    const sent = await platform.sendText("李科长", "p2p", "重复投递");
    await platform.redeliver(sent.delivery!.eventId);
    expect(received.filter((e) => e.event_id === sent.delivery!.eventId)).toHaveLength(2);
  });
});

describe("acknowledgements and several clients (§5.4, §5.6)", () => {
  it("pushes again when no acknowledgement comes in time", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const seen: string[] = [];
    const platform = await startPlatform({ appId, appSecret, directory: office, answerTimeoutMs: 200, retryScheduleMs: [10] });
    const bot = startBotOverLongConnection(platform, {
      "im.message.receive_v1": async (data: { event_id: string }) => {
        seen.push(data.event_id);
        if (seen.length === 1) await gate; // the first push is never acknowledged in time
      },
    });
    try {
      await platform.waitForLongConnection();
      const sent = await platform.sendText("王主任", "p2p", "无应答");
      await platform.idle();
      expect(platform.deliveries()[0]?.attempts.map((a) => a.outcome)).toEqual(["timeout", "ok"]);
      expect(seen).toEqual([sent.delivery!.eventId, sent.delivery!.eventId]);
    } finally {
      release();
      bot.wsClient.close({ force: true });
      await platform.close();
    }
  });

  it("pushes each event to one of the connected clients", async () => {
    const picks = [0.1, 0.9, 0.9];
    const platform = await startPlatform({
      appId,
      appSecret,
      directory: office,
      longConnection: { random: () => picks.shift() ?? 0 },
    });
    const seenBy: string[] = [];
    const handler = (name: string) => async () => void seenBy.push(name);
    const first = startBotOverLongConnection(platform, { "im.message.receive_v1": handler("first") });
    await platform.waitForLongConnection(1);
    const second = startBotOverLongConnection(platform, { "im.message.receive_v1": handler("second") });
    await platform.waitForLongConnection(2);
    try {
      for (const text of ["一", "二", "三"]) await platform.sendText("王主任", "p2p", text);
      expect(seenBy).toEqual(["first", "second", "second"]);
    } finally {
      first.wsClient.close({ force: true });
      second.wsClient.close({ force: true });
      await platform.close();
    }
  });

  it("answers a card click with 200340 when no client is connected (§3.2)", async () => {
    const platform = await startPlatform({ appId, appSecret, directory: office });
    try {
      const client = sdkClient(platform);
      const sent = await client.im.v1.message.create({
        params: { receive_id_type: "chat_id" },
        data: { receive_id: platform.directory.requireChat("月报工作群").chatId, msg_type: "interactive", content: JSON.stringify(figuresCard()) },
      });
      const result = await platform.clickButton("王主任", sent.data!.message_id!, { action: "figures.snooze" });
      expect(result).toMatchObject({ ok: false, errorCode: 200340 });
    } finally {
      await platform.close();
    }
  });
});
