// What the bot finds after the process that was handling an event or running a job died half-way (the
// crash test, test/reliability/crash-run.ts, found each of these by killing the bot): the platform
// tries the event again, another beat takes the job over a lease later, and the bot must finish the
// work once and say what the first try would have said.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, LEADERS_GROUP, openPeriod, startHarness, type Harness } from "../support/bot-harness.ts";
import { WORK_GROUP, startScheduleHarness, zhangyeYaml, type ScheduleHarness } from "../support/schedule-harness.ts";
import { ACTIONS } from "../../src/bot/actions.ts";
import { ABANDONED_AFTER_MS } from "../../src/bot/bot.ts";
import { setChatRole } from "../../src/store/chat-repo.ts";
import { buttonValues, cardText, importFigures, inChat, p2p, textOf } from "../e2e/support/month.ts";
import { answerToCardAction } from "../support/forge.ts";

const BOT = "@保障房月报机器人";

/** The event is delivered nowhere (as when the bot is down): the platform keeps it for its retries. */
async function sendWhileDown(h: Harness, chat: string, text: string): Promise<{ eventId: string; claim: string }> {
  h.platform.subscribe({ events: { mode: "webhook", url: "http://127.0.0.1:9/down" } });
  const sent = await h.platform.sendText(ADMIN, chat, text);
  h.platform.subscribe({ events: { mode: "long_connection" } });
  return { eventId: sent.delivery!.eventId, claim: messageClaim(sent.message.messageId) };
}

/** A message is claimed under its message_id (the same message may come under several event ids). */
function messageClaim(messageId: string): string {
  return `message:${messageId}`;
}

/** The claim a process leaves when it dies while handling the event (claimed as `eventId`) `agoMs` ago. */
async function leaveUnfinished(h: Harness, eventId: string, agoMs: number): Promise<void> {
  await h.database.db.processedEvent.deleteMany({ where: { eventId } });
  await h.database.db.processedEvent.create({ data: { eventId, kind: "message", receivedAt: new Date(Date.now() - agoMs) } });
}

describe("a redelivered event whose first handling died", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ mode: "long_connection", now: "2024-01-02T01:00:00Z" });
    h.platform.limits.perReceiverPerSecond = 1000;
    await openPeriod(h, "2023-12");
    // one unit in: 通报 drafts nothing before any unit has reported
    await importFigures(h, "period,unit,indicator,value\n2023-12,甘州区,lgxq_hu,3032\n");
  });
  afterAll(() => h.close());

  it("is handled again and answered (bug: taken for a duplicate, the command was never answered)", async () => {
    const { eventId, claim } = await sendWhileDown(h, LEADERS_GROUP, `${BOT} 设为领导群`);
    // It died after setting the role, before replying.
    await setChatRole(h.database.db, (await h.database.db.workspace.findFirstOrThrow()).id, h.platform.directory.requireChat(LEADERS_GROUP).chatId, "leaders", null);
    await leaveUnfinished(h, claim, ABANDONED_AFTER_MS + 1000);
    const record = await h.platform.redeliver(eventId);
    expect(record.attempts.at(-1)?.outcome).toBe("ok");
    const replies = inChat(h, LEADERS_GROUP, "text").map(textOf);
    // the words the first handling would have said (bug: “本群已是领导群”, as if someone had set it before)
    expect(replies).toEqual([expect.stringContaining("已将本群设为领导群")]);
    expect((await h.database.db.processedEvent.findUniqueOrThrow({ where: { eventId: claim } })).response).not.toBeNull();
  });

  it("drafts one bulletin for one 通报 (bug: handled again, it drafted a second version and sent a second preview)", async () => {
    // sendText resolves once the bot has acknowledged the event, i.e. handled it
    const sent = await h.platform.sendText(ADMIN, "p2p", "通报");
    expect(sent.delivery?.state).toBe("delivered");
    await h.runJobs();
    const eventId = sent.delivery!.eventId;
    await leaveUnfinished(h, messageClaim(sent.message.messageId), ABANDONED_AFTER_MS + 1000);
    await h.platform.redeliver(eventId);
    await h.runJobs();
    expect(await h.database.db.bulletin.count()).toBe(1);
    const previews = p2p(h, ADMIN, "interactive").filter((message) => buttonValues(h.platform.card(message.messageId)).some((value) => value.action === ACTIONS.publishBulletin));
    expect(previews).toHaveLength(1);
  });

  it("shows who published on a 发布 clicked again after the first answer was lost (bug: the name was left out)", async () => {
    const preview = p2p(h, ADMIN, "interactive").at(-1)!;
    const value = buttonValues(h.platform.card(preview.messageId)).find((candidate) => candidate.action === ACTIONS.publishBulletin)!;
    expect((await h.platform.clickButton(ADMIN, preview.messageId, value)).ok).toBe(true);
    await h.runJobs();
    const first = cardText(h, preview.messageId);
    expect(first).toContain("由王主任发布");
    // the same click again, as the admin does when the first one's answer never came
    const again = await answerToCardAction(h.platform, ADMIN, preview.messageId, value);
    expect(JSON.stringify((again as { card?: { data?: unknown } }).card?.data)).toBe(first);
  });

  it("is not acknowledged while its first handling may still be running, so the platform tries again later", async () => {
    const before = h.platform.messages({ p2p: ADMIN }).length;
    const { eventId, claim } = await sendWhileDown(h, "p2p", "进度");
    await leaveUnfinished(h, claim, 0);
    const record = await h.platform.redeliver(eventId);
    expect(record.attempts.at(-1)?.outcome).toBe("handler_error");
    expect(record.state).toBe("pending");
    expect(h.platform.messages({ p2p: ADMIN }).length).toBe(before + 1); // the admin's own message only
  });
});

describe("a scheduled chase step run late", () => {
  let h: ScheduleHarness;
  beforeAll(async () => {
    const { yaml, users } = zhangyeYaml({ open: { day: 25, time: "09:00", month: "period" }, deadline: { day: 1, time: "18:00" }, moveToWorkday: true });
    h = await startScheduleHarness({ now: "2024-09-25T01:00:00Z", yaml: yaml.replace(/^year: 2023\n/m, ""), users, listen: true });
    await h.runJobs();
  });
  afterAll(() => h.close());

  it("names the step's time in the work group, not the minute it ran (bug: a step taken over a lease later said 09:01)", async () => {
    // the group step is due 10-09 09:00 (15 h after the deadline moved off National Day to 10-08 18:00);
    // its first runner died, and the next beat after the lease takes it over
    h.clock.set("2024-10-09T01:01:01Z");
    await h.runJobs();
    const group = h.platform.messages(WORK_GROUP).filter((message) => message.msgType === "text");
    expect(group).toHaveLength(1);
    expect(group[0]!.content).toContain("截至10月9日 09:00仍未报送");
  });
});
