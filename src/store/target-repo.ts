// 年度任务: loaded for a year, and set one at a time by an admin (任务 command), next to the targets the
// workspace file brings.
import { createHash } from "node:crypto";
import type { Db } from "../platform/db/client.ts";
import { sqlOf } from "../platform/db/sql.ts";
import type { Targets } from "../domain/workspace.ts";
import type { StoredWorkspace } from "./workspace-repo.ts";

/** Sets a unit's target for the year; returns the value it replaces (the year's own, not an undated one). */
export async function setUnitTarget(db: Db, input: { workspaceId: string; unitId: string; indicatorId: string; year: number; value: number }): Promise<number | null> {
  return db.$transaction(async (tx) => {
    const where = { indicatorId_unitId_year: { indicatorId: input.indicatorId, unitId: input.unitId, year: input.year } };
    const existing = await tx.target.findUnique({ where });
    await tx.target.upsert({
      where,
      create: { workspaceId: input.workspaceId, indicatorId: input.indicatorId, unitId: input.unitId, year: input.year, value: input.value },
      update: { value: input.value },
    });
    return existing?.value ?? null;
  });
}

/**
 * The targets of `year`: each unit's, and the whole scope's, by indicator key. A target stored for
 * year 0 applies to any year unless the year has its own.
 *
 * Kept in TargetsMemo under the workspace's configVersion, read before the targets (a change made
 * meanwhile bumps it, so what is kept is remade next time, never served stale), and the ids of the
 * units and indicators the caller's workspace names them by (a workspace loaded before a rename names
 * them otherwise). Read afresh, the units'
 * targets come in plain SQL (the same text on SQLite and PostgreSQL) on the fast path (sql.ts): a
 * province has some 70,000, and even so reading them was a fifth of a bulletin's compile.
 */
export async function loadYearTargets(db: Db, workspace: StoredWorkspace, year: number): Promise<Targets> {
  const [version] = await sqlOf(db).query<{ configVersion: number | bigint }>`SELECT "configVersion" FROM "Workspace" WHERE "id" = ${workspace.id}`;
  const basis = `${version?.configVersion ?? ""}:${namesDigest(workspace)}`;
  const memo = await db.targetsMemo.findUnique({ where: { workspaceId_year: { workspaceId: workspace.id, year } } });
  if (memo && memo.basis === basis) return targetsOfJson(memo.targets);
  const targets = await readYearTargets(db, workspace, year);
  const kept = { basis, targets: targetsJson(targets) };
  await db.targetsMemo.upsert({ where: { workspaceId_year: { workspaceId: workspace.id, year } }, create: { workspaceId: workspace.id, year, ...kept }, update: kept });
  return targets;
}

function namesDigest(workspace: StoredWorkspace): string {
  const hash = createHash("sha256");
  for (const [name, id] of workspace.unitIds) hash.update(`${name}\u0000${id}\n`);
  hash.update("\n");
  for (const [key, id] of workspace.indicatorIds) hash.update(`${key}\u0000${id}\n`);
  return hash.digest("base64url");
}

function targetsJson(targets: Targets): string {
  return JSON.stringify({ units: [...targets.units].map(([key, byUnit]) => [key, [...byUnit]]), scope: [...targets.scope] });
}

function targetsOfJson(json: string): Targets {
  const kept = JSON.parse(json) as { units: [string, [string, number][]][]; scope: [string, number][] };
  return { units: new Map(kept.units.map(([key, byUnit]) => [key, new Map(byUnit)])), scope: new Map(kept.scope) };
}

async function readYearTargets(db: Db, workspace: StoredWorkspace, year: number): Promise<Targets> {
  const unitNames = new Map([...workspace.unitIds].map(([name, id]) => [id, name]));
  const indicatorKeys = new Map([...workspace.indicatorIds].map(([key, id]) => [id, key]));
  const [unitRows, scopeRows] = await Promise.all([
    sqlOf(db).query<{ indicatorId: string; unitId: string; year: number | bigint; value: number }>`
      SELECT t."indicatorId" AS "indicatorId", t."unitId" AS "unitId", t."year" AS "year", t."value" AS "value"
      FROM "Target" t WHERE t."workspaceId" = ${workspace.id} AND t."year" IN (0, ${year})`,
    db.scopeTarget.findMany({ where: { workspaceId: workspace.id, year: { in: [0, year] } }, orderBy: { year: "asc" }, select: { indicatorId: true, value: true } }),
  ]);
  const units = new Map<string, Map<string, number>>();
  // Undated targets first, then the year's own over them (as the scope's rows come, ordered by year).
  for (const wanted of [0, year]) {
    for (const row of unitRows) {
      if (Number(row.year) !== wanted) continue;
      const key = indicatorKeys.get(row.indicatorId);
      const unit = unitNames.get(row.unitId);
      if (!key || !unit) continue;
      let perUnit = units.get(key);
      if (!perUnit) units.set(key, (perUnit = new Map()));
      perUnit.set(unit, Number(row.value));
    }
  }
  const scope = new Map<string, number>();
  for (const row of scopeRows) {
    const key = indicatorKeys.get(row.indicatorId);
    if (key) scope.set(key, row.value);
  }
  return { units, scope };
}
