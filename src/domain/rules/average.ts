// below-average: a unit's rate below the whole scope's rate (seed Zhangye: 甘州区、高台县、肃南县补助资金
// 拨付率低于全市平均水平). Rates are compared as printed, so the sentence never says 59.5% < 59.5%.
import { formatQuantity } from "../amount.ts";
import { exactSum } from "../decimal.ts";
import { formatPercent, NO_RATE } from "../rate.ts";
import type { Rate } from "../bulletin/types.ts";
import { currentFigure, progressAt, rateOf, rateValueOf, scopeProgress, unitsBelowRate, type RuleContext } from "./context.ts";
import { detected, subjectOf, type Detection, type Wording } from "./finding.ts";

export function findBelowAverage(context: RuleContext): Detection[] {
  const settings = context.input.settings.belowAverage;
  if (!settings.enabled) return [];
  const subjects = settings.subjects ?? context.ratios.map((r) => r.key);
  const findings: Detection[] = [];
  for (const key of subjects) {
    const ratio = context.ratios.findIndex((r) => r.key === key);
    const indicator = context.grid.indicatorIndex.get(key);
    if (ratio >= 0) findings.push(...ratioBelowAverage(context, ratio));
    else if (indicator !== undefined) findings.push(...indicatorBelowAverage(context, indicator));
  }
  return findings;
}

function ratioBelowAverage(context: RuleContext, ratioIndex: number): Detection[] {
  const settings = context.input.settings.belowAverage;
  const ratio = context.ratios[ratioIndex]!;
  const numeratorIndex = context.grid.indicatorIndex.get(ratio.numeratorKey);
  const denominatorIndex = context.grid.indicatorIndex.get(ratio.denominatorKey);
  if (numeratorIndex === undefined || denominatorIndex === undefined) return [];
  const numeratorIndicator = context.indicators[numeratorIndex]!;
  const denominatorIndicator = context.indicators[denominatorIndex]!;
  const rows = context.units.map((unit, u) => ({
    unit: unit.name,
    index: u,
    numerator: currentFigure(context, u, numeratorIndex),
    denominator: currentFigure(context, u, denominatorIndex),
  }));
  const numerators = rows.map((r) => r.numerator).filter((v): v is number => v !== null);
  const denominators = rows.map((r) => r.denominator).filter((v): v is number => v !== null);
  const scopeRate = rateOf(context, exactSum(numerators), exactSum(denominators));
  if (scopeRate.value === null) return [];
  const findings: Detection[] = [];
  for (const row of rows) {
    const rate = rateValueOf(context, row.numerator, row.denominator);
    if (rate === null || rate >= scopeRate.value) continue;
    findings.push(
      detected(context, "below-average", row.index, subjectOf(context, ratioIndex), () => {
        const rateText = formatPercent(rate, context.workspace.rate);
        const detail =
          `${numeratorIndicator.name}${formatQuantity(row.numerator!, numeratorIndicator.measure)}，` +
          `${denominatorIndicator.name}${formatQuantity(row.denominator!, denominatorIndicator.measure)}`;
        return {
          severity: settings.severity,
          text: `${row.unit}${numeratorIndicator.group}${ratio.name}${rateText}（${detail}），低于${context.workspace.scope}平均水平（${scopeRate.text}）。`,
          figures: {
            numerator: row.numerator,
            denominator: row.denominator,
            rate: rateText,
            average: scopeRate.text,
            group: numeratorIndicator.group,
            name: ratio.name,
          },
        };
      }),
    );
  }
  return findings;
}

function indicatorBelowAverage(context: RuleContext, index: number): Detection[] {
  const average = scopeRateOf(context, index).value;
  if (average === null) return [];
  return unitsBelowRate(context, index, false, average).map((unit) => detected(context, "below-average", unit, index, wordIndicatorBelowAverage));
}

/** The whole scope's rate on an indicator, the average a unit is compared with. */
function scopeRateOf(context: RuleContext, index: number): Rate {
  const scope = scopeProgress(context, index);
  return scope ? rateOf(context, scope.actual, scope.target) : NO_RATE;
}

/** 甘州区…完成率45%（完成450户，年度任务1000户），低于全市平均水平（52.3%）。 */
function wordIndicatorBelowAverage(context: RuleContext, d: Detection): Wording {
  const indicator = context.indicators[d.subject]!;
  const { who, target, actual, rate } = progressAt(context, d.unit, d.subject);
  const average = scopeRateOf(context, d.subject).text;
  const rateText = formatPercent(rate!, context.workspace.rate);
  const detail = `${indicator.name}${formatQuantity(actual, indicator.measure)}，年度任务${formatQuantity(target, indicator.measure)}`;
  return {
    severity: context.input.settings.belowAverage.severity,
    text: `${who}${indicator.group}${indicator.rateName}${rateText}（${detail}），低于${context.workspace.scope}平均水平（${average}）。`,
    figures: {
      target,
      actual,
      rate: rateText,
      average,
      group: indicator.group,
      name: indicator.rateName,
    },
  };
}
