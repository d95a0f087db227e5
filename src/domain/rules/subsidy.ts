// 租赁补贴按月或按季发放 (seeds Jilin, Lvliang): at the end of a quarter, a unit with a subsidy target
// whose paid households and amount did not grow in any month of that quarter is reported.
import { formatQuantity } from "../amount.ts";
import { isQuarterEnd } from "../period.ts";
import { currentFigure, figureIn, lastFigureBefore, unitTarget, type RuleContext } from "./context.ts";
import { detected, type Detection } from "./finding.ts";
import { quarterLabel } from "./wording.ts";

export function subsidyIndicators(context: RuleContext): RuleContext["indicators"] {
  const settings = context.input.settings.subsidyNotPaid;
  if (settings.indicators) {
    const wanted = new Set(settings.indicators);
    return context.indicators.filter((i) => wanted.has(i.key));
  }
  return context.indicators.filter((i) => i.group.includes(settings.groupKeyword));
}

/** Whether the unit's cumulative figure went up in any month of [first, last], against the month before. */
function grewDuring(context: RuleContext, unit: string, key: string, first: number, last: number): boolean {
  let before = lastFigureBefore(context, first, unit, key)?.value ?? 0;
  for (let month = first; month <= last; month++) {
    const value = figureIn(context, month, unit, key);
    if (value === null) continue;
    if (value > before) return true;
    before = value;
  }
  return false;
}

export function findSubsidyNotPaid(context: RuleContext): Detection[] {
  const settings = context.input.settings.subsidyNotPaid;
  if (!settings.enabled) return [];
  const month = context.period.month;
  if (settings.cadence === "quarter" && !isQuarterEnd(context.period)) return [];
  const first = settings.cadence === "quarter" ? month - 2 : month;
  const windowText = settings.cadence === "quarter" ? quarterLabel(month) : `${month}月`;
  const indicators = subsidyIndicators(context);
  const findings: Detection[] = [];
  for (const unit of context.units) {
    const main = indicators.find((i) => unitTarget(context, unit.name, i.key) !== null);
    if (main === undefined) continue;
    const reported = indicators.filter((i) => currentFigure(context, unit.name, i.key) !== null);
    // Not reported at all is late, not lagging: the late rule chases it.
    if (reported.length === 0) continue;
    if (reported.some((i) => grewDuring(context, unit.name, i.key, first, month))) continue;
    findings.push(
      detected({ rule: "subsidy-not-paid", unit: unit.name, indicator: main.key }, () => {
        const target = unitTarget(context, unit.name, main.key)!;
        const actual = currentFigure(context, unit.name, main.key);
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
  }
  return findings;
}
