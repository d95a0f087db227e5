// The headline figures: one block per indicator group, the whole scope's target, actual and rate, the
// rate coloured by how it stands against the time-proportional expectation.
import { formatQuantity } from "../../domain/amount.ts";
import type { Bulletin, BulletinGroup, IndicatorResult, RatioResult } from "../../domain/bulletin/types.ts";
import { cardTemplate } from "./templates.ts";
import { rateStatus, STATUS_COLOR } from "./status.ts";

const headlineTemplate = cardTemplate<{ group: string; lines: string }>("bulletin-summary/headline.json");

export function headlineElements(bulletin: Bulletin, expected: number): unknown[] {
  const indicators = new Map(bulletin.indicators.map((indicator) => [indicator.key, indicator]));
  const ratios = new Map(bulletin.ratios.map((ratio) => [ratio.key, ratio]));
  return bulletin.groups.flatMap((group) => {
    const lines = groupLines(group, indicators, ratios, expected);
    return lines.length === 0 ? [] : [headlineTemplate({ group: group.name, lines: lines.join("\n") })];
  });
}

function groupLines(group: BulletinGroup, indicators: ReadonlyMap<string, IndicatorResult>, ratios: ReadonlyMap<string, RatioResult>, expected: number): string[] {
  const lines: string[] = [];
  for (const key of group.indicatorKeys) {
    const line = indicatorLine(indicators.get(key)!, expected);
    if (line) lines.push(line);
  }
  for (const key of group.ratioKeys) {
    const ratio = ratios.get(key)!;
    if (ratio.total.rate.text === null) continue;
    const measure = indicators.get(ratio.numeratorKey)?.measure ?? "";
    const parts = [
      ratio.total.numerator === null ? null : `${indicators.get(ratio.numeratorKey)?.name ?? ""}${formatQuantity(ratio.total.numerator, measure)}`,
      ratio.total.denominator === null ? null : `${indicators.get(ratio.denominatorKey)?.name ?? ""}${formatQuantity(ratio.total.denominator, indicators.get(ratio.denominatorKey)?.measure ?? "")}`,
    ].filter((part): part is string => part !== null);
    lines.push(`${ratio.name} **${ratio.total.rate.text}**（${parts.join("，")}）`);
  }
  return lines;
}

function indicatorLine(indicator: IndicatorResult, expected: number): string | null {
  const { target, actual, rate } = indicator.total;
  const quantity = (value: number | null) => (value === null ? "—" : formatQuantity(value, indicator.measure));
  if (target === null) return actual === null ? null : `${indicator.name} ${quantity(actual)}`;
  const rateText = rate.text === null ? "—" : `<font color='${STATUS_COLOR[rateStatus(rate.value, expected)]}'>**${rate.text}**</font>`;
  return `${indicator.name}：任务 ${quantity(target)}，完成 ${quantity(actual)}，${indicator.rateName} ${rateText}`;
}
