import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as lark from "@larksuiteoapi/node-sdk";
import { manualClock, startPlatform, type Platform } from "../../src/sandbox/index.ts";
import { appId, appSecret, figuresCard, noticeCard, office, refusal, sdkClient } from "./fixtures.ts";

// Contract tests of the open API: the real SDK, unchanged, against the stand-in (§1, §6, §7, §8, §10).

const clock = manualClock();
const otherApp = { appId: "cli_fedcba9876543210", appSecret: "other-secret" };
let platform: Platform;
let client: lark.Client;

beforeAll(async () => {
  // The manual clock stands still, so every call lands in the same second: the per-receiver limit is
  // raised here and set back to the documented 5 QPS in the rate-limit tests.
  platform = await startPlatform({
    appId,
    appSecret,
    directory: office,
    clock,
    otherApps: [otherApp],
    rateLimits: { perReceiverPerSecond: 1000 },
  });
  client = sdkClient(platform);
});

afterAll(async () => {
  await platform.close();
});

const group = () => platform.directory.requireChat("月报工作群");
const wang = () => platform.directory.requireUser("王主任");

async function sendCard(card: unknown, receiveId = group().chatId) {
  const res = await client.im.v1.message.create({
    params: { receive_id_type: receiveId.startsWith("oc_") ? "chat_id" : "open_id" },
    data: { receive_id: receiveId, msg_type: "interactive", content: JSON.stringify(card) },
  });
  return res.data!.message_id!;
}

describe("tenant access token (§6.1)", () => {
  it("is answered at the top level and reused while more than 30 minutes remain", async () => {
    const grant = async () =>
      (await fetch(`${platform.url}/open-apis/auth/v3/tenant_access_token/internal`, {
        method: "POST",
        headers: { "Content-Type": "application/json; charset=utf-8" },
        body: JSON.stringify({ app_id: appId, app_secret: appSecret }),
      }).then((r) => r.json())) as { code: number; tenant_access_token: string; expire: number };

    const first = await grant();
    expect(first).toMatchObject({ code: 0, msg: "ok", expire: 7200 });
    expect(first.tenant_access_token).toMatch(/^t-/);
    expect((await grant()).tenant_access_token).toBe(first.tenant_access_token);

    clock.advance(100 * 60_000);
    const second = await grant();
    expect(second.tenant_access_token).not.toBe(first.tenant_access_token);
    // Both tokens stay valid until their own expiry.
    const info = await fetch(`${platform.url}/open-apis/bot/v3/info`, { headers: { Authorization: `Bearer ${first.tenant_access_token}` } });
    expect(info.status).toBe(200);
    clock.advance(21 * 60_000);
    const expired = await fetch(`${platform.url}/open-apis/bot/v3/info`, { headers: { Authorization: `Bearer ${first.tenant_access_token}` } });
    expect(await expired.json()).toMatchObject({ code: 99991663 });
  });

  it("refuses a call without a token or with a wrong secret", async () => {
    const bare = await fetch(`${platform.url}/open-apis/bot/v3/info`);
    expect(bare.status).toBe(400);
    expect(await bare.json()).toMatchObject({ code: 99991661 });
    const wrong = sdkClient(platform, { appId, appSecret: "wrong" });
    await expect(wrong.request({ method: "GET", url: "/open-apis/bot/v3/info" })).rejects.toThrow();
  });
});

describe("bot info (§4.1)", () => {
  it("answers with a top-level bot", async () => {
    const info = (await client.request({ method: "GET", url: "/open-apis/bot/v3/info" })) as { bot: { open_id: string; app_name: string } };
    expect(info.bot.open_id).toBe(platform.bot.openId);
    expect(info.bot.app_name).toBe("保障房月报机器人");
  });
});

describe("sending messages (§1.1, §1.7)", () => {
  it("sends text to a user by open_id, into their p2p chat", async () => {
    const res = await client.im.v1.message.create({
      params: { receive_id_type: "open_id" },
      data: { receive_id: wang().openId, msg_type: "text", content: JSON.stringify({ text: "请于 5 日前填报" }) },
    });
    expect(res.code).toBe(0);
    expect(res.data).toMatchObject({ msg_type: "text", sender: { id: appId, id_type: "app_id", sender_type: "app" } });
    const [recorded] = platform.messages({ p2p: "王主任" });
    expect(recorded?.messageId).toBe(res.data!.message_id);
    expect(JSON.parse(recorded!.content)).toEqual({ text: "请于 5 日前填报" });
  });

  it("sends by email and union_id too", async () => {
    for (const [type, id] of [["email", "li@zjj.example.cn"], ["union_id", platform.directory.requireUser("李科长").unionId]] as const) {
      const res = await client.im.v1.message.create({
        params: { receive_id_type: type },
        data: { receive_id: id, msg_type: "text", content: JSON.stringify({ text: type }) },
      });
      expect(res.code).toBe(0);
    }
    expect(platform.messages({ p2p: "李科长" })).toHaveLength(2);
  });

  it("refuses a group the bot is not in with 230002 and a user outside availability with 230013", async () => {
    const notIn = await refusal(
      client.im.v1.message.create({
        params: { receive_id_type: "chat_id" },
        data: { receive_id: platform.directory.requireChat("办公室").chatId, msg_type: "text", content: JSON.stringify({ text: "x" }) },
      }),
    );
    expect(notIn).toMatchObject({ status: 400, data: { code: 230002 } });
    const outside = await refusal(
      client.im.v1.message.create({
        params: { receive_id_type: "open_id" },
        data: { receive_id: platform.directory.requireUser("临泽县联络员").openId, msg_type: "text", content: JSON.stringify({ text: "x" }) },
      }),
    );
    expect(outside.data.code).toBe(230013);
  });

  it("sends a post and a raw 2.0 card to a group and records them", async () => {
    const post = { zh_cn: { title: "通报", content: [[{ tag: "text", text: "本月" }, { tag: "at", user_id: wang().openId }]] } };
    await client.im.v1.message.create({
      params: { receive_id_type: "chat_id" },
      data: { receive_id: group().chatId, msg_type: "post", content: JSON.stringify(post) },
    });
    const cardId = await sendCard(figuresCard());
    expect(platform.card(cardId)).toEqual(figuresCard());
    expect(platform.messages("月报工作群").map((m) => m.msgType)).toEqual(["post", "interactive"]);
  });

  it("sends a template card as createByCard puts it on the wire (§1.2)", async () => {
    const res = await client.im.v1.message.createByCard({
      params: { receive_id_type: "chat_id" },
      data: { receive_id: group().chatId, template_id: "AAqk1234", template_variable: { county: "甘州区" } },
    });
    const content = JSON.parse(platform.message(res.data!.message_id!)!.content);
    expect(content).toMatchObject({ type: "template", data: { template_id: "AAqk1234", template_variable: { county: "甘州区" } } });
  });

  it("refuses content that is not JSON, a malformed card, and an oversized card", async () => {
    const notJson = await refusal(
      client.im.v1.message.create({
        params: { receive_id_type: "chat_id" },
        data: { receive_id: group().chatId, msg_type: "text", content: "hello" },
      }),
    );
    expect(notJson.data.code).toBe(230001);

    const withNote = { schema: "2.0", body: { elements: [{ tag: "note", elements: [] }] } };
    const malformed = await refusal(sendCard(withNote));
    expect(malformed.status).toBe(400);
    expect(malformed.data.code).toBe(230099);
    expect(malformed.data.msg).toContain("ErrCode: 200861");

    const formInColumn = noticeCard("x") as { body: { elements: unknown[] } };
    formInColumn.body.elements.push({ tag: "column_set", columns: [{ tag: "column", elements: [figuresCard().body.elements[1]] }] });
    expect((await refusal(sendCard(formInColumn))).data.code).toBe(230099);

    const huge = noticeCard("很长".repeat(11_000));
    expect((await refusal(sendCard(huge))).data.code).toBe(230025);
  });

  it("sends one message per uuid and answers repeats with the first message id (§1.1)", async () => {
    const send = () =>
      client.im.v1.message.create({
        params: { receive_id_type: "chat_id" },
        data: { receive_id: group().chatId, msg_type: "text", content: JSON.stringify({ text: "催报" }), uuid: "remind-2024-05-ganzhou" },
      });
    const before = platform.messages("月报工作群").length;
    const first = await send();
    const again = await send();
    expect(again.data!.message_id).toBe(first.data!.message_id);
    expect(platform.messages("月报工作群")).toHaveLength(before + 1);
  });

  it("replies under a message with parent and root ids (§1.3)", async () => {
    const parentId = await sendCard(noticeCard("原消息"));
    const res = await client.im.v1.message.reply({
      path: { message_id: parentId },
      data: { msg_type: "text", content: JSON.stringify({ text: "补充说明" }) },
    });
    expect(res.data).toMatchObject({ parent_id: parentId, root_id: parentId, chat_id: group().chatId });
  });
});

describe("updating a sent card (§1.4)", () => {
  it("patches a shared card and keeps every version", async () => {
    const messageId = await sendCard(figuresCard());
    const res = await client.im.v1.message.patch({ path: { message_id: messageId }, data: { content: JSON.stringify(noticeCard("已提交")) } });
    expect(res).toMatchObject({ code: 0, data: {} });
    const message = platform.message(messageId)!;
    expect(message.versions.map((v) => v.via)).toEqual(["create", "patch"]);
    expect(platform.card(messageId)).toEqual(noticeCard("已提交"));
  });

  it("refuses a 1.0 card that is not update_multi, and turning 2.0 into 1.0", async () => {
    const v1 = { config: { wide_screen_mode: true }, elements: [{ tag: "div", text: { tag: "plain_text", content: "1.0" } }] };
    const unshared = await sendCard(v1);
    const notShared = await refusal(client.im.v1.message.patch({ path: { message_id: unshared }, data: { content: JSON.stringify(v1) } }));
    expect(notShared.data.code).toBe(230001);

    const v2 = await sendCard(noticeCard("2.0"));
    const downgrade = await refusal(
      client.im.v1.message.patch({ path: { message_id: v2 }, data: { content: JSON.stringify({ ...v1, config: { update_multi: true } }) } }),
    );
    expect(downgrade.data).toMatchObject({ code: 230099 });
    expect(downgrade.data.msg).toContain("ErrCode: 200830");
  });

  it("lets only the sending app patch, and only for 14 days", async () => {
    const messageId = await sendCard(noticeCard("x"));
    const other = sdkClient(platform, otherApp);
    const foreign = await refusal(other.im.v1.message.patch({ path: { message_id: messageId }, data: { content: JSON.stringify(noticeCard("y")) } }));
    expect(foreign.data.code).toBe(230027);

    clock.advance(15 * 24 * 3600_000);
    const fresh = sdkClient(platform); // the old client's cached token has expired on the platform's clock
    const late = await refusal(fresh.im.v1.message.patch({ path: { message_id: messageId }, data: { content: JSON.stringify(noticeCard("y")) } }));
    expect(late.data.code).toBe(230001);
    client = fresh;
  });
});

describe("files and images (§1.6)", () => {
  it("uploads a file, sends it, and serves the same bytes from /_sandbox/files", async () => {
    const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff, 0x0d, 0x0a, 0x0d, 0x0a, 0x2d, 0x2d]);
    const uploaded = await client.im.v1.file.create({ data: { file_type: "xls", file_name: "5月通报附件.xlsx", file: bytes } });
    expect(uploaded?.file_key).toMatch(/^file_v3_/);
    const stored = platform.file(uploaded!.file_key!)!;
    expect(stored.fileName).toBe("5月通报附件.xlsx");
    expect(stored.bytes.equals(bytes)).toBe(true);

    const downloaded = await fetch(`${platform.url}/_sandbox/files/${uploaded!.file_key}`);
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(bytes)).toBe(true);

    const sent = await client.im.v1.message.create({
      params: { receive_id_type: "chat_id" },
      data: { receive_id: group().chatId, msg_type: "file", content: JSON.stringify({ file_key: uploaded!.file_key }) },
    });
    expect(sent.code).toBe(0);
  });

  it("refuses an empty file and an mp4 sent as a file", async () => {
    expect((await refusal(client.im.v1.file.create({ data: { file_type: "stream", file_name: "empty.csv", file: Buffer.alloc(0) } }))).data.code).toBe(234010);
    const video = await client.im.v1.file.create({ data: { file_type: "mp4", file_name: "v.mp4", file: Buffer.from("mp4") } });
    const mismatch = await refusal(
      client.im.v1.message.create({
        params: { receive_id_type: "chat_id" },
        data: { receive_id: group().chatId, msg_type: "file", content: JSON.stringify({ file_key: video!.file_key }) },
      }),
    );
    expect(mismatch.data.code).toBe(230055);
  });

  it("uploads an image", async () => {
    const image = await client.im.v1.image.create({ data: { image_type: "message", image: Buffer.from([0x89, 0x50, 0x4e, 0x47]) } });
    expect(image?.image_key).toMatch(/^img_v3_/);
  });
});

describe("chats and contacts (§8)", () => {
  it("creates a group, lists members without the bot, adds and removes members", async () => {
    const [li, ganzhou] = [platform.directory.requireUser("李科长"), platform.directory.requireUser("甘州区联络员")];
    const created = await client.im.v1.chat.create({
      params: { user_id_type: "open_id" },
      data: { name: "甘州区月报", owner_id: li.openId, user_id_list: [li.openId] },
    });
    const chatId = created.data!.chat_id!;
    expect(chatId).toMatch(/^oc_/);

    await client.im.v1.chatMembers.create({ path: { chat_id: chatId }, params: { member_id_type: "open_id" }, data: { id_list: [ganzhou.openId] } });
    const members = await client.im.v1.chatMembers.get({ path: { chat_id: chatId }, params: { member_id_type: "open_id" } });
    expect(members.data?.items?.map((m) => m.name).sort()).toEqual(["李科长", "甘州区联络员"].sort());
    expect(members.data?.member_total).toBe(2);

    await client.im.v1.chatMembers.delete({ path: { chat_id: chatId }, params: { member_id_type: "open_id" }, data: { id_list: [ganzhou.openId] } });
    const after = await client.im.v1.chatMembers.get({ path: { chat_id: chatId }, params: { member_id_type: "open_id" } });
    expect(after.data?.items?.map((m) => m.member_id)).toEqual([li.openId]);
    const inChat = await client.im.v1.chatMembers.isInChat({ path: { chat_id: chatId } });
    expect(inChat.data?.is_in_chat).toBe(true);
  });

  it("looks users up by mobile and email", async () => {
    const res = await client.contact.v3.user.batchGetId({
      params: { user_id_type: "open_id" },
      data: { mobiles: ["13800000002", "13900000102", "13000000000"], emails: ["wang@zjj.example.cn"] },
    });
    const list = res.data!.user_list!;
    expect(list[0]).toMatchObject({ mobile: "13800000002", user_id: platform.directory.requireUser("李科长").openId });
    expect(list[1]).toEqual({ mobile: "13900000102" }); // outside the app's availability
    expect(list[2]).toEqual({ mobile: "13000000000" });
    expect(list[3]).toMatchObject({ email: "wang@zjj.example.cn", user_id: wang().openId });
  });
});

describe("read receipts and urgent messages", () => {
  it("lists who has read the bot's message", async () => {
    const messageId = await sendCard(noticeCard("请阅"));
    platform.readMessage("王主任", messageId);
    const res = await client.im.v1.message.readUsers({ path: { message_id: messageId }, params: { user_id_type: "open_id" } });
    expect(res.data?.items).toEqual([
      expect.objectContaining({ user_id_type: "open_id", user_id: wang().openId, timestamp: String(clock.now()) }),
    ]);
    expect(res.data?.has_more).toBe(false);
  });

  it("urges members in the app and names the others invalid (§1.9)", async () => {
    const messageId = await sendCard(noticeCard("请尽快填报"));
    const res = await client.im.v1.message.urgentApp({
      path: { message_id: messageId },
      params: { user_id_type: "open_id" },
      data: { user_id_list: [wang().openId, platform.directory.requireUser("临泽县联络员").openId] },
    });
    expect(res.data?.invalid_user_id_list).toEqual([platform.directory.requireUser("临泽县联络员").openId]);
    expect(platform.message(messageId)!.urgentTo[0]?.openIds).toEqual([wang().openId]);
  });
});

describe("rate limits (§7)", () => {
  it("throttles the sixth message to one chat within a second with 429 and 99991400", async () => {
    platform.limits.perReceiverPerSecond = 5;
    clock.advance(1000 - (clock.now() % 1000)); // start of a fresh one-second window
    const send = () =>
      client.im.v1.message.create({
        params: { receive_id_type: "chat_id" },
        data: { receive_id: group().chatId, msg_type: "text", content: JSON.stringify({ text: "burst" }) },
      });
    for (let i = 0; i < 5; i++) await send();
    const throttled = await refusal(send());
    expect(throttled.status).toBe(429);
    expect(throttled.data).toMatchObject({ code: 99991400, msg: "request trigger frequency limit" });
    expect(throttled.headers["x-ogw-ratelimit-limit"]).toBe("5");
    expect(throttled.headers["x-ogw-ratelimit-reset"]).toBe("1");
    clock.advance(1000);
    expect((await send()).code).toBe(0);
    platform.limits.perReceiverPerSecond = 1000;
  });

  it("throttles an API per app with configurable limits", async () => {
    clock.advance(1000 - (clock.now() % 1000));
    platform.limits.perAppPerSecond = 2;
    try {
      const info = () => client.request({ method: "GET", url: "/open-apis/bot/v3/info" });
      await info();
      await info();
      expect((await refusal(info())).status).toBe(429);
    } finally {
      platform.limits.perAppPerSecond = 50;
    }
  });
});

describe("fault injection", () => {
  it("answers a given code for the next N calls, then recovers", async () => {
    platform.injectFault({ path: "/open-apis/im/v1/messages", method: "POST", times: 2, fault: { kind: "error", code: 230020 } });
    const send = () =>
      client.im.v1.message.create({
        params: { receive_id_type: "chat_id" },
        data: { receive_id: group().chatId, msg_type: "text", content: JSON.stringify({ text: "retry me" }) },
      });
    expect((await refusal(send())).data.code).toBe(230020);
    expect((await refusal(send())).data.code).toBe(230020);
    expect((await send()).code).toBe(0);
  });

  it("answers a 5xx, or holds the request and drops it", async () => {
    platform.injectFault({ path: "/open-apis/im/v1/messages/:message_id", method: "PATCH", fault: { kind: "status", status: 503 } });
    const messageId = await sendCard(noticeCard("x"));
    const patch = () => client.im.v1.message.patch({ path: { message_id: messageId }, data: { content: JSON.stringify(noticeCard("y")) } });
    expect((await refusal(patch())).status).toBe(503);

    platform.injectFault({ path: "/open-apis/im/v1/messages/:message_id", method: "PATCH", fault: { kind: "timeout", holdMs: 50 } });
    await expect(patch()).rejects.toThrow(/socket hang up/);
    expect((await patch()).code).toBe(0);
  });
});
