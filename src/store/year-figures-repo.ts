// The year's figures as the findings and the bulletin read them: every period of the year up to one,
// each unit's latest revision. The period's own figures come as maps by name, exactly as stored; the
// months before it, which only feed the rules, as tables by position (domain/figures-table.ts), kept in
// the month memo (month-memo-repo.ts) so a bulletin does not read the whole year again.
import { createHash } from "node:crypto";
import type { Db } from "../platform/db/client.ts";
import { sqlOf } from "../platform/db/sql.ts";
import { periodKey, type Period } from "../domain/period.ts";
import type { Figures, ScopeFigures } from "../domain/workspace.ts";
import { FiguresTable, figuresLayout, type FiguresLayout } from "../domain/figures-table.ts";
import { figureValuesSchema } from "./figures-repo.ts";
import { loadFiguresMemos, memoTable, saveFiguresMemo } from "./month-memo-repo.ts";
import type { StoredWorkspace } from "./workspace-repo.ts";

/**
 * A unit's stored figures (a submission's `values`, as JSON.parse gave them) read as a map, without
 * copying them into one: a year of a province's figures is 30,000 such objects, and as Maps they took
 * three times the memory and most of the load's time.
 */
class StoredFigures implements ReadonlyMap<string, number> {
  constructor(private readonly stored: Readonly<Record<string, number>>) {}

  get size(): number {
    return Object.keys(this.stored).length;
  }

  get(key: string): number | undefined {
    return Object.hasOwn(this.stored, key) ? this.stored[key] : undefined;
  }

  has(key: string): boolean {
    return Object.hasOwn(this.stored, key);
  }

  forEach(callback: (value: number, key: string, map: ReadonlyMap<string, number>) => void, thisArg?: unknown): void {
    for (const key in this.stored) callback.call(thisArg, this.stored[key]!, key, this);
  }

  *entries(): MapIterator<[string, number]> {
    for (const key in this.stored) yield [key, this.stored[key]!];
  }

  *keys(): MapIterator<string> {
    for (const key in this.stored) yield key;
  }

  *values(): MapIterator<number> {
    for (const key in this.stored) yield this.stored[key]!;
  }

  [Symbol.iterator](): MapIterator<[string, number]> {
    return this.entries();
  }
}

/** figureValuesSchema.parse without its cost on the common case: a stored object of finite, non-negative numbers. */
function checkedValues(json: unknown): Readonly<Record<string, number>> {
  if (typeof json === "object" && json !== null && !Array.isArray(json) && Object.getPrototypeOf(json) === Object.prototype) {
    const values = json as Record<string, unknown>;
    let isValid = true;
    for (const key in values) {
      const value = values[key];
      if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
        isValid = false;
        break;
      }
    }
    if (isValid) return values as Record<string, number>;
  }
  return figureValuesSchema.parse(json);
}

function storedFiguresOf(json: unknown): ReadonlyMap<string, number> {
  return new StoredFigures(checkedValues(json));
}

export interface PeriodFigures {
  readonly period: Period;
  readonly units: Figures;
  readonly scope: ScopeFigures;
  /** the stored period and what its figures were read at (month-memo-repo.ts); none for a period not stored */
  readonly stored?: { readonly periodId: string; readonly figuresBasis: string };
}

/**
 * The current figures (latest revisions) of every period of the period's year up to and including it.
 *
 * The period's own figures are read as maps, exactly as stored: the bulletin and its attachment tables
 * read them by name. The months before it only feed the rules, so they come as tables by position
 * (figures-table.ts), from the month memo where it was kept on the same basis, else read and kept.
 * A month's basis is the workspace's units and indicators and the period's number of submissions:
 * submissions are only ever added, so any change to a month's figures changes its count.
 */
export async function loadYearFigures(db: Db, workspace: StoredWorkspace, upTo: Period): Promise<PeriodFigures[]> {
  const periods = await db.period.findMany({
    where: { workspaceId: workspace.id, year: upTo.year, month: { lte: upTo.month } },
    orderBy: { month: "asc" },
  });
  // Counted before anything is read: a submission arriving meanwhile leaves a memo that is remade next time.
  const counts = await sqlOf(db).query<{ periodId: string; count: number | bigint }>`
    SELECT s."periodId" AS "periodId", COUNT(*) AS "count"
    FROM "Submission" s JOIN "Period" p ON p."id" = s."periodId"
    WHERE p."workspaceId" = ${workspace.id} AND p."year" = ${upTo.year} AND p."month" <= ${upTo.month}
    GROUP BY s."periodId"`;
  const countOf = new Map(counts.map((row) => [row.periodId, Number(row.count)]));
  const layout = figuresLayout(workspace.model);
  const layoutKey = layoutSignature(workspace, layout);
  const earlier = periods.filter((period) => period.month < upTo.month);
  const memos = await loadFiguresMemos(db, earlier.map((period) => period.id));
  const reader = monthReader(workspace, layout);
  const result: PeriodFigures[] = [];
  for (const period of periods) {
    const figuresBasis = `${FIGURES_FORMAT}:${layoutKey}:${countOf.get(period.id) ?? 0}`;
    const stored = { periodId: period.id, figuresBasis };
    const key = { year: period.year, month: period.month };
    if (period.month === upTo.month) {
      result.push({ period: key, ...reader.asMaps(await monthText(db, period.id)), stored });
      continue;
    }
    const memo = memos.get(period.id);
    const kept = memoTable(memo, figuresBasis, layout);
    if (kept) {
      result.push({ period: key, units: kept, scope: storedFiguresOf(JSON.parse(memo!.scope)), stored });
      continue;
    }
    const read = reader.asTable(await monthText(db, period.id));
    await saveFiguresMemo(db, period.id, figuresBasis, read.units, read.scope);
    result.push({ period: key, ...read, stored });
  }
  return result;
}

/** The way a month is read into a table (monthReader): a change to it must change this, so no memo read the old way is used. */
const FIGURES_FORMAT = "t1";

/**
 * Each unit's latest revision of a period, in plain SQL (the same text on SQLite and PostgreSQL) on
 * the fast path (sql.ts), joined by the database into one JSON array, [["<unit id>", <values>], …]:
 * 3,000 rows mapped one by one cost more than parsing one string. The stored values are JSON text
 * already, so their numbers arrive exactly as written; unit ids are cuids, which need no escaping.
 */
async function monthText(db: Db, periodId: string): Promise<string> {
  const [row] = await sqlOf(db).query<{ units: string | null }>`
    SELECT '[' || string_agg('["' || s."unitId" || '",' || CAST(s."values" AS TEXT) || ']', ',' ORDER BY s."unitId") || ']' AS "units"
    FROM "Submission" s
    WHERE s."periodId" = ${periodId}
      AND s."revision" = (SELECT MAX(s2."revision") FROM "Submission" s2 WHERE s2."periodId" = s."periodId" AND s2."unitId" = s."unitId")`;
  return row?.units ?? "[]";
}

/** Reads a month's JSON (monthText) as maps by name, or into a table by position. */
function monthReader(workspace: StoredWorkspace, layout: FiguresLayout) {
  const unitNames = new Map([...workspace.unitIds].map(([name, id]) => [id, name]));
  const rowOf = new Map(layout.units.map((unit, row) => [workspace.unitIds.get(unit.name), row]));
  const columnOf = new Map(layout.indicators.map((indicator, column) => [indicator.key, column]));
  return {
    asMaps(text: string): { units: Figures; scope: ScopeFigures } {
      const units = new Map<string, ReadonlyMap<string, number>>();
      let scope: ScopeFigures = new Map();
      for (const [unitId, values] of JSON.parse(text) as [string, unknown][]) {
        if (unitId === workspace.scopeUnitId) scope = storedFiguresOf(values);
        else {
          const name = unitNames.get(unitId);
          if (name) units.set(name, storedFiguresOf(values));
        }
      }
      return { units, scope };
    },
    asTable(text: string): { units: FiguresTable; scope: ScopeFigures } {
      const units = new FiguresTable(layout);
      let scope: ScopeFigures = new Map();
      for (const [unitId, values] of JSON.parse(text) as [string, unknown][]) {
        if (unitId === workspace.scopeUnitId) {
          scope = storedFiguresOf(values);
          continue;
        }
        const row = rowOf.get(unitId);
        if (row === undefined) continue;
        const figures = checkedValues(values);
        units.markReported(row);
        for (const key in figures) {
          const column = columnOf.get(key);
          if (column !== undefined) units.set(row, column, figures[key]!);
        }
      }
      return { units, scope };
    },
  };
}

/** The units (their ids, by position), the scope unit and the indicators (by position) a table is laid out on. */
function layoutSignature(workspace: StoredWorkspace, layout: FiguresLayout): string {
  const hash = createHash("sha256");
  hash.update(`${workspace.scopeUnitId ?? ""}\n`);
  for (const unit of layout.units) hash.update(`${workspace.unitIds.get(unit.name) ?? ""}\n`);
  for (const indicator of layout.indicators) hash.update(`${indicator.key}\n`);
  return hash.digest("base64url");
}

export function periodFiguresOf(history: readonly PeriodFigures[], period: Period): PeriodFigures {
  return history.find((entry) => periodKey(entry.period) === periodKey(period)) ?? { period, units: new Map(), scope: new Map() };
}

