// Loads what the findings engine needs for a period and runs it: the findings, their streaks through
// the year, and the bulletin's 存在的问题.
import type { Db } from "../../platform/db/client.ts";
import { periodKey, type Period } from "../../domain/period.ts";
import type { Figures, Targets } from "../../domain/workspace.ts";
import {
  describeProblems,
  findFindingsThroughYear,
  type Finding,
  type RulesSettings,
  type TrackedFinding,
} from "../../domain/rules/index.ts";
import { loadTargets, type StoredWorkspace } from "../../store/workspace-repo.ts";
import { loadYearFigures, periodFiguresOf, type PeriodFigures } from "../../store/year-figures-repo.ts";
import { loadPeriodSubmissions } from "../../store/findings-repo.ts";
import { listStoredFindings } from "../../store/tracked-findings-repo.ts";
import { keptJudgements } from "./kept-judgements.ts";

export interface PeriodFindings {
  readonly settings: RulesSettings;
  readonly findings: readonly Finding[];
  /** the findings' tracked state (first seen, months in a row) */
  readonly tracked: readonly TrackedFinding[];
  /** findings of the month before that no longer hold */
  readonly closed: readonly TrackedFinding[];
  readonly problems: readonly string[];
  /** what was loaded to judge the period, for a bulletin compiled right after (buildBulletin's `loaded`) */
  readonly loaded: { readonly targets: Targets; readonly year: readonly PeriodFigures[] };
}

export async function computeFindings(db: Db, workspace: StoredWorkspace, period: Period, now: Date): Promise<PeriodFindings> {
  const settings = workspace.rules;
  const [targets, year, submitted] = await Promise.all([
    loadTargets(db, workspace, period.year),
    loadYearFigures(db, workspace, period),
    loadPeriodSubmissions(db, workspace, period),
  ]);
  const history = new Map<string, Figures>(year.map((entry) => [periodKey(entry.period), entry.units]));
  // The months before, judged on their figures alone, as kept where nothing under them changed.
  const judgements = await keptJudgements(db, workspace.model, settings, targets, year, period);
  const result = findFindingsThroughYear({
    workspace: workspace.model,
    settings,
    targets,
    history,
    scopeFigures: periodFiguresOf(year, period).scope,
    submissions: submitted.submissions,
    explanations: submitted.explanations,
    period,
    deadline: submitted.deadline,
    now,
  }, new Map(year.map((entry) => [periodKey(entry.period), entry.scope])), judgements.before);
  await judgements.keep(result.judged);
  // The units' 情况说明, answered on 督办 cards, live with the stored findings (src/features/schedule).
  // Only the explained ones: a province has some 40,000 open findings, and a handful of explanations.
  const stored = new Map((await listStoredFindings(db, workspace, { state: "open", explained: true })).filter((row) => row.explanation).map((row) => [`${row.unit}\u0000${row.rule}\u0000${row.subject}`, row]));
  const tracked = result.open.map((t) => {
    const row = stored.get(`${t.unit}\u0000${t.rule}\u0000${t.subject}`);
    return row && row.firstPeriod === t.firstPeriod ? { ...t, explanation: row.explanation } : t;
  });
  const problems = describeProblems(result.findings, workspace.model, { settings, tracked, closed: result.closed });
  return { settings, findings: result.findings, tracked, closed: result.closed, problems, loaded: { targets, year } };
}
