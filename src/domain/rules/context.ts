// What every rule needs from the input, looked up one way: a unit's figure in a month, its target, its
// rate as the bulletin prints it. Units and indicators are addressed by their index in the grid (the
// workspace's order), so a rule reports on units in that order.
import { exactSum, percentHalfUp } from "../decimal.ts";
import { asOfLabel, type Period } from "../period.ts";
import { computeRate } from "../rate.ts";
import type { Rate } from "../bulletin/types.ts";
import type { Indicator, ScopeFigures, Unit, WorkspaceModel } from "../workspace.ts";
import { cellOf, makeGrid, type FiguresGrid } from "./grid.ts";
import type { FindingsInput } from "./types.ts";

export interface RuleContext {
  readonly input: FindingsInput;
  readonly workspace: WorkspaceModel;
  readonly period: Period;
  readonly grid: FiguresGrid;
  /** the figures of `period` by cell (NaN: not reported); all NaN when none are in */
  readonly current: Float64Array;
  /** the whole scope's own figures in `period` */
  readonly scopeFigures: ScopeFigures | undefined;
  /** 截止4月底 */
  readonly asOf: string;
  /** units in the workspace's order (the grid's) */
  readonly units: readonly Unit[];
  /** indicators in the workspace's order (the grid's) */
  readonly indicators: readonly Indicator[];
  /** ratios in the workspace's order; a ratio's subject index follows the indicators' */
  readonly ratios: WorkspaceModel["ratios"];
  /** unitRates per indicator index, worked out once */
  readonly rates: (Float64Array | undefined)[];
  /** scopeProgress per indicator index, worked out once: several rules ask for it */
  readonly scopeProgress: (ScopeProgress | null | undefined)[];
}

/**
 * The context of one period. `grid` may hold the whole year (findFindingsThroughYear builds it once
 * for every month it judges): rules read only months up to `input.period`.
 */
export function makeContext(input: FindingsInput, grid: FiguresGrid = makeGrid(input.workspace, input.targets, input.history, input.period)): RuleContext {
  const current = grid.months[input.period.month] ?? new Float64Array(grid.targets.length).fill(Number.NaN);
  return {
    input,
    workspace: input.workspace,
    period: input.period,
    grid,
    current,
    scopeFigures: input.scopeFigures,
    asOf: asOfLabel(input.period, input.workspace.bulletin.asOfWord),
    units: grid.units,
    indicators: grid.indicators,
    ratios: [...input.workspace.ratios].sort((a, b) => a.position - b.position),
    rates: [],
    scopeProgress: [],
  };
}

/** The unit's cumulative figure for the indicator in the given month of the year, or null when not reported. */
export function figureIn(context: RuleContext, month: number, unit: number, indicator: number): number | null {
  if (month < 1 || month > context.period.month) return null;
  const value = context.grid.months[month]?.[cellOf(context.grid, unit, indicator)];
  return value === undefined || Number.isNaN(value) ? null : value;
}

export function currentFigure(context: RuleContext, unit: number, indicator: number): number | null {
  const value = context.current[cellOf(context.grid, unit, indicator)]!;
  return Number.isNaN(value) ? null : value;
}

/** The last figure reported this year before `month` (the month before, or earlier if it was skipped). */
export function lastFigureBefore(context: RuleContext, month: number, unit: number, indicator: number): { month: number; value: number } | null {
  for (let m = month - 1; m >= 1; m--) {
    const value = figureIn(context, m, unit, indicator);
    if (value !== null) return { month: m, value };
  }
  return null;
}

/** A positive annual target of the unit, or null: a unit with target 0 or none has no rate. */
export function unitTarget(context: RuleContext, unit: number, indicator: number): number | null {
  const target = context.grid.targets[cellOf(context.grid, unit, indicator)]!;
  return target > 0 ? target : null;
}

function hasUnitTargets(context: RuleContext, indicator: number): boolean {
  for (let u = 0; u < context.units.length; u++) if (unitTarget(context, u, indicator) !== null) return true;
  return false;
}

export function rateOf(context: RuleContext, numerator: number | null, denominator: number | null): Rate {
  return computeRate(numerator, denominator, context.workspace.rate);
}

/** rateOf's value alone, without its text: what a rule compares before it knows there is a finding. */
export function rateValueOf(context: RuleContext, numerator: number | null, denominator: number | null): number | null {
  if (numerator === null || denominator === null || denominator <= 0 || numerator < 0) return null;
  return percentHalfUp(numerator, denominator, context.workspace.rate.digits);
}

/** Percentage points as the text prints them: 8.39, never 8.390000000001. */
export function formatPoints(points: number, digits: number): string {
  return Number(points.toFixed(digits)).toString();
}

/** A unit's (or the whole scope's) progress on an indicator against its annual target. */
export interface Progress {
  /** the unit's name, or the scope word (全市) */
  readonly who: string;
  readonly level: "unit" | "scope";
  /** the unit's index, or -1 for the scope */
  readonly unit: number;
  readonly target: number;
  readonly actual: number;
  /** the rate as the bulletin prints it (rateValueOf), null when there is none */
  readonly rate: number | null;
}

/** A progress rule's test: a unit's (or the scope's) rate, actual and target. */
export type ProgressTest = (rate: number | null, actual: number, target: number) => boolean;

/**
 * The units (-1 for the scope, first, when asked) whose progress on the indicator `holds`: those with
 * a positive target and a reported figure, and the scope when its progress is known. Only indices:
 * a province has some 70,000 progresses a month, and the rules name thousands of them.
 */
export function unitsWhere(context: RuleContext, indicator: number, withScope: boolean, holds: ProgressTest): number[] {
  const units: number[] = [];
  const scope = withScope ? scopeProgress(context, indicator) : null;
  if (scope && holds(rateValueOf(context, scope.actual, scope.target), scope.actual, scope.target)) units.push(-1);
  const rates = unitRates(context, indicator);
  for (let u = 0; u < context.units.length; u++) {
    const target = unitTarget(context, u, indicator);
    const actual = currentFigure(context, u, indicator);
    if (target === null || actual === null) continue;
    const rate = rates[u]!;
    if (holds(Number.isNaN(rate) ? null : rate, actual, target)) units.push(u);
  }
  return units;
}

/** The units (-1 for the scope, first, when asked) whose rate on the indicator is below `limit`: unitsWhere for a rate test, in one pass over the rates. */
export function unitsBelowRate(context: RuleContext, indicator: number, withScope: boolean, limit: number): number[] {
  const units: number[] = [];
  const scope = withScope ? scopeProgress(context, indicator) : null;
  const scopeRate = scope ? rateValueOf(context, scope.actual, scope.target) : null;
  if (scopeRate !== null && scopeRate < limit) units.push(-1);
  // A unit has a rate only with a positive target and a reported figure; NaN (none) is below nothing.
  const rates = unitRates(context, indicator);
  for (let u = 0; u < rates.length; u++) if (rates[u]! < limit) units.push(u);
  return units;
}

/** The units with a positive target whose figure on the indicator is 0: unitsWhere for zero progress, in one pass. */
export function unitsAtZero(context: RuleContext, indicator: number): number[] {
  const units: number[] = [];
  for (let u = 0; u < context.units.length; u++) {
    if (context.current[cellOf(context.grid, u, indicator)] === 0 && unitTarget(context, u, indicator) !== null) units.push(u);
  }
  return units;
}

/** The progress of a unit (-1: the scope) that unitsWhere gave, for a finding's wording. */
export function progressAt(context: RuleContext, unit: number, indicator: number): Progress {
  if (unit < 0) {
    const scope = scopeProgress(context, indicator)!;
    return { who: context.workspace.scope, level: "scope", unit, target: scope.target, actual: scope.actual, rate: rateValueOf(context, scope.actual, scope.target) };
  }
  const rate = unitRates(context, indicator)[unit]!;
  return { who: context.units[unit]!.name, level: "unit", unit, target: unitTarget(context, unit, indicator)!, actual: currentFigure(context, unit, indicator)!, rate: Number.isNaN(rate) ? null : rate };
}

/** Each unit's rate on the indicator (rateValueOf; NaN for none), worked out once a month: four rules compare it. */
function unitRates(context: RuleContext, indicator: number): Float64Array {
  let rates = context.rates[indicator];
  if (rates === undefined) {
    rates = context.rates[indicator] = new Float64Array(context.units.length);
    for (let u = 0; u < context.units.length; u++) rates[u] = rateValueOf(context, currentFigure(context, u, indicator), unitTarget(context, u, indicator)) ?? Number.NaN;
  }
  return rates;
}

export interface ScopeProgress {
  readonly target: number;
  readonly actual: number;
}

/**
 * The whole scope's target and actual for an indicator, or null when it cannot be known yet: the
 * scope's own target (or the sum of the units'), against the scope's own figure (or the sum of the
 * units' figures, only once every unit with a target has reported, so a late unit does not make the
 * scope look behind).
 */
export function scopeProgress(context: RuleContext, indicator: number): ScopeProgress | null {
  let progress = context.scopeProgress[indicator];
  if (progress === undefined) context.scopeProgress[indicator] = progress = workOutScopeProgress(context, indicator);
  return progress;
}

function workOutScopeProgress(context: RuleContext, indicator: number): ScopeProgress | null {
  const key = context.indicators[indicator]!.key;
  const target = context.input.targets.scope.get(key) ?? context.grid.targetTotals[indicator] ?? null;
  if (target === null || target <= 0) return null;
  const ownActual = context.scopeFigures?.get(key);
  if (ownActual !== undefined) return { target, actual: ownActual };
  const values: number[] = [];
  let isReporting = false;
  for (let u = 0; u < context.units.length; u++) {
    const hasTarget = unitTarget(context, u, indicator) !== null;
    const value = currentFigure(context, u, indicator);
    if (!hasTarget && value === null) continue;
    isReporting = true;
    // A unit with a target that has not reported yet: the scope's actual is not known.
    if (value === null) return null;
    values.push(value);
  }
  if (!isReporting) return null;
  return { target, actual: exactSum(values) };
}

/** The indicators a rule looks at, by index: the listed ones, or every indicator with unit or scope targets. */
export function selectIndicators(context: RuleContext, keys: readonly string[] | undefined): number[] {
  const selected: number[] = [];
  const wanted = keys ? new Set(keys) : null;
  context.indicators.forEach((indicator, i) => {
    if (wanted ? wanted.has(indicator.key) : hasUnitTargets(context, i) || context.input.targets.scope.has(indicator.key)) selected.push(i);
  });
  return selected;
}
