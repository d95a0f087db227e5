// What a unit's form shows, as plain data: the indicators it reports, each with its annual target,
// last month's figure, the current value and where the unit stands (rate, the time-proportional
// expectation, its rank). Pure: the handler loads the figures, this decides what to show.
import { formatQuantity } from "../../domain/amount.ts";
import { expectedShare, type Period } from "../../domain/period.ts";
import { computeRate, formatPercent } from "../../domain/rate.ts";
import type { Indicator, RateStyle, Targets } from "../../domain/workspace.ts";

export interface Standing {
  /** the unit's rate, e.g. "85.2%" */
  readonly rate: string;
  /** the share of the target expected by now, e.g. "83.3%" */
  readonly expected: string;
  readonly isBehind: boolean;
  /** 1-based rank among the units with a rate, and how many there are */
  readonly rank: number;
  readonly of: number;
}

export interface FormField {
  readonly key: string;
  readonly name: string;
  readonly measure: string;
  readonly decimals: number;
  /** 开工（户） */
  readonly label: string;
  readonly target: number | null;
  readonly previous: { readonly month: number; readonly value: number } | null;
  readonly current: number | null;
  readonly standing: Standing | null;
}

/** The indicators a unit reports: those it has a target for, and those nobody has unit targets for. */
export function indicatorsForUnit(indicators: readonly Indicator[], targets: Targets, unit: string): Indicator[] {
  const groupsWithTask = new Set(indicators.filter((indicator) => (targets.units.get(indicator.key)?.get(unit) ?? 0) > 0).map((indicator) => indicator.group));
  return indicators.filter((indicator) => {
    const unitTargets = targets.units.get(indicator.key);
    if (unitTargets && unitTargets.size > 0) return (unitTargets.get(unit) ?? 0) > 0;
    // No unit has a target for it (到位资金, or investment planned only for the whole scope): the units
    // of a program that has tasks report it; a program without unit tasks is reported by every unit.
    const groupHasUnitTargets = indicators.some((other) => other.group === indicator.group && (targets.units.get(other.key)?.size ?? 0) > 0);
    return !groupHasUnitTargets || groupsWithTask.has(indicator.group);
  });
}

export interface FormFieldsInput {
  readonly indicators: readonly Indicator[];
  readonly targets: Targets;
  readonly unit: string;
  readonly period: Period;
  readonly style: RateStyle;
  /** the unit's last figures earlier this year */
  readonly previous: ReadonlyMap<string, { month: number; value: number }>;
  /** every unit's current figures this period (for the rank) */
  readonly current: ReadonlyMap<string, ReadonlyMap<string, number>>;
  readonly curve?: readonly number[];
}

export function formFields(input: FormFieldsInput): FormField[] {
  const share = expectedShare(input.period, input.curve);
  return indicatorsForUnit(input.indicators, input.targets, input.unit).map((indicator) => {
    const target = input.targets.units.get(indicator.key)?.get(input.unit) ?? null;
    const current = input.current.get(input.unit)?.get(indicator.key) ?? null;
    return {
      key: indicator.key,
      name: indicator.name,
      measure: indicator.measure,
      decimals: indicator.decimals,
      label: `${indicator.group} · ${indicator.name}（${indicator.measure}）`,
      target,
      previous: input.previous.get(indicator.key) ?? null,
      current,
      standing: standingOf(indicator, input, target, current, share),
    };
  });
}

function standingOf(indicator: Indicator, input: FormFieldsInput, target: number | null, current: number | null, share: number): Standing | null {
  const rate = computeRate(current, target, input.style);
  if (rate.value === null || rate.text === null) return null;
  const rates: number[] = [];
  for (const [unit, figures] of input.current) {
    const other = computeRate(figures.get(indicator.key), input.targets.units.get(indicator.key)?.get(unit), input.style);
    if (other.value !== null) rates.push(other.value);
  }
  const expected = share * 100;
  return {
    rate: rate.text,
    expected: formatPercent(Number(expected.toFixed(input.style.digits)), input.style),
    isBehind: rate.value < Number(expected.toFixed(input.style.digits)),
    rank: 1 + rates.filter((other) => other > rate.value!).length,
    of: rates.length,
  };
}

/** The hint inside an empty field: 年度任务 3032户，截至11月 2800户 */
export function fieldPlaceholder(field: FormField): string {
  const parts: string[] = [];
  if (field.target !== null) parts.push(`年度任务${formatQuantity(field.target, field.measure)}`);
  if (field.previous) parts.push(`截至${field.previous.month}月${formatQuantity(field.previous.value, field.measure)}`);
  parts.push(field.decimals === 0 ? "填整数" : `最多${field.decimals}位小数`);
  return parts.join("，");
}
