import { describe, expect, it } from "vitest";
import { CardErrCode, checkCard } from "../../src/sandbox/index.ts";
import { countElements } from "../../src/sandbox/card-schema.ts";
import { buildFormCard, buildReceiptCard } from "../../src/features/collect/form-card.ts";
import type { FormField } from "../../src/features/collect/form-model.ts";
import { buildStatusCard, type StatusInput } from "../../src/features/chase/status-card.ts";
import { buildDubanCard } from "../../src/features/chase/lagging.ts";
import { bulletinCard, previewCard } from "../../src/features/bulletin/bulletin-cards.ts";
import { diffBulletins, type BulletinChanges } from "../../src/domain/bulletin/changes.ts";
import { renderSummaryCard } from "../../src/render/card/summary-card.ts";
import { findPart, narrativeFormCard, narrativeSavedCard } from "../../src/features/bulletin/narrative-form.ts";
import { EMPTY_NARRATIVE } from "../../src/domain/bulletin/narrative.ts";
import { cardTemplate } from "../../src/render/card/templates.ts";
import { syntheticBulletin, syntheticUnits } from "../render/support/synthetic.ts";
import { figuresCard } from "./fixtures.ts";

// Card JSON 2.0 refuses properties it does not support («传入不支持的属性将报错», 卡片 JSON 2.0 版本更新说明),
// so the stand-in must too: every card the bot sends is built from its real templates and builders,
// passes as built, and is refused with 230099 once a misspelt property is planted in it.

type Node = Record<string, unknown>;
type Card = Node;

/** Every component of a card, depth first: body elements, what forms and panels hold, columns' elements. */
function components(card: Card): Node[] {
  const out: Node[] = [];
  const walk = (elements: unknown) => {
    for (const element of (elements as Node[] | undefined) ?? []) {
      out.push(element);
      walk(element["elements"]);
      for (const column of (element["columns"] as Node[] | undefined) ?? []) if (column["tag"] === "column") walk(column["elements"]);
    }
  };
  walk((card["body"] as Node)["elements"]);
  return out;
}

function find(card: Card, tag: string, which: (element: Node) => boolean = () => true): Node {
  const found = components(card).find((element) => element["tag"] === tag && which(element));
  if (!found) throw new Error(`no ${tag} in the card`);
  return found;
}

interface Plant {
  /** what is misspelt, for the test's name */
  readonly where: string;
  /** the object that gets the misspelt property, in a copy of the card */
  readonly target: (card: Card) => Node;
  readonly key: string;
}

function expectRefusesEach(build: () => Card, plants: readonly Plant[]) {
  const card = build();
  expect(checkCard(card)).toEqual({ ok: true, version: "2.0" });
  for (const plant of plants) {
    const copy = structuredClone(card);
    const target = plant.target(copy);
    // the misspelling is a real typo of a property the object may carry, given the value it would have
    target[plant.key] = "x";
    const result = checkCard(copy);
    expect(result, `${plant.where}: ${plant.key}`).toMatchObject({
      ok: false,
      code: 230099,
      errCode: CardErrCode.structureInvalid,
      message: expect.stringContaining(`unknown property ${plant.key}`),
    });
    // and the same card as the JSON string the SDK sends
    expect(checkCard(JSON.stringify(copy))).toMatchObject({ ok: false, code: 230099 });
  }
}

const config = (card: Card) => card["config"] as Node;
const header = (card: Card) => card["header"] as Node;
const headerTag = (card: Card) => (header(card)["text_tag_list"] as Node[])[0]!;
const behavior = (button: Node) => (button["behaviors"] as Node[])[0]!;
const footer = (card: Card) => components(card).filter((element) => element["tag"] === "markdown").at(-1)!;
/** the same misspellings of the card-wide parts, for every card */
const cardWide: Plant[] = [
  { where: "config", target: config, key: "update_multii" },
  { where: "config.summary", target: (card) => config(card)["summary"] as Node, key: "contnet" },
  { where: "header", target: header, key: "subtittle" },
  { where: "header.title", target: (card) => header(card)["title"] as Node, key: "contents" },
  { where: "body", target: (card) => card["body"] as Node, key: "element" },
];

const fields: FormField[] = [
  {
    key: "pg_kaigong",
    name: "开工",
    measure: "套",
    decimals: 0,
    label: "棚户区改造开工（套）",
    target: 120,
    previous: { month: 8, value: 80 },
    current: 96,
    standing: { rate: "80%", expected: "75%", isBehind: false, rank: 2, of: 6 },
  },
  {
    key: "pg_touzi",
    name: "完成投资",
    measure: "万元",
    decimals: 2,
    label: "棚户区改造完成投资（万元）",
    target: 5000,
    previous: null,
    current: null,
    standing: null,
  },
];

describe("the stand-in refuses a misspelt property in every card the bot sends", () => {
  it("the unit's form card (cards/figures/form.json, field.json, note.json)", () => {
    const form = () =>
      buildFormCard({
        periodKey: "2024-09",
        periodLabel: "2024年9月",
        unitId: "u1",
        unitName: "甘州区",
        fields,
        deadlineText: "截止时间：10月8日 18:00",
        revision: null,
        doubts: { pg_kaigong: "累计数小于上月" },
      });
    const input = (card: Card) => find(card, "input");
    const submit = (card: Card) => find(card, "button");
    expectRefusesEach(form, [
      ...cardWide,
      { where: "header text tag", target: headerTag, key: "colour" },
      { where: "intro markdown", target: (card) => find(card, "markdown"), key: "text_sizee" },
      { where: "form", target: (card) => find(card, "form"), key: "nmae" },
      { where: "input", target: input, key: "widht" },
      { where: "input", target: input, key: "label_postion" },
      { where: "input label", target: (card) => input(card)["label"] as Node, key: "contnet" },
      { where: "input placeholder", target: (card) => input(card)["placeholder"] as Node, key: "text_colour" },
      { where: "上报说明 input", target: (card) => find(card, "input", (element) => String(element["name"]).startsWith("explain__")), key: "max_lenght" },
      { where: "field note", target: (card) => find(card, "markdown", (element) => element["text_size"] === "notation"), key: "text_algin" },
      { where: "submit button", target: submit, key: "behaviours" },
      { where: "submit button", target: submit, key: "form_action" },
      { where: "submit button text", target: (card) => submit(card)["text"] as Node, key: "contents" },
      { where: "submit behavior", target: (card) => behavior(submit(card)), key: "valeu" },
    ]);
  });

  it("the receipt card (cards/figures/receipt.json)", () => {
    const receipt = () =>
      buildReceiptCard({
        periodKey: "2024-09",
        periodLabel: "2024年9月",
        unitId: "u1",
        unitName: "甘州区",
        fields,
        revision: 2,
        submittedAtText: "10月7日 16:30",
        timing: "late",
        explanations: { pg_kaigong: "核减了重复统计的户数" },
        remarks: "项目进展顺利",
      });
    const table = (card: Card) => find(card, "table");
    const edit = (card: Card) => find(card, "button");
    expectRefusesEach(receipt, [
      ...cardWide,
      { where: "table", target: table, key: "page_sise" },
      { where: "table header_style", target: (card) => table(card)["header_style"] as Node, key: "bolt" },
      { where: "table column", target: (card) => (table(card)["columns"] as Node[])[0]!, key: "widht" },
      { where: "table column", target: (card) => (table(card)["columns"] as Node[])[1]!, key: "horizontal_aling" },
      { where: "修改数据 button", target: edit, key: "behaviours" },
      { where: "修改数据 button", target: edit, key: "tpye" },
      { where: "footer markdown", target: footer, key: "text_sizee" },
    ]);
  });

  it("the 进度 card (cards/status/*.json)", () => {
    const units = syntheticUnits(12);
    const input: StatusInput = {
      periodLabel: "2024年9月",
      periodKey: "2024-09",
      state: "open",
      deadlineText: "10月8日 18:00",
      isPastDeadline: true,
      unitCount: units.length,
      submitted: units.slice(0, 9).map((unit, i) => ({ unit, revision: 1 + (i % 2), timeText: "10月7日 16:30", timing: i === 0 ? "late" : "on-time" })),
      notSubmitted: units.slice(9),
      lagging: [{ unit: units[1]!, items: ["棚户区改造开工低于时序进度"] }],
      suspect: [{ unit: units[2]!, items: ["住房租赁补贴发放累计数小于上月（待核实）"] }],
      explanations: [`${units[1]}（10月8日 10:20）：受连续降雨影响，预计10月底前完成。`],
      asOfText: "10月9日 09:00",
    };
    const table = (card: Card) => find(card, "table");
    expectRefusesEach(() => buildStatusCard(input), [
      ...cardWide,
      { where: "header text tag", target: headerTag, key: "colour" },
      { where: "header text tag text", target: (card) => headerTag(card)["text"] as Node, key: "contnet" },
      { where: "section markdown", target: (card) => find(card, "markdown"), key: "text_sizee" },
      { where: "submitted table", target: table, key: "row_heigth" },
      { where: "submitted table column", target: (card) => (table(card)["columns"] as Node[])[3]!, key: "data_tpye" },
      { where: "hr", target: (card) => find(card, "hr"), key: "margn" },
      { where: "footer markdown", target: footer, key: "text_sizee" },
    ]);
  });

  it("the leadership's 通报 card (cards/bulletin-summary*)", () => {
    const { bulletin } = syntheticBulletin(12);
    const table = (card: Card) => find(card, "table");
    const plants: Plant[] = [
      ...cardWide,
      { where: "config", target: config, key: "enable_forwards" },
      { where: "ranking table", target: table, key: "freeze_first_colum" },
      { where: "ranking table header_style", target: (card) => table(card)["header_style"] as Node, key: "line" },
      { where: "ranking table column", target: (card) => (table(card)["columns"] as Node[])[2]!, key: "formatt" },
      { where: "ranking table number format", target: (card) => (table(card)["columns"] as Node[])[2]!["format"] as Node, key: "seperator" },
      { where: "section title markdown", target: (card) => find(card, "markdown", (element) => element["text_size"] === "heading-4"), key: "text_sizee" },
      { where: "note markdown", target: (card) => find(card, "markdown", (element) => element["element_id"] === "note"), key: "elemet_id" },
    ];
    const card = renderSummaryCard(bulletin) as unknown as Card;
    if (components(card).some((element) => element["tag"] === "chart")) {
      plants.push({ where: "chart", target: (c) => find(c, "chart"), key: "heigth" });
    }
    expectRefusesEach(() => renderSummaryCard(bulletin) as unknown as Card, plants);
  });

  it("the admin's preview with the 发布 button, the published preview, and a correction (cards/bulletin-preview/*.json)", () => {
    const { bulletin } = syntheticBulletin(12);
    const publish = (card: Card) => find(card, "button");
    expectRefusesEach(() => previewCard({ bulletin, version: 1, changes: null }, { publishedText: null, bulletinId: "b1" }), [
      ...cardWide,
      { where: "preview note", target: (card) => find(card, "markdown", (element) => element["element_id"] === "preview_note"), key: "text_sizee" },
      { where: "发布 button", target: publish, key: "behaviours" },
      { where: "发布 button confirm", target: (card) => publish(card)["confirm"] as Node, key: "titel" },
      { where: "发布 button confirm text", target: (card) => (publish(card)["confirm"] as Node)["text"] as Node, key: "contnet" },
      { where: "hr", target: (card) => find(card, "hr"), key: "margn" },
    ]);
    expectRefusesEach(() => previewCard({ bulletin, version: 1, changes: null }, { publishedText: "已于10月9日发布", bulletinId: "b1" }), [
      { where: "published note", target: (card) => find(card, "markdown", (element) => element["element_id"] === "published_note"), key: "text_sizee" },
    ]);
    const after = { ...bulletin, indicators: bulletin.indicators.map((indicator) => ({ ...indicator, units: indicator.units.map((row) => ({ ...row, actual: (row.actual ?? 0) + 1 })) })) };
    const changes: BulletinChanges = { againstVersion: 1, figures: diffBulletins(bulletin, after), problemsChanged: false };
    expectRefusesEach(() => bulletinCard({ bulletin: after, version: 2, changes }) as unknown as Card, [
      { where: "correction markdown", target: (card) => find(card, "markdown", (element) => element["element_id"] === "correction"), key: "text_sizee" },
      { where: "更正 header tag", target: headerTag, key: "colour" },
    ]);
  });

  it("the office's text edited from the preview: its edit buttons, the form, the saved card, the preview while publishing (cards/bulletin-preview/edit-*.json)", () => {
    const { bulletin } = syntheticBulletin(12);
    const editButton = (card: Card) => find(card, "button", (element) => JSON.stringify(element).includes("bulletin.edit-text"));
    expectRefusesEach(() => previewCard({ bulletin, version: 1, changes: null }, { publishedText: null, bulletinId: "b1" }), [
      { where: "编辑 button", target: editButton, key: "behaviours" },
      { where: "编辑 button text", target: (card) => editButton(card)["text"] as Node, key: "contnet" },
    ]);
    const next = findPart({ ...EMPTY_NARRATIVE, nextSteps: { ...EMPTY_NARRATIVE.nextSteps, items: ["加快推进项目建设"] } }, bulletin.groups.map((group) => group.name), "next")!;
    const form = () => narrativeFormCard(next, { bulletinId: "b1", periodLabel: "2023年12月", revision: 3, problem: "第2项超过500字" }) as Card;
    expectRefusesEach(form, [
      ...cardWide,
      { where: "edit form", target: (card) => find(card, "form"), key: "directon" },
      { where: "edit field", target: (card) => find(card, "input"), key: "placholder" },
      { where: "save button", target: (card) => find(card, "button", (element) => element["form_action_type"] === "submit"), key: "form_action_typ" },
    ]);
    expectRefusesEach(() => narrativeSavedCard("下一步工作重点", "一要加快推进项目建设。") as Card, [{ where: "saved card", target: (card) => find(card, "markdown"), key: "text_sizee" }]);
    expectRefusesEach(() => previewCard({ bulletin, version: 1, changes: null }, { publishedText: null, bulletinId: "b1", publishingText: "正在发布第1版到领导群，完成后本卡片会更新。" }), [
      { where: "publishing note", target: (card) => find(card, "markdown", (element) => element["element_id"] === "published_note"), key: "text_sizee" },
    ]);
  });

  it("the 督办 card and the card it turns into once answered (cards/chase/*.json)", () => {
    const duban = () =>
      buildDubanCard({
        periodKey: "2024-09",
        periodLabel: "2024年9月",
        unitId: "u1",
        unitName: "甘州区",
        findings: [{ id: "f1", text: "棚户区改造开工低于时序进度", streak: 2 }],
        answerBy: "2024-10-15",
      });
    const input = (card: Card) => find(card, "input");
    const submit = (card: Card) => find(card, "button");
    expectRefusesEach(duban, [
      ...cardWide,
      { where: "problems markdown", target: (card) => find(card, "markdown"), key: "text_sizee" },
      { where: "form", target: (card) => find(card, "form"), key: "directon" },
      { where: "情况说明 input", target: input, key: "widht" },
      { where: "情况说明 input", target: input, key: "requried" },
      { where: "提交 button", target: submit, key: "behaviours" },
      { where: "提交 button", target: submit, key: "widht" },
      { where: "footer markdown", target: footer, key: "text_sizee" },
    ]);
    const answered = cardTemplate<{ summary: string; title: string; subtitle: string; problems: string; answer: string; footer: string }>("chase/duban-answered.json");
    expectRefusesEach(
      () =>
        answered({ summary: "甘州区2024年9月情况说明已反馈", title: "2024年9月保障性安居工程进度督办", subtitle: "甘州区", problems: "1. 开工滞后", answer: "**情况说明**：已开工", footer: "情况说明已转管理员。" }) as Card,
      [...cardWide, { where: "answer markdown", target: (card) => find(card, "markdown"), key: "text_sizee" }],
    );
  });

  it("a column, a collapsible panel and a select: the components the bot does not use yet", () => {
    const withMore = () => {
      const card = structuredClone(figuresCard()) as unknown as Card;
      ((card["body"] as Node)["elements"] as unknown[]).push(
        { tag: "column_set", flex_mode: "bisect", columns: [{ tag: "column", width: "weighted", weight: 1, elements: [{ tag: "markdown", content: "左栏" }] }] },
        { tag: "collapsible_panel", expanded: false, header: { title: { tag: "markdown", content: "明细" } }, elements: [{ tag: "div", text: { tag: "plain_text", content: "x" } }] },
        { tag: "select_static", options: [{ text: { tag: "plain_text", content: "甲" }, value: "a" }] },
      );
      return card;
    };
    expectRefusesEach(withMore, [
      { where: "column_set", target: (card) => find(card, "column_set"), key: "flex_mod" },
      { where: "column", target: (card) => (find(card, "column_set")["columns"] as Node[])[0]!, key: "widht" },
      { where: "collapsible_panel header", target: (card) => find(card, "collapsible_panel")["header"] as Node, key: "icon_postion" },
      { where: "div text", target: (card) => find(card, "div")["text"] as Node, key: "text_colour" },
      { where: "select option", target: (card) => (find(card, "select_static")["options"] as Node[])[0]!, key: "vaule" },
      { where: "input outside the templates", target: (card) => find(card, "input"), key: "placeholer" },
    ]);
  });
});

describe("the 200-element limit counts components and elements (卡片 JSON 2.0 结构, §2.5)", () => {
  const textBlocks = (count: number) => ({
    schema: "2.0",
    body: { elements: Array.from({ length: count }, (_, i) => ({ tag: "div", text: { tag: "plain_text", content: `第${i + 1}行` } })) },
  });

  it("counts a plain_text element as one, next to its component", () => {
    expect(countElements(textBlocks(100))).toBe(200);
    // 100 components and their 100 plain_text elements: at the limit
    expect(checkCard(textBlocks(100))).toEqual({ ok: true, version: "2.0" });
    // 101 components alone would pass; with their texts they are 202
    expect(checkCard(textBlocks(101))).toMatchObject({
      ok: false,
      code: 230099,
      errCode: CardErrCode.structureInvalid,
      message: expect.stringContaining("element exceeds the limit: card has 202 components and elements, more than 200"),
    });
  });

  it("counts labels, placeholders, button texts, header texts and columns, but not table rows or chart data", () => {
    const card = figuresCard();
    // header title (1); markdown (1); form (1); 2 inputs with a label each (4); the submit button and
    // its text (2); the 稍后提醒 button and its text (2)
    expect(countElements(card)).toBe(11);
    const rows = Array.from({ length: 300 }, (_, i) => ({ n: i, tag: "not an element" }));
    const withData = structuredClone(card) as unknown as { body: { elements: unknown[] } };
    withData.body.elements.push(
      { tag: "table", columns: [{ name: "n", data_type: "number" }], rows: rows.map(({ n }) => ({ n })) },
      { tag: "chart", chart_spec: { type: "bar", data: { values: rows } } },
      { tag: "column_set", columns: [{ tag: "column", elements: [{ tag: "markdown", content: "x" }] }] },
    );
    expect(countElements(withData)).toBe(11 + 1 + 1 + 3);
    expect(checkCard(withData)).toEqual({ ok: true, version: "2.0" });
  });
});
