// The year's unit figures and targets indexed by position, built once per compile. Every rule reads a
// unit's figure or target by (unit, indicator) position from flat arrays: at 3,000 units × 30
// indicators × 10 months, looking names up in nested maps was most of the engine's time.
import { exactSum } from "../decimal.ts";
import { FiguresTable, figuresLayout } from "../figures-table.ts";
import { periodKey, type Period } from "../period.ts";
import type { Figures, Indicator, Targets, Unit, WorkspaceModel } from "../workspace.ts";

export interface FiguresGrid {
  /** units in the workspace's order: a unit's index is its place here */
  readonly units: readonly Unit[];
  /** indicators in the workspace's order: an indicator's index is its place here */
  readonly indicators: readonly Indicator[];
  readonly unitIndex: ReadonlyMap<string, number>;
  readonly indicatorIndex: ReadonlyMap<string, number>;
  /** each unit's annual target, at cellOf(grid, unit, indicator); NaN where it has none */
  readonly targets: Float64Array;
  /** by indicator: the exact total of the units' positive targets, null when none has one */
  readonly targetTotals: readonly (number | null)[];
  /**
   * Each month's figures by month number (index 0 unused), at cellOf(grid, unit, indicator); NaN where
   * the unit reported none. A month without figures at all is undefined: it is not judged, which is
   * not the same as a month judged with every unit missing.
   */
  readonly months: readonly (Float64Array | undefined)[];
}

export function cellOf(grid: FiguresGrid, unit: number, indicator: number): number {
  return unit * grid.indicators.length + indicator;
}

/** The figures of `year` from January to `upTo`'s month, and the targets, laid out by position. */
export function makeGrid(workspace: WorkspaceModel, targets: Targets, history: ReadonlyMap<string, Figures>, upTo: Period): FiguresGrid {
  const layout = figuresLayout(workspace);
  const { units, indicators } = layout;
  const unitIndex = new Map(units.map((unit, index) => [unit.name, index]));
  const indicatorIndex = new Map(indicators.map((indicator, index) => [indicator.key, index]));
  const size = units.length * indicators.length;
  const grid = { units, indicators, unitIndex, indicatorIndex, targets: new Float64Array(size).fill(Number.NaN), targetTotals: [] as (number | null)[], months: [] as (Float64Array | undefined)[] };
  // forEach, not for…of: iterating a map of maps that way allocates an entry for each of a province's
  // 900,000 figures.
  targets.units.forEach((byUnit, key) => {
    const i = indicatorIndex.get(key);
    if (i === undefined) return;
    byUnit.forEach((value, unit) => {
      const u = unitIndex.get(unit);
      if (u !== undefined) grid.targets[cellOf(grid, u, i)] = value;
    });
  });
  indicators.forEach((_indicator, i) => {
    const positive: number[] = [];
    for (let u = 0; u < units.length; u++) {
      const target = grid.targets[cellOf(grid, u, i)]!;
      if (target > 0) positive.push(target);
    }
    grid.targetTotals.push(positive.length > 0 ? exactSum(positive) : null);
  });
  for (let month = 0; month <= upTo.month; month++) {
    const figures = month === 0 ? undefined : history.get(periodKey({ year: upTo.year, month }));
    if (figures === undefined) {
      grid.months.push(undefined);
      continue;
    }
    // A month the store read by position is taken as it is (the grid only reads it).
    if (figures instanceof FiguresTable && figures.hasLayout(layout)) {
      grid.months.push(figures.cells);
      continue;
    }
    const cells = new Float64Array(size).fill(Number.NaN);
    // Each unit's figure of each indicator looked up by key: units and indicators the workspace does not
    // know are left out (no rule reports on them).
    units.forEach((unit, u) => {
      const values = figures.get(unit.name);
      if (values === undefined) return;
      for (let i = 0; i < indicators.length; i++) {
        const value = values.get(indicators[i]!.key);
        if (value !== undefined) cells[cellOf(grid, u, i)] = value;
      }
    });
    grid.months.push(cells);
  }
  return grid;
}
