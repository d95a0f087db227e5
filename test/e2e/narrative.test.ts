// The office's own text edited from the preview card, through the stand-in and the real SDK: 编辑 turns
// the preview into a form filled with the text as it stands; 保存 stores it and a new preview comes with
// it in the Word file; the leaders' file carries it once published; a change after publishing is a
// 更正 that says so; a form filled before someone else saved is refused with what was typed kept;
// next month's form starts from the text saved this month.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import JSZip from "jszip";
import { ADMIN, LEADERS_GROUP, contactOf, openPeriod, startHarness, type Harness } from "../support/bot-harness.ts";
import { ACTIONS } from "../../src/bot/actions.ts";
import { loadNarrative, saveNarrative } from "../../src/store/narrative-repo.ts";
import type { RecordedMessage } from "../../src/sandbox/message-ledger.ts";
import { answerToCardAction } from "../support/forge.ts";
import { ZHANGYE_FIGURES, buttonValues, fileOf, formValues, inChat, p2p } from "./support/month.ts";

/** The inputs of a card's form with the text they hold, as the client submits them untouched. */
function formDefaults(card: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const record = node as Record<string, unknown>;
      if (record.tag === "input" && typeof record.name === "string") values[record.name] = typeof record.default_value === "string" ? record.default_value : "";
      Object.values(record).forEach(walk);
    }
  };
  walk(card);
  return values;
}

async function docxText(h: Harness, message: RecordedMessage): Promise<string> {
  const zip = await JSZip.loadAsync(fileOf(h, message).bytes);
  const xml = await zip.file("word/document.xml")!.async("string");
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((match) => match[1]).join("");
}

describe("the office's text, edited from the preview", () => {
  let h: Harness;
  // A preview stays one while it shows the form or the saved note in its place.
  const previews = () => p2p(h, ADMIN, "interactive").filter((message) => /"bulletin\.[a-z-]+"|已保存“/.test(JSON.stringify(h.platform.card(message.messageId))));
  const latestPreview = () => previews().at(-1)!;
  const editValue = (messageId: string, part: string) => buttonValues(h.platform.card(messageId)).find((value) => value.action === ACTIONS.editNarrative && value.part === part)!;
  const newestDocx = () => p2p(h, ADMIN, "file").filter((message) => fileOf(h, message).name.endsWith(".docx")).at(-1)!;

  beforeAll(async () => {
    h = await startHarness({ mode: "long_connection", now: "2024-01-02T01:00:00Z" });
    h.platform.limits.perReceiverPerSecond = 1000;
    await h.platform.sendText(ADMIN, LEADERS_GROUP, "@保障房月报机器人 设为领导群");
    await openPeriod(h, "2023-12");
    for (const unit of Object.keys(ZHANGYE_FIGURES)) {
      const card = p2p(h, contactOf(unit), "interactive").at(-1)!;
      expect((await h.platform.submitForm(contactOf(unit), card.messageId, formValues(h, card.messageId, unit))).ok, unit).toBe(true);
    }
    await h.platform.sendText(ADMIN, "p2p", "通报");
    await h.platform.idle();
    await h.runJobs();
  });
  afterAll(() => h.close());

  it("offers a button per part of the text on the preview, and 编辑 fills a form with the text as it stands", async () => {
    const preview = latestPreview();
    const parts = buttonValues(h.platform.card(preview.messageId)).filter((value) => value.action === ACTIONS.editNarrative).map((value) => value.part);
    expect(parts).toEqual(["next", "notes", "section:0", "section:1"]);
    const clicked = await h.platform.clickButton(ADMIN, preview.messageId, editValue(preview.messageId, "next"));
    expect(clicked.ok).toBe(true);
    const form = formDefaults(h.platform.card(preview.messageId));
    // the file's four items, and two blank inputs for new ones
    expect(Object.keys(form)).toEqual(["item_0", "item_1", "item_2", "item_3", "item_4", "item_5"]);
    expect(form.item_0).toMatch(/^科学推进保障性安居工程项目建设。/);
    expect(form.item_1).toContain("\n目前，已争取到位2024年");
    expect(form.item_4).toBe("");
  });

  it("saves the edit, and the new preview's Word file prints the items renumbered", async () => {
    const preview = latestPreview();
    const typed = { ...formDefaults(h.platform.card(preview.messageId)), item_3: "", item_4: "加强督查调度。对进度滞后的县区，市住房保障办将约谈其分管负责同志。" };
    const saved = await h.platform.submitForm(ADMIN, preview.messageId, typed);
    expect(saved.ok).toBe(true);
    expect(JSON.stringify(h.platform.card(preview.messageId))).toContain("已保存“下一步工作重点”");
    const stored = await loadNarrative(h.database.db, (await h.database.db.workspace.findFirstOrThrow()).id);
    expect(stored.narrative.nextSteps.items).toHaveLength(4);
    expect(stored.updatedBy).not.toBe("file");

    await h.runJobs();
    const next = latestPreview();
    expect(next.messageId).not.toBe(preview.messageId);
    expect(JSON.stringify(h.platform.card(next.messageId))).toContain("第2版");
    const text = await docxText(h, newestDocx());
    expect(text).toContain("四要加强督查调度。对进度滞后的县区，市住房保障办将约谈其分管负责同志。");
    expect(text).not.toContain("积极推进审计反馈问题整改落实");
    // the summary card carries each item's topic clause
    expect(JSON.stringify(h.platform.card(next.messageId))).toContain("四要加强督查调度");
  });

  it("refuses a form filled before someone else saved, keeps what was typed, and saves on the second click", async () => {
    const preview = latestPreview();
    await h.platform.clickButton(ADMIN, preview.messageId, editValue(preview.messageId, "notes"));
    const form = formDefaults(h.platform.card(preview.messageId));
    expect(form.note_0).toBe("高台县、山丹县续建结转5402户城镇老旧小区改造任务已全面完工。");
    // meanwhile the text changes elsewhere (the workspace file, say)
    const workspaceId = (await h.database.db.workspace.findFirstOrThrow()).id;
    const before = await loadNarrative(h.database.db, workspaceId);
    await saveNarrative(h.database.db, workspaceId, { ...before.narrative, groupNotes: { ...before.narrative.groupNotes, 棚户区改造: "高台县签订安置住房协议62份。" } }, before.revision, "file");

    const typed = { ...form, note_0: "高台县、山丹县续建结转5402户城镇老旧小区改造任务已全面完工" };
    const refused = await h.platform.submitForm(ADMIN, preview.messageId, typed);
    expect(refused.ok).toBe(true);
    const card = JSON.stringify(h.platform.card(preview.messageId));
    expect(card).toContain("这部分文字已由工作区文件于");
    expect(card).toContain("您的修改尚未保存");
    expect((await loadNarrative(h.database.db, workspaceId)).narrative.groupNotes.棚户区改造).toBe("高台县签订安置住房协议62份。");

    const again = await h.platform.submitForm(ADMIN, preview.messageId, formDefaults(h.platform.card(preview.messageId)));
    expect(again.ok).toBe(true);
    const after = await loadNarrative(h.database.db, workspaceId);
    // what the admin typed wins, knowingly: the form held every group's sentence as they saw it
    expect(after.narrative.groupNotes.棚户区改造).toBeUndefined();
    expect(after.revision).toBe(before.revision + 2);
  });

  it("publishes the text to the leaders, and a change after publishing is a 更正 that says so", async () => {
    await h.runJobs();
    const preview = latestPreview();
    const publish = buttonValues(h.platform.card(preview.messageId)).find((value) => value.action === ACTIONS.publishBulletin)!;
    expect((await h.platform.clickButton(ADMIN, preview.messageId, publish)).ok).toBe(true);
    await h.runJobs();
    const leaderDocx = inChat(h, LEADERS_GROUP, "file").find((message) => fileOf(h, message).name.endsWith(".docx"))!;
    expect(await docxText(h, leaderDocx)).toContain("四要加强督查调度。");

    const published = latestPreview();
    await h.platform.clickButton(ADMIN, published.messageId, editValue(published.messageId, "section:1"));
    const form = formDefaults(h.platform.card(published.messageId));
    await h.platform.submitForm(ADMIN, published.messageId, { ...form, item_1: `${form.item_1}目前，甘州区已约谈开发企业。` });
    await h.runJobs();
    const correction = JSON.stringify(h.platform.card(latestPreview().messageId));
    expect(correction).toContain("更正");
    expect(correction).toContain("“审计问题交办整改及信访投诉问题处理情况”文字有修改。");
  });

  it("starts next month's form from the text saved this month", async () => {
    h.clock.set("2024-02-02T01:00:00Z");
    await openPeriod(h, "2024-01");
    const unit = "临泽县";
    const card = p2p(h, contactOf(unit), "interactive").at(-1)!;
    await h.platform.submitForm(contactOf(unit), card.messageId, formValues(h, card.messageId, unit));
    await h.platform.sendText(ADMIN, "p2p", "通报");
    await h.platform.idle();
    await h.runJobs();
    const preview = latestPreview();
    expect(JSON.stringify(h.platform.card(preview.messageId))).toContain("沿用上次保存的内容");
    await h.platform.clickButton(ADMIN, preview.messageId, editValue(preview.messageId, "next"));
    expect(formDefaults(h.platform.card(preview.messageId)).item_3).toBe("加强督查调度。对进度滞后的县区，市住房保障办将约谈其分管负责同志。");
    // 返回 puts the preview back as it was
    const cancel = buttonValues(h.platform.card(preview.messageId)).find((value) => value.action === ACTIONS.cancelNarrative)!;
    await h.platform.clickButton(ADMIN, preview.messageId, cancel);
    expect(buttonValues(h.platform.card(preview.messageId)).some((value) => value.action === ACTIONS.publishBulletin)).toBe(true);
  });

  it("refuses a save whose value names another bulletin, or comes from a contact, and changes nothing", async () => {
    const preview = latestPreview();
    const workspaceId = (await h.database.db.workspace.findFirstOrThrow()).id;
    const before = await loadNarrative(h.database.db, workspaceId);
    const typed = { item_0: "改掉的内容" };
    const other = await answerToCardAction(h.platform, ADMIN, preview.messageId, { action: ACTIONS.saveNarrative, bulletin: "someone-elses", part: "next", revision: String(before.revision) }, typed);
    expect(JSON.stringify(other)).toContain("卡片信息与您的身份不符");
    const bulletinId = buttonValues(h.platform.card(preview.messageId)).find((value) => value.action === ACTIONS.publishBulletin)!.bulletin as string;
    const contact = await answerToCardAction(h.platform, contactOf("临泽县"), preview.messageId, { action: ACTIONS.saveNarrative, bulletin: bulletinId, part: "next", revision: String(before.revision) }, typed);
    expect(JSON.stringify(contact)).toContain("该指令仅限管理员使用");
    expect(await loadNarrative(h.database.db, workspaceId)).toEqual(before);
  });
});
