// A whole month on a fake clock, nobody typing 开始填报: the cards go out on the opening day, reminders
// come at their offsets counted back from a deadline moved off the National Day holiday (2024-10-01 →
// 2024-10-08, with the 调休 Sunday 9-29 a working day), late units are chased privately, in the work
// group and through their leader, the chase stops once figures arrive, a paused unit is left alone
// until its pause ends, a lagging unit gets a 督办 card whose 情况说明 is stored, and the admin is told
// the bulletin can be drafted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, WORK_GROUP, contactOf, leaderOf, startScheduleHarness, zhangyeYaml, type ScheduleHarness } from "../support/schedule-harness.ts";
import { ACTIONS } from "../../src/bot/actions.ts";
import { listExplanations } from "../../src/features/chase/explanations.ts";
import { loadWorkspace } from "../../src/store/workspace-repo.ts";
import { computeFindings } from "../../src/features/findings/compute-findings.ts";

const SCHEDULE = {
  open: { day: 25, time: "09:00", month: "period" },
  deadline: { day: 1, time: "18:00" },
  moveToWorkday: true,
};

/** 2024-10-08 09:00 in Shanghai → the UTC instant */
function at(local: string): string {
  return new Date(`${local.replace(" ", "T")}:00+08:00`).toISOString();
}

function texts(h: ScheduleHarness, user: string): string[] {
  return h.platform.messages({ p2p: user }).filter((message) => message.msgType === "text").map((message) => message.content);
}

function cards(h: ScheduleHarness, user: string) {
  return h.platform.messages({ p2p: user }).filter((message) => message.msgType === "interactive");
}

interface Input {
  name: string;
  placeholder: string;
}

function inputsOf(node: unknown, found: Input[] = []): Input[] {
  if (Array.isArray(node)) node.forEach((item) => inputsOf(item, found));
  else if (node && typeof node === "object") {
    const element = node as Record<string, unknown>;
    if (element["tag"] === "input" && typeof element["name"] === "string") {
      found.push({ name: element["name"], placeholder: String((element["placeholder"] as { content?: string } | undefined)?.content ?? "") });
    }
    Object.values(element).forEach((value) => inputsOf(value, found));
  }
  return found;
}

/** Every field filled: the annual target times `share` where there is one, 10 otherwise. */
function formAt(h: ScheduleHarness, messageId: string, share: number): Record<string, string> {
  const values: Record<string, string> = {};
  for (const input of inputsOf(h.platform.card(messageId))) {
    if (input.name === "remarks" || input.name.startsWith("explain__")) continue;
    const target = /年度任务([\d.]+)/.exec(input.placeholder);
    values[input.name] = target ? String(Math.max(1, Math.round(Number(target[1]) * share))) : "10";
  }
  return values;
}

async function submit(h: ScheduleHarness, unit: string, share: number): Promise<void> {
  const card = cards(h, contactOf(unit))[0]!;
  const result = await h.platform.submitForm(contactOf(unit), card.messageId, formAt(h, card.messageId, share));
  expect(result.ok, unit).toBe(true);
  expect(JSON.stringify(h.platform.card(card.messageId)), unit).toContain("数据已提交");
}

async function say(h: ScheduleHarness, text: string): Promise<string> {
  await h.platform.sendText(ADMIN, "p2p", text);
  await h.platform.idle();
  return texts(h, ADMIN).at(-1) ?? "";
}

describe("a month that runs itself", () => {
  let h: ScheduleHarness;
  beforeAll(async () => {
    const { yaml, users } = zhangyeYaml(SCHEDULE);
    h = await startScheduleHarness({ now: at("2024-09-20 10:00"), yaml: yaml.replace(/^year: 2023\n/m, ""), users, listen: true });
  });
  afterAll(() => h.close());

  it("does not open a period behind the admins' back once its deadline has passed", async () => {
    await h.runJobs();
    expect(await h.database.db.period.count()).toBe(0);
    expect(cards(h, contactOf("甘州区"))).toHaveLength(0);
  });

  it("opens the period on the opening day: every contact gets one card, the deadline moved off the holiday", async () => {
    h.clock.set(at("2024-09-25 09:00"));
    await h.runJobs();
    for (const unit of ["甘州区", "临泽县", "高台县", "山丹县", "民乐县", "肃南县"]) expect(cards(h, contactOf(unit)), unit).toHaveLength(1);
    const period = await h.database.db.period.findFirstOrThrow({ where: { year: 2024, month: 9 } });
    expect(period.state).toBe("open");
    expect(period.deadline!.toISOString()).toBe(at("2024-10-08 18:00"));
    expect(JSON.stringify(h.platform.card(cards(h, contactOf("甘州区"))[0]!.messageId))).toContain("10月8日 18:00");
    await h.runJobs();
    expect(cards(h, contactOf("甘州区"))).toHaveLength(1);
  });

  it("takes figures and a pause", async () => {
    h.clock.set(at("2024-09-26 10:00"));
    await submit(h, "甘州区", 0.8);
    await submit(h, "肃南县", 0.8);
    await submit(h, "临泽县", 0.1); // far behind the 75% the end of September expects
    const reply = await say(h, "暂停 山丹县 催报 至 10月7日");
    expect(reply).toContain("已暂停山丹县的提醒和催报至10月7日");
    await h.runJobs();
  });

  it("reminds the units that have not submitted, two working days before the deadline (the 调休 Sunday)", async () => {
    h.clock.set(at("2024-09-29 09:00"));
    await h.runJobs();
    for (const unit of ["高台县", "民乐县"]) {
      expect(texts(h, contactOf(unit)), unit).toHaveLength(1);
      expect(texts(h, contactOf(unit))[0]).toContain("【填报提醒】");
      expect(texts(h, contactOf(unit))[0]).toContain("10月8日 18:00");
    }
    for (const unit of ["甘州区", "临泽县", "肃南县", "山丹县"]) expect(texts(h, contactOf(unit)), unit).toHaveLength(0);
    // nothing during the holiday
    h.clock.set(at("2024-10-05 12:00"));
    await h.runJobs();
    expect(texts(h, contactOf("高台县"))).toHaveLength(1);
  });

  it("reminds a paused unit once its pause is over, and again on the deadline's morning", async () => {
    h.clock.set(at("2024-10-08 08:00"));
    await h.runJobs();
    expect(texts(h, contactOf("山丹县"))).toHaveLength(1);
    h.clock.set(at("2024-10-08 09:00"));
    await h.runJobs();
    for (const unit of ["高台县", "民乐县", "山丹县"]) expect(texts(h, contactOf(unit)), unit).toHaveLength(unit === "山丹县" ? 2 : 2);
    expect(texts(h, contactOf("山丹县")).every((text) => text.includes("【填报提醒】"))).toBe(true);
  });

  it("chases the late units privately after the deadline", async () => {
    await submit(h, "山丹县", 0.9);
    h.clock.set(at("2024-10-08 19:00"));
    await h.runJobs();
    for (const unit of ["高台县", "民乐县"]) expect(texts(h, contactOf(unit)).at(-1), unit).toContain("【催报】");
    expect(texts(h, contactOf("山丹县"))).toHaveLength(2);
  });

  it("stops chasing a unit once its figures arrive; mentions the rest in the work group", async () => {
    h.clock.set(at("2024-10-08 20:30"));
    await submit(h, "民乐县", 0.9);
    h.clock.set(at("2024-10-09 09:00"));
    await h.runJobs();
    const group = h.platform.messages(WORK_GROUP).filter((message) => message.msgType === "text");
    expect(group).toHaveLength(1);
    expect(group[0]!.content).toContain("高台县");
    expect(group[0]!.content).not.toContain("民乐县");
    expect(group[0]!.content).toContain("<at user_id=");
    expect(texts(h, contactOf("民乐县"))).toHaveLength(3);
  });

  it("sends the lagging unit a 督办 card and stores its 情况说明 with the finding", async () => {
    const duban = cards(h, contactOf("临泽县")).filter((message) => message.content.includes("督办"));
    expect(duban).toHaveLength(1);
    const card = JSON.stringify(h.platform.card(duban[0]!.messageId));
    expect(card).toContain("临泽县");
    expect(card).toContain("情况说明");
    expect(cards(h, contactOf("甘州区")).filter((message) => message.content.includes("督办"))).toHaveLength(0);
    // Typed with card markup: it shows as typed on the answered card and on 进度, never as markup there.
    const answer = "受国庆假期影响，项目9月下旬集中开工，<font color='red'>10月底前补齐进度</font>。";
    const result = await h.platform.submitForm(contactOf("临泽县"), duban[0]!.messageId, { explanation: answer });
    expect(result.ok).toBe(true);
    const answered = JSON.stringify(h.platform.card(duban[0]!.messageId));
    expect(answered).toContain("已反馈");
    expect(answered).not.toContain("<font color='red'>10月底");
    expect(answered).toContain("&#60;font color='red'&#62;10月底");
    await h.platform.sendText(ADMIN, "p2p", "进度 2024-09");
    await h.platform.idle();
    const status = JSON.stringify(h.platform.card(cards(h, ADMIN).at(-1)!.messageId));
    expect(status).toContain("10月底前补齐进度");
    expect(status).not.toContain("<font color='red'>10月底");
    const stored = await h.database.db.finding.findMany({ where: { explanation: answer } });
    expect(stored.length).toBeGreaterThan(0);
    const workspace = await loadWorkspace(h.database.db, h.workspace.model.key);
    const explanations = await listExplanations(h.database.db, workspace, "2024-09");
    expect(explanations.map((entry) => entry.unit)).toContain("临泽县");
    // 存在的问题 quotes it when the workspace asks for it, and only then
    const period = { year: 2024, month: 9 };
    const plain = await computeFindings(h.database.db, workspace, period, h.clock.now());
    expect(plain.problems.join("")).not.toContain(answer);
    const quoting = { ...workspace, rules: { ...workspace.rules, wording: { ...workspace.rules.wording, quoteExplanations: true } } };
    const quoted = await computeFindings(h.database.db, quoting, period, h.clock.now());
    expect(quoted.problems.join("")).toContain(`临泽县说明：${answer}`);
    // another unit's contact cannot answer it
    const forged = await h.platform.submitForm(contactOf("甘州区"), duban[0]!.messageId, { explanation: "代答" }).catch(() => null);
    expect(JSON.stringify(forged ?? {})).not.toContain("情况说明已提交");
  });

  it("tells the admin the bulletin can be drafted", async () => {
    h.clock.set(at("2024-10-09 10:00"));
    await h.runJobs();
    const notice = texts(h, ADMIN).filter((text) => text.includes("本月数据已截止"));
    expect(notice).toHaveLength(1);
    expect(notice[0]).toContain("通报");
    expect(notice[0]).toContain("高台县");
  });

  it("escalates to the leader of the unit still late, saying whether the chase was read", async () => {
    const chase = h.platform.messages({ p2p: contactOf("高台县") }).filter((message) => message.content.includes("【催报】")).at(-1)!;
    h.platform.readMessage(contactOf("高台县"), chase.messageId);
    h.clock.set(at("2024-10-10 09:00"));
    await h.runJobs();
    const leader = texts(h, leaderOf("高台县"));
    expect(leader).toHaveLength(1);
    expect(leader[0]).toContain("【逾期提醒】");
    expect(leader[0]).toContain("已读");
    for (const unit of ["甘州区", "临泽县", "山丹县", "民乐县", "肃南县"]) expect(texts(h, leaderOf(unit)), unit).toHaveLength(0);
    // running again sends nothing more
    await h.runJobs();
    expect(texts(h, leaderOf("高台县"))).toHaveLength(1);
  });

  it("chases now on the admin's 催报, and refuses what it cannot do", async () => {
    expect(await say(h, "催报 甘州区")).toContain("已报送");
    expect(await say(h, "催报")).toContain("高台县");
    await h.runJobs();
    expect(texts(h, contactOf("高台县")).at(-1)).toContain("【催报】");
    expect(await say(h, "暂停 不存在县 催报 至 10月20日")).toContain("没有找到单位");
    // an example the admin can send as it stands: three days on, not a fixed date long past
    expect(await say(h, "截止")).toContain("例如：截止 2024-10-13 18:00");
    expect(await say(h, "恢复 山丹县")).toContain("山丹县");
  });

  it("judges figures that arrive after the 督办 step and sends a 督办 card then, outside quiet hours, once (bug: judged once, units in later never chased)", async () => {
    const dubanOf = (unit: string) => cards(h, contactOf(unit)).filter((message) => message.content.includes("督办"));
    h.clock.set(at("2024-10-10 21:30"));
    await submit(h, "高台县", 0.1); // far behind
    await h.runJobs();
    expect(dubanOf("高台县")).toHaveLength(0); // quiet hours
    h.clock.set(at("2024-10-11 08:00"));
    await h.runJobs();
    expect(dubanOf("高台县")).toHaveLength(1);
    expect(JSON.stringify(h.platform.card(dubanOf("高台县")[0]!.messageId))).toContain("高台县");

    // a correction that still lags names nothing new: no second card
    const form = cards(h, contactOf("高台县"))[0]!;
    const edit = { action: ACTIONS.editFigures, period: "2024-09", unit: (await h.database.db.unit.findFirstOrThrow({ where: { name: "高台县" } })).id };
    await h.platform.clickButton(contactOf("高台县"), form.messageId, edit);
    const values = formAt(h, form.messageId, 0.1);
    const first = Object.keys(values)[0]!;
    values[first] = String(Number(values[first]) + 1);
    expect((await h.platform.submitForm(contactOf("高台县"), form.messageId, values)).ok).toBe(true);
    h.clock.set(at("2024-10-11 10:00"));
    await h.runJobs();
    expect(dubanOf("高台县")).toHaveLength(1);

    // 进度 counts the 督办 sent and answered
    await h.platform.sendText(ADMIN, "p2p", "进度 2024-09");
    await h.platform.idle();
    const board = JSON.stringify(h.platform.card(cards(h, ADMIN).at(-1)!.messageId));
    expect(board).toContain("督办 **2** 个（已反馈 **1** 个，待反馈 **1** 个）");
  });
});

describe("an opening the bot was not running for (bug: a first start at 00:09 sent every contact a card)", () => {
  let h: ScheduleHarness;
  beforeAll(async () => {
    const { yaml, users } = zhangyeYaml(SCHEDULE);
    // Started for the first time at 00:09, fifteen hours after the opening moment (25th 09:00).
    h = await startScheduleHarness({ now: at("2024-09-26 00:09"), yaml: yaml.replace(/^year: 2023\n/m, ""), users, listen: true });
  });
  afterAll(() => h.close());

  it("sends nothing inside quiet hours", async () => {
    await h.runJobs();
    expect(cards(h, contactOf("甘州区"))).toHaveLength(0);
    expect(texts(h, ADMIN)).toHaveLength(0);
    expect(await h.database.db.period.count()).toBe(0);
  });

  it("asks each admin once the quiet hours end, and opens nothing by itself", async () => {
    h.clock.set(at("2024-09-26 08:00"));
    await h.runJobs();
    await h.runJobs();
    expect(cards(h, contactOf("甘州区"))).toHaveLength(0);
    const asked = texts(h, ADMIN).filter((text) => text.includes("【待确认】"));
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain("应于9月25日 09:00开放");
    expect(asked[0]).toContain("开始填报 2024-09 确认"); // the month has not ended: the command as it will be taken
    expect(asked[0]).toContain("2024年10月8日 18:00");
    expect(await h.database.db.period.count()).toBe(0);
  });

  it("opens when the admin says so", async () => {
    await say(h, "开始填报 2024-09 确认");
    await h.runJobs();
    expect(cards(h, contactOf("甘州区"))).toHaveLength(1);
  });
});

describe("an opening set inside quiet hours", () => {
  let h: ScheduleHarness;
  beforeAll(async () => {
    const { yaml, users } = zhangyeYaml({ ...SCHEDULE, open: { day: 25, time: "07:00", month: "period" } });
    h = await startScheduleHarness({ now: at("2024-09-25 07:00"), yaml: yaml.replace(/^year: 2023\n/m, ""), users, listen: true });
  });
  afterAll(() => h.close());

  it("waits for their end and then opens as planned, without asking", async () => {
    await h.runJobs();
    expect(cards(h, contactOf("甘州区"))).toHaveLength(0);
    h.clock.set(at("2024-09-25 08:00"));
    await h.runJobs();
    expect(cards(h, contactOf("甘州区"))).toHaveLength(1);
    expect(texts(h, ADMIN).filter((text) => text.includes("【待确认】"))).toHaveLength(0);
  });
});

describe("the deadline command", () => {
  let h: ScheduleHarness;
  beforeAll(async () => {
    const { yaml, users } = zhangyeYaml({ deadline: { day: 5, time: "18:00" } });
    h = await startScheduleHarness({ now: at("2024-01-02 10:00"), yaml: yaml.replace(/^year: 2023\n/m, ""), users, listen: true });
  });
  afterAll(() => h.close());

  it("moves the pending reminders with the deadline", async () => {
    await say(h, "开始填报 2023-12");
    await h.runJobs();
    const reminder = async () => (await h.database.db.job.findFirstOrThrow({ where: { kind: "schedule.step", key: { contains: ":r1" } } })).runAt.toISOString();
    expect(await reminder()).toBe(at("2024-01-05 09:00"));
    const reply = await say(h, "截止 2024-01-09 17:00");
    expect(reply).toContain("1月9日 17:00");
    expect(reply).toContain("改期");
    expect(await reminder()).toBe(at("2024-01-09 09:00"));
    h.clock.set(at("2024-01-05 09:00"));
    await h.runJobs();
    expect(texts(h, contactOf("甘州区")).filter((text) => text.includes("【填报提醒】"))).toHaveLength(1); // r0, two working days before the 9th
    h.clock.set(at("2024-01-09 09:00"));
    await h.runJobs();
    expect(texts(h, contactOf("甘州区")).filter((text) => text.includes("【填报提醒】"))).toHaveLength(2);
    expect(texts(h, contactOf("甘州区")).at(-1)).toContain("1月9日 17:00");
  });

  it("refuses a deadline already past, changing nothing (bug: a typo 11-20 for 12-20 set every unit overdue and messaged 57 leaders)", async () => {
    const before = await h.database.db.period.findFirstOrThrow({ where: { year: 2023, month: 12 } });
    const jobs = await h.database.db.job.count();
    const reply = await say(h, "截止 2023-12-20 18:00");
    expect(reply).toContain("已经过去");
    expect(reply).toContain("未作修改");
    const after = await h.database.db.period.findFirstOrThrow({ where: { year: 2023, month: 12 } });
    expect(after.deadline?.toISOString()).toBe(before.deadline?.toISOString());
    expect(await h.database.db.job.count()).toBe(jobs);
  });

  it("asks before a deadline more than a month after the period, and shows its year (bug: 2025-12-06 accepted and shown as 12月6日)", async () => {
    const before = await h.database.db.period.findFirstOrThrow({ where: { year: 2023, month: 12 } });
    const reply = await say(h, "截止 2025-12-06 18:00");
    expect(reply).toContain("2025年12月6日 18:00");
    expect(reply).toContain("尚未修改");
    expect(reply).toContain("截止 2025-12-06 18:00 确认");
    expect((await h.database.db.period.findFirstOrThrow({ where: { year: 2023, month: 12 } })).deadline?.toISOString()).toBe(before.deadline?.toISOString());
    const confirmed = await say(h, "截止 2025-12-06 18:00 确认");
    expect(confirmed).toContain("已将2023年12月填报截止时间设为2025年12月6日 18:00");
    // back to a usual one, without asking
    expect(await say(h, "截止 2024-01-10 18:00")).toContain("设为1月10日 18:00");
  });

  void ACTIONS;
});
