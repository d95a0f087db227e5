// A fixture workspace through the real pipeline: import its workspace and figures files into a fresh
// database, run the findings engine on what was stored, and compile the bulletin.
import { fileURLToPath } from "node:url";
import { DEMO_FIGURES_FILE, DEMO_WORKSPACE_FILE } from "../../../src/demo/files.ts";
import type { Bulletin } from "../../../src/domain/bulletin/types.ts";
import { parsePeriod, periodKey } from "../../../src/domain/period.ts";
import { describeProblems, findFindings } from "../../../src/domain/rules/index.ts";
import type { WorkspaceModel } from "../../../src/domain/workspace.ts";
import { buildBulletin } from "../../../src/features/bulletin/build-bulletin.ts";
import { importFiguresFile, importWorkspaceFile, loadWorkspace } from "../../../src/features/admin/import-files.ts";
import { rawFiguresOf, type RawFigure } from "../../../src/render/xlsx/raw-figures.ts";
import { loadYearFigures, periodFiguresOf } from "../../../src/store/year-figures-repo.ts";
import { loadTargets } from "../../../src/store/workspace-repo.ts";
import { createTestDatabase } from "../../support/database.ts";

export interface FixtureBulletin {
  readonly bulletin: Bulletin;
  readonly workspace: WorkspaceModel;
  readonly rawFigures: readonly RawFigure[];
  readonly curve: readonly number[] | undefined;
}

export async function fixtureBulletin(name: "zhangye" | "demo", periodText: string, issuedOn: string): Promise<FixtureBulletin> {
  const fixture = (file: string) => (name === "demo" ? (file === "workspace.yaml" ? DEMO_WORKSPACE_FILE : DEMO_FIGURES_FILE) : fileURLToPath(new URL(`../../fixtures/${name}/${file}`, import.meta.url)));
  const database = await createTestDatabase();
  try {
    const db = database.db;
    const summary = await importWorkspaceFile(db, fixture("workspace.yaml"));
    const workspace = await loadWorkspace(db, summary.workspaceKey);
    await importFiguresFile(db, workspace, fixture("figures.csv"), new Date(`${issuedOn}T00:00:00Z`));
    const period = parsePeriod(periodText);
    const settings = workspace.rules;
    const [targets, year] = await Promise.all([loadTargets(db, workspace, period.year), loadYearFigures(db, workspace, period)]);
    const current = periodFiguresOf(year, period);
    const findings = findFindings({
      workspace: workspace.model,
      settings,
      targets,
      history: new Map(year.map((entry) => [periodKey(entry.period), entry.units])),
      scopeFigures: current.scope,
      period,
      deadline: null,
      now: new Date(`${issuedOn}T02:00:00Z`),
    });
    const problems = describeProblems(findings, workspace.model, { settings });
    const bulletin = await buildBulletin(db, workspace, { period, issuedOn, docSequence: 1, findings, problems });
    return { bulletin, workspace: workspace.model, rawFigures: rawFiguresOf(workspace.model, targets, current), curve: settings.behindSchedule.curve };
  } finally {
    await database.destroy();
  }
}

export const zhangyeBulletin = () => fixtureBulletin("zhangye", "2023-12", "2024-01-09");
export const demoBulletin = () => fixtureBulletin("demo", "2024-10", "2024-11-08");
