// The numbers of the bulletin: totals, unit rows, rates and ranks, from targets and figures.
import { exactSum } from "../decimal.ts";
import { computeRate } from "../rate.ts";
import type { Figures, Indicator, Ratio, RateStyle, ScopeFigures, Targets, Unit } from "../workspace.ts";
import type { IndicatorResult, RatioResult, UnitIndicatorRow, UnitRatioRow } from "./types.ts";

/**
 * The units' figures of the period, looked up once per unit (`figures.get(unit)` for each of 3,000
 * units, not for each unit and indicator): what indicatorResult reads.
 */
export function figuresByUnit(units: readonly Unit[], figures: Figures): (ReadonlyMap<string, number> | undefined)[] {
  return units.map((unit) => figures.get(unit.name));
}

export function indicatorResult(
  indicator: Indicator,
  units: readonly Unit[],
  targets: Targets,
  figures: readonly (ReadonlyMap<string, number> | undefined)[],
  scopeFigures: ScopeFigures,
  style: RateStyle,
  partialTotals: "reported" | "withheld" = "reported",
): IndicatorResult {
  const unitTargets = targets.units.get(indicator.key);
  const rows: Mutable<UnitIndicatorRow>[] = [];
  const presentTargets: number[] = [];
  const presentActuals: number[] = [];
  let anyMissing = false;
  units.forEach((unit, u) => {
    const target = unitTargets?.get(unit.name) ?? null;
    const actual = figures[u]?.get(indicator.key) ?? null;
    const reported = (figures[u]?.size ?? 0) > 0;
    if (!reported) anyMissing = true;
    if (target === null && actual === null) return;
    rows.push({ unit: unit.name, target, actual, rate: computeRate(actual, target, style), rank: null });
    // While units are missing the total covers the units that reported, target and figure alike
    // (the bulletin says so): never part of the units against the whole target.
    if (target !== null && reported) presentTargets.push(target);
    if (actual !== null) presentActuals.push(actual);
  });
  const scopeTarget = targets.scope.get(indicator.key);
  const target = scopeTarget ?? sumOrNull(presentTargets);
  // An office's own total is printed only as the office gave it, never made up from the units.
  const actual = scopeFigures.get(indicator.key) ?? (indicator.ownTotal ? null : sumOrNull(presentActuals));
  return {
    key: indicator.key,
    group: indicator.group,
    name: indicator.name,
    measure: indicator.measure,
    rateName: indicator.rateName,
    // An office's own target cannot be split by unit: with units missing its rate is withheld.
    total: { target, actual, rate: computeRate(actual, anyMissing && (scopeTarget !== undefined || partialTotals === "withheld") ? null : target, style) },
    units: ranked(rows),
  };
}

export function ratioResult(ratio: Ratio, group: string, numerator: IndicatorResult, denominator: IndicatorResult, units: readonly Unit[], style: RateStyle): RatioResult {
  const numerators = new Map(numerator.units.map((row) => [row.unit, row.actual]));
  const denominators = new Map(denominator.units.map((row) => [row.unit, row.actual]));
  const rows: Mutable<UnitRatioRow>[] = [];
  for (const unit of units) {
    const top = numerators.get(unit.name) ?? null;
    const bottom = denominators.get(unit.name) ?? null;
    if (top === null && bottom === null) continue;
    rows.push({ unit: unit.name, numerator: top, denominator: bottom, rate: computeRate(top, bottom, style), rank: null });
  }
  const total = { numerator: numerator.total.actual, denominator: denominator.total.actual };
  return {
    key: ratio.key,
    name: ratio.name,
    group,
    numeratorKey: ratio.numeratorKey,
    denominatorKey: ratio.denominatorKey,
    total: { ...total, rate: computeRate(total.numerator, total.denominator, style) },
    units: ranked(rows),
  };
}

function sumOrNull(present: readonly number[]): number | null {
  return present.length === 0 ? null : exactSum(present);
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Competition ranking by rate, highest first: equal rates share a rank (1, 1, 3). The rows are made
 * with rank null and given their rank here, before anyone else sees them (90,000 rows, not copied).
 */
function ranked<Row extends { rate: { value: number | null }; rank: number | null }>(rows: Row[]): Row[] {
  const rates = new Float64Array(rows.length);
  let count = 0;
  rows.forEach((row) => {
    if (row.rate.value !== null) rates[count++] = row.rate.value;
  });
  // A typed array sorts numerically without a comparator (3,000 units per indicator); ascending, so
  // walked from the end a rate's rank is one more than the number of rates above it.
  const sorted = rates.subarray(0, count).sort();
  const rankOf = new Map<number, number>();
  for (let index = count - 1; index >= 0; index--) {
    const rate = sorted[index]!;
    if (!rankOf.has(rate)) rankOf.set(rate, count - index);
  }
  rows.forEach((row) => {
    if (row.rate.value !== null) row.rank = rankOf.get(row.rate.value)!;
  });
  return rows;
}
