import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { importFiguresText, importWorkspaceText, parseFiguresFor } from "../support/import-text.ts";
import { ImportRejected } from "../../src/import/errors.ts";
import { PeriodLocked, loadYearFigures } from "../../src/store/figures-repo.ts";
import type { StoredWorkspace } from "../../src/store/workspace-repo.ts";

const WORKSPACE = readFileSync(new URL("../fixtures/zhangye/workspace.yaml", import.meta.url), "utf8");
const FIGURES = readFileSync(new URL("../fixtures/zhangye/figures.csv", import.meta.url), "utf8");

let database: TestDatabase;
let workspace: StoredWorkspace;

beforeAll(async () => {
  database = await createTestDatabase();
  workspace = await importWorkspaceText(database.db, WORKSPACE);
});
afterAll(() => database.destroy());

function refused(csv: string): ImportRejected {
  try {
    parseFiguresFor(workspace, csv);
  } catch (error) {
    if (error instanceof ImportRejected) return error;
    throw error;
  }
  throw new Error("expected the file to be refused");
}

describe("figures file", () => {
  it("reports every bad row with its line number", () => {
    const csv = ["period,unit,indicator,value", "2023-12,甘州区,lgxq_hu,3032", "", "2023-13,甘州区,lgxq_hu,1", "2023-12,张三县,lgxq_hu,1", "2023-12,甘州区,nope,1", "2023-12,甘州区,zj_zhichu,-5", "2023-12,甘州区,lgxq_hu,３０３２户"].join("\n");
    const error = refused(csv);
    expect(error.issues.map((issue) => [issue.line, issue.where])).toEqual([
      [4, "period"],
      [5, "unit"],
      [6, "indicator"],
      [7, "value"],
      [8, ""],
    ]);
    expect(error.issues[3]?.message).toBe("「支出（万元）」不能为负数（填写的是“-5”）。");
    expect(error.issues[4]?.message).toBe("与第2行重复（同一填报期、单位和指标）");
  });

  it("refuses a file with the wrong header", () => {
    expect(refused("unit,period,indicator,value\n").issues[0]?.message).toContain("表头应为 period,unit,indicator,value");
  });

  it("stores nothing from a refused file and keeps earlier figures", async () => {
    await importFiguresText(database.db, workspace, FIGURES);
    const before = await database.db.submission.count();
    const bad = `${FIGURES}2023-12,甘州区,lgxq_hu_typo,1\n`;
    expect(() => parseFiguresFor(workspace, bad)).toThrow(ImportRejected);
    expect(await database.db.submission.count()).toBe(before);
  });

  it("changes nothing when the same file is imported again", async () => {
    const before = await database.db.submission.count();
    const summary = await importFiguresText(database.db, workspace, FIGURES);
    expect(summary.revisions).toBe(0);
    expect(summary.unchanged).toBeGreaterThan(0);
    expect(await database.db.submission.count()).toBe(before);
  });

  it("keeps every revision and reads the latest", async () => {
    await importFiguresText(database.db, workspace, "period,unit,indicator,value\n2023-12,甘州区,zj_zhichu,1100\n");
    const revisions = await database.db.submission.findMany({ where: { unitId: workspace.unitIds.get("甘州区")! }, orderBy: { revision: "asc" } });
    expect(revisions.map((row) => row.revision)).toEqual([1, 2]);
    const [december] = await loadYearFigures(database.db, workspace, { year: 2023, month: 12 });
    expect(december?.units.get("甘州区")?.get("zj_zhichu")).toBe(1100);
    // the other figures of the unit are carried into the new revision, not lost
    expect(december?.units.get("甘州区")?.get("zj_daowei")).toBe(2021);
  });

  it("refuses figures for a locked period and changes nothing", async () => {
    await database.db.period.updateMany({ where: { workspaceId: workspace.id, year: 2023, month: 12 }, data: { state: "locked" } });
    const before = await database.db.submission.count();
    await expect(importFiguresText(database.db, workspace, "period,unit,indicator,value\n2023-12,甘州区,zj_zhichu,1\n")).rejects.toThrow(PeriodLocked);
    expect(await database.db.submission.count()).toBe(before);
  });
});
