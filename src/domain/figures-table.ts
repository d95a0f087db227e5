// A month's unit figures laid out by position: units and indicators in the workspace's order, one
// number per cell, NaN where the unit reported none. The store reads the months before the period
// straight into this form: as 30,000 maps of 30 figures, a province's year was most of the bulletin's
// load time, garbage and memory, and the rules' grid (rules/grid.ts) takes these cells as they are.
import type { Figures, Indicator, Unit, WorkspaceModel } from "./workspace.ts";

/** Units and indicators by position: a unit's row and an indicator's column in a FiguresTable. */
export interface FiguresLayout {
  readonly units: readonly Unit[];
  readonly indicators: readonly Indicator[];
}

export function figuresLayout(workspace: WorkspaceModel): FiguresLayout {
  return { units: byPosition(workspace.units), indicators: byPosition(workspace.indicators) };
}

function byPosition<T extends { readonly position: number }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => a.position - b.position);
}

export class FiguresTable implements Figures {
  /** cells[row * indicators + column]; NaN where the unit reported no figure */
  readonly cells: Float64Array;
  /** by row: 1 where the unit submitted at all (a submission may hold no figure) */
  readonly reported: Uint8Array;

  /** An empty table, or one made of the cells and flags another table had (a kept copy). */
  constructor(
    readonly layout: FiguresLayout,
    kept?: { readonly cells: Float64Array; readonly reported: Uint8Array },
  ) {
    const size = layout.units.length * layout.indicators.length;
    if (kept && (kept.cells.length !== size || kept.reported.length !== layout.units.length)) throw new Error("FiguresTable: kept cells do not fit the layout");
    this.cells = kept ? kept.cells : new Float64Array(size).fill(Number.NaN);
    this.reported = kept ? kept.reported : new Uint8Array(layout.units.length);
  }

  /** Records that the unit at `row` submitted; its figures are then set with `set`. */
  markReported(row: number): void {
    this.reported[row] = 1;
  }

  set(row: number, column: number, value: number): void {
    this.cells[row * this.layout.indicators.length + column] = value;
  }

  /** Whether the table's rows and columns are `layout`'s, so its cells can be read by position. */
  hasLayout(layout: FiguresLayout): boolean {
    if (this.layout === layout) return true;
    const { units, indicators } = this.layout;
    return units.length === layout.units.length && indicators.length === layout.indicators.length && units.every((unit, i) => unit.name === layout.units[i]!.name) && indicators.every((indicator, i) => indicator.key === layout.indicators[i]!.key);
  }

  // Figures (a map of unit name → indicator key → figure), for readers that do not read by position.

  get size(): number {
    return this.reported.reduce((count, flag) => count + flag, 0);
  }

  get(unit: string): ReadonlyMap<string, number> | undefined {
    this.rows ??= new Map(this.layout.units.map((u, row) => [u.name, row]));
    const row = this.rows.get(unit);
    return row !== undefined && this.reported[row] ? this.rowOf(row) : undefined;
  }

  /** unit name → row, made on the first lookup by name */
  private rows: Map<string, number> | undefined;

  has(unit: string): boolean {
    return this.get(unit) !== undefined;
  }

  forEach(callback: (value: ReadonlyMap<string, number>, key: string, map: Figures) => void, thisArg?: unknown): void {
    for (const [unit, figures] of this.entries()) callback.call(thisArg, figures, unit, this);
  }

  *entries(): MapIterator<[string, ReadonlyMap<string, number>]> {
    for (let row = 0; row < this.layout.units.length; row++) if (this.reported[row]) yield [this.layout.units[row]!.name, this.rowOf(row)];
  }

  *keys(): MapIterator<string> {
    for (const [unit] of this.entries()) yield unit;
  }

  *values(): MapIterator<ReadonlyMap<string, number>> {
    for (const [, figures] of this.entries()) yield figures;
  }

  [Symbol.iterator](): MapIterator<[string, ReadonlyMap<string, number>]> {
    return this.entries();
  }

  private rowOf(row: number): ReadonlyMap<string, number> {
    const width = this.layout.indicators.length;
    const figures = new Map<string, number>();
    this.layout.indicators.forEach((indicator, column) => {
      const value = this.cells[row * width + column]!;
      if (!Number.isNaN(value)) figures.set(indicator.key, value);
    });
    return figures;
  }
}
