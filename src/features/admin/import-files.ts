// Importing a workspace file and a figures file: read, validate everything, then store in one
// transaction. A rejected file changes nothing.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { Db } from "../../platform/db/client.ts";
import { parseWorkspaceFile } from "../../import/workspace-file.ts";
import { parseFiguresCsv, type FigureRow } from "../../import/figures-csv.ts";
import { loadWorkspace, type StoredWorkspace } from "../../store/workspace-repo.ts";
import { importedDigestOf, recordImportedDigest, saveWorkspaceFile, storedWorkspaceKeys, workspaceKeyOf, type SaveSummary } from "../../store/workspace-import.ts";
import type { Logger } from "../../platform/logger.ts";
import { importFigures, PeriodLocked, ScopeTotalContradicted, type ImportFiguresSummary } from "../../store/figures-repo.ts";
import { contradictionText } from "../../domain/bulletin/scope-totals.ts";
import { unitNounFor } from "../../domain/rules/wording.ts";
import { ImportRejected } from "../../import/errors.ts";

export async function importWorkspaceFile(db: Db, path: string): Promise<SaveSummary> {
  const text = await readFile(path, "utf8");
  const summary = await saveWorkspaceFile(db, parseWorkspaceFile(text, basename(path)));
  await recordImportedDigest(db, summary.workspaceKey, digestOf(text));
  return summary;
}

export type StartImport = { readonly workspaceKey: string; readonly outcome: "imported" | "unchanged" | "refused" };

/**
 * The workspace file at start (WORKSPACE_FILE). Imported only when it differs from the file imported
 * last, so a restart with the same file reverts nothing admins changed in chat since (任务, 联系人).
 * A file that does not parse does not stop a bot that has a stored workspace: it keeps running on what
 * is stored, and the problems are logged with their lines.
 */
export async function importWorkspaceFileAtStart(db: Db, path: string, log: Logger): Promise<StartImport> {
  const text = await readFile(path, "utf8");
  let file;
  try {
    file = parseWorkspaceFile(text, basename(path));
  } catch (error) {
    const stored = await storedWorkspaceKeys(db);
    if (!(error instanceof ImportRejected) || stored.length !== 1) throw error;
    log.error({ problems: error.issues }, `工作区文件有误，未导入，机器人按已保存的工作区“${stored[0]}”继续运行：\n${error.message}`);
    return { workspaceKey: stored[0]!, outcome: "refused" };
  }
  const key = workspaceKeyOf(file);
  const digest = digestOf(text);
  if ((await importedDigestOf(db, key)) === digest) {
    log.info({ workspace: key }, "工作区文件与上次导入时相同，未重新导入（聊天中所做的修改保持不变）");
    return { workspaceKey: key, outcome: "unchanged" };
  }
  const summary = await saveWorkspaceFile(db, file);
  await recordImportedDigest(db, key, digest);
  log.info({ workspace: key, ...summary }, "工作区文件已导入");
  return { workspaceKey: key, outcome: "imported" };
}

function digestOf(text: string): string {
  return createHash("sha256").update(text).digest("hex");
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
    if (error instanceof ScopeTotalContradicted) throw contradictionRejected(basename(path), workspace, rows, error);
    if (!(error instanceof PeriodLocked)) throw error;
    const line = rows.find((row) => row.period === error.period)?.line ?? null;
    throw new ImportRejected(basename(path), [{ line, where: "period", message: error.message }]);
  }
}

export { loadWorkspace };

/** Each contradicted total at the line of its whole-scope row (or the period's first row), with both numbers. */
function contradictionRejected(file: string, workspace: StoredWorkspace, rows: readonly FigureRow[], error: ScopeTotalContradicted): ImportRejected {
  const { scope } = workspace.model;
  const noun = unitNounFor(scope, undefined);
  return new ImportRejected(
    file,
    error.contradictions.map((contradiction) => ({
      line: rows.find((row) => row.period === error.period && row.unit === scope && row.indicator === contradiction.indicator)?.line ?? rows.find((row) => row.period === error.period)?.line ?? null,
      where: "value",
      message: `${error.period} ${contradictionText(contradiction, scope, noun)}。请核对${scope}数据或各${noun}数据；如${scope}数含各${noun}以外的部分（如市本级），请在工作区文件中为该指标写 ownTotal: true`,
    })),
  );
}
