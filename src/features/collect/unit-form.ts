// Loads what a unit's form needs for one period: its fields (targets, last month, current values,
// standing among units) and its latest revision.
import type { Db } from "../../platform/db/client.ts";
import { rulesSettingsSchema, type RulesSettings } from "../../domain/rules/index.ts";
import type { Targets } from "../../domain/workspace.ts";
import { latestRevision, loadPeriodFigures, loadUnitEarlierFigures, type LatestRevision } from "../../store/figures-repo.ts";
import type { PeriodRecord } from "../../store/period-repo.ts";
import { loadTargets, type StoredWorkspace } from "../../store/workspace-repo.ts";
import { formFields, type FormField } from "./form-model.ts";
import { AppError } from "../../bot/errors.ts";

export interface UnitForm {
  readonly unitId: string;
  readonly unitName: string;
  readonly fields: readonly FormField[];
  readonly latest: LatestRevision | null;
  readonly previous: ReadonlyMap<string, { month: number; value: number }>;
  readonly targets: Targets;
  readonly settings: RulesSettings;
}

export function rulesSettingsOf(workspace: StoredWorkspace): RulesSettings {
  return rulesSettingsSchema.parse(workspace.settings.rules ?? {});
}

export function unitNameOf(workspace: StoredWorkspace, unitId: string): string {
  for (const [name, id] of workspace.unitIds) if (id === unitId && id !== workspace.scopeUnitId) return name;
  throw new AppError("UNIT_NOT_FOUND", unitId);
}

export async function loadUnitForm(db: Db, workspace: StoredWorkspace, period: PeriodRecord, unitId: string): Promise<UnitForm> {
  const unitName = unitNameOf(workspace, unitId);
  const [targets, previous, current, latest] = await Promise.all([
    loadTargets(db, workspace, period.period.year),
    loadUnitEarlierFigures(db, workspace.id, unitId, period.period),
    loadPeriodFigures(db, workspace, period.id),
    latestRevision(db, period.id, unitId),
  ]);
  const settings = rulesSettingsOf(workspace);
  const fields = formFields({
    indicators: workspace.model.indicators,
    targets,
    unit: unitName,
    period: period.period,
    style: workspace.model.rate,
    previous,
    current: current.units,
    ...(settings.behindSchedule.curve ? { curve: settings.behindSchedule.curve } : {}),
  });
  return { unitId, unitName, fields, latest, previous, targets, settings };
}
