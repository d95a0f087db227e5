// 租赁补贴按月或按季发放 (seeds Jilin, Lvliang): at the end of a quarter, a unit with a subsidy target
// whose paid households and amount did not grow in any month of that quarter is reported.
import { ruleJudgesIn } from "./judged.ts";
import { formatQuantity } from "../amount.ts";
import { currentFigure, figureIn, lastFigureBefore, unitTarget, type RuleContext } from "./context.ts";
import { detected, type Detection } from "./finding.ts";
import { quarterLabel } from "./wording.ts";

/** The subsidy indicators, by index: the listed ones, or those whose group names the subsidy. */
export function subsidyIndicators(context: RuleContext): number[] {
  const settings = context.input.settings.subsidyNotPaid;
  const wanted = settings.indicators ? new Set(settings.indicators) : null;
  const indices: number[] = [];
  context.indicators.forEach((indicator, i) => {
    if (wanted ? wanted.has(indicator.key) : indicator.group.includes(settings.groupKeyword)) indices.push(i);
  });
  return indices;
}

/** Whether the unit's cumulative figure went up in any month of [first, last], against the month before. */
function grewDuring(context: RuleContext, unit: number, indicator: number, first: number, last: number): boolean {
  let before = lastFigureBefore(context, first, unit, indicator)?.value ?? 0;
  for (let month = first; month <= last; month++) {
    const value = figureIn(context, month, unit, indicator);
    if (value === null) continue;
    if (value > before) return true;
    before = value;
  }
  return false;
}

export function findSubsidyNotPaid(context: RuleContext): Detection[] {
  const settings = context.input.settings.subsidyNotPaid;
  if (!ruleJudgesIn("subsidy-not-paid", context.input.settings, context.period)) return [];
  const month = context.period.month;
  const first = settings.cadence === "quarter" ? month - 2 : month;
  const windowText = settings.cadence === "quarter" ? quarterLabel(month) : `${month}月`;
  const indicators = subsidyIndicators(context);
  const findings: Detection[] = [];
  context.units.forEach((unit, u) => {
    const mainIndex = indicators.find((i) => unitTarget(context, u, i) !== null);
    if (mainIndex === undefined) return;
    const main = context.indicators[mainIndex]!;
    const reported = indicators.filter((i) => currentFigure(context, u, i) !== null);
    // Not reported at all is late, not lagging: the late rule chases it.
    if (reported.length === 0) return;
    if (reported.some((i) => grewDuring(context, u, i, first, month))) return;
    findings.push(
      detected(context, "subsidy-not-paid", u, mainIndex, () => {
        const target = unitTarget(context, u, mainIndex)!;
        const actual = currentFigure(context, u, mainIndex);
        const targetText = formatQuantity(target, main.measure);
        const what = `${main.group}${main.name}`;
        const detail =
          actual === null || actual === 0
            ? `${context.asOf}${what}为零（年度任务${targetText}）`
            : `${windowText}${what}无新增（${context.asOf}累计${formatQuantity(actual, main.measure)}，年度任务${targetText}）`;
        return {
          severity: settings.severity,
          text: `${unit.name}未落实租赁补贴按月或按季发放要求，${detail}。`,
          figures: {
            target,
            actual,
            measure: main.measure,
            window: windowText,
            fromMonth: first,
            toMonth: month,
          },
        };
      }),
    );
  });
  return findings;
}
