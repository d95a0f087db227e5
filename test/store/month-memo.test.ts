// The month memo keeps the months before a period read and judged, so a bulletin does not read and
// judge the whole year again. It must never change an answer: findings with memos equal findings
// without, and a correction to an earlier month, a new target or new settings are seen at once.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeFindings, type PeriodFindings } from "../../src/features/findings/compute-findings.ts";
import { loadYearFigures } from "../../src/store/year-figures-repo.ts";
import { loadWorkspace, type StoredWorkspace } from "../../src/store/workspace-repo.ts";
import { FiguresTable } from "../../src/domain/figures-table.ts";
import { toJson } from "../../src/store/json.ts";
import { setUnitTarget } from "../../src/store/target-repo.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { demoFiguresCsv, demoWorkspaceYaml } from "../support/demo-province.ts";
import { importFiguresText, importWorkspaceText } from "../support/import-text.ts";

const SIZE = { units: 24, months: 8, year: 2024 } as const;
const PERIOD = { year: 2024, month: 8 };
const NOW = new Date("2024-09-06T02:00:00Z");

let database: TestDatabase;
let workspace: StoredWorkspace;

beforeAll(async () => {
  database = await createTestDatabase();
  workspace = await importWorkspaceText(database.db, demoWorkspaceYaml(SIZE));
  await importFiguresText(database.db, workspace, demoFiguresCsv(SIZE), NOW);
}, 60_000);

afterAll(async () => {
  await database.destroy();
});

const answer = ({ findings, tracked, closed, problems }: PeriodFindings) => ({ findings, tracked, closed, problems });

/** The findings with every memo thrown away first: the year read and judged from the submissions alone. */
async function fromScratch(): Promise<ReturnType<typeof answer>> {
  await database.db.monthMemo.deleteMany({});
  await database.db.targetsMemo.deleteMany({});
  return answer(await computeFindings(database.db, workspace, PERIOD, NOW));
}

/** fromScratch, with the memos as they were put back afterwards (so the next step still has them to use). */
async function fromScratchKeepingMemos(): Promise<ReturnType<typeof answer>> {
  const { db } = database;
  const [months, targets] = await Promise.all([db.monthMemo.findMany(), db.targetsMemo.findMany()]);
  const scratch = await fromScratch();
  await db.monthMemo.deleteMany({});
  await db.targetsMemo.deleteMany({});
  await db.monthMemo.createMany({ data: months });
  await db.targetsMemo.createMany({ data: targets });
  return scratch;
}

async function memoCount(): Promise<{ figures: number; judged: number }> {
  const rows = await database.db.monthMemo.findMany({ select: { judged: true } });
  return { figures: rows.length, judged: rows.filter((row) => row.judged !== null).length };
}

/** A new revision of one unit's figures for a month, as a correction on the card would store it. */
async function correct(month: number, unit: string, changes: Record<string, number>): Promise<void> {
  const { db } = database;
  const period = await db.period.findFirstOrThrow({ where: { workspaceId: workspace.id, year: 2024, month } });
  const unitId = workspace.unitIds.get(unit)!;
  const latest = await db.submission.findFirstOrThrow({ where: { periodId: period.id, unitId }, orderBy: { revision: "desc" } });
  await db.submission.create({
    data: { periodId: period.id, unitId, revision: latest.revision + 1, values: { ...(latest.values as Record<string, number>), ...changes }, explanations: {}, source: "card", submittedBy: "ou_test", submittedAt: NOW },
  });
}

describe("the month memo", () => {
  it("is made by the first compile and gives the same findings after", async () => {
    const scratch = await fromScratch();
    // Months 1 to 7 kept; each judged, the month before the period included.
    expect(await memoCount()).toEqual({ figures: 7, judged: 7 });
    const again = answer(await computeFindings(database.db, workspace, PERIOD, NOW));
    expect(again).toEqual(scratch);
    expect(scratch.findings.length).toBeGreaterThan(0);
    expect(scratch.tracked.some((t) => t.streak > 1)).toBe(true);
  });

  it("is what the rules read: a kept month whose content was altered on the same basis changes the streaks", async () => {
    const { db } = database;
    const scratch = await fromScratch();
    await computeFindings(db, workspace, PERIOD, NOW);
    // Month 3's judgement said to hold nothing: every streak through it breaks there.
    const march = await db.period.findFirstOrThrow({ where: { workspaceId: workspace.id, year: 2024, month: 3 } });
    await db.monthMemo.update({ where: { periodId: march.id }, data: { judged: "" } });
    const tampered = answer(await computeFindings(db, workspace, PERIOD, NOW));
    const longest = (a: ReturnType<typeof answer>) => Math.max(...a.tracked.map((t) => t.streak));
    expect(longest(tampered)).toBeLessThan(longest(scratch));
    // With its basis no longer matching, the same altered memo is judged again and the answer is right.
    await db.monthMemo.update({ where: { periodId: march.id }, data: { judgedBasis: "stale" } });
    expect(answer(await computeFindings(db, workspace, PERIOD, NOW))).toEqual(scratch);
  });

  it("sees a correction to an earlier month at once, in its figures and in every later month's judgement", async () => {
    await fromScratch();
    await computeFindings(database.db, workspace, PERIOD, NOW);
    const unit = workspace.model.units[0]!.name;
    // 开工 far behind in April: a correction that changes what held that month and after.
    await correct(4, unit, { pg_kaigong: 0, pg_touzi: 0 });
    const year = await loadYearFigures(database.db, workspace, PERIOD);
    const april = year.find((entry) => entry.period.month === 4)!;
    expect(april.units).toBeInstanceOf(FiguresTable);
    expect(april.units.get(unit)?.get("pg_kaigong")).toBe(0);
    const withMemos = answer(await computeFindings(database.db, workspace, PERIOD, NOW));
    expect(withMemos).toEqual(await fromScratch());
  });

  it("sees a changed target and changed rules settings", async () => {
    const { db } = database;
    const before = await fromScratch();
    await computeFindings(db, workspace, PERIOD, NOW);
    const target = await db.target.findFirstOrThrow({ where: { workspaceId: workspace.id, year: 2024, value: { gt: 0 } } });
    await db.target.update({ where: { id: target.id }, data: { value: target.value * 10 } });
    workspace = await loadWorkspace(db, workspace.model.key);
    const retargeted = answer(await computeFindings(db, workspace, PERIOD, NOW));
    expect(retargeted).not.toEqual(before);
    expect(retargeted).toEqual(await fromScratch());

    await computeFindings(db, workspace, PERIOD, NOW);
    await db.workspace.update({ where: { id: workspace.id }, data: { settings: toJson({ ...workspace.settings, rules: { behindSchedule: { enabled: false } } }) } });
    workspace = await loadWorkspace(db, workspace.model.key);
    const resettled = answer(await computeFindings(db, workspace, PERIOD, NOW));
    expect(resettled).not.toEqual(retargeted);
    expect(resettled).toEqual(await fromScratch());
  });

  it("gives the answer without memos after any corrections and target changes, in any order (property)", async () => {
    const { db } = database;
    const units = workspace.model.units.map((unit) => unit.name);
    const step = fc.oneof(
      fc.record({ kind: fc.constant("correct" as const), month: fc.integer({ min: 1, max: 8 }), unit: fc.constantFrom(...units), key: fc.constantFrom("pg_kaigong", "pg_touzi", "zlbt_hu", "zlbt_jine", "zj_daowei", "zj_zhichu"), value: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5000 })) }),
      fc.record({ kind: fc.constant("target" as const), unit: fc.constantFrom(...units), key: fc.constantFrom("pg_kaigong", "pg_touzi", "zlbt_hu"), value: fc.integer({ min: 0, max: 5000 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 3 }), async (steps) => {
        for (const change of steps) {
          // The memos as the month's chases leave them, then the change.
          await computeFindings(db, workspace, PERIOD, NOW);
          if (change.kind === "correct") await correct(change.month, change.unit, { [change.key]: change.value });
          else await setUnitTarget(db, { workspaceId: workspace.id, unitId: workspace.unitIds.get(change.unit)!, indicatorId: workspace.indicatorIds.get(change.key)!, year: 2024, value: change.value });
          const withMemos = answer(await computeFindings(db, workspace, PERIOD, NOW));
          expect(withMemos).toEqual(await fromScratchKeepingMemos());
        }
      }),
      { numRuns: 8 },
    );
  }, 120_000);
});
