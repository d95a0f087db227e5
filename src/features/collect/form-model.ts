// What a unit's form shows, as plain data: the indicators it reports, each with its annual target,
// last month's figure, the current value and where the unit stands (rate, the time-proportional
// expectation, its rank). Pure: the handler loads the figures, this decides what to show.
import { formatQuantity } from "../../domain/amount.ts";
import { expectedShare, type Period } from "../../domain/period.ts";
import { computeRate, formatPercent } from "../../domain/rate.ts";
import type { Indicator, RateStyle, Targets } from "../../domain/workspace.ts";
import { distinctNames } from "../../domain/indicator-names.ts";

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
  const hasTask = (indicator: Indicator) => (targets.units.get(indicator.key)?.get(unit) ?? 0) > 0;
  const groupsWithTask = new Set(indicators.filter(hasTask).map((indicator) => indicator.group));
  return indicators.filter((indicator) => {
    // Fixed at import (Indicator.askedOf): a target set later for one unit asks no one else anything new.
    if (indicator.askedOf === "all") return true;
    if (indicator.askedOf === "targeted") return hasTask(indicator);
    if (indicator.askedOf === "group") return groupsWithTask.has(indicator.group);
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
  /** the units' rates from `current`, shared by every card of the period (rankTable); made here without it */
  readonly ranks?: RankTable;
  readonly curve?: readonly number[];
}

/** Every unit's rate on an indicator, highest first. */
export type RankTable = (indicatorKey: string) => Float64Array;

/**
 * The units' rates per indicator, each sorted once when first asked for: a card's rank is then a binary
 * search, where ranking every field against every unit made opening a period for 3,000 units quadratic.
 */
export function rankTable(targets: Targets, current: ReadonlyMap<string, ReadonlyMap<string, number>>, style: RateStyle): RankTable {
  const sorted = new Map<string, Float64Array>();
  return (key) => {
    let rates = sorted.get(key);
    if (!rates) {
      const values: number[] = [];
      const unitTargets = targets.units.get(key);
      for (const [unit, figures] of current) {
        const rate = computeRate(figures.get(key), unitTargets?.get(unit), style);
        if (rate.value !== null) values.push(rate.value);
      }
      rates = Float64Array.from(values).sort().reverse();
      sorted.set(key, rates);
    }
    return rates;
  };
}

/** How many of the rates (highest first) are above `rate`. */
function countAbove(rates: Float64Array, rate: number): number {
  let low = 0;
  let high = rates.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (rates[middle]! > rate) low = middle + 1;
    else high = middle;
  }
  return low;
}

export function formFields(input: FormFieldsInput): FormField[] {
  const share = expectedShare(input.period, input.curve);
  const ranks = input.ranks ?? rankTable(input.targets, input.current, input.style);
  const names = distinctNames(input.indicators);
  return indicatorsForUnit(input.indicators, input.targets, input.unit).map((indicator) => {
    const target = input.targets.units.get(indicator.key)?.get(input.unit) ?? null;
    const current = input.current.get(input.unit)?.get(indicator.key) ?? null;
    return {
      key: indicator.key,
      // 开工 is both 棚户区改造's and 保障性租赁住房's: receipts and notes say which
      name: names.get(indicator.key)!,
      measure: indicator.measure,
      decimals: indicator.decimals,
      label: `${indicator.group} · ${indicator.name}（${indicator.measure}）`,
      target,
      previous: input.previous.get(indicator.key) ?? null,
      current,
      standing: standingOf(indicator, input, ranks, target, current, share),
    };
  });
}

function standingOf(indicator: Indicator, input: FormFieldsInput, ranks: RankTable, target: number | null, current: number | null, share: number): Standing | null {
  const rate = computeRate(current, target, input.style);
  if (rate.value === null || rate.text === null) return null;
  const rates = ranks(indicator.key);
  const expected = share * 100;
  return {
    rate: rate.text,
    expected: formatPercent(Number(expected.toFixed(input.style.digits)), input.style),
    isBehind: rate.value < Number(expected.toFixed(input.style.digits)),
    rank: 1 + countAbove(rates, rate.value),
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
