// What every rule needs from the input, looked up one way: a unit's figure in a month, its target, its
// rate as the bulletin prints it. Units a rule reports on are always taken in the workspace's order.
import { exactSum, percentHalfUp } from "../decimal.ts";
import { asOfLabel, periodKey, type Period } from "../period.ts";
import { computeRate } from "../rate.ts";
import type { Rate } from "../bulletin/types.ts";
import type { Figures, Indicator, Unit, WorkspaceModel } from "../workspace.ts";
import type { FindingsInput } from "./types.ts";

export interface RuleContext {
  readonly input: FindingsInput;
  readonly workspace: WorkspaceModel;
  readonly period: Period;
  /** the figures of `period`; empty when none are in */
  readonly current: Figures;
  /** 截止4月底 */
  readonly asOf: string;
  /** units in the workspace's order */
  readonly units: readonly Unit[];
  readonly indicators: readonly Indicator[];
  /** the figures of each month of the year up to `period`, by month number (index 0 unused) */
  readonly months: readonly (Figures | undefined)[];
  /** scopeProgress by indicator key, worked out once: several rules ask for it */
  readonly scopeProgress: Map<string, ScopeProgress | null>;
}

const EMPTY: Figures = new Map();

export function makeContext(input: FindingsInput): RuleContext {
  const byPosition = <T extends { position: number }>(items: readonly T[]): T[] => [...items].sort((a, b) => a.position - b.position);
  return {
    input,
    workspace: input.workspace,
    period: input.period,
    current: input.history.get(periodKey(input.period)) ?? EMPTY,
    asOf: asOfLabel(input.period),
    units: byPosition(input.workspace.units),
    indicators: byPosition(input.workspace.indicators),
    months: Array.from({ length: input.period.month + 1 }, (_, month) => (month === 0 ? undefined : input.history.get(periodKey({ year: input.period.year, month })))),
    scopeProgress: new Map(),
  };
}

/** The unit's cumulative figure for the indicator in the given month, or null when not reported. */
export function figureIn(context: RuleContext, month: number, unit: string, key: string): number | null {
  const figures = month >= 1 && month < context.months.length ? context.months[month] : context.input.history.get(periodKey({ year: context.period.year, month }));
  return figures?.get(unit)?.get(key) ?? null;
}

export function currentFigure(context: RuleContext, unit: string, key: string): number | null {
  return context.current.get(unit)?.get(key) ?? null;
}

/** The last figure reported this year before `month` (the month before, or earlier if it was skipped). */
export function lastFigureBefore(context: RuleContext, month: number, unit: string, key: string): { month: number; value: number } | null {
  for (let m = month - 1; m >= 1; m--) {
    const value = figureIn(context, m, unit, key);
    if (value !== null) return { month: m, value };
  }
  return null;
}

/** A positive annual target of the unit, or null: a unit with target 0 or none has no rate. */
export function unitTarget(context: RuleContext, unit: string, key: string): number | null {
  const target = context.input.targets.units.get(key)?.get(unit);
  return target !== undefined && target > 0 ? target : null;
}

export function hasUnitTargets(context: RuleContext, key: string): boolean {
  return context.units.some((unit) => unitTarget(context, unit.name, key) !== null);
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
export function scopeProgress(context: RuleContext, key: string): ScopeProgress | null {
  let progress = context.scopeProgress.get(key);
  if (progress === undefined) context.scopeProgress.set(key, (progress = workOutScopeProgress(context, key)));
  return progress;
}

function workOutScopeProgress(context: RuleContext, key: string): ScopeProgress | null {
  const unitTargets = context.units.map((u) => unitTarget(context, u.name, key)).filter((t): t is number => t !== null);
  const target = context.input.targets.scope.get(key) ?? (unitTargets.length > 0 ? exactSum(unitTargets) : null);
  if (target === null || target <= 0) return null;
  const ownActual = context.input.scopeFigures?.get(key);
  if (ownActual !== undefined) return { target, actual: ownActual };
  const reporting = context.units.filter((u) => unitTarget(context, u.name, key) !== null || currentFigure(context, u.name, key) !== null);
  if (reporting.length === 0) return null;
  const values = reporting.map((u) => currentFigure(context, u.name, key));
  const missingTargetUnit = reporting.some((u, i) => values[i] === null && unitTarget(context, u.name, key) !== null);
  if (missingTargetUnit) return null;
  return { target, actual: exactSum(values.filter((v): v is number => v !== null)) };
}

/** The indicators a rule looks at: the listed ones, or every indicator with unit targets. */
export function selectIndicators(context: RuleContext, keys: readonly string[] | undefined): Indicator[] {
  if (keys) {
    const wanted = new Set(keys);
    return context.indicators.filter((i) => wanted.has(i.key));
  }
  return context.indicators.filter((i) => hasUnitTargets(context, i.key) || context.input.targets.scope.has(i.key));
}
