// The period's figures as stored, before any summing or rounding: the 原始数据 sheet, so an office can
// check the bulletin's totals against what each unit reported.
import type { Figures, ScopeFigures, Targets, WorkspaceModel } from "../../domain/workspace.ts";
import { distinctNames } from "../../domain/indicator-names.ts";

export interface RawFigure {
  /** a unit's name, or the scope word (全市) for a figure or target the office keeps only in total */
  readonly unit: string;
  readonly indicatorKey: string;
  readonly indicatorName: string;
  readonly measure: string;
  /** decimals the indicator accepts on input */
  readonly decimals: number;
  readonly target: number | null;
  readonly actual: number | null;
}

export interface PeriodFigureSet {
  readonly units: Figures;
  readonly scope: ScopeFigures;
}

/** Indicators in the workspace's order, each with its units in order and then the scope's own row. */
export function rawFiguresOf(workspace: WorkspaceModel, targets: Targets, figures: PeriodFigureSet): RawFigure[] {
  const units = [...workspace.units].sort((a, b) => a.position - b.position);
  const rows: RawFigure[] = [];
  const names = distinctNames(workspace.indicators);
  for (const indicator of [...workspace.indicators].sort((a, b) => a.position - b.position)) {
    const base = { indicatorKey: indicator.key, indicatorName: names.get(indicator.key)!, measure: indicator.measure, decimals: indicator.decimals };
    for (const unit of units) {
      const target = targets.units.get(indicator.key)?.get(unit.name) ?? null;
      const actual = figures.units.get(unit.name)?.get(indicator.key) ?? null;
      if (target !== null || actual !== null) rows.push({ ...base, unit: unit.name, target, actual });
    }
    const target = targets.scope.get(indicator.key) ?? null;
    const actual = figures.scope.get(indicator.key) ?? null;
    if (target !== null || actual !== null) rows.push({ ...base, unit: workspace.scope, target, actual });
  }
  return rows;
}
