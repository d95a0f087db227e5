// A year's targets are kept (TargetsMemo) under the workspace's configVersion: kept targets are what a
// fresh read gives, and any change to the targets is seen by the next load.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadYearTargets, setUnitTarget } from "../../src/store/target-repo.ts";
import type { StoredWorkspace } from "../../src/store/workspace-repo.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { demoWorkspaceYaml } from "../support/demo-province.ts";
import { importWorkspaceText } from "../support/import-text.ts";

let database: TestDatabase;
let workspace: StoredWorkspace;

beforeAll(async () => {
  database = await createTestDatabase();
  workspace = await importWorkspaceText(database.db, demoWorkspaceYaml({ units: 12, months: 1, year: 2024 }));
}, 60_000);

afterAll(async () => {
  await database.destroy();
});

async function fresh() {
  await database.db.targetsMemo.deleteMany({});
  return loadYearTargets(database.db, workspace, 2024);
}

describe("the targets memo", () => {
  it("keeps what a fresh read gives, and is what the next load reads", async () => {
    const { db } = database;
    const read = await fresh();
    expect(read.units.size).toBeGreaterThan(0);
    expect(await db.targetsMemo.count()).toBe(1);
    expect(await loadYearTargets(db, workspace, 2024)).toEqual(read);
    // Altered on the same basis, the kept copy is what is served: the memo is really read.
    const [key, byUnit] = [...read.units][0]!;
    const [unit] = [...byUnit][0]!;
    const altered = JSON.stringify({ units: [[key, [[unit, 123456.75]]]], scope: [] });
    await db.targetsMemo.updateMany({ data: { targets: altered } });
    expect((await loadYearTargets(db, workspace, 2024)).units.get(key)?.get(unit)).toBe(123456.75);
  });

  it("sees a target set with 任务 at once", async () => {
    const { db } = database;
    const read = await fresh();
    const [key, byUnit] = [...read.units][0]!;
    const [unit, value] = [...byUnit][0]!;
    await setUnitTarget(db, { workspaceId: workspace.id, unitId: workspace.unitIds.get(unit)!, indicatorId: workspace.indicatorIds.get(key)!, year: 2024, value: value + 1 });
    const after = await loadYearTargets(db, workspace, 2024);
    expect(after.units.get(key)?.get(unit)).toBe(value + 1);
    expect(after).toEqual(await fresh());
  });

  it("is not served to a workspace that names the units otherwise", async () => {
    const { db } = database;
    const read = await fresh();
    const [key, byUnit] = [...read.units][0]!;
    const [unit] = [...byUnit][0]!;
    const renamed: StoredWorkspace = { ...workspace, unitIds: new Map([...workspace.unitIds].map(([name, unitId]) => [name === unit ? `${name}（新）` : name, unitId])) };
    const seen = await loadYearTargets(db, renamed, 2024);
    expect(seen.units.get(key)?.get(`${unit}（新）`)).toBe(read.units.get(key)?.get(unit));
    expect(seen.units.get(key)?.has(unit)).toBe(false);
  });
});
