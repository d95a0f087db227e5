import { createHash, createDecipheriv } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as lark from "@larksuiteoapi/node-sdk";
import { startPlatform, type Platform } from "../../src/sandbox/index.ts";
import {
  appId,
  appSecret,
  encryptKey,
  figuresCard,
  noticeCard,
  office,
  quietLogger,
  sdkClient,
  startWebhookBot,
  verificationToken,
} from "./fixtures.ts";

// Webhook mode (§3.4, §4.4): the stand-in POSTs encrypted, signed envelopes to a bot running the
// SDK's EventDispatcher behind adaptDefault on a local node:http server.

type CardAction = {
  event_id: string;
  token: string;
  operator: { open_id: string };
  action: { tag: string; name?: string; value?: Record<string, unknown>; form_value?: Record<string, unknown> };
  context: { open_message_id: string; open_chat_id: string };
};
type MessageEvent = { event_id: string; message: { message_id: string; chat_type: string; content: string; mentions?: { key: string; id: { open_id: string } }[] } };

const messages: MessageEvent[] = [];
const cardActions: CardAction[] = [];
const menus: { event_key: string; operator: { operator_id: { open_id: string } } }[] = [];
const botAdded: { chat_id: string }[] = [];
let earlyUpdateRefusal: number | undefined;
let failNextRequests = 0;

let platform: Platform;
let bot: { url: string; close: () => Promise<void> };
let client: lark.Client;

function dispatcher() {
  return new lark.EventDispatcher({ encryptKey, verificationToken, logger: quietLogger, loggerLevel: lark.LoggerLevel.fatal }).register({
    "im.message.receive_v1": async (data) => {
      messages.push(data as unknown as MessageEvent);
    },
    "application.bot.menu_v6": async (data) => {
      menus.push(data as unknown as (typeof menus)[number]);
    },
    "im.chat.member.bot.added_v1": async (data) => {
      botAdded.push(data as unknown as (typeof botAdded)[number]);
    },
    "card.action.trigger": async (data: CardAction) => {
      cardActions.push(data);
      if (data.action.value?.["action"] === "figures.snooze") {
        // §1.5: a delayed update before the callback is answered must fail.
        earlyUpdateRefusal = await client
          .request({ method: "POST", url: "/open-apis/interactive/v1/card/update", data: { token: data.token, card: noticeCard("too early") } })
          .then(() => 0)
          .catch((e: { response?: { data?: { code?: number } } }) => e.response?.data?.code);
        return { toast: { type: "info", content: "稍后提醒" } };
      }
      return {
        toast: { type: "success", content: "已提交" },
        card: { type: "raw", data: noticeCard(`已收到：开工 ${String(data.action.form_value?.["started"])} 套`) },
      };
    },
  });
}

beforeAll(async () => {
  const adapter = lark.adaptDefault("/webhook/event", dispatcher(), { autoChallenge: true });
  bot = await startWebhookBot((req: IncomingMessage, res: ServerResponse) => {
    if (failNextRequests > 0) {
      failNextRequests -= 1;
      req.resume();
      res.writeHead(500).end();
      return;
    }
    return adapter(req, res);
  });
  platform = await startPlatform({
    appId,
    appSecret,
    encryptKey,
    verificationToken,
    directory: office,
    events: { mode: "webhook", url: `${bot.url}/webhook/event` },
    callbacks: { mode: "webhook", url: `${bot.url}/webhook/event` },
    retryScheduleMs: [20, 40, 60, 80], // §4.4's 15 s, 5 min, 1 h, 6 h, compressed
  });
  client = sdkClient(platform);
});

afterAll(async () => {
  await platform.close();
  await bot.close();
});

beforeEach(() => {
  failNextRequests = 0;
});

async function sendFiguresCard(card: object = figuresCard()): Promise<string> {
  const res = await client.im.v1.message.create({
    params: { receive_id_type: "chat_id" },
    data: { receive_id: platform.directory.requireChat("月报工作群").chatId, msg_type: "interactive", content: JSON.stringify(card) },
  });
  return res.data!.message_id!;
}

describe("what goes on the wire (§3.4)", () => {
  it("encrypts the envelope and signs the compact body", async () => {
    let captured: { body: string; headers: IncomingMessage["headers"] } | undefined;
    const recorder = await startWebhookBot((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        captured = { body: Buffer.concat(chunks).toString(), headers: req.headers };
        res.end("{}");
      });
    });
    try {
      platform.subscribe({ events: { mode: "webhook", url: recorder.url } });
      await platform.clickMenu("王主任", "monthly_report");
    } finally {
      platform.subscribe({ events: { mode: "webhook", url: `${bot.url}/webhook/event` } });
      await recorder.close();
    }
    const { body, headers } = captured!;
    const { encrypt } = JSON.parse(body) as { encrypt: string };
    expect(Object.keys(JSON.parse(body))).toEqual(["encrypt"]);
    const expected = createHash("sha256")
      .update(`${String(headers["x-lark-request-timestamp"])}${String(headers["x-lark-request-nonce"])}${encryptKey}${body}`)
      .digest("hex");
    expect(headers["x-lark-signature"]).toBe(expected);

    const raw = Buffer.from(encrypt, "base64");
    const decipher = createDecipheriv("aes-256-cbc", createHash("sha256").update(encryptKey).digest(), raw.subarray(0, 16));
    const plain = JSON.parse(Buffer.concat([decipher.update(raw.subarray(16)), decipher.final()]).toString()) as {
      schema: string;
      header: { event_type: string; token: string; app_id: string };
    };
    expect(plain.schema).toBe("2.0");
    expect(plain.header).toMatchObject({ event_type: "application.bot.menu_v6", token: verificationToken, app_id: appId });
  });

  it("passes the URL-verification challenge through the SDK's autoChallenge", async () => {
    expect(await platform.verifyUrl(`${bot.url}/webhook/event`)).toBe(true);
  });
});

describe("events reach the EventDispatcher", () => {
  it("delivers a group message that @-mentions the bot, with placeholders and mentions", async () => {
    const sent = await platform.sendText("甘州区联络员", "月报工作群", "@保障房月报机器人 截止 2024-05");
    expect(sent.delivery?.state).toBe("delivered");
    const event = messages.at(-1)!;
    expect(event.event_id).toBe(sent.delivery!.eventId);
    expect(event.message.message_id).toBe(sent.message.messageId);
    expect(JSON.parse(event.message.content)).toEqual({ text: "@_user_1 截止 2024-05" });
    expect(event.message.mentions).toEqual([expect.objectContaining({ key: "@_user_1", id: expect.objectContaining({ open_id: platform.bot.openId }) })]);
  });

  it("does not push group messages without a mention, but always pushes p2p messages (§4.2)", async () => {
    const before = messages.length;
    const group = await platform.sendText("王主任", "月报工作群", "大家辛苦了 @李科长");
    expect(group.delivery).toBeUndefined();
    expect(JSON.parse(group.message.content)).toEqual({ text: "大家辛苦了 @_user_1" });
    const p2p = await platform.sendText("王主任", "p2p", "帮助");
    expect(p2p.delivery?.state).toBe("delivered");
    expect(messages.slice(before).map((m) => m.message.chat_type)).toEqual(["p2p"]);
  });

  it("delivers the bot menu and bot-added events", async () => {
    await platform.clickMenu("李科长", "bulletin");
    expect(menus.at(-1)).toMatchObject({ event_key: "bulletin", operator: { operator_id: { open_id: platform.directory.requireUser("李科长").openId } } });
    await platform.addBotToChat("办公室", "王主任");
    expect(botAdded.at(-1)?.chat_id).toBe(platform.directory.requireChat("办公室").chatId);
  });

  it("re-delivers the same event with the same event_id", async () => {
    const sent = await platform.sendText("王主任", "p2p", "重复");
    await platform.redeliver(sent.delivery!.eventId);
    const copies = messages.filter((m) => m.event_id === sent.delivery!.eventId);
    expect(copies).toHaveLength(2);
    expect(copies[0]!.message.message_id).toBe(copies[1]!.message.message_id);
  });

  it("retries on the compressed back-off schedule after failures (§4.4)", async () => {
    failNextRequests = 2;
    const sent = await platform.sendText("王主任", "p2p", "重试");
    await platform.idle();
    const record = platform.deliveries().find((d) => d.eventId === sent.delivery!.eventId)!;
    expect(record.attempts.map((a) => a.outcome)).toEqual(["http_error", "http_error", "ok"]);
    expect(record.state).toBe("delivered");
    expect(messages.filter((m) => m.event_id === record.eventId)).toHaveLength(1);
  });

  it("is refused by the SDK when the signature is forged: nothing is handled", async () => {
    const sent = await platform.sendText("王主任", "p2p", "原始");
    const handled = messages.length;
    const forged = { ...sent.delivery!.envelope, header: { ...sent.delivery!.envelope.header, event_id: "forged-event-1" } };
    const record = await platform.pushEvent(forged, { forgeSignature: true });
    expect(record.attempts[0]?.status).toBe(200); // adaptDefault answers 200 with an empty body
    expect(messages).toHaveLength(handled);
  });
});

describe("card callbacks (§3)", () => {
  it("carries a form submit to the bot and applies its answer to the card", async () => {
    const messageId = await sendFiguresCard();
    const result = await platform.submitForm("甘州区联络员", messageId, { started: 12, invested: "350.5" });
    expect(result).toMatchObject({ ok: true, cardUpdated: true, toast: { type: "success", content: "已提交" } });

    const action = cardActions.at(-1)!;
    expect(action.operator.open_id).toBe(platform.directory.requireUser("甘州区联络员").openId);
    expect(action.token).toMatch(/^c-/);
    expect(action.action).toMatchObject({
      tag: "button",
      name: "submit_figures",
      value: { action: "figures.submit", period: "2024-05" },
      form_value: { started: "12", invested: "350.5" },
    });
    expect(action.context).toEqual({ open_message_id: messageId, open_chat_id: platform.directory.requireChat("月报工作群").chatId });

    expect(platform.card(messageId)).toEqual(noticeCard("已收到：开工 12 套"));
    expect(platform.message(messageId)!.versions.map((v) => v.via)).toEqual(["create", "callback"]);
    expect(platform.message(messageId)!.toasts[0]?.toast).toEqual({ type: "success", content: "已提交" });
  });

  it("sends the form whole: a field the user did not touch carries what it was filled with", async () => {
    const card = figuresCard();
    const form = card.body.elements[1] as { elements: Record<string, unknown>[] };
    form.elements[1] = { ...form.elements[1], default_value: "350.5" };
    const messageId = await sendFiguresCard(card);
    await platform.submitForm("甘州区联络员", messageId, { started: "12" });
    expect(cardActions.at(-1)!.action.form_value).toEqual({ started: "12", invested: "350.5" });
  });

  it("lets the bot update the card later with the callback token, twice at most (§1.5)", async () => {
    const messageId = await sendFiguresCard();
    const result = await platform.clickButton("王主任", messageId, { action: "figures.snooze" });
    expect(result).toMatchObject({ ok: true, cardUpdated: false });
    expect(earlyUpdateRefusal).toBe(230001); // tried inside the handler, before the answer

    const token = cardActions.at(-1)!.token;
    const update = (text: string) =>
      client.request({ method: "POST", url: "/open-apis/interactive/v1/card/update", data: { token, card: noticeCard(text) } });
    expect(await update("明天再提醒")).toMatchObject({ code: 0 });
    expect(await update("已安排提醒")).toMatchObject({ code: 0 });
    await expect(update("第三次")).rejects.toMatchObject({ response: { data: { code: 230001 } } });
    expect(platform.card(messageId)).toEqual(noticeCard("已安排提醒"));
    expect(platform.message(messageId)!.versions.map((v) => v.via)).toEqual(["create", "delayed_update", "delayed_update"]);
  });

  it("refuses clicks on buttons the card does not have, and required fields left empty", async () => {
    const messageId = await sendFiguresCard();
    await expect(platform.clickButton("王主任", messageId, { action: "nope" })).rejects.toThrow(/no such button/);
    await expect(platform.submitForm("王主任", messageId, { invested: "1" })).rejects.toThrow(/required fields left empty: started/);
  });

  it("does not reach the handler with a forged signature, and leaves the card as it was", async () => {
    const messageId = await sendFiguresCard();
    const handled = cardActions.length;
    const result = await platform.submitForm("王主任", messageId, { started: "3" }, undefined, { forgeSignature: true });
    expect(cardActions).toHaveLength(handled);
    expect(result).toMatchObject({ ok: true, cardUpdated: false });
    expect(platform.card(messageId)).toEqual(figuresCard());
  });
});

describe("a bot that answers too late (§4.4)", () => {
  it("counts an answer after the time limit as failed and pushes again", async () => {
    let holdFirst = true;
    const handled: string[] = [];
    const lateDispatcher = new lark.EventDispatcher({ logger: quietLogger, loggerLevel: lark.LoggerLevel.fatal }).register({
      "im.message.receive_v1": async (data) => {
        handled.push(data.event_id ?? "");
      },
    });
    const adapter = lark.adaptDefault("/events", lateDispatcher);
    const slowBot = await startWebhookBot((req, res) => {
      if (holdFirst) {
        holdFirst = false;
        req.resume(); // never answered: the platform gives up after answerTimeoutMs
        return;
      }
      return adapter(req, res);
    });
    const slow = await startPlatform({
      appId,
      appSecret,
      directory: office,
      events: { mode: "webhook", url: `${slowBot.url}/events` },
      answerTimeoutMs: 200, // 3 s on the platform
      retryScheduleMs: [10],
    });
    try {
      const sent = await slow.sendText("王主任", "p2p", "慢");
      await slow.idle();
      expect(slow.deliveries()[0]?.attempts.map((a) => a.outcome)).toEqual(["timeout", "ok"]);
      expect(handled).toEqual([sent.delivery!.eventId]);
    } finally {
      await slow.close();
      await slowBot.close();
    }
  });
});
