// The rules on progress against the annual target: behind the time-proportional expectation
// (时间过半任务过半), below a fixed rate (开工率不到60%), still at zero, short of the target at year end.
// A unit without a positive target has no rate and so never appears here.
import { ruleJudgesIn } from "./judged.ts";
import { formatQuantity } from "../amount.ts";
import { percentHalfUp } from "../decimal.ts";
import { formatPercent } from "../rate.ts";
import type { Indicator } from "../workspace.ts";
import { formatPoints, progressAt, selectIndicators, unitsAtZero, unitsBelowRate, unitsWhere, type Progress, type RuleContext } from "./context.ts";
import { detected, type Detection, type Wording } from "./finding.ts";

/** 离石区棚户区改造开工年度任务1700套，截止4月底开工0套，开工率0% */
function progressClause(context: RuleContext, indicator: Indicator, p: Progress, rateText: string): string {
  const { measure } = indicator;
  return (
    `${p.who}${indicator.group}${indicator.name}年度任务${formatQuantity(p.target, measure)}，` +
    `${context.asOf}${indicator.name}${formatQuantity(p.actual, measure)}，${indicator.rateName}${rateText}`
  );
}

/** The expected cumulative share at the period's end, in percent, rounded like the rates. */
export function expectedPercent(context: RuleContext): number {
  const digits = context.workspace.rate.digits;
  const curve = context.input.settings.behindSchedule.curve;
  const month = context.period.month;
  const share = curve ? curve[month - 1] : undefined;
  return share !== undefined ? percentHalfUp(share, 1, digits)! : percentHalfUp(month, 12, digits)!;
}

export function findBehindSchedule(context: RuleContext): Detection[] {
  const settings = context.input.settings.behindSchedule;
  if (!ruleJudgesIn("behind-schedule", context.input.settings, context.period)) return [];
  const limit = expectedPercent(context) - settings.tolerance;
  const findings: Detection[] = [];
  for (const i of selectIndicators(context, settings.indicators)) {
    const behind = unitsBelowRate(context, i, settings.scope, limit);
    behind.forEach((unit) => findings.push(detected(context, "behind-schedule", unit, i, wordBehindSchedule)));
  }
  return findings;
}

/** …，开工率30%，低于时序进度（41.7%）11.7个百分点。 */
function wordBehindSchedule(context: RuleContext, d: Detection): Wording {
  const style = context.workspace.rate;
  const indicator = context.indicators[d.subject]!;
  const p = progressAt(context, d.unit, d.subject);
  const expected = expectedPercent(context);
  const expectedText = formatPercent(expected, style);
  const rateText = formatPercent(p.rate!, style);
  const gap = formatPoints(expected - p.rate!, style.digits);
  return {
    severity: context.input.settings.behindSchedule.severity,
    text: `${progressClause(context, indicator, p, rateText)}，低于时序进度（${expectedText}）${gap}个百分点。`,
    figures: { target: p.target, actual: p.actual, rate: rateText, measure: indicator.measure, expected: expectedText, gap },
  };
}

export function findBelowThreshold(context: RuleContext): Detection[] {
  if (!ruleJudgesIn("below-threshold", context.input.settings, context.period)) return [];
  const findings: Detection[] = [];
  context.indicators.forEach((indicator, i) => {
    const minRate = thresholdOf(context, indicator);
    if (minRate === null) return;
    const below = unitsBelowRate(context, i, false, minRate);
    below.forEach((unit) => findings.push(detected(context, "below-threshold", unit, i, wordBelowThreshold)));
  });
  return findings;
}

/** The highest of the thresholds that apply to the indicator in the period's month, or null for none. */
function thresholdOf(context: RuleContext, indicator: Indicator): number | null {
  const applicable = context.input.settings.belowThreshold.thresholds.filter(
    (t) => context.period.month >= t.fromMonth && (t.indicators?.includes(indicator.key) || t.rateNames?.includes(indicator.rateName)),
  );
  return applicable.length === 0 ? null : Math.max(...applicable.map((t) => t.minRate));
}

/** …，开工率55%，不到60%。 */
function wordBelowThreshold(context: RuleContext, d: Detection): Wording {
  const style = context.workspace.rate;
  const indicator = context.indicators[d.subject]!;
  const p = progressAt(context, d.unit, d.subject);
  const minText = formatPercent(thresholdOf(context, indicator)!, { ...style, trailingZero: false });
  const rateText = formatPercent(p.rate!, style);
  return {
    severity: context.input.settings.belowThreshold.severity,
    text: `${progressClause(context, indicator, p, rateText)}，不到${minText}。`,
    figures: { target: p.target, actual: p.actual, rate: rateText, measure: indicator.measure, threshold: minText },
  };
}

export function findZeroProgress(context: RuleContext): Detection[] {
  const settings = context.input.settings.zeroProgress;
  if (!ruleJudgesIn("zero-progress", context.input.settings, context.period)) return [];
  const findings: Detection[] = [];
  for (const i of selectIndicators(context, settings.indicators)) {
    const atZero = unitsAtZero(context, i);
    atZero.forEach((unit) => findings.push(detected(context, "zero-progress", unit, i, wordZeroProgress)));
  }
  return findings;
}

/** 离石区棚户区改造开工年度任务1700套，截止4月底开工进度为零。 */
function wordZeroProgress(context: RuleContext, d: Detection): Wording {
  const indicator = context.indicators[d.subject]!;
  const p = progressAt(context, d.unit, d.subject);
  return {
    severity: context.input.settings.zeroProgress.severity,
    text: `${p.who}${indicator.group}${indicator.name}年度任务${formatQuantity(p.target, indicator.measure)}，${context.asOf}${indicator.name}进度为零。`,
    figures: { target: p.target, actual: 0, measure: indicator.measure },
  };
}

export function findMissedAnnualTarget(context: RuleContext): Detection[] {
  const settings = context.input.settings.missedAnnualTarget;
  if (!ruleJudgesIn("missed-annual-target", context.input.settings, context.period)) return [];
  const findings: Detection[] = [];
  for (const i of selectIndicators(context, settings.indicators)) {
    // Compared exactly: 99.96% prints 100% but the task is not done.
    const short = unitsWhere(context, i, settings.scope, (rate, actual, target) => rate !== null && actual < target);
    short.forEach((unit) => findings.push(detected(context, "missed-annual-target", unit, i, wordMissedAnnualTarget)));
  }
  return findings;
}

/** …，完成率96.3%，未完成年度任务。 */
function wordMissedAnnualTarget(context: RuleContext, d: Detection): Wording {
  const indicator = context.indicators[d.subject]!;
  const p = progressAt(context, d.unit, d.subject);
  const rateText = formatPercent(p.rate!, context.workspace.rate);
  return {
    severity: context.input.settings.missedAnnualTarget.severity,
    text: `${progressClause(context, indicator, p, rateText)}，未完成年度任务。`,
    figures: { target: p.target, actual: p.actual, rate: rateText, measure: indicator.measure },
  };
}
