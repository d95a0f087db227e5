// Publishing and submitting in one order (an outside probe found corrections told "已提交" yet left
// out of the published bulletin on PostgreSQL): contacts correct their figures in the same moment the
// admin clicks 发布, round after round. Every time, the published bulletin holds exactly the figures
// stored, and a contact whose correction came after the lock was told so and had nothing stored.
// Runs on SQLite, and on PostgreSQL in `npm run test:pg`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTIONS } from "../../src/bot/actions.ts";
import { ADMIN, LEADERS_GROUP, contactOf, openPeriod, startHarness, type Harness } from "../support/bot-harness.ts";
import { ZHANGYE_FIGURES, buttonValues, formValues, lastText, p2p } from "./support/month.ts";

const RACERS = ["临泽县", "高台县", "山丹县", "民乐县"];
const ROUNDS = Number(process.env.RACE_ROUNDS ?? 8);

async function latestStored(h: Harness, unit: string): Promise<number> {
  const row = await h.database.db.submission.findFirstOrThrow({ where: { unit: { name: unit } }, orderBy: { revision: "desc" } });
  return (row.values as Record<string, number>)["zlbt_hu"]!;
}

/** The unit's contact turns the card back into a form (修改数据) if it is a receipt, and submits. */
async function correct(h: Harness, unit: string, households: string): Promise<void> {
  const messageId = p2p(h, contactOf(unit), "interactive").at(-1)!.messageId;
  const edit = buttonValues(h.platform.card(messageId)).find((value) => value.action === ACTIONS.editFigures);
  if (edit) await h.platform.clickButton(contactOf(unit), messageId, edit);
  expect((await h.platform.submitForm(contactOf(unit), messageId, formValues(h, messageId, unit, { zlbt_hu: households }))).ok).toBe(true);
}

describe("发布 while contacts correct their figures", () => {
  let h: Harness;
  let published = 0;
  beforeAll(async () => {
    h = await startHarness({ mode: "long_connection", now: "2024-01-02T01:00:00Z" });
    h.platform.limits.perReceiverPerSecond = 1000;
    await h.platform.sendText(ADMIN, LEADERS_GROUP, "@保障房月报机器人 设为领导群");
    await openPeriod(h, "2023-12");
    for (const unit of Object.keys(ZHANGYE_FIGURES)) {
      const card = p2p(h, contactOf(unit), "interactive").at(-1)!;
      expect((await h.platform.submitForm(contactOf(unit), card.messageId, formValues(h, card.messageId, unit))).ok).toBe(true);
    }
  });
  afterAll(async () => {
    await h.close();
    // The race is only a race if publishing won some rounds (it loses those where a correction moved
    // the figures first, and says so on the card).
    expect(published).toBeGreaterThan(0);
  });

  it.each(Array.from({ length: ROUNDS }, (_, round) => round + 1))("round %i: the bulletin holds exactly what was stored", async (round) => {
    // 甘州区 (no racer) changes a figure first, so each round drafts a new version to publish
    await correct(h, "甘州区", String(Number(ZHANGYE_FIGURES["甘州区"]!["zlbt_hu"]) + round * 100));
    await h.platform.sendText(ADMIN, "p2p", "通报");
    await h.platform.idle();
    await h.runJobs();
    const preview = p2p(h, ADMIN, "interactive").at(-1)!;
    const publish = buttonValues(h.platform.card(preview.messageId)).find((value) => value.action === ACTIONS.publishBulletin)!;
    // each racer's receipt back to a form, ready to submit
    const forms = new Map<string, string>();
    for (const unit of RACERS) {
      const receipt = p2p(h, contactOf(unit), "interactive").at(-1)!.messageId;
      // a correction refused last round left its form as it was, with what was typed
      const edit = buttonValues(h.platform.card(receipt)).find((value) => value.action === ACTIONS.editFigures);
      if (edit) await h.platform.clickButton(contactOf(unit), receipt, edit);
      forms.set(unit, receipt);
    }
    const corrections = RACERS.map((unit, i) => {
      const messageId = forms.get(unit)!;
      const value = String(Number(ZHANGYE_FIGURES[unit]!["zlbt_hu"]) + round * 10 + i);
      return { unit, value, submit: () => h.platform.submitForm(contactOf(unit), messageId, formValues(h, messageId, unit, { zlbt_hu: value })) };
    });
    // The corrections start a little later each round, so some rounds have them all before the lock,
    // some all after, some on both sides.
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const delay = ((round - 1) % 4) * 12;
    // The click is answered at once; the job it queues takes the period, compiles and publishes, and
    // races the corrections.
    const clicked = await h.platform.clickButton(ADMIN, preview.messageId, publish);
    expect(clicked.ok).toBe(true);
    expect(JSON.stringify(clicked)).toContain("正在发布");
    const lead = delay - 12; // below 0: the corrections start first
    const [, ...answers] = await Promise.all([(async () => (await pause(Math.max(0, -lead)), h.runJobs()))(), ...corrections.map(async (c, i) => (await pause(Math.max(0, lead) + i * 2), c.submit()))]);
    await h.platform.idle();
    await h.runJobs();

    const bulletin = await h.database.db.bulletin.findFirst({ where: { state: "published" }, orderBy: { version: "desc" } });
    const justPublished = bulletin !== null && bulletin.id === publish.bulletin;
    published += justPublished ? 1 : 0;
    // a refused publication says why on the preview, and its button is back
    if (!justPublished) {
      expect(JSON.stringify(h.platform.card(preview.messageId))).toContain("未发布：预览生成后数据又有变化");
      expect(buttonValues(h.platform.card(preview.messageId)).some((value) => value.action === ACTIONS.publishBulletin)).toBe(true);
    }
    for (const [i, correction] of corrections.entries()) {
      const answer = JSON.stringify(answers[i]);
      const stored = await latestStored(h, correction.unit);
      const wasStored = stored === Number(correction.value);
      // what the contact was told agrees with what was stored
      if (answer.includes("已锁定")) expect(wasStored, `${correction.unit} told locked`).toBe(false);
      else if (answers[i]!.ok) expect(wasStored, `${correction.unit} told stored: ${answer.slice(0, 200)}`).toBe(true);
      if (justPublished) {
        const model = bulletin!.model as { indicators: { key: string; units: { unit: string; actual: number | null }[] }[] };
        const shown = model.indicators.find((indicator) => indicator.key === "zlbt_hu")!.units.find((row) => row.unit === correction.unit)!.actual;
        expect(shown, `${correction.unit}: bulletin ${shown}, stored ${stored}`).toBe(stored);
      }
    }
    if (process.env.RACE_DEBUG) console.log(`round ${round}: published=${justPublished} answers=${answers.map((a) => (JSON.stringify(a).includes("已锁定") ? "locked" : a.ok ? "ok" : "err")).join(",")} clicked=${JSON.stringify((clicked as { toast?: unknown }).toast ?? clicked)}`);
    // the next round starts from an open period
    await h.platform.sendText(ADMIN, "p2p", "解锁 2023-12");
    await h.platform.idle();
  });

  it("answers 发布 by command at once, and tells the admin privately when a correction since the preview stopped it", async () => {
    // a change since the last publication, so 通报 drafts a version to publish
    await correct(h, "甘州区", String(Number(ZHANGYE_FIGURES["甘州区"]!["zlbt_hu"]) + 1));
    await h.platform.sendText(ADMIN, "p2p", "通报");
    await h.platform.idle();
    await h.runJobs();
    const before = await h.database.db.bulletin.count({ where: { state: "published" } });
    await correct(h, "临泽县", String(Number(ZHANGYE_FIGURES["临泽县"]!["zlbt_hu"]) + 1));
    await h.platform.sendText(ADMIN, "p2p", "发布");
    await h.platform.idle();
    expect(lastText(h, ADMIN)).toMatch(/^正在发布2023年12月通报第\d+版（更正），完成后单独告知您。$/);
    await h.runJobs();
    expect(lastText(h, ADMIN)).toMatch(/^2023年12月通报第\d+版（更正）未发布：预览生成后数据又有变化（临泽县、全市），请重新发送“通报”生成预览，核对后再发布。$/);
    expect(await h.database.db.bulletin.count({ where: { state: "published" } })).toBe(before);
    expect((await h.database.db.period.findFirstOrThrow({ where: { year: 2023, month: 12 } })).state).toBe("open");
  });
});
