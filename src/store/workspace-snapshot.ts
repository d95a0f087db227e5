// What an event needs of a workspace's configuration (the model, the people, the periods, a year's
// targets), read once and kept in this process under Workspace.configVersion. Database triggers bump
// that number in the writer's own transaction whenever the workspace row, its units, people,
// indicators, ratios, targets or periods change (migration *_config_version), whoever writes: a
// command, an import, another instance on the same PostgreSQL. So one small query per event tells
// whether the cached copy is current, and nothing is ever served stale by a version check.
//
// The cache is an object the composition root creates (WorkspaceSnapshots), not module state: each
// database, each test, has its own, and it goes when its owner drops it.
import type { Db } from "../platform/db/client.ts";
import { sqlOf } from "../platform/db/sql.ts";
import { periodKey, type Period } from "../domain/period.ts";
import type { Targets } from "../domain/workspace.ts";
import { loadTargets, loadWorkspace, WorkspaceNotFound, type StoredWorkspace } from "./workspace-repo.ts";
import { actorOf, type Actor } from "./people-repo.ts";
import { periodRecordOf, type PeriodRecord } from "./period-repo.ts";

export interface WorkspaceSnapshot {
  readonly version: number;
  readonly workspace: StoredWorkspace;
  /** who someone is to the workspace, by open_id */
  actor(openId: string): Actor;
  period(period: Period): PeriodRecord | null;
  /** the newest period that is open for reporting */
  readonly currentPeriod: PeriodRecord | null;
  /** the year's targets (read on first use, then kept with the snapshot) */
  targets(year: number): Promise<Targets>;
}

interface Entry {
  readonly version: number;
  readonly snapshot: Promise<WorkspaceSnapshot>;
}

/**
 * The snapshots of one database's workspaces. The composition root creates one per database client
 * and passes it in the bot's deps; bot.handle hands each event's snapshot to its handler in the context.
 */
export class WorkspaceSnapshots {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly db: Db) {}

  /** The workspace's configuration, current as of this call (one small query when the cache is current). */
  async load(key: string): Promise<WorkspaceSnapshot> {
    // The version is read before the data: data read after it is at least as new, so caching it under
    // this version can only make the next reader reload, never serve something older.
    const rows = await sqlOf(this.db).query<{ id: string; configVersion: number | bigint }>`SELECT "id", "configVersion" FROM "Workspace" WHERE "key" = ${key}`;
    const row = rows[0];
    if (!row) throw new WorkspaceNotFound(key);
    const version = Number(row.configVersion);
    const cached = this.entries.get(key);
    if (cached && cached.version === version) return cached.snapshot;
    // Concurrent events that find the cache stale share one rebuild.
    const snapshot = buildSnapshot(this.db, key, version);
    const entry = { version, snapshot };
    this.entries.set(key, entry);
    snapshot.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return snapshot;
  }
}

async function buildSnapshot(db: Db, key: string, version: number): Promise<WorkspaceSnapshot> {
  const workspace = await loadWorkspace(db, key);
  const [people, periods] = await Promise.all([
    db.person.findMany({ where: { workspaceId: workspace.id, openId: { not: null } }, include: { unit: true } }),
    db.period.findMany({ where: { workspaceId: workspace.id }, orderBy: [{ year: "desc" }, { month: "desc" }] }),
  ]);
  const peopleByOpenId = new Map<string, typeof people>();
  for (const person of people) {
    const list = peopleByOpenId.get(person.openId!) ?? [];
    list.push(person);
    peopleByOpenId.set(person.openId!, list);
  }
  const actors = new Map<string, Actor>();
  const records = periods.map(periodRecordOf);
  const byKey = new Map(records.map((record) => [record.key, record]));
  const targetsByYear = new Map<number, Promise<Targets>>();
  const snapshot: WorkspaceSnapshot = {
    version,
    workspace,
    actor(openId) {
      let actor = actors.get(openId);
      if (!actor) actors.set(openId, (actor = actorOf(openId, peopleByOpenId.get(openId) ?? [])));
      return actor;
    },
    period: (period) => byKey.get(periodKey(period)) ?? null,
    currentPeriod: records.find((record) => record.state === "open") ?? null,
    targets(year) {
      let targets = targetsByYear.get(year);
      if (!targets) {
        targets = loadTargets(db, workspace, year);
        targetsByYear.set(year, targets);
        targets.catch(() => targetsByYear.delete(year));
      }
      return targets;
    },
  };
  return snapshot;
}
