// Who may do what, as a matrix over the routing table: every admin command, sent by a unit's leader, a
// contact and a stranger, is refused and changes nothing; the admin's 发布 button and a contact's form
// card, in anyone else's hands (a forwarded card, a replayed payload), change nothing either. Leaders
// read what is posted to them; they cannot act on it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, LEADERS_GROUP, contactOf, openPeriod, startHarness, type Harness } from "../support/bot-harness.ts";
import { answerToCardAction } from "../support/forge.ts";
import { ACTIONS } from "../../src/bot/actions.ts";
import { buttonValues, formValues, inChat, lastText, p2p } from "../e2e/support/month.ts";

const BOT = "@保障房月报机器人";
const NOT_ADMIN = "该指令仅限管理员使用";
const OTHERS = { leader: "甘州区分管领导", "another unit's contact": contactOf("临泽县"), stranger: "路人甲" } as const;

/** What the office keeps: everything but the bot's own records of events, messages and jobs. */
async function officeData(h: Harness): Promise<unknown> {
  const { db } = h.database;
  const byId = { orderBy: { id: "asc" as const } };
  return {
    workspace: await db.workspace.findMany({ ...byId, omit: { updatedAt: true } }),
    units: await db.unit.findMany(byId),
    people: await db.person.findMany(byId),
    targets: await db.target.findMany(byId),
    periods: await db.period.findMany(byId),
    submissions: await db.submission.findMany(byId),
    findings: await db.finding.findMany({ ...byId, omit: { updatedAt: true } }),
    bulletins: await db.bulletin.findMany(byId),
    chats: await db.workspaceChat.findMany(byId),
    holds: await db.chaseHold.findMany(byId),
  };
}

describe("authorization", () => {
  let h: Harness;
  let formCard: string;
  let preview: string;

  beforeAll(async () => {
    h = await startHarness({ mode: "long_connection", now: "2024-01-02T01:00:00Z" });
    h.platform.limits.perReceiverPerSecond = 1000;
    await openPeriod(h, "2023-12");
    formCard = p2p(h, contactOf("甘州区"), "interactive")[0]!.messageId;
    await h.platform.submitForm(contactOf("甘州区"), formCard, formValues(h, formCard, "甘州区"));
    await h.platform.sendText(ADMIN, LEADERS_GROUP, `${BOT} 设为领导群`);
    await h.platform.sendText(ADMIN, "p2p", "通报");
    await h.platform.idle();
    await h.runJobs();
    preview = p2p(h, ADMIN, "interactive").find((message) => buttonValues(h.platform.card(message.messageId)).some((value) => value.action === ACTIONS.publishBulletin))!.messageId;
  });
  afterAll(() => h.close());

  it("refuses every admin command to leaders, contacts and strangers, and nothing changes", async () => {
    const admin = h.app.router.listCommands().filter((command) => command.audience === "admin");
    expect(admin.length).toBeGreaterThan(10);
    const before = await officeData(h);
    for (const command of admin) {
      for (const [who, name] of Object.entries(OTHERS)) {
        // The usage line is the command as an admin would type it, arguments and all.
        await h.platform.sendText(name, "p2p", command.usage);
        await h.platform.idle();
        expect(lastText(h, name), `${who}: ${command.usage}`).toContain(NOT_ADMIN);
      }
    }
    await h.runJobs();
    expect(await officeData(h)).toEqual(before);
  });

  it("publishes nothing when the preview's 发布 button is pressed by anyone but an admin", async () => {
    const publish = buttonValues(h.platform.card(preview)).find((value) => value.action === ACTIONS.publishBulletin)!;
    const before = await officeData(h);
    for (const [who, name] of Object.entries(OTHERS)) {
      const answer = await answerToCardAction(h.platform, name, preview, publish);
      expect(JSON.stringify(answer), who).toContain(NOT_ADMIN);
    }
    await h.runJobs();
    expect(inChat(h, LEADERS_GROUP, "interactive")).toHaveLength(0);
    expect(await officeData(h)).toEqual(before);
  });

  it("stores nothing from a contact's card submitted by the unit's leader, another unit's contact or a stranger", async () => {
    const edit = buttonValues(h.platform.card(formCard)).find((value) => value.action === ACTIONS.editFigures)!;
    const submit = { ...edit, action: ACTIONS.submitFigures };
    const values = formValues(h, formCard, "甘州区", { lgxq_hu: "9999" });
    const before = await officeData(h);
    for (const [who, name] of Object.entries(OTHERS)) {
      const answer = await answerToCardAction(h.platform, name, formCard, submit, values);
      expect(JSON.stringify(answer), who).toContain("不是甘州区的填报员");
      const reopened = await answerToCardAction(h.platform, name, formCard, edit);
      expect(JSON.stringify(reopened), who).toContain("不是甘州区的填报员");
    }
    expect(await officeData(h)).toEqual(before);
  });

  it("lets a leader read what is posted and ask for help, and nothing more", async () => {
    await h.platform.sendText(OTHERS.leader, "p2p", "帮助");
    await h.platform.idle();
    const help = lastText(h, OTHERS.leader);
    expect(help).not.toContain("开始填报");
    expect(help).not.toContain("发布");
  });
});
