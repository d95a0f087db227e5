// Data anomalies (数据存疑): a cumulative figure below the last one, a value many times the target or
// last month's, spend above funds arrived. The same check runs on the card before a submission is
// stored (the contact confirms or corrects) and in the engine over stored figures (the admin sees it).
import { formatQuantity } from "../amount.ts";
import type { Indicator } from "../workspace.ts";
import { currentFigure, figureIn, lastFigureBefore, unitTarget, type RuleContext } from "./context.ts";
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

type Detection = { readonly index: number } & (
  | { readonly rule: "anomaly-decrease"; readonly indicator: Indicator; readonly value: number; readonly previous: PreviousFigure }
  | { readonly rule: "anomaly-spike"; readonly indicator: Indicator; readonly value: number; readonly against: "target"; readonly base: number; readonly multiple: number }
  | { readonly rule: "anomaly-spike"; readonly indicator: Indicator; readonly value: number; readonly against: "previous"; readonly previous: PreviousFigure; readonly multiple: number }
  | { readonly rule: "anomaly-spend-exceeds-funds"; readonly indicator: Indicator; readonly value: number; readonly funds: Indicator; readonly fundsValue: number }
);

/**
 * One unit's figures as the check reads them, by an indicator's index in `indicators`: the card reads
 * them from the submission's maps, the engine from the grid (3,000 units a month, no maps built).
 */
interface CheckedFigures {
  readonly indicators: readonly Indicator[];
  value(index: number): number | undefined;
  /** the last figure before this one's month; previousValue is its value alone (checked for every value) */
  previous(index: number): PreviousFigure | undefined;
  previousValue(index: number): number | undefined;
  target(index: number): number | undefined;
}

/** The spend pairs whose two indicators are both among `indicators`, by index, in the settings' order. */
function spendPairsOf(indicators: readonly Indicator[], settings: AnomalySettings): { spend: number; funds: number }[] {
  const indexOf = (key: string) => indicators.findIndex((i) => i.key === key);
  return settings.spendPairs.map((pair) => ({ spend: indexOf(pair.spend), funds: indexOf(pair.funds) })).filter((pair) => pair.spend >= 0 && pair.funds >= 0);
}

function detect(figures: CheckedFigures, settings: AnomalySettings, spendPairs: readonly { spend: number; funds: number }[]): Detection[] {
  if (!settings.enabled) return [];
  const detections: Detection[] = [];
  figures.indicators.forEach((indicator, index) => {
    const value = figures.value(index);
    if (value === undefined) return;
    const previous = figures.previousValue(index);
    if (settings.decrease && previous !== undefined && value < previous) {
      detections.push({ rule: "anomaly-decrease", index, indicator, value, previous: figures.previous(index)! });
    }
    const target = figures.target(index);
    if (settings.targetMultiple > 0 && target !== undefined && target > 0 && value > settings.targetMultiple * target) {
      detections.push({ rule: "anomaly-spike", index, indicator, value, against: "target", base: target, multiple: value / target });
    } else if (settings.lastMonthMultiple > 0 && previous !== undefined && previous > 0 && value > settings.lastMonthMultiple * previous) {
      detections.push({ rule: "anomaly-spike", index, indicator, value, against: "previous", previous: figures.previous(index)!, multiple: value / previous });
    }
    for (const pair of spendPairs) {
      if (pair.spend !== index) continue;
      const fundsValue = figures.value(pair.funds);
      if (fundsValue !== undefined && value > fundsValue) {
        detections.push({ rule: "anomaly-spend-exceeds-funds", index, indicator, value, funds: figures.indicators[pair.funds]!, fundsValue });
      }
    }
  });
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
  const keyOf = (index: number) => input.indicators[index]!.key;
  const figures: CheckedFigures = {
    indicators: input.indicators,
    value: (index) => input.values.get(keyOf(index)),
    previous: (index) => input.previous.get(keyOf(index)),
    previousValue: (index) => input.previous.get(keyOf(index))?.value,
    target: (index) => input.targets.get(keyOf(index)),
  };
  return detect(figures, input.settings, spendPairsOf(input.indicators, input.settings)).map((d) => {
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
  const spendPairs = spendPairsOf(context.indicators, settings);
  const findings: FindingDetection[] = [];
  context.units.forEach((unit, u) => {
    for (const d of detect(new GridFigures(context, u), settings, spendPairs)) {
      findings.push(
        detected(context, d.rule, u, d.index, () => {
          const explanation = context.input.explanations?.get(unit.name)?.get(d.indicator.key) ?? null;
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
  });
  return findings;
}

/** A unit's figures in the grid, as the check reads them (a class: 3,000 units a month, see finding.ts on keepNames). */
class GridFigures implements CheckedFigures {
  readonly indicators: readonly Indicator[];
  constructor(
    private readonly context: RuleContext,
    private readonly unit: number,
  ) {
    this.indicators = context.indicators;
  }

  value(index: number): number | undefined {
    return currentFigure(this.context, this.unit, index) ?? undefined;
  }

  previous(index: number): PreviousFigure | undefined {
    return lastFigureBefore(this.context, this.context.period.month, this.unit, index) ?? undefined;
  }

  previousValue(index: number): number | undefined {
    for (let month = this.context.period.month - 1; month >= 1; month--) {
      const value = figureIn(this.context, month, this.unit, index);
      if (value !== null) return value;
    }
    return undefined;
  }

  target(index: number): number | undefined {
    return unitTarget(this.context, this.unit, index) ?? undefined;
  }
}
