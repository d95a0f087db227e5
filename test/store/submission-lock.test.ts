// The database itself refuses a submission into a locked period, in the statement that stores it
// (trigger of migration submission_period_not_locked). This is what orders a card submission against
// 发布: the handler checks the period when the event starts, 发布 may lock it a few milliseconds later,
// and the insert that follows must then be refused, not stored unseen behind the published bulletin.
// Runs on SQLite, and on PostgreSQL with npm run test:pg.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePeriod } from "../../src/domain/period.ts";
import { openPeriodRecord, setPeriodState } from "../../src/store/period-repo.ts";
import { appendRevisionAfter, latestRevision, type RevisionInput } from "../../src/store/figures-repo.ts";
import type { StoredWorkspace } from "../../src/store/workspace-repo.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { importWorkspaceText } from "../support/import-text.ts";

const NOW = new Date("2024-01-03T02:00:00Z");

describe("a submission racing the lock of 发布", () => {
  let database: TestDatabase;
  let workspace: StoredWorkspace;
  beforeAll(async () => {
    database = await createTestDatabase();
    workspace = await importWorkspaceText(
      database.db,
      `name: 示范市\noffice: 示范市住房保障办\nscope: 全市\npercentDigits: 1\npercentTrailingZero: false\nunits: [{ name: 东山区 }]\nindicators: [{ id: kaigong, group: 保障性租赁住房, name: 开工, unit: 套, targets: { 东山区: 100 } }]\n`,
    );
  });
  afterAll(() => database.destroy());

  it("is refused when the period was locked after the handler's check, and nothing is stored (bug: stored behind the published bulletin)", async () => {
    const { db } = database;
    const { record } = await openPeriodRecord(db, workspace.id, parsePeriod("2023-12"), NOW, null);
    const unitId = workspace.unitIds.get("东山区")!;
    const input: RevisionInput = { periodId: record.id, unitId, values: { kaigong: 40 }, explanations: {}, remarks: null, source: "card", submittedBy: "ou_contact", submittedAt: NOW, isLate: false };

    // The handler has read the period open and the unit's latest revision: then 发布 locks the period.
    const seen = await latestRevision(db, record.id, unitId);
    await setPeriodState(db, record.id, "locked", NOW);
    expect(await appendRevisionAfter(db, seen, input)).toEqual({ stored: false, locked: true });
    expect(await db.submission.count({ where: { periodId: record.id } })).toBe(0);

    // 解锁 lets the same submission in.
    await setPeriodState(db, record.id, "open", NOW);
    expect(await appendRevisionAfter(db, seen, input)).toEqual({ stored: true, revision: 1 });
    expect(await db.submission.count({ where: { periodId: record.id } })).toBe(1);
  });
});
