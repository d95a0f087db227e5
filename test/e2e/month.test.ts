// The month end to end, in both delivery modes: a period opens, five of six Zhangye contacts submit
// (typed as people type, a typo fixed on the card, a suspect value confirmed), the deadline passes, the
// admin asks for 进度, previews (通报) and publishes (发布) to the leadership chat, and a correction goes
// out as 更正 listing what changed. Refusals change nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, LEADERS_GROUP, contactOf, startHarness, type Harness } from "../support/bot-harness.ts";
import { checkCard } from "../../src/sandbox/index.ts";
import { ACTIONS } from "../../src/bot/actions.ts";
import { latestPublishedBulletin } from "../../src/store/bulletin-repo.ts";
import { tableLeaves } from "../../src/render/table-cells.ts";
import { RAW_SHEET_NAME } from "../../src/render/xlsx/raw-sheet.ts";
import type { Bulletin } from "../../src/domain/bulletin/types.ts";
import { pushCardAction } from "../support/forge.ts";
import { buttonValues, cardText, fileOf, formValues, inChat, lastGroupText, lastText, p2p, readWorkbook } from "./support/month.ts";

const BOT = "@保障房月报机器人";

async function periodId(h: Harness): Promise<string> {
  return (await h.database.db.period.findFirstOrThrow({ where: { year: 2023, month: 12 } })).id;
}

/** Every number of the bulletin's 附件 tables equals the workbook's cell in the same place. */
async function expectWorkbookMatches(bytes: Buffer, bulletin: Bulletin): Promise<void> {
  const workbook = await readWorkbook(bytes);
  expect(workbook.worksheets.map((sheet) => sheet.name)).toContain(RAW_SHEET_NAME);
  for (const [index, table] of bulletin.attachments.entries()) {
    const sheet = workbook.worksheets[index]!;
    const labels = new Map<string, number>();
    sheet.eachRow((row, number) => labels.set(String(row.getCell(1).value), number));
    const leaves = tableLeaves(table.columns);
    for (const row of table.rows) {
      const line = sheet.getRow(labels.get(row.label)!);
      leaves.forEach((leaf, l) => {
        const { number } = leaf.value(row);
        const cell = line.getCell(l + 2).value;
        if (number === null) expect(cell ?? null).toBeNull();
        else if (leaf.kind === "rate") expect(Math.round((cell as number) * 10000) / 100).toBe(number);
        else expect(cell).toBe(number);
      });
    }
  }
}

describe.each(["long_connection", "webhook"] as const)("the month over %s", (mode) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ mode, now: "2024-01-02T01:00:00Z" });
    // The test acts faster than people do and the stand-in counts real seconds: the admin's replies,
    // previews and files would meet the 5-per-second limit per receiver, which is not what this tests.
    h.platform.limits.perReceiverPerSecond = 1000;
  });
  afterAll(() => h.close());

  it("opens the period and five of six contacts submit their figures", async () => {
    await h.platform.sendText(ADMIN, "p2p", "开始填报 2023-12");
    await h.platform.idle();
    await h.runJobs();
    for (const unit of ["甘州区", "临泽县", "高台县", "山丹县", "民乐县", "肃南县"]) expect(p2p(h, contactOf(unit), "interactive"), unit).toHaveLength(1);
    const card = (unit: string) => p2p(h, contactOf(unit), "interactive")[0]!.messageId;

    // full-width digits and a unit suffix
    const ganzhou = card("甘州区");
    const typed = await h.platform.submitForm(contactOf("甘州区"), ganzhou, formValues(h, ganzhou, "甘州区", { lgxq_hu: "３０３２户", zj_zhichu: "1092.28万元" }));
    expect(typed.ok).toBe(true);
    expect(cardText(h, ganzhou)).toContain("数据已提交");

    // a typo refused on the card, then corrected
    const sunan = card("肃南县");
    await h.platform.submitForm(contactOf("肃南县"), sunan, formValues(h, sunan, "肃南县", { zj_daowei: "1,8" }));
    expect(cardText(h, sunan)).toContain("不是数字");
    await h.platform.submitForm(contactOf("肃南县"), sunan, formValues(h, sunan, "肃南县"));
    expect(cardText(h, sunan)).toContain("数据已提交");

    // a suspect value confirmed with an explanation (2470 is ten times 民乐县's target of 247)
    const minle = card("民乐县");
    await h.platform.submitForm(contactOf("民乐县"), minle, formValues(h, minle, "民乐县", { bzf_kaigong: "2470" }));
    expect(cardText(h, minle)).toContain("上报说明");
    await h.platform.submitForm(contactOf("民乐县"), minle, formValues(h, minle, "民乐县", { bzf_kaigong: "2470", explain__bzf_kaigong: "含2022年结转项目2223套" }));
    expect(cardText(h, minle)).toContain("数据已提交");

    for (const unit of ["临泽县", "高台县"]) {
      const id = card(unit);
      await h.platform.submitForm(contactOf(unit), id, formValues(h, id, unit));
      expect(cardText(h, id), unit).toContain("数据已提交");
    }
    expect(await h.database.db.submission.count()).toBe(5);
  });

  it("shows who has not submitted once the deadline has passed, keeping late, lagging and suspect apart", async () => {
    await h.platform.sendText(ADMIN, "p2p", "截止 2024-01-05 18:00");
    await h.platform.idle();
    expect(lastText(h, ADMIN)).toContain("1月5日 18:00");
    expect((await h.database.db.period.findUniqueOrThrow({ where: { id: await periodId(h) } })).deadline).toEqual(new Date("2024-01-05T10:00:00Z"));
    h.clock.set("2024-01-06T01:00:00Z");
    await h.platform.sendText(ADMIN, "p2p", "进度");
    await h.platform.idle();
    const board = p2p(h, ADMIN, "interactive").at(-1)!;
    const card = h.platform.card(board.messageId);
    expect(checkCard(card)).toEqual({ ok: true, version: "2.0" });
    const text = JSON.stringify(card);
    expect(text).toContain("已报送 5/6");
    expect(text).toMatch(/未报送（1）[^"]*"?[^"]*山丹县/);
    expect(text).toContain("未按时报送（1）");
    expect(text).toContain("山丹县（未报送）");
    // 民乐县's confirmed value is suspect, not lagging; and it shows that it was explained
    expect(text).toMatch(/数据存疑（\d+）[^"]*民乐县：保障性租赁住房开工数值异常偏大（已说明）/);
    expect(text).toContain("进度滞后");
  });

  it("previews the bulletin with a 发布 button and the two files, sent by a job", async () => {
    await h.platform.sendText(ADMIN, LEADERS_GROUP, `${BOT} 设为领导群`);
    await h.platform.idle();
    expect(lastGroupText(h, LEADERS_GROUP)).toContain("已将本群设为领导群");

    await h.platform.sendText(ADMIN, "p2p", "通报");
    await h.platform.idle();
    // answered at once; nothing slow happened inside the event: drafting and the preview are jobs
    expect(lastText(h, ADMIN)).toBe("正在生成2023年12月通报预览，摘要卡片和 Word、Excel 文件稍后发给您；核对无误后点击卡片上的“发布”或发送“发布”。");
    expect(await h.database.db.bulletin.count()).toBe(0);
    const cardsBefore = p2p(h, ADMIN, "interactive").length;
    await h.runJobs();
    const cards = p2p(h, ADMIN, "interactive");
    expect(cards).toHaveLength(cardsBefore + 1);
    expect(cardText(h, cards.at(-1)!.messageId)).toContain("第1版，尚未发布");
    const preview = h.platform.card(cards.at(-1)!.messageId);
    expect(checkCard(preview)).toEqual({ ok: true, version: "2.0" });
    expect(buttonValues(preview)).toContainEqual(expect.objectContaining({ action: ACTIONS.publishBulletin }));
    const files = p2p(h, ADMIN, "file").map((message) => fileOf(h, message).name);
    expect(files.some((name) => name.endsWith(".docx"))).toBe(true);
    expect(files.some((name) => name.endsWith(".xlsx"))).toBe(true);
    // nothing reached the leaders yet
    expect(inChat(h, LEADERS_GROUP, "interactive")).toHaveLength(0);
  });

  it("publishes to the leadership chat once, with the right numbers, and locks the period", async () => {
    const previewMessage = p2p(h, ADMIN, "interactive").at(-1)!;
    const value = buttonValues(h.platform.card(previewMessage.messageId)).find((candidate) => candidate.action === ACTIONS.publishBulletin)!;
    const clicked = await h.platform.clickButton(ADMIN, previewMessage.messageId, value);
    expect(clicked.ok).toBe(true);
    // answered at once (the 3-second window); the publishing itself is a job, which then updates the card
    expect(JSON.stringify(clicked)).toContain("正在发布");
    expect(cardText(h, previewMessage.messageId)).toContain("正在发布第1版到领导群");
    expect(buttonValues(h.platform.card(previewMessage.messageId)).some((candidate) => candidate.action === ACTIONS.publishBulletin)).toBe(false);
    await h.runJobs();
    expect(cardText(h, previewMessage.messageId)).toContain("第1版已于");
    expect(cardText(h, previewMessage.messageId)).not.toContain("正在发布");

    const period = await h.database.db.period.findFirstOrThrow({ where: { year: 2023, month: 12 } });
    expect(period.state).toBe("locked");
    const published = (await latestPublishedBulletin(h.database.db, period.id))!;
    expect(published.version).toBe(1);

    const card = inChat(h, LEADERS_GROUP, "interactive");
    expect(card).toHaveLength(1);
    const leaderCard = h.platform.card(card[0]!.messageId);
    expect(checkCard(leaderCard)).toEqual({ ok: true, version: "2.0" });
    const cardJson = JSON.stringify(leaderCard);
    expect(cardJson).not.toContain("更正");
    expect(cardJson).not.toContain(ACTIONS.publishBulletin);
    // the card's headline numbers are the model's
    const zlbt = published.model.indicators.find((indicator) => indicator.key === "zlbt_hu")!;
    expect(zlbt.total.actual).toBe(1078 + 262 + 294 + 220 + 70);
    expect(cardJson).toContain(`完成 ${zlbt.total.actual}户`);
    expect(cardJson).toContain(zlbt.total.rate.text!);

    const files = inChat(h, LEADERS_GROUP, "file").map((message) => fileOf(h, message));
    expect(files.map((file) => file.name.split(".").at(-1)).sort()).toEqual(["docx", "xlsx"]);
    // §1.6: doc/xls are the old binary formats; .docx/.xlsx are uploaded as stream (bug: as doc/xls)
    expect(files.map((file) => file.fileType)).toEqual(["stream", "stream"]);
    await expectWorkbookMatches(files.find((file) => file.name.endsWith(".xlsx"))!.bytes, published.model);
    const recorded = await h.database.db.outboundMessage.findMany({ where: { purpose: "bulletin", state: "sent" } });
    expect(recorded).toHaveLength(3);
    expect(recorded.every((row) => row.periodKey === "2023-12" && row.version === 1)).toBe(true);

    // a second click (a replayed callback) and the command again post nothing
    await pushCardAction(h.platform, ADMIN, previewMessage.messageId, value);
    await h.platform.sendText(ADMIN, "p2p", "发布");
    await h.platform.idle();
    await h.runJobs();
    expect(lastText(h, ADMIN)).toContain("此前已发布");
    expect(inChat(h, LEADERS_GROUP)).toHaveLength(1 + 3);
  });

  it("refuses a card of the locked period and changes nothing", async () => {
    const card = p2p(h, contactOf("山丹县"), "interactive")[0]!;
    const before = await h.database.db.submission.count();
    const result = await h.platform.submitForm(contactOf("山丹县"), card.messageId, formValues(h, card.messageId, "山丹县"));
    expect(JSON.stringify(result)).toContain("已锁定");
    expect(await h.database.db.submission.count()).toBe(before);
  });

  it("sends a correction as 更正 listing what changed, and leaves the first post as it was", async () => {
    const firstPost = inChat(h, LEADERS_GROUP, "interactive")[0]!;
    const firstContent = firstPost.content;
    await h.platform.sendText(ADMIN, "p2p", "解锁 2023-12");
    await h.platform.idle();
    expect(lastText(h, ADMIN)).toContain("已解锁");

    // 甘州区 corrects its subsidy households on its receipt: 修改数据, then submit
    const receipt = p2p(h, contactOf("甘州区"), "interactive")[0]!.messageId;
    const edit = buttonValues(h.platform.card(receipt)).find((value) => value.action === ACTIONS.editFigures)!;
    await h.platform.clickButton(contactOf("甘州区"), receipt, edit);
    const corrected = await h.platform.submitForm(contactOf("甘州区"), receipt, formValues(h, receipt, "甘州区", { zlbt_hu: "1100" }));
    expect(corrected.ok).toBe(true);
    expect(cardText(h, receipt)).toContain("数据已提交");

    await h.platform.sendText(ADMIN, "p2p", "通报");
    await h.platform.idle();
    await h.runJobs();
    // the preview says it is a correction, and of what
    expect(cardText(h, p2p(h, ADMIN, "interactive").at(-1)!.messageId)).toContain("更正第1版");
    await h.platform.sendText(ADMIN, "p2p", "发布");
    await h.platform.idle();
    expect(lastText(h, ADMIN)).toContain("第2版（更正）");
    await h.runJobs();

    const posts = inChat(h, LEADERS_GROUP, "interactive");
    expect(posts).toHaveLength(2);
    const correction = h.platform.card(posts[1]!.messageId) as { header: { title: { content: string } } };
    expect(checkCard(correction)).toEqual({ ok: true, version: "2.0" });
    expect(correction.header.title.content).toContain("更正");
    const text = JSON.stringify(correction);
    expect(text).toContain("甘州区住房租赁补贴发放由1078户更正为1100户");
    expect(text).toContain("完成率由98%更正为100%");
    expect(text).toContain("更正第1版");
    expect(inChat(h, LEADERS_GROUP, "file")).toHaveLength(4);
    // 通报 again with nothing changed: no new version, and the admin is told so
    const versions = await h.database.db.bulletin.count();
    await h.platform.sendText(ADMIN, "p2p", "通报");
    await h.platform.idle();
    await h.runJobs();
    expect(lastText(h, ADMIN)).toBe("2023年12月数据与已发布的第2版通报一致，无需更正。");
    expect(await h.database.db.bulletin.count()).toBe(versions);
    // the first post was never edited
    expect(h.platform.message(firstPost.messageId)!.content).toBe(firstContent);
    expect(h.platform.message(firstPost.messageId)!.versions).toHaveLength(1);

    // a correction keeps the number of the document it corrects
    const numbers = await h.database.db.bulletin.findMany({ orderBy: { version: "asc" }, select: { docNumber: true } });
    expect(numbers.map((row) => row.docNumber)).toEqual(["张旧改办〔2024〕1号", "张旧改办〔2024〕1号"]);
    const row = await h.database.db.bulletin.findFirstOrThrow({ where: { version: 2 } });
    expect(row.state).toBe("published");
    expect(row.changes).toMatchObject({ againstVersion: 1, figures: expect.arrayContaining([expect.objectContaining({ unit: "甘州区", subject: "zlbt_hu", actual: { before: 1078, after: 1100 } })]) });
  });
});
