// Periods: open, deadline, locked. A period is addressed by its key (2023-12) within a workspace.
import type { Db } from "../platform/db/client.ts";
import { periodKey, type Period } from "../domain/period.ts";

export interface PeriodRecord {
  readonly id: string;
  readonly period: Period;
  readonly key: string;
  readonly state: "draft" | "open" | "locked";
  readonly deadline: Date | null;
  readonly openedAt: Date | null;
  readonly lockedAt: Date | null;
}

export function periodRecordOf(row: { id: string; year: number; month: number; state: string; deadline: Date | null; openedAt: Date | null; lockedAt: Date | null }): PeriodRecord {
  const period = { year: row.year, month: row.month };
  return { id: row.id, period, key: periodKey(period), state: row.state as PeriodRecord["state"], deadline: row.deadline, openedAt: row.openedAt, lockedAt: row.lockedAt };
}

export async function findPeriod(db: Db, workspaceId: string, period: Period): Promise<PeriodRecord | null> {
  const row = await db.period.findUnique({ where: { workspaceId_year_month: { workspaceId, year: period.year, month: period.month } } });
  return row ? periodRecordOf(row) : null;
}

export async function findPeriodById(db: Db, id: string): Promise<PeriodRecord | null> {
  const row = await db.period.findUnique({ where: { id } });
  return row ? periodRecordOf(row) : null;
}

/** The newest period that is open for reporting, if any. */
export async function findCurrentPeriod(db: Db, workspaceId: string): Promise<PeriodRecord | null> {
  const row = await db.period.findFirst({ where: { workspaceId, state: "open" }, orderBy: [{ year: "desc" }, { month: "desc" }] });
  return row ? periodRecordOf(row) : null;
}

/** The newest period of any state (for 进度 and 通报 when nothing is open). */
export async function findLatestPeriod(db: Db, workspaceId: string): Promise<PeriodRecord | null> {
  const row = await db.period.findFirst({ where: { workspaceId }, orderBy: [{ year: "desc" }, { month: "desc" }] });
  return row ? periodRecordOf(row) : null;
}

/** Opens the period (creating it if needed); returns whether it was newly opened. A locked period stays locked. */
export async function openPeriodRecord(db: Db, workspaceId: string, period: Period, now: Date, deadline: Date | null): Promise<{ record: PeriodRecord; opened: boolean }> {
  const existing = await findPeriod(db, workspaceId, period);
  if (existing && existing.state !== "draft") return { record: existing, opened: false };
  const row = await db.period.upsert({
    where: { workspaceId_year_month: { workspaceId, year: period.year, month: period.month } },
    create: { workspaceId, year: period.year, month: period.month, state: "open", openedAt: now, deadline },
    update: { state: "open", openedAt: now, ...(deadline ? { deadline } : {}) },
  });
  return { record: periodRecordOf(row), opened: true };
}

export async function setDeadline(db: Db, periodId: string, deadline: Date): Promise<void> {
  await db.period.update({ where: { id: periodId }, data: { deadline } });
}

export async function setPeriodState(db: Db, periodId: string, state: "open" | "locked", now: Date): Promise<void> {
  await db.period.update({ where: { id: periodId }, data: { state, lockedAt: state === "locked" ? now : null } });
}
