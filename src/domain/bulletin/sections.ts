// The body text, one paragraph per indicator group, in the seeds' sentence style:
//   2023年全市计划…。截止12月底，全市…，开工率100%…。其中：甘州区…；临泽县…。（详见附件1）
import { formatQuantity } from "../amount.ts";
import { chineseNumeral } from "../chinese-numerals.ts";
import type { BulletinGroup, IndicatorResult, RatioResult, UnitIndicatorRow, UnitRatioRow } from "./types.ts";

export interface SectionContext {
  readonly year: number;
  readonly scope: string;
  readonly asOf: string;
  readonly indicators: ReadonlyMap<string, IndicatorResult>;
  readonly ratios: ReadonlyMap<string, RatioResult>;
  readonly unitOrder: readonly string[];
}

/** （一）城镇老旧小区改造目标任务及进展情况; a group without targets (资金) is just its 情况. */
export function sectionHeading(index: number, group: string, hasTargets: boolean): string {
  return `（${chineseNumeral(index + 1)}）${group}${hasTargets ? "目标任务及进展情况" : "情况"}`;
}

/** `note`: the office's own sentence closing the paragraph, before the pointer to the 附件. */
export function sectionText(group: BulletinGroup, attachmentNumber: number, ctx: SectionContext, note?: string): string {
  const indicators = group.indicatorKeys.map((key) => ctx.indicators.get(key)!);
  const ratios = group.ratioKeys.map((key) => ctx.ratios.get(key)!);
  const sentences: string[] = [];

  const plans = indicators.filter((indicator) => indicator.total.target !== null).map((indicator) => `${indicator.name}${formatQuantity(indicator.total.target!, indicator.measure)}`);
  if (plans.length > 0) sentences.push(`${ctx.year}年${ctx.scope}计划${plans.join("、")}。`);

  const totals = [
    ...indicators.filter((indicator) => indicator.total.actual !== null).map((indicator) => indicatorClause(indicator.name, indicator.measure, indicator.total.actual, indicator.rateName, indicator.total.rate.text)),
    ...ratios.filter((ratio) => ratio.total.rate.text !== null).map((ratio) => `${ratio.name}${ratio.total.rate.text}`),
  ];
  sentences.push(totals.length > 0 ? `${ctx.asOf}，${ctx.scope}${totals.join("，")}。` : `${ctx.asOf}，${ctx.scope}尚无报送数据。`);

  // Rows by unit, so the text of 3,000 units stays linear in their number.
  const indicatorRows = indicators.map((indicator) => ({ indicator, rows: new Map(indicator.units.map((row) => [row.unit, row])) }));
  const ratioRows = ratios.map((ratio) => ({ ratio, rows: new Map(ratio.units.map((row) => [row.unit, row])) }));
  const unitClauses = ctx.unitOrder.map((unit) => unitClause(unit, indicatorRows, ratioRows)).filter((clause): clause is string => clause !== null);
  if (unitClauses.length > 0) sentences.push(`其中：${unitClauses.join("；")}。`);

  if (note) sentences.push(/[。！？]$/.test(note) ? note : `${note}。`);
  return `${sentences.join("")}（详见附件${attachmentNumber}）`;
}

function indicatorClause(name: string, measure: string, actual: number | null, rateName: string, rate: string | null): string {
  const figure = actual === null ? `${name}未报送` : `${name}${formatQuantity(actual, measure)}`;
  return rate === null ? figure : `${figure}，${rateName}${rate}`;
}

function unitClause(
  unit: string,
  indicators: readonly { indicator: IndicatorResult; rows: ReadonlyMap<string, UnitIndicatorRow> }[],
  ratios: readonly { ratio: RatioResult; rows: ReadonlyMap<string, UnitRatioRow> }[],
): string | null {
  const parts: string[] = [];
  for (const { indicator, rows } of indicators) {
    const row = rows.get(unit);
    if (row) parts.push(indicatorClause(indicator.name, indicator.measure, row.actual, indicator.rateName, row.rate.text));
  }
  for (const { ratio, rows } of ratios) {
    const row = rows.get(unit);
    if (row?.rate.text) parts.push(`${ratio.name}${row.rate.text}`);
  }
  return parts.length === 0 ? null : `${unit}${parts.join("，")}`;
}
