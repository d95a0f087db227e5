// Periods and the units' submissions. A submission is a revision: never updated, never deleted. The
// latest revision of a unit is its current figures; a new revision is written only when something
// differs, so a replayed import or a double-clicked submit stores nothing new.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "../platform/db/client.ts";
import type { FigureRow } from "../import/figures-csv.ts";
import { parsePeriod, type Period } from "../domain/period.ts";
import type { ScopeFigures } from "../domain/workspace.ts";
import { contradictedTotals, type TotalContradiction } from "../domain/bulletin/scope-totals.ts";
import type { StoredWorkspace } from "./workspace-repo.ts";
import { canonicalJson } from "./json.ts";
import { isUniqueViolation } from "./event-repo.ts";
import { sqlOf } from "../platform/db/sql.ts";
import { insertRows, jsonText } from "./bulk-insert.ts";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export const figureValuesSchema = z.record(z.string(), z.number().finite().nonnegative());
export const explanationsSchema = z.record(z.string(), z.string());

export type PeriodState = "draft" | "open" | "locked";

export class PeriodLocked extends Error {
  constructor(readonly period: string) {
    super(`${period} 填报期已锁定，不能再修改数据；如需更正，请管理员先解锁`);
    this.name = "PeriodLocked";
  }
}

/** A whole-scope figure that the units' figures, as they would stand after the import, contradict. */
export class ScopeTotalContradicted extends Error {
  constructor(
    readonly period: string,
    readonly contradictions: readonly TotalContradiction[],
  ) {
    super(`${period} 全范围合计数与各单位之和不一致`);
    this.name = "ScopeTotalContradicted";
  }
}

export async function ensurePeriod(db: Db | Tx, workspaceId: string, period: Period) {
  return db.period.upsert({
    where: { workspaceId_year_month: { workspaceId, year: period.year, month: period.month } },
    create: { workspaceId, year: period.year, month: period.month, state: "open" },
    update: {},
  });
}

export interface RevisionInput {
  readonly periodId: string;
  readonly unitId: string;
  readonly values: Readonly<Record<string, number>>;
  readonly explanations: Readonly<Record<string, string>>;
  readonly remarks: string | null;
  readonly source: "card" | "import" | "command";
  readonly submittedBy: string;
  readonly submittedAt: Date;
  readonly isLate: boolean;
}

export interface LatestRevision {
  readonly revision: number;
  readonly values: Record<string, number>;
  readonly explanations: Record<string, string>;
  readonly remarks: string | null;
}

/** When the unit first reported for the period, or null: a later revision after the deadline is a correction if this was on time. */
export async function firstSubmittedAt(db: Db, periodId: string, unitId: string): Promise<Date | null> {
  const row = await db.submission.findFirst({ where: { periodId, unitId }, orderBy: { revision: "asc" }, select: { submittedAt: true } });
  return row?.submittedAt ?? null;
}

export async function latestRevision(db: Db | Tx, periodId: string, unitId: string): Promise<LatestRevision | null> {
  const row = await db.submission.findFirst({ where: { periodId, unitId }, orderBy: { revision: "desc" } });
  if (!row) return null;
  return { revision: row.revision, values: figureValuesSchema.parse(row.values), explanations: explanationsSchema.parse(row.explanations), remarks: row.remarks };
}

export interface ImportFiguresSummary {
  readonly periods: readonly string[];
  readonly revisions: number;
  readonly unchanged: number;
}

/** Every unit's latest revision in a period. */
async function latestRevisionsOf(db: Db | Tx, periodId: string): Promise<Map<string, LatestRevision>> {
  const rows = await db.submission.findMany({ where: { periodId }, orderBy: [{ unitId: "asc" }, { revision: "asc" }], select: { unitId: true, revision: true, values: true, explanations: true, remarks: true } });
  const latest = new Map<string, (typeof rows)[number]>();
  for (const row of rows) latest.set(row.unitId, row);
  return new Map([...latest].map(([unitId, row]) => [unitId, { revision: row.revision, values: figureValuesSchema.parse(row.values), explanations: explanationsSchema.parse(row.explanations), remarks: row.remarks }]));
}

/** The period's figures as the import would leave them, checked for whole-scope totals that do not add up. */
function contradictionsAfter(workspace: StoredWorkspace, latestByUnit: ReadonlyMap<string, { readonly values: Record<string, number> }>, fileUnits: ReadonlyMap<string, Record<string, number>>): TotalContradiction[] {
  const scopeId = workspace.scopeUnitId;
  const scope = new Map(Object.entries({ ...latestByUnit.get(scopeId)?.values, ...fileUnits.get(scopeId) }));
  if (scope.size === 0) return [];
  const figures: Map<string, ReadonlyMap<string, number>> = new Map();
  for (const [name, unitId] of workspace.unitIds) {
    if (unitId === scopeId) continue;
    const values = { ...latestByUnit.get(unitId)?.values, ...fileUnits.get(unitId) };
    if (Object.keys(values).length > 0) figures.set(name, new Map(Object.entries(values)));
  }
  return contradictedTotals(workspace.model, figures, scope);
}

/** Stores a figures file: one revision per (period, unit) whose figures change. All or nothing. */
export async function importFigures(db: Db, workspace: StoredWorkspace, rows: readonly FigureRow[], submittedBy: string, now: Date): Promise<ImportFiguresSummary> {
  const byPeriodUnit = new Map<string, Map<string, Record<string, number>>>();
  for (const row of rows) {
    let units = byPeriodUnit.get(row.period);
    if (!units) byPeriodUnit.set(row.period, (units = new Map()));
    const unitId = row.unit === workspace.model.scope ? workspace.scopeUnitId : workspace.unitIds.get(row.unit);
    if (!unitId) throw new Error(`单位“${row.unit}”不存在`);
    const values = units.get(unitId) ?? {};
    values[row.indicator] = row.value;
    units.set(unitId, values);
  }
  // A file of 3,000 units × 10 months is 30,000 (period, unit) pairs: read every pair's latest
  // revision with one query per period and insert the new revisions in batches, not three queries a pair.
  const summary = await db.$transaction(
    async (tx) => {
      let revisions = 0;
      let unchanged = 0;
      for (const [key, units] of byPeriodUnit) {
        const period = await ensurePeriod(tx, workspace.id, parsePeriod(key));
        if (period.state === "locked") throw new PeriodLocked(key);
        const latestByUnit = await latestRevisionsOf(tx, period.id);
        const rows: unknown[][] = [];
        for (const [unitId, fileValues] of units) {
          const latest = latestByUnit.get(unitId) ?? null;
          const values = { ...latest?.values, ...fileValues };
          // An explanation belongs to the value it explained; a changed value loses it.
          const explanations = Object.fromEntries(Object.entries(latest?.explanations ?? {}).filter(([indicator]) => latest?.values[indicator] === values[indicator]));
          const remarks = latest?.remarks ?? null;
          if (latest && canonicalJson(latest.values) === canonicalJson(values) && canonicalJson(latest.explanations) === canonicalJson(explanations)) {
            unchanged++;
            continue;
          }
          rows.push([period.id, unitId, (latest?.revision ?? 0) + 1, jsonText(values), jsonText(explanations), remarks, "import", submittedBy, now, false]);
          revisions++;
        }
        const contradictions = contradictionsAfter(workspace, latestByUnit, units);
        if (contradictions.length > 0) throw new ScopeTotalContradicted(key, contradictions);
        // The unique (periodId, unitId, revision) constraint still refuses a concurrent writer.
        await insertRows(tx, "Submission", ["periodId", "unitId", "revision", "values", "explanations", "remarks", "source", "submittedBy", "submittedAt", "isLate"], rows);
      }
      return { periods: [...byPeriodUnit.keys()].sort(), revisions, unchanged };
    },
    { timeout: 120_000 },
  );
  currentFiguresByClient.delete(db);
  return summary;
}

/** The current figures (latest revision per unit) of one period, and who has submitted. */
export async function loadPeriodFigures(db: Db, workspace: StoredWorkspace, periodId: string): Promise<{ units: Map<string, ReadonlyMap<string, number>>; scope: ScopeFigures; submitted: Map<string, { revision: number; submittedAt: Date; isLate: boolean }> }> {
  const rows = await db.submission.findMany({ where: { periodId }, orderBy: [{ unitId: "asc" }, { revision: "asc" }], select: { unitId: true, values: true, revision: true, submittedAt: true, isLate: true, source: true } });
  const unitNames = new Map([...workspace.unitIds].map(([name, id]) => [id, name]));
  const units = new Map<string, ReadonlyMap<string, number>>();
  const submitted = new Map<string, { revision: number; submittedAt: Date; isLate: boolean }>();
  let scope: ScopeFigures = new Map();
  for (const row of rows) {
    const values = new Map(Object.entries(figureValuesSchema.parse(row.values)));
    if (row.unitId === workspace.scopeUnitId) {
      scope = values;
      continue;
    }
    const name = unitNames.get(row.unitId);
    if (!name) continue;
    units.set(name, values);
    submitted.set(name, { revision: row.revision, submittedAt: row.submittedAt, isLate: row.isLate });
  }
  return { units, scope, submitted };
}

// ── the card's hot path ──────────────────────────────────────────────────────────────────────────
// A card submission must be answered well inside the platform's 3 s, with 50 contacts submitting at
// once. These reads are plain SQL (the same text on SQLite and PostgreSQL): Prisma's query compiler
// costs more per query than the database does here.

/** A JSON column as read by $queryRaw: text on SQLite, already parsed on PostgreSQL. */
function jsonColumn(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : value;
}

export interface UnitFigures {
  /** the unit's last figure of each indicator earlier in the year, with its month */
  readonly previous: Map<string, { month: number; value: number }>;
  /** the unit's latest revision in the period itself */
  readonly latest: LatestRevision | null;
}

/** One unit's figures for a period's form, in one query: earlier months' latest values and this month's latest revision. */
export async function loadUnitFigures(db: Db, workspaceId: string, unitId: string, period: Period): Promise<UnitFigures> {
  const rows = await sqlOf(db).query<{ month: number | bigint; revision: number | bigint; values: unknown; explanations: unknown; remarks: string | null }>`
    SELECT p."month" AS "month", s."revision" AS "revision", s."values" AS "values", s."explanations" AS "explanations", s."remarks" AS "remarks"
    FROM "Submission" s JOIN "Period" p ON p."id" = s."periodId"
    WHERE s."unitId" = ${unitId} AND p."workspaceId" = ${workspaceId} AND p."year" = ${period.year} AND p."month" <= ${period.month}
      AND s."revision" = (SELECT MAX(s2."revision") FROM "Submission" s2 WHERE s2."periodId" = s."periodId" AND s2."unitId" = s."unitId")
    ORDER BY p."month" ASC`;
  const previous = new Map<string, { month: number; value: number }>();
  let latest: LatestRevision | null = null;
  for (const row of rows) {
    const month = Number(row.month);
    const values = figureValuesSchema.parse(jsonColumn(row.values));
    if (month === period.month) {
      latest = { revision: Number(row.revision), values, explanations: explanationsSchema.parse(jsonColumn(row.explanations)), remarks: row.remarks };
      continue;
    }
    // Later months overwrite earlier ones: the result is the last figure of each indicator.
    for (const [key, value] of Object.entries(values)) previous.set(key, { month, value });
  }
  return { previous, latest };
}

/**
 * Every unit's current figures in a period, by unit name, for the rank shown on a unit's card. Kept in
 * this process for a few seconds and updated by this process's own writes: a rank that lags another
 * instance's submission by a moment is harmless (it is shown, never stored or checked), while
 * re-reading every unit's figures on every submission is not, at 3,000 units.
 */
export async function loadCurrentFigures(db: Db, workspace: StoredWorkspace, periodId: string, now = Date.now()): Promise<ReadonlyMap<string, ReadonlyMap<string, number>>> {
  let cache = currentFiguresByClient.get(db);
  if (!cache) currentFiguresByClient.set(db, (cache = new Map()));
  const cached = cache.get(periodId);
  if (cached && cached.workspace === workspace && now - cached.readAt < CURRENT_FIGURES_TTL_MS) return cached.units;
  const rows = await sqlOf(db).query<{ unitId: string; values: unknown }>`
    SELECT s."unitId" AS "unitId", s."values" AS "values" FROM "Submission" s
    WHERE s."periodId" = ${periodId}
      AND s."revision" = (SELECT MAX(s2."revision") FROM "Submission" s2 WHERE s2."periodId" = s."periodId" AND s2."unitId" = s."unitId")`;
  const unitNames = new Map([...workspace.unitIds].map(([name, id]) => [id, name]));
  const units = new Map<string, ReadonlyMap<string, number>>();
  for (const row of rows) {
    const name = row.unitId === workspace.scopeUnitId ? undefined : unitNames.get(row.unitId);
    if (name) units.set(name, new Map(Object.entries(figureValuesSchema.parse(jsonColumn(row.values)))));
  }
  cache.set(periodId, { workspace, readAt: now, units });
  return units;
}

const CURRENT_FIGURES_TTL_MS = 3_000;
const currentFiguresByClient = new WeakMap<Db, Map<string, { workspace: StoredWorkspace; readAt: number; units: Map<string, ReadonlyMap<string, number>> }>>();

function rememberOwnWrite(db: Db, periodId: string, unitId: string, values: Readonly<Record<string, number>>): void {
  const cache = currentFiguresByClient.get(db);
  const cached = cache?.get(periodId);
  if (!cache || !cached) return;
  // A new map, not the old one changed: callers may keep what they derived from a map (the cards' rank
  // table) for as long as they hold the same map.
  const units = new Map(cached.units);
  for (const [name, id] of cached.workspace.unitIds) {
    if (id === unitId && id !== cached.workspace.scopeUnitId) units.set(name, new Map(Object.entries(values)));
  }
  cache.set(periodId, { ...cached, units });
}

export type CardRevisionResult =
  | { readonly stored: true; readonly revision: number | null }
  /** `locked`: the period was locked (published) before the insert; otherwise the revision number was taken */
  | { readonly stored: false; readonly locked?: true };

/**
 * Appends a revision on top of `seen`, the latest revision the caller read, unless it changes nothing.
 * No interactive transaction: the unique (periodId, unitId, revision) constraint refuses the insert if
 * anyone wrote after `seen` (the next number is taken), and the caller re-reads and tries again. So a
 * change is stored exactly once, never over a revision the caller has not compared against.
 */
export async function appendRevisionAfter(db: Db, seen: LatestRevision | null, input: RevisionInput): Promise<CardRevisionResult> {
  if (
    seen &&
    canonicalJson(seen.values) === canonicalJson(input.values) &&
    canonicalJson(seen.explanations) === canonicalJson(input.explanations) &&
    (seen.remarks ?? null) === (input.remarks ?? null)
  ) {
    return { stored: true, revision: null };
  }
  const revision = (seen?.revision ?? 0) + 1;
  try {
    // JSON goes in as text: SQLite stores it so, PostgreSQL casts the untyped parameter to jsonb.
    await sqlOf(db).execute`
      INSERT INTO "Submission" ("id", "periodId", "unitId", "revision", "values", "explanations", "remarks", "source", "submittedBy", "submittedAt", "isLate")
      VALUES (${randomUUID()}, ${input.periodId}, ${input.unitId}, ${revision}, ${JSON.stringify(input.values)}, ${JSON.stringify(input.explanations)}, ${input.remarks}, ${input.source}, ${input.submittedBy}, ${input.submittedAt}, ${input.isLate})`;
  } catch (error) {
    if (isUniqueViolation(error)) return { stored: false };
    if (isPeriodLockedRefusal(error)) return { stored: false, locked: true };
    throw error;
  }
  rememberOwnWrite(db, input.periodId, input.unitId, input.values);
  return { stored: true, revision };
}

/**
 * The database's refusal to store a submission into a locked period (the trigger of migration
 * submission_period_not_locked): raised with the message PERIOD_LOCKED on both databases.
 */
export function isPeriodLockedRefusal(error: unknown): boolean {
  for (let cause: unknown = error, depth = 0; cause && depth < 5; depth++) {
    const { message, cause: next, meta } = cause as { message?: unknown; cause?: unknown; meta?: unknown };
    if (typeof message === "string" && message.includes("PERIOD_LOCKED")) return true;
    if (meta !== undefined && JSON.stringify(meta).includes("PERIOD_LOCKED")) return true;
    cause = next;
  }
  return false;
}
