// Messages as a real tenant delivers them (§4.1, §4.2, §4.4): mentions anywhere in the text, with or
// without spaces; topic groups (chat_type `topic_group`); the "all group messages" scope, under which
// the bot must answer only what @mentions it; and the same message pushed again under a new event_id.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, TOPIC_GROUP, WORK_GROUP, contactOf, openPeriod, startHarness, type Harness } from "../support/bot-harness.ts";
import { importFigures, inChat, lastGroupText, lastText } from "./support/month.ts";

const BOT = "@保障房月报机器人";

async function say(h: Harness, user: string, text: string, chat: string = "p2p") {
  const sent = await h.platform.sendText(user, chat, text);
  await h.platform.idle();
  return sent;
}

describe("group messages on a tenant that grants every group message", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ mode: "long_connection", now: "2024-01-02T01:00:00Z", groupMessageScope: "all" });
    h.platform.limits.perReceiverPerSecond = 1000;
  });
  afterAll(() => h.close());

  it("reads a command glued to the mention (“@机器人帮助”), not the raw placeholder", async () => {
    await say(h, ADMIN, `${BOT}帮助`, WORK_GROUP);
    const answer = lastGroupText(h, WORK_GROUP);
    expect(answer).toContain("可用指令");
    expect(answer).not.toContain("@_user_");
  });

  it("reads a command with the mention at the end (“进度 @机器人”), not as a malformed argument", async () => {
    const before = inChat(h, WORK_GROUP).length;
    await say(h, ADMIN, `进度 ${BOT}`, WORK_GROUP);
    expect(inChat(h, WORK_GROUP).length).toBe(before + 1);
    expect(lastGroupText(h, WORK_GROUP)).not.toMatch(/格式|用法/);
  });

  it("keeps another person's mention as the argument when the bot's comes last", async () => {
    await say(h, ADMIN, `联系人 甘州区 @${contactOf("临泽县")} ${BOT}`, WORK_GROUP);
    expect(lastGroupText(h, WORK_GROUP)).toContain(`已将甘州区的填报员设为${contactOf("临泽县")}`);
    await say(h, ADMIN, `联系人 甘州区 @${contactOf("甘州区")}${BOT}`, WORK_GROUP);
    expect(lastGroupText(h, WORK_GROUP)).toContain(`已将甘州区的填报员设为${contactOf("甘州区")}`);
  });

  it("says nothing to group talk that does not @mention it (“收到”, a mention of someone else)", async () => {
    const before = inChat(h, WORK_GROUP).length;
    await say(h, contactOf("甘州区"), "收到", WORK_GROUP);
    await say(h, ADMIN, "进度", WORK_GROUP);
    await say(h, ADMIN, `@${contactOf("甘州区")} 请尽快填报`, WORK_GROUP);
    expect(inChat(h, WORK_GROUP).length).toBe(before);
  });

  it("takes a topic group (chat_type topic_group) as a group: 设为工作群 there is accepted", async () => {
    await say(h, ADMIN, `${BOT} 设为工作群`, TOPIC_GROUP);
    expect(lastGroupText(h, TOPIC_GROUP)).toContain("已将本群设为工作群");
    const chats = await h.database.db.workspaceChat.findMany();
    expect(chats).toMatchObject([{ role: "work", chatId: h.platform.directory.requireChat(TOPIC_GROUP).chatId }]);
  });
});

describe("the same message pushed again under a new event_id (§4.4: de-duplicate by message_id)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ mode: "long_connection", now: "2024-01-02T01:00:00Z" });
    h.platform.limits.perReceiverPerSecond = 1000;
    await openPeriod(h, "2023-12");
    // one unit in: 通报 drafts nothing before any unit has reported
    await importFigures(h, "period,unit,indicator,value\n2023-12,甘州区,lgxq_hu,3032\n");
  });
  afterAll(() => h.close());

  it("drafts one bulletin for one 通报, however often it is pushed", async () => {
    const sent = await say(h, ADMIN, "通报");
    await h.runJobs();
    const again = await h.platform.pushMessageAgain(sent.message.messageId);
    await h.platform.idle();
    await h.runJobs();
    expect(again.eventId).not.toBe(sent.delivery?.eventId);
    expect(await h.database.db.bulletin.count()).toBe(1);
  });

  it("chases the late units once for one 催报", async () => {
    const chased = () => h.platform.messages({ p2p: contactOf("临泽县") }).filter((m) => m.sender.type === "app").length;
    const before = chased();
    const sent = await say(h, ADMIN, "催报");
    await h.runJobs();
    const once = chased();
    expect(once).toBeGreaterThan(before);
    await h.platform.pushMessageAgain(sent.message.messageId);
    await h.platform.idle();
    await h.runJobs();
    expect(chased()).toBe(once);
    expect(lastText(h, ADMIN)).not.toContain("失败");
  });
});
