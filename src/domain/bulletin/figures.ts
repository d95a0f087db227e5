// The numbers of the bulletin: totals, unit rows, rates and ranks, from targets and figures.
import { exactSum } from "../decimal.ts";
import { computeRate } from "../rate.ts";
import type { Figures, Indicator, Ratio, RateStyle, ScopeFigures, Targets, Unit } from "../workspace.ts";
import type { IndicatorResult, RatioResult, UnitIndicatorRow, UnitRatioRow } from "./types.ts";

export function indicatorResult(indicator: Indicator, units: readonly Unit[], targets: Targets, figures: Figures, scopeFigures: ScopeFigures, style: RateStyle): IndicatorResult {
  const unitTargets = targets.units.get(indicator.key);
  const rows: Omit<UnitIndicatorRow, "rank">[] = [];
  for (const unit of units) {
    const target = unitTargets?.get(unit.name) ?? null;
    const actual = figures.get(unit.name)?.get(indicator.key) ?? null;
    if (target === null && actual === null) continue;
    rows.push({ unit: unit.name, target, actual, rate: computeRate(actual, target, style) });
  }
  const target = targets.scope.get(indicator.key) ?? sumOrNull(rows.map((row) => row.target));
  const actual = scopeFigures.get(indicator.key) ?? sumOrNull(rows.map((row) => row.actual));
  return {
    key: indicator.key,
    group: indicator.group,
    name: indicator.name,
    measure: indicator.measure,
    rateName: indicator.rateName,
    total: { target, actual, rate: computeRate(actual, target, style) },
    units: withRanks(rows),
  };
}

export function ratioResult(ratio: Ratio, group: string, numerator: IndicatorResult, denominator: IndicatorResult, units: readonly Unit[], style: RateStyle): RatioResult {
  const numerators = new Map(numerator.units.map((row) => [row.unit, row.actual]));
  const denominators = new Map(denominator.units.map((row) => [row.unit, row.actual]));
  const rows: Omit<UnitRatioRow, "rank">[] = [];
  for (const unit of units) {
    const top = numerators.get(unit.name) ?? null;
    const bottom = denominators.get(unit.name) ?? null;
    if (top === null && bottom === null) continue;
    rows.push({ unit: unit.name, numerator: top, denominator: bottom, rate: computeRate(top, bottom, style) });
  }
  const total = { numerator: numerator.total.actual, denominator: denominator.total.actual };
  return {
    key: ratio.key,
    name: ratio.name,
    group,
    numeratorKey: ratio.numeratorKey,
    denominatorKey: ratio.denominatorKey,
    total: { ...total, rate: computeRate(total.numerator, total.denominator, style) },
    units: withRanks(rows),
  };
}

function sumOrNull(values: readonly (number | null)[]): number | null {
  const present = values.filter((value): value is number => value !== null);
  return present.length === 0 ? null : exactSum(present);
}

/** Competition ranking by rate, highest first: equal rates share a rank (1, 1, 3). */
function withRanks<Row extends { rate: { value: number | null } }>(rows: readonly Row[]): (Row & { rank: number | null })[] {
  const sorted = rows.map((row) => row.rate.value).filter((value): value is number => value !== null).sort((a, b) => b - a);
  const rankOf = new Map<number, number>();
  sorted.forEach((value, index) => {
    if (!rankOf.has(value)) rankOf.set(value, index + 1);
  });
  return rows.map((row) => ({ ...row, rank: row.rate.value === null ? null : rankOf.get(row.rate.value)! }));
}
