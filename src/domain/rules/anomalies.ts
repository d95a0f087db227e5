// Data anomalies (数据存疑): a cumulative figure below the last one, a value many times the target or
// last month's, spend above funds arrived. The same check runs on the card before a submission is
// stored (the contact confirms or corrects) and in the engine over stored figures (the admin sees it).
import { formatQuantity } from "../amount.ts";
import type { Indicator } from "../workspace.ts";
import { lastFigureBefore, unitTarget, type RuleContext } from "./context.ts";
import { detected, type Detection as FindingDetection } from "./finding.ts";
import type { AnomalySettings } from "./settings.ts";
import type { SuspectValue } from "./types.ts";

/** A figure reported earlier this year: the value and the month it is cumulative to. */
export interface PreviousFigure {
  readonly month: number;
  readonly value: number;
}

export interface SubmissionCheckInput {
  /** the indicators on the unit's form, in order (for names, measures and the order of the result) */
  readonly indicators: readonly Indicator[];
  /** the values being submitted: indicator key → cumulative value */
  readonly values: ReadonlyMap<string, number>;
  /** the unit's last figures this year (usually last month's); empty in January */
  readonly previous: ReadonlyMap<string, PreviousFigure>;
  /** the unit's annual targets: indicator key → value */
  readonly targets: ReadonlyMap<string, number>;
  readonly settings: AnomalySettings;
}

type Detection =
  | { readonly rule: "anomaly-decrease"; readonly indicator: Indicator; readonly value: number; readonly previous: PreviousFigure }
  | { readonly rule: "anomaly-spike"; readonly indicator: Indicator; readonly value: number; readonly against: "target"; readonly base: number; readonly multiple: number }
  | { readonly rule: "anomaly-spike"; readonly indicator: Indicator; readonly value: number; readonly against: "previous"; readonly previous: PreviousFigure; readonly multiple: number }
  | { readonly rule: "anomaly-spend-exceeds-funds"; readonly indicator: Indicator; readonly value: number; readonly funds: Indicator; readonly fundsValue: number };

function detect(input: SubmissionCheckInput): Detection[] {
  const { settings } = input;
  if (!settings.enabled) return [];
  const detections: Detection[] = [];
  for (const indicator of input.indicators) {
    const value = input.values.get(indicator.key);
    if (value === undefined) continue;
    const previous = input.previous.get(indicator.key);
    if (settings.decrease && previous !== undefined && value < previous.value) {
      detections.push({ rule: "anomaly-decrease", indicator, value, previous });
    }
    const target = input.targets.get(indicator.key);
    if (settings.targetMultiple > 0 && target !== undefined && target > 0 && value > settings.targetMultiple * target) {
      detections.push({ rule: "anomaly-spike", indicator, value, against: "target", base: target, multiple: value / target });
    } else if (settings.lastMonthMultiple > 0 && previous !== undefined && previous.value > 0 && value > settings.lastMonthMultiple * previous.value) {
      detections.push({ rule: "anomaly-spike", indicator, value, against: "previous", previous, multiple: value / previous.value });
    }
    for (const pair of settings.spendPairs) {
      if (pair.spend !== indicator.key) continue;
      const funds = input.indicators.find((i) => i.key === pair.funds);
      const fundsValue = input.values.get(pair.funds);
      if (funds && fundsValue !== undefined && value > fundsValue) {
        detections.push({ rule: "anomaly-spend-exceeds-funds", indicator, value, funds, fundsValue });
      }
    }
  }
  return detections;
}

/** 4.2 → "4.2", 10 → "10": how many times, to one decimal, rounded down so it never overstates. */
function timesText(multiple: number): string {
  return (Math.floor(multiple * 10) / 10).toString();
}

function figuresOf(d: Detection): Record<string, number | string | null> {
  const measure = d.indicator.measure;
  switch (d.rule) {
    case "anomaly-decrease":
      return { value: d.value, previous: d.previous.value, previousMonth: d.previous.month, measure };
    case "anomaly-spike":
      return d.against === "target"
        ? { value: d.value, target: d.base, multiple: timesText(d.multiple), measure }
        : { value: d.value, previous: d.previous.value, previousMonth: d.previous.month, multiple: timesText(d.multiple), measure };
    case "anomaly-spend-exceeds-funds":
      return { value: d.value, funds: d.fundsValue, fundsIndicator: d.funds.key, measure };
  }
}

/** What the value is and why it looks wrong, without the subject: shared by the card and the finding. */
function why(d: Detection): string {
  const q = (value: number): string => formatQuantity(value, d.indicator.measure);
  switch (d.rule) {
    case "anomaly-decrease":
      return `累计${q(d.value)}，少于${d.previous.month}月底累计${q(d.previous.value)}`;
    case "anomaly-spike":
      return d.against === "target"
        ? `${q(d.value)}，是年度任务${q(d.base)}的${timesText(d.multiple)}倍`
        : `累计${q(d.value)}，是${d.previous.month}月底累计${q(d.previous.value)}的${timesText(d.multiple)}倍`;
    case "anomaly-spend-exceeds-funds":
      return `${q(d.value)}，超过${d.funds.name}${formatQuantity(d.fundsValue, d.funds.measure)}`;
  }
}

/**
 * The pre-store check of one unit's submission: every value the card should ask about, with a
 * sentence for the contact. An empty list means the submission can be stored as it is.
 */
export function checkSubmission(input: SubmissionCheckInput): SuspectValue[] {
  return detect(input).map((d) => {
    const hint =
      d.rule === "anomaly-decrease"
        ? "本项为全年累计数，不应少于上月，请核实后更正，或确认并说明原因。"
        : d.rule === "anomaly-spend-exceeds-funds"
          ? "支出一般不超过到位资金，请核实后更正，或确认并说明原因。"
          : "请核实单位和数值后更正，或确认并说明原因。";
    return {
      rule: d.rule,
      indicator: d.indicator.key,
      value: d.value,
      figures: figuresOf(d),
      reason: `「${d.indicator.group}${d.indicator.name}」填写${why(d)}，${hint}`,
    };
  });
}

/** The engine's side: the same detections over the stored figures, one finding per suspect value. */
export function findAnomalies(context: RuleContext): FindingDetection[] {
  const settings = context.input.settings.anomalies;
  if (!settings.enabled) return [];
  const findings: FindingDetection[] = [];
  for (const unit of context.units) {
    const current = context.current.get(unit.name);
    if (current === undefined) continue;
    const previous = new Map<string, PreviousFigure>();
    const targets = new Map<string, number>();
    for (const indicator of context.indicators) {
      const last = lastFigureBefore(context, context.period.month, unit.name, indicator.key);
      if (last) previous.set(indicator.key, last);
      const target = unitTarget(context, unit.name, indicator.key);
      if (target !== null) targets.set(indicator.key, target);
    }
    const explanations = context.input.explanations?.get(unit.name);
    for (const d of detect({ indicators: context.indicators, values: current, previous, targets, settings })) {
      findings.push(
        detected({ rule: d.rule, unit: unit.name, indicator: d.indicator.key }, () => {
          const explanation = explanations?.get(d.indicator.key) ?? null;
          const confirmed = explanation ? `${unit.name}已确认并说明：${explanation}` : "请核实";
          return {
            severity: settings.severity,
            text: `${unit.name}${d.indicator.group}${d.indicator.name}${why(d)}，数据存疑，${confirmed}。`,
            figures: figuresOf(d),
            explanation,
          };
        }),
      );
    }
  }
  return findings;
}
