// below-average: a unit's rate below the whole scope's rate (seed Zhangye: 甘州区、高台县、肃南县补助资金
// 拨付率低于全市平均水平). Rates are compared as printed, so the sentence never says 59.5% < 59.5%.
import { formatQuantity } from "../amount.ts";
import { exactSum } from "../decimal.ts";
import type { Indicator, Ratio } from "../workspace.ts";
import { formatPercent } from "../rate.ts";
import { currentFigure, rateOf, rateValueOf, scopeProgress, unitTarget, type RuleContext } from "./context.ts";
import { detected, type Detection } from "./finding.ts";

export function findBelowAverage(context: RuleContext): Detection[] {
  const settings = context.input.settings.belowAverage;
  if (!settings.enabled) return [];
  const ratios = [...context.workspace.ratios].sort((a, b) => a.position - b.position);
  const subjects = settings.subjects ?? ratios.map((r) => r.key);
  const findings: Detection[] = [];
  for (const key of subjects) {
    const ratio = ratios.find((r) => r.key === key);
    const indicator = context.indicators.find((i) => i.key === key);
    if (ratio) findings.push(...ratioBelowAverage(context, ratio));
    else if (indicator) findings.push(...indicatorBelowAverage(context, indicator));
  }
  return findings;
}

function ratioBelowAverage(context: RuleContext, ratio: Ratio): Detection[] {
  const settings = context.input.settings.belowAverage;
  const numeratorIndicator = context.indicators.find((i) => i.key === ratio.numeratorKey);
  const denominatorIndicator = context.indicators.find((i) => i.key === ratio.denominatorKey);
  if (!numeratorIndicator || !denominatorIndicator) return [];
  const rows = context.units.map((unit) => ({
    unit: unit.name,
    numerator: currentFigure(context, unit.name, ratio.numeratorKey),
    denominator: currentFigure(context, unit.name, ratio.denominatorKey),
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
      detected({ rule: "below-average", unit: row.unit, indicator: ratio.key }, () => {
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

function indicatorBelowAverage(context: RuleContext, indicator: Indicator): Detection[] {
  const settings = context.input.settings.belowAverage;
  const scope = scopeProgress(context, indicator.key);
  if (!scope) return [];
  const scopeRate = rateOf(context, scope.actual, scope.target);
  if (scopeRate.value === null) return [];
  const findings: Detection[] = [];
  for (const unit of context.units) {
    const target = unitTarget(context, unit.name, indicator.key);
    const actual = currentFigure(context, unit.name, indicator.key);
    const rate = rateValueOf(context, actual, target);
    if (rate === null || rate >= scopeRate.value) continue;
    findings.push(
      detected({ rule: "below-average", unit: unit.name, indicator: indicator.key }, () => {
        const rateText = formatPercent(rate, context.workspace.rate);
        const detail = `${indicator.name}${formatQuantity(actual!, indicator.measure)}，年度任务${formatQuantity(target!, indicator.measure)}`;
        return {
          severity: settings.severity,
          text: `${unit.name}${indicator.group}${indicator.rateName}${rateText}（${detail}），低于${context.workspace.scope}平均水平（${scopeRate.text}）。`,
          figures: {
            target,
            actual,
            rate: rateText,
            average: scopeRate.text,
            group: indicator.group,
            name: indicator.rateName,
          },
        };
      }),
    );
  }
  return findings;
}
