// Imports workspace and figures text through the real importers, as the CLI does with files.
import type { Db } from "../../src/platform/db/client.ts";
import { parseWorkspaceFile } from "../../src/import/workspace-file.ts";
import { parseFiguresCsv } from "../../src/import/figures-csv.ts";
import { loadWorkspace, type StoredWorkspace } from "../../src/store/workspace-repo.ts";
import { saveWorkspaceFile } from "../../src/store/workspace-import.ts";
import { importFigures } from "../../src/store/figures-repo.ts";

export async function importWorkspaceText(db: Db, yaml: string, fileName = "workspace.yaml"): Promise<StoredWorkspace> {
  const summary = await saveWorkspaceFile(db, parseWorkspaceFile(yaml, fileName));
  return loadWorkspace(db, summary.workspaceKey);
}

export function parseFiguresFor(workspace: StoredWorkspace, csv: string, fileName = "figures.csv") {
  return parseFiguresCsv(csv, fileName, {
    scope: workspace.model.scope,
    unitNames: new Set(workspace.model.units.map((unit) => unit.name)),
    indicators: new Map(workspace.model.indicators.map((indicator) => [indicator.key, indicator])),
  });
}

export async function importFiguresText(db: Db, workspace: StoredWorkspace, csv: string, now = new Date("2024-01-05T02:00:00Z")) {
  return importFigures(db, workspace, parseFiguresFor(workspace, csv), "import:test", now);
}

/** The smallest workspace the fast-seam tests need: one admin (王主任), 甲区 and 乙县, one indicator (开工, 套). */
export function twoUnitWorkspace(key: string, indicatorKey = "kaigong"): string {
  return `
key: ${key}
name: 测试市
office: 测试市住房保障办公室
scope: 全市
percentDigits: 1
percentTrailingZero: false
admins:
  - name: 王主任
    mobile: "13900000001"
units:
  - name: 甲区
  - name: 乙县
indicators:
  - id: ${indicatorKey}
    group: 保障性租赁住房
    name: 开工
    unit: 套
`;
}
