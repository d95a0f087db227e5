// Loads what the files need beyond the bulletin (the period's stored figures, the schedule curve) and
// renders bulletin.docx, bulletin.xlsx and card.json.
import type { Db } from "../../platform/db/client.ts";
import type { Bulletin } from "../../domain/bulletin/types.ts";
import { renderBulletinFiles } from "../../render/bulletin-files.ts";
import { rawFiguresOf } from "../../render/xlsx/raw-figures.ts";
import { loadYearFigures, periodFiguresOf } from "../../store/year-figures-repo.ts";
import { loadTargets, type StoredWorkspace } from "../../store/workspace-repo.ts";

export async function bulletinFiles(db: Db, workspace: StoredWorkspace, bulletin: Bulletin): Promise<Record<string, Buffer | string>> {
  const [targets, year] = await Promise.all([loadTargets(db, workspace, bulletin.period.year), loadYearFigures(db, workspace, bulletin.period)]);
  const rawFigures = rawFiguresOf(workspace.model, targets, periodFiguresOf(year, bulletin.period));
  const curve = workspace.rules.behindSchedule.curve;
  return renderBulletinFiles(bulletin, { rawFigures, curve });
}
