// Loads what a period's bulletin needs from the store and compiles it.
import type { Db } from "../../platform/db/client.ts";
import { compileBulletin } from "../../domain/bulletin/compile.ts";
import type { Bulletin, BulletinFinding } from "../../domain/bulletin/types.ts";
import type { Period } from "../../domain/period.ts";
import type { Targets } from "../../domain/workspace.ts";
import { loadTargets, type StoredWorkspace } from "../../store/workspace-repo.ts";
import { loadNarrative } from "../../store/narrative-repo.ts";
import { loadYearFigures, periodFiguresOf, type PeriodFigures } from "../../store/year-figures-repo.ts";

export interface BuildBulletinOptions {
  readonly period: Period;
  readonly issuedOn: string;
  readonly docSequence: number | null;
  readonly findings?: readonly BulletinFinding[];
  readonly problems?: readonly string[];
  /** the period's targets and year of figures when the caller has just loaded them (computeFindings) */
  readonly loaded?: { readonly targets: Targets; readonly year: readonly PeriodFigures[] };
}

export async function buildBulletin(db: Db, workspace: StoredWorkspace, options: BuildBulletinOptions): Promise<Bulletin> {
  const [targets, history] = options.loaded
    ? [options.loaded.targets, options.loaded.year]
    : await Promise.all([loadTargets(db, workspace, options.period.year), loadYearFigures(db, workspace, options.period)]);
  // The office's words as they stand now: a draft carries them, so the version keeps what it said.
  const { narrative } = await loadNarrative(db, workspace.id);
  const current = periodFiguresOf(history, options.period);
  return compileBulletin({
    workspace: workspace.model,
    period: options.period,
    targets,
    figures: current.units,
    scopeFigures: current.scope,
    findings: options.findings ?? [],
    problems: options.problems ?? [],
    issuedOn: options.issuedOn,
    docSequence: options.docSequence,
    narrative,
  });
}
