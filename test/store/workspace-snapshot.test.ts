// Guards the in-process cache the card path relies on (src/store/workspace-snapshot.ts): a second
// client on the same database stands for another instance of the bot. Whatever it changes — a target,
// a contact, a period's state, the workspace file — the first client's next snapshot shows it, because
// database triggers bump Workspace.configVersion in the writer's own transaction. Runs on SQLite, and
// on PostgreSQL with npm run test:pg.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { openDatabase, type Database } from "../../src/platform/db/client.ts";
import { WorkspaceSnapshots } from "../../src/store/workspace-snapshot.ts";
import { setUnitTarget } from "../../src/store/target-repo.ts";
import { bindContact } from "../../src/store/people-repo.ts";
import { openPeriodRecord, setPeriodState } from "../../src/store/period-repo.ts";
import { saveWorkspaceFile } from "../../src/store/workspace-import.ts";
import { parseWorkspaceFile } from "../../src/import/workspace-file.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { importWorkspaceText } from "../support/import-text.ts";

const ZHANGYE = readFileSync(new URL("../fixtures/zhangye/workspace.yaml", import.meta.url), "utf8");

describe("the workspace snapshot across instances", () => {
  let database: TestDatabase;
  let other: Database;
  let snapshots: WorkspaceSnapshots;
  beforeAll(async () => {
    database = await createTestDatabase();
    await importWorkspaceText(database.db, ZHANGYE);
    other = await openDatabase(database.url);
    snapshots = new WorkspaceSnapshots(database.db);
  });
  afterAll(async () => {
    await other.close();
    await database.destroy();
  });

  it("is served from the cache while nothing changes", async () => {
    const first = await snapshots.load("zhangye");
    const second = await snapshots.load("zhangye");
    expect(second).toBe(first);
    expect(second.workspace).toBe(first.workspace);
  });

  it("shows a target another instance set", async () => {
    const before = await snapshots.load("zhangye");
    const indicator = before.workspace.model.indicators.find((candidate) => candidate.key === "lgxq_hu")!;
    const year = before.workspace.settings.year ?? 0;
    expect((await before.targets(year)).units.get("lgxq_hu")?.get("甘州区")).toBe(3032);
    await setUnitTarget(other.db, { workspaceId: before.workspace.id, unitId: before.workspace.unitIds.get("甘州区")!, indicatorId: before.workspace.indicatorIds.get(indicator.key)!, year, value: 4000 });
    const after = await snapshots.load("zhangye");
    expect(after.version).toBeGreaterThan(before.version);
    expect((await after.targets(year)).units.get("lgxq_hu")?.get("甘州区")).toBe(4000);
  });

  it("shows a contact another instance bound, and forgets the one replaced", async () => {
    const before = await snapshots.load("zhangye");
    const unitId = before.workspace.unitIds.get("临泽县")!;
    await bindContact(other.db, before.workspace.id, unitId, { name: "张三", openId: "ou_zhangsan", mobile: null, email: null });
    const after = await snapshots.load("zhangye");
    expect(after.actor("ou_zhangsan").reportsFor).toEqual([{ unitId, unitName: "临泽县" }]);
    await bindContact(other.db, before.workspace.id, unitId, { name: "李四", openId: "ou_lisi", mobile: null, email: null });
    const later = await snapshots.load("zhangye");
    expect(later.actor("ou_zhangsan").isKnown).toBe(false);
    expect(later.actor("ou_lisi").reportsFor).toEqual([{ unitId, unitName: "临泽县" }]);
  });

  it("shows a period another instance opened and then locked", async () => {
    const before = await snapshots.load("zhangye");
    const { record } = await openPeriodRecord(other.db, before.workspace.id, { year: 2024, month: 1 }, new Date("2024-02-01T01:00:00Z"), null);
    const opened = await snapshots.load("zhangye");
    expect(opened.currentPeriod?.key).toBe("2024-01");
    await setPeriodState(other.db, record.id, "locked", new Date("2024-02-10T01:00:00Z"));
    const locked = await snapshots.load("zhangye");
    expect(locked.period({ year: 2024, month: 1 })?.state).toBe("locked");
    expect(locked.currentPeriod).toBeNull();
  });

  it("shows a changed workspace file another instance imported", async () => {
    await saveWorkspaceFile(other.db, parseWorkspaceFile(ZHANGYE.replace("percentDigits: 1", "percentDigits: 2"), "workspace.yaml"));
    const after = await snapshots.load("zhangye");
    expect(after.workspace.model.rate.digits).toBe(2);
  });
});
