// The summary card: valid Card JSON 2.0 (our schema and the platform stand-in), under 30 KB for the
// Zhangye city, the 60-unit demo province and a 100-unit province, and every number the model's.
import { beforeAll, describe, expect, it } from "vitest";
import { formatQuantity } from "../../src/domain/amount.ts";
import type { Bulletin } from "../../src/domain/bulletin/types.ts";
import { CARD_SIZE_LIMIT_BYTES, cardSizeBytes, summaryCardSchema, type SummaryCard, type TableElement } from "../../src/render/card/card-schema.ts";
import { renderSummaryCard } from "../../src/render/card/summary-card.ts";
import { fillTemplate } from "../../src/render/card/templates.ts";
import { checkCard } from "../../src/sandbox/card-check.ts";
import { demoBulletin, zhangyeBulletin } from "./support/fixture-bulletin.ts";
import { syntheticBulletin } from "./support/synthetic.ts";

const markdowns = (card: SummaryCard) => card.body.elements.flatMap((element) => (element.tag === "markdown" ? [element.content] : []));
const rankingOf = (card: SummaryCard) => card.body.elements.find((element): element is TableElement => element.tag === "table")!;
const chartOf = (card: SummaryCard) => card.body.elements.find((element) => element.tag === "chart") as { chart_spec: { data: { values: { unit: string; rate: number }[] } } } | undefined;

function expectAcceptedAndSmall(card: SummaryCard) {
  expect(summaryCardSchema.safeParse(card).success).toBe(true);
  expect(checkCard(card)).toEqual({ ok: true, version: "2.0" });
  expect(checkCard(JSON.stringify(card))).toEqual({ ok: true, version: "2.0" });
  expect(cardSizeBytes(card)).toBeLessThanOrEqual(CARD_SIZE_LIMIT_BYTES);
}

/** The ranking table's rows must be the main indicator's ranked units, figures as the model holds them. */
const spreadOf = (indicator: Bulletin["indicators"][number]) => {
  const rates = indicator.units.flatMap((row) => (row.rate.value === null ? [] : [row.rate.value]));
  return rates.length === 0 ? -1 : Math.max(...rates) - Math.min(...rates);
};

/** The first indicator with the widest spread of unit rates. */
function widestSpread(bulletin: Bulletin): Bulletin["indicators"][number] {
  const widest = Math.max(...bulletin.indicators.map(spreadOf));
  return bulletin.indicators.find((indicator) => spreadOf(indicator) === widest)!;
}

function expectRankingFromModel(card: SummaryCard, bulletin: Bulletin, indicatorKey: string) {
  const indicator = bulletin.indicators.find((result) => result.key === indicatorKey)!;
  const byUnit = new Map(indicator.units.map((row) => [row.unit, row]));
  const rows = rankingOf(card).rows;
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    const model = byUnit.get(row["unit"] as string)!;
    expect(row["rank"]).toBe(model.rank);
    expect(row["target"]).toBe(model.target);
    expect(row["actual"]).toBe(model.actual);
    expect((row["rate"] as { text: string }[])[0]!.text).toBe(model.rate.text);
  }
  const ranks = rows.map((row) => row["rank"] as number);
  expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
}

describe("summary card (Zhangye 2023-12)", () => {
  let bulletin: Bulletin;
  let card: SummaryCard;
  beforeAll(async () => {
    ({ bulletin } = await zhangyeBulletin());
    card = renderSummaryCard(bulletin);
  });

  it("is valid Card JSON 2.0, accepted by the platform stand-in, well under 30 KB", () => {
    expectAcceptedAndSmall(card);
    expect(card.schema).toBe("2.0");
    expect(card.config.update_multi).toBe(true);
    expect(cardSizeBytes(card)).toBeLessThan(10 * 1024);
  });

  it("shows the period in the header, coloured by the worst headline rate, its tags counting what the problems list (bug: tags disagreed)", () => {
    expect(card.header.title.content).toBe("保障性安居工程进展情况通报");
    expect(card.header.subtitle?.content).toBe("2023年1--12月全市　张旧改办〔2024〕1号");
    expect(card.config.summary?.content).toBe(bulletin.header.title);
    // In December the annual target is the yardstick: 完成投资率 33.4% is far from it, 98.4% close.
    expect(card.header.template).toBe("red");
    expect(bulletin.problems.length).toBeGreaterThan(0);
    expect(card.header.text_tag_list?.map((tag) => [tag.text.content, tag.color])).toEqual([
      ["1项未完成年度任务", "red"],
      ["1项接近完成年度任务", "orange"],
      [`存在问题${bulletin.problems.length}条`, "red"],
    ]);
  });

  it("prints every group's headline figures as the model holds them, rates coloured against the schedule", () => {
    const text = markdowns(card).join("\n");
    // December: the colours measure against the annual target, and say so (bug: still 时序进度)
    expect(text).toContain("截止12月底，对照年度任务：");
    expect(text).not.toContain("时序进度");
    expect(chartOf(card)!.chart_spec.data.values.every((value) => !String((value as { status?: string }).status).includes("时序进度"))).toBe(true);
    for (const group of bulletin.groups) expect(text).toContain(`**${group.name}**`);
    for (const indicator of bulletin.indicators) {
      const { target, actual, rate } = indicator.total;
      if (target === null) {
        if (actual !== null) expect(text).toContain(`${indicator.name} ${formatQuantity(actual, indicator.measure)}`);
        continue;
      }
      expect(text).toMatch(new RegExp(`${indicator.name}：任务 ${formatQuantity(target, indicator.measure)}，完成 ${formatQuantity(actual!, indicator.measure)}，${indicator.rateName} <font color='(green|orange|red)'>\\*\\*${rate.text!.replace(".", "\\.")}\\*\\*</font>`));
    }
    expect(text).toContain("完成投资：任务 7.11亿元，完成 23730万元，完成投资率 <font color='red'>**33.4%**</font>");
    expect(text).toContain("完成投资：任务 3.2亿元，完成 3.15亿元，完成投资率 <font color='orange'>**98.4%**</font>");
    expect(text).toContain("发放：任务 2503户，完成 2532户，完成率 <font color='green'>**101.2%**</font>");
    expect(text).toContain("支出率 **59.5%**（支出15149.5万元，到位资金25480万元）");
  });

  it("charts and ranks the indicator whose unit rates spread most (bug: 开工小区, four bars at 100%, all ranked 1)", () => {
    const main = widestSpread(bulletin);
    expect(main.key).not.toBe("lgxq_xiaoqu");
    expect(spreadOf(bulletin.indicators[0]!)).toBe(0);
    expectRankingFromModel(card, bulletin, main.key);
    expect(new Set(rankingOf(card).rows.map((row) => row["rank"])).size).toBeGreaterThan(1);
    expect((chartOf(card)!.chart_spec as { title?: { text?: string } }).title?.text).toBe(`各地区${main.group}${main.rateName}（%）`);
    // the chart's bars are the ranking's rows, best first, each at the model's rate
    const rateOf = new Map(main.units.map((row) => [row.unit, row.rate.value]));
    expect(chartOf(card)!.chart_spec.data.values.map((value) => [value.unit, value.rate])).toEqual(rankingOf(card).rows.map((row) => [row["unit"], rateOf.get(row["unit"] as string)]));
    expect(markdowns(card).some((content) => content.startsWith("其余"))).toBe(false);
  });

  it("charts the indicator the workspace names instead, when it names one", () => {
    const named = renderSummaryCard({ ...bulletin, cardIndicator: "lgxq_xiaoqu" });
    expectRankingFromModel(named, bulletin, "lgxq_xiaoqu");
    expect(rankingOf(named).rows.map((row) => row["unit"])).toEqual(["甘州区", "临泽县", "高台县", "山丹县"]);
  });

  it("lists the problems and ends with the issuing office, number and date", () => {
    const problems = markdowns(card).find((content) => content.startsWith("**存在的问题**"))!;
    for (const problem of bulletin.problems) expect(problems).toContain(problem);
    expect(markdowns(card).at(-1)).toBe("<font color='grey'>张掖市城镇老旧小区改造工作领导小组办公室　张旧改办〔2024〕1号　2024年1月9日</font>");
  });

  it("colours by the workspace's schedule curve when it has one", () => {
    const lateSeason = renderSummaryCard(bulletin, { curve: [0, 0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.3] });
    expect(markdowns(lateSeason).join("\n")).toContain("完成投资率 <font color='green'>**33.4%**</font>");
  });
});

describe("summary card for large workspaces", () => {
  it("the 60-unit demo province: valid, under the limit, top 10 and bottom 5 with a pointer to the 附件", async () => {
    const { bulletin, curve } = await demoBulletin();
    const card = renderSummaryCard(bulletin, { curve });
    expectAcceptedAndSmall(card);
    const main = widestSpread(bulletin);
    expect(main.units.length).toBeGreaterThan(15);
    expectRankingFromModel(card, bulletin, main.key);
    expect(rankingOf(card).rows).toHaveLength(15);
    expect(markdowns(card)).toContain(`其余${main.units.length - 15}个地区见附件${bulletin.attachments.find((table) => table.group === main.group)!.number}。`);
  });

  it.each([60, 100, 500])("a synthetic province of %i units: valid, under the limit, the best and the worst shown", (units) => {
    const { bulletin } = syntheticBulletin(units);
    const card = renderSummaryCard(bulletin);
    expectAcceptedAndSmall(card);
    const main = widestSpread(bulletin);
    expectRankingFromModel(card, bulletin, main.key);
    const ranked = [...main.units].sort((a, b) => a.rank! - b.rank!);
    const shown = rankingOf(card).rows.map((row) => row["unit"]);
    expect(shown.slice(0, 10)).toEqual(ranked.slice(0, 10).map((row) => row.unit));
    expect(shown.slice(10)).toEqual(ranked.slice(-5).map((row) => row.unit));
    expect(chartOf(card)!.chart_spec.data.values.map((value) => value.unit)).toEqual(shown);
    expect(markdowns(card)).toContain(`其余${units - 15}个地区见附件${bulletin.attachments.find((table) => table.group === main.group)!.number}。`);
  });

  it("sheds detail rather than grow past the limit when the problems are very long", () => {
    const { bulletin } = syntheticBulletin(100);
    const names = bulletin.indicators[0]!.units.map((row) => row.unit).join("、");
    const wordy: Bulletin = { ...bulletin, problems: Array.from({ length: 40 }, (_, i) => `${i + 1}是${names}进度滞后。`) };
    const card = renderSummaryCard(wordy);
    expectAcceptedAndSmall(card);
    const problems = markdowns(card).find((content) => content.startsWith("**存在的问题**"))!;
    expect(problems).toContain("详见通报正文");
    expect(rankingOf(card).rows.length).toBeGreaterThan(0);
  });

  it("refuses to build a card it cannot fit, instead of sending an oversized one", () => {
    const { bulletin } = syntheticBulletin(100);
    expect(() => renderSummaryCard(bulletin, { byteBudget: 1500 })).toThrow(/超过1500字节/);
  });
});

describe("card templates", () => {
  it("fills whole-value and inline placeholders", () => {
    expect(fillTemplate({ a: "{{list}}", b: "共{{n}}项", c: [1, "{{n}}"] }, { list: [1, 2], n: 3 })).toEqual({ a: [1, 2], b: "共3项", c: [1, 3] });
  });

  it("refuses a placeholder without a value and a value without a placeholder", () => {
    expect(() => fillTemplate({ a: "{{missing}}" }, {})).toThrow(/no value for \{\{missing\}\}/);
    expect(() => fillTemplate({ a: "x" }, { extra: 1 })).toThrow(/not used.*extra/);
  });

  it("rejects a card with an undeclared table column, as the platform would (200915)", () => {
    const bad = structuredClone(renderSummaryCard(syntheticBulletin(20).bulletin)) as SummaryCard;
    rankingOf(bad).rows[0]!["typo"] = "x";
    expect(summaryCardSchema.safeParse(bad).success).toBe(false);
    expect(checkCard(bad).ok).toBe(false);
  });
});
