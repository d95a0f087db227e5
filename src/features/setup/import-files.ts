// Importing a workspace file and a figures file: read, validate everything, then store in one
// transaction. A rejected file changes nothing.
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { Db } from "../../platform/db/client.ts";
import { parseWorkspaceFile } from "../../import/workspace-file.ts";
import { parseFiguresCsv } from "../../import/figures-csv.ts";
import { saveWorkspaceFile, loadWorkspace, type SaveSummary, type StoredWorkspace } from "../../store/workspace-repo.ts";
import { importFigures, PeriodLocked, type ImportFiguresSummary } from "../../store/figures-repo.ts";
import { ImportRejected } from "../../import/errors.ts";

export async function importWorkspaceFile(db: Db, path: string): Promise<SaveSummary> {
  const text = await readFile(path, "utf8");
  return saveWorkspaceFile(db, parseWorkspaceFile(text, basename(path)));
}

export async function importFiguresFile(db: Db, workspace: StoredWorkspace, path: string, now: Date): Promise<ImportFiguresSummary> {
  const text = await readFile(path, "utf8");
  const rows = parseFiguresCsv(text, basename(path), {
    scope: workspace.model.scope,
    unitNames: new Set(workspace.model.units.map((unit) => unit.name)),
    indicators: new Map(workspace.model.indicators.map((indicator) => [indicator.key, indicator])),
  });
  try {
    return await importFigures(db, workspace, rows, `import:${basename(path)}`, now);
  } catch (error) {
    // Whether a period is locked is known only inside the import's transaction; the file is refused
    // like any other bad row, at the first line of that period.
    if (!(error instanceof PeriodLocked)) throw error;
    const line = rows.find((row) => row.period === error.period)?.line ?? null;
    throw new ImportRejected(basename(path), [{ line, where: "period", message: error.message }]);
  }
}

export { loadWorkspace };
