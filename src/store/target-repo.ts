// 年度任务 set one at a time by an admin (任务 command), next to the targets the workspace file brings.
import type { Db } from "../platform/db/client.ts";

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
