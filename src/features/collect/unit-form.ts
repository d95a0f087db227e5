// Loads what a unit's form needs for one period: its fields (targets, last month, current values,
// standing among units) and its latest revision.
import type { Db } from "../../platform/db/client.ts";
import { type RulesSettings } from "../../domain/rules/index.ts";
import type { Targets } from "../../domain/workspace.ts";
import { loadCurrentFigures, loadUnitFigures, type LatestRevision } from "../../store/figures-repo.ts";
import type { PeriodRecord } from "../../store/period-repo.ts";
import type { StoredWorkspace } from "../../store/workspace-repo.ts";
import type { WorkspaceSnapshot } from "../../store/workspace-snapshot.ts";
import { formFields, rankTable, type FormField, type RankTable } from "./form-model.ts";
import { AppError } from "../../bot/errors.ts";

export interface UnitForm {
  readonly unitId: string;
  readonly unitName: string;
  readonly fields: readonly FormField[];
  readonly latest: LatestRevision | null;
  readonly previous: ReadonlyMap<string, { month: number; value: number }>;
  readonly targets: Targets;
  readonly settings: RulesSettings;
  /** every unit's current figures (for the rank), by unit name */
  readonly current: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

/**
 * One rank table per period's figures, shared by every card opened on them (3,000 at 开始填报). Keyed
 * on the figures map itself: loadCurrentFigures hands out the same map while it is fresh and a new one
 * after any write, so a table never outlives the figures it ranks.
 */
const ranksByFigures = new WeakMap<UnitForm["current"], { targets: Targets; workspace: StoredWorkspace; ranks: RankTable }>();

function ranksFor(workspace: StoredWorkspace, form: Omit<UnitForm, "fields">): RankTable {
  const known = ranksByFigures.get(form.current);
  if (known && known.targets === form.targets && known.workspace === workspace) return known.ranks;
  const ranks = rankTable(form.targets, form.current, workspace.model.rate);
  ranksByFigures.set(form.current, { targets: form.targets, workspace, ranks });
  return ranks;
}

export function unitNameOf(workspace: StoredWorkspace, unitId: string): string {
  for (const [name, id] of workspace.unitIds) if (id === unitId && id !== workspace.scopeUnitId) return name;
  throw new AppError("UNIT_NOT_FOUND", unitId);
}

/** The snapshot's workspace and targets, as the event or job that asks loaded them. */
export async function loadUnitForm(db: Db, snapshot: WorkspaceSnapshot, period: PeriodRecord, unitId: string): Promise<UnitForm> {
  const { workspace } = snapshot;
  const unitName = unitNameOf(workspace, unitId);
  const year = period.period.year;
  const [targets, figures, current] = await Promise.all([
    snapshot.targets(year),
    loadUnitFigures(db, workspace.id, unitId, period.period),
    loadCurrentFigures(db, workspace, period.id),
  ]);
  const form = { unitId, unitName, latest: figures.latest, previous: figures.previous, targets, settings: workspace.rules, current };
  return { ...form, fields: fieldsOf(workspace, period, form) };
}

/** The form as it stands once `values` are the unit's current figures (the receipt after storing them). */
export function withCurrentValues(workspace: StoredWorkspace, period: PeriodRecord, form: UnitForm, values: ReadonlyMap<string, number>, latest: LatestRevision): UnitForm {
  const current = new Map(form.current);
  current.set(form.unitName, values);
  const next = { ...form, latest, current };
  return { ...next, fields: fieldsOf(workspace, period, next) };
}

function fieldsOf(workspace: StoredWorkspace, period: PeriodRecord, form: Omit<UnitForm, "fields">): FormField[] {
  return formFields({
    indicators: workspace.model.indicators,
    targets: form.targets,
    unit: form.unitName,
    period: period.period,
    style: workspace.model.rate,
    previous: form.previous,
    current: form.current,
    ranks: ranksFor(workspace, form),
    ...(form.settings.behindSchedule.curve ? { curve: form.settings.behindSchedule.curve } : {}),
  });
}
