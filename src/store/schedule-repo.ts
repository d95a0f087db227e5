// What the month's schedule reads and writes besides jobs: the workspace's schedule settings (without
// loading every unit), who has submitted, and admins' holds on chasing (暂停 … 至 …).
import type { Db } from "../platform/db/client.ts";
import { scheduleSettingsOf, type ScheduleSettings } from "../domain/schedule-settings.ts";

export interface ScheduleWorkspace {
  readonly id: string;
  readonly timezone: string;
  /** the `schedule:` settings, or null when the month is run by hand */
  readonly schedule: ScheduleSettings | null;
}

/** Cheap enough for every heartbeat: one row, no units or indicators. */
export async function loadScheduleWorkspace(db: Db, key: string): Promise<ScheduleWorkspace | null> {
  const row = await db.workspace.findUnique({ where: { key }, select: { id: true, timezone: true, settings: true } });
  if (!row) return null;
  const settings = row.settings as Record<string, unknown> | null;
  return { id: row.id, timezone: row.timezone, schedule: scheduleSettingsOf(settings?.["schedule"]) };
}

/** The units (of those given) with at least one revision in the period. */
export async function unitsWithSubmission(db: Db, periodId: string, unitIds?: readonly string[]): Promise<Set<string>> {
  const rows = await db.submission.findMany({
    where: { periodId, ...(unitIds ? { unitId: { in: [...unitIds] } } : {}) },
    distinct: ["unitId"],
    select: { unitId: true },
  });
  return new Set(rows.map((row) => row.unitId));
}

export async function hasSubmission(db: Db, periodId: string, unitId: string): Promise<boolean> {
  return (await db.submission.count({ where: { periodId, unitId } })) > 0;
}

export interface ChaseHoldRecord {
  readonly unitId: string;
  readonly pausedUntil: Date;
  readonly createdBy: string;
}

export async function setChaseHold(db: Db, workspaceId: string, unitId: string, pausedUntil: Date, createdBy: string): Promise<void> {
  await db.chaseHold.upsert({
    where: { workspaceId_unitId: { workspaceId, unitId } },
    create: { workspaceId, unitId, pausedUntil, createdBy },
    update: { pausedUntil, createdBy },
  });
}

/** Returns whether there was a hold. */
export async function clearChaseHold(db: Db, workspaceId: string, unitId: string): Promise<boolean> {
  const { count } = await db.chaseHold.deleteMany({ where: { workspaceId, unitId } });
  return count > 0;
}

/** Holds still in force at `now`, by unit id. */
export async function activeChaseHolds(db: Db, workspaceId: string, now: Date): Promise<Map<string, ChaseHoldRecord>> {
  const rows = await db.chaseHold.findMany({ where: { workspaceId, pausedUntil: { gt: now } } });
  return new Map(rows.map((row) => [row.unitId, { unitId: row.unitId, pausedUntil: row.pausedUntil, createdBy: row.createdBy }]));
}

export async function findChaseHold(db: Db, workspaceId: string, unitId: string, now: Date): Promise<ChaseHoldRecord | null> {
  const row = await db.chaseHold.findFirst({ where: { workspaceId, unitId, pausedUntil: { gt: now } } });
  return row ? { unitId: row.unitId, pausedUntil: row.pausedUntil, createdBy: row.createdBy } : null;
}

/** Keys of the jobs (of those given) that are still due: what a moved deadline must move. */
export async function dueJobKeys(db: Db, keys: readonly string[]): Promise<Set<string>> {
  const rows = await db.job.findMany({ where: { key: { in: [...keys] }, state: "due" }, select: { key: true } });
  return new Set(rows.map((row) => row.key));
}

export interface UnitPerson {
  readonly id: string;
  readonly name: string;
  readonly role: "contact" | "deputy" | "leader";
  readonly unitId: string;
  readonly openId: string;
}

/** The bound (open_id known) contacts, deputies and leaders of the given units, or of all units. */
export async function unitPeople(db: Db, workspaceId: string, unitIds?: readonly string[]): Promise<UnitPerson[]> {
  const rows = await db.person.findMany({
    where: { workspaceId, role: { in: ["contact", "deputy", "leader"] }, openId: { not: null }, ...(unitIds ? { unitId: { in: [...unitIds] } } : { unitId: { not: null } }) },
    orderBy: { name: "asc" },
  });
  return rows.map((row) => ({ id: row.id, name: row.name, role: row.role as UnitPerson["role"], unitId: row.unitId!, openId: row.openId! }));
}

/** The latest sent message of one of the purposes to the unit in the period (for its read receipt). */
export async function lastSentTo(db: Db, workspaceId: string, periodKey: string, unitId: string, purposes: readonly string[]): Promise<{ messageId: string; receiveId: string } | null> {
  const row = await db.outboundMessage.findFirst({
    where: { workspaceId, periodKey, unitId, purpose: { in: [...purposes] }, state: "sent", messageId: { not: null } },
    orderBy: { sentAt: "desc" },
  });
  return row?.messageId ? { messageId: row.messageId, receiveId: row.receiveId } : null;
}

/** Keys of the due jobs of a kind whose key starts with the prefix. */
export async function dueJobKeysWithPrefix(db: Db, prefix: string, kind: string): Promise<string[]> {
  const rows = await db.job.findMany({ where: { key: { startsWith: prefix }, kind, state: "due" }, select: { key: true } });
  return rows.map((row) => row.key);
}

export async function findUnitName(db: Db, workspaceId: string, unitId: string): Promise<string | null> {
  const row = await db.unit.findFirst({ where: { id: unitId, workspaceId }, select: { name: true } });
  return row?.name ?? null;
}

/** Steps that wait for a unit's pause to end (key …:<unitId>:after-pause:…) become due now. */
export async function resumeHeldJobs(db: Db, workspaceId: string, unitId: string, now: Date): Promise<number> {
  const { count } = await db.job.updateMany({ where: { workspaceId, state: "due", key: { contains: `:${unitId}:after-pause:` } }, data: { runAt: now } });
  return count;
}

export async function unitNames(db: Db, workspaceId: string, unitIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await db.unit.findMany({ where: { workspaceId, id: { in: [...unitIds] } }, select: { id: true, name: true } });
  return new Map(rows.map((row) => [row.id, row.name]));
}
