import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { EMPTY_NARRATIVE, changedParts, itemPrefix, narrativeSchema, numberedItems, topicClause, type Narrative } from "../../../src/domain/bulletin/narrative.ts";
import { applyPart, editableParts, findPart } from "../../../src/features/bulletin/narrative-form.ts";

const GROUPS = ["城镇老旧小区改造", "住房租赁补贴"];

describe("the office's narrative", () => {
  it("numbers items in the office's style", () => {
    expect([1, 2, 10, 11].map((n) => itemPrefix("一要", n))).toEqual(["一要", "二要", "十要", "十一要"]);
    expect(itemPrefix("一是", 3)).toBe("三是");
    expect(itemPrefix("1、", 12)).toBe("12、");
  });

  it("numbers the first paragraph of an item only, and never an item the office numbered itself", () => {
    const list = { title: "下一步工作重点", numbering: "一要" as const, items: ["科学推进项目建设。", "加大资金筹措力度。\n目前，已争取到位资金3954万。", "三要完善住房保障体系。"] };
    expect(numberedItems(list)).toEqual(["一要科学推进项目建设。", "二要加大资金筹措力度。\n目前，已争取到位资金3954万。", "三要完善住房保障体系。"]);
  });

  it("no printed item starts with its number twice, whatever the office typed", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("一要", "二是", "3、", "（四）", "", "加快"), { minLength: 1, maxLength: 6 }), fc.constantFrom("一要" as const, "一是" as const, "1、" as const), (starts, numbering) => {
        const items = starts.map((start) => `${start}推进工作。`);
        for (const printed of numberedItems({ title: "t", numbering, items })) expect(printed).not.toMatch(/^(?:[一二三四五六七八九十]+[要是]|\d+、|（[一二三四五六七八九十]+）){2}/);
      }),
      { numRuns: 200 },
    );
  });

  it("shortens an item to its topic clause for the card", () => {
    expect(topicClause("科学推进保障性安居工程项目建设。督促县区政府强化组织领导。")).toBe("科学推进保障性安居工程项目建设");
    expect([...topicClause("很".repeat(60))]).toHaveLength(40);
    expect(topicClause("很".repeat(60)).endsWith("…")).toBe(true);
  });

  it("keeps one paragraph per line, drops blank lines and refuses what a card input cannot hold", () => {
    const parsed = narrativeSchema.parse({ nextSteps: { items: ["  第一段。\n\n  第二段。  \n"] } });
    expect(parsed.nextSteps.items).toEqual(["第一段。\n第二段。"]);
    expect(narrativeSchema.safeParse({ nextSteps: { items: ["很".repeat(1001)] } }).error?.issues[0]?.message).toContain("超过 1000 个字");
    expect(narrativeSchema.safeParse({ nextSteps: { numbering: "第一" } }).error?.issues[0]?.message).toContain("numbering 只能是");
    expect(narrativeSchema.safeParse({ groupNotes: { 住房租赁补贴: "一句。\n又一句。" } }).success).toBe(false);
  });

  it("names the parts that changed", () => {
    const before: Narrative = { ...EMPTY_NARRATIVE, groupNotes: { 住房租赁补贴: "六县区均实现了线上发放补贴。" }, sections: [{ title: "审计问题整改", items: ["甲"] }] };
    expect(changedParts(before, before)).toEqual([]);
    const after: Narrative = { ...before, nextSteps: { ...before.nextSteps, items: ["加强督查。"] }, groupNotes: {}, sections: [{ title: "审计问题整改", items: ["乙"] }] };
    expect(changedParts(before, after)).toEqual(["“下一步工作重点”", "“住房租赁补贴”部分的结尾", "“审计问题整改”"]);
  });
});

describe("editing a part from a form", () => {
  const narrative = narrativeSchema.parse({ nextSteps: { items: ["甲。", "乙。"] }, groupNotes: { 住房租赁补贴: "丙。" }, sections: [{ title: "审计问题整改", items: ["丁。"] }] });

  it("offers the items and blank inputs, and reads back what the form holds in order, dropping emptied inputs", () => {
    const part = findPart(narrative, GROUPS, "next")!;
    expect(part.fields.map((field) => [field.name, field.value])).toEqual([["item_0", "甲。"], ["item_1", "乙。"], ["item_2", ""], ["item_3", ""]]);
    const applied = applyPart(narrative, GROUPS, part, { item_0: "", item_1: "乙。\r\n\r\n乙的第二段。", item_2: "戊。", item_3: "  " });
    expect(applied).toEqual({ ok: true, narrative: { ...narrative, nextSteps: { ...narrative.nextSteps, items: ["乙。\n乙的第二段。", "戊。"] } } });
  });

  it("keeps each group's closing sentence on one line, and an emptied one is gone", () => {
    const part = findPart(narrative, GROUPS, "notes")!;
    expect(part.fields.map((field) => field.label)).toEqual(GROUPS);
    const applied = applyPart(narrative, GROUPS, part, { note_0: "高台县、山丹县\n已全面完工。", note_1: "" });
    expect(applied.ok && applied.narrative.groupNotes).toEqual({ 城镇老旧小区改造: "高台县、山丹县已全面完工。" });
  });

  it("refuses what a forged form sends past the inputs' limits, naming the part and the item", () => {
    const part = findPart(narrative, GROUPS, "section:0")!;
    const applied = applyPart(narrative, GROUPS, part, { item_0: "很".repeat(1001) });
    expect(applied).toEqual({ ok: false, message: "“审计问题整改”第1项超过 1000 个字（飞书卡片输入框最多 1000 个字），请分成几项" });
  });

  it("has one part per section of the office's, and none for a section that is not there", () => {
    expect(editableParts(narrative, GROUPS).map((part) => part.id)).toEqual(["next", "notes", "section:0"]);
    expect(findPart(narrative, GROUPS, "section:1")).toBeUndefined();
  });
});
