import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { importFiguresText, importWorkspaceText, parseFiguresFor } from "../support/import-text.ts";
import { ImportRejected } from "../../src/import/errors.ts";
import { PeriodLocked } from "../../src/store/figures-repo.ts";
import { loadYearFigures } from "../../src/store/year-figures-repo.ts";
import type { StoredWorkspace } from "../../src/store/workspace-repo.ts";
import { importFiguresFile } from "../../src/features/admin/import-files.ts";

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

  // Regression (found by test/reliability/fuzz-files.test.ts): lines were counted over the raw text's
  // non-blank lines, so a quoted cell holding a line break shifted every later line number, and a
  // line beyond the end of the file could be named.
  it("numbers lines as an editor does when a quoted cell holds a line break", () => {
    const csv = ["", "period,unit,indicator,value", '2023-12,"甘州\r\n区",lgxq_hu,1', "", '2023-12,"张\n三县",lgxq_hu,1', "2023-12,甘州区,nope,1"].join("\r\n");
    expect(refused(csv).issues.map((issue) => [issue.line, issue.where])).toEqual([
      [3, "unit"],
      [6, "unit"],
      [8, "indicator"],
    ]);
  });

  it("names the header's own line when blank lines come before it", () => {
    expect(refused("\n\nunit,period,indicator,value\n").issues[0]).toMatchObject({ line: 3, where: "表头" });
  });

  // Regression: csv-parse's English message named the end of the file for a quote left open.
  it("names the line where a quote is left open, in Chinese", () => {
    const error = refused(["period,unit,indicator,value", "2023-12,甘州区,lgxq_hu,1", '2023-12,"临泽县,lgxq_hu,1', "2023-12,高台县,lgxq_hu,1", ""].join("\n"));
    expect(error.issues).toEqual([{ line: 3, where: "", message: "CSV 格式错误：本行的英文双引号直到文件末尾都没有配对" }]);
    const inside = refused(["period,unit,indicator,value", '2023-12,甘"州区,lgxq_hu,1'].join("\n"));
    expect(inside.issues[0]).toMatchObject({ line: 2, message: expect.stringContaining("里面的引号写两遍") });
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

  // Regression (found by test/reliability/fuzz-files.test.ts): the import of a file threw PeriodLocked,
  // which named no line, instead of refusing the file like any other bad row.
  it("refuses a file with figures for a locked period at the line of its first such row", async () => {
    const directory = mkdtempSync(join(tmpdir(), "bzf-figures-"));
    try {
      const path = join(directory, "figures.csv");
      writeFileSync(path, "period,unit,indicator,value\n2023-11,甘州区,zj_zhichu,1\n2023-12,甘州区,zj_zhichu,2\n2023-12,临泽县,zj_zhichu,3\n");
      const before = await database.db.submission.count();
      const error = await importFiguresFile(database.db, workspace, path, new Date("2024-01-05T02:00:00Z")).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ImportRejected);
      expect((error as ImportRejected).issues).toEqual([{ line: 3, where: "period", message: "2023-12 填报期已锁定，不能再修改数据；如需更正，请管理员先解锁" }]);
      expect((error as ImportRejected).message).toContain("第3行，period：2023-12 填报期已锁定");
      // the rows of the open period before it were not stored either
      expect(await database.db.submission.count()).toBe(before);
      expect(await database.db.period.count({ where: { workspaceId: workspace.id, year: 2023, month: 11 } })).toBe(0);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
