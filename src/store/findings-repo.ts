// What the findings engine needs from the store beyond the figures: the period's deadline, each unit's
// revision times (for late and late-revision) and the 上报说明 kept with confirmed suspect values.
import type { Db } from "../platform/db/client.ts";
import type { Period } from "../domain/period.ts";
import type { RevisionRecord } from "../domain/rules/types.ts";
import type { StoredWorkspace } from "./workspace-repo.ts";
import { explanationsSchema } from "./figures-repo.ts";

export interface PeriodSubmissions {
  readonly deadline: Date | null;
  /** unit name → its revisions, oldest first; units that have not submitted are absent */
  readonly submissions: ReadonlyMap<string, readonly RevisionRecord[]>;
  /** unit name → indicator key → 上报说明, from each unit's latest revision */
  readonly explanations: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

export async function loadPeriodSubmissions(db: Db, workspace: StoredWorkspace, period: Period): Promise<PeriodSubmissions> {
  const row = await db.period.findUnique({
    where: { workspaceId_year_month: { workspaceId: workspace.id, year: period.year, month: period.month } },
    select: { id: true, deadline: true },
  });
  if (!row) return { deadline: null, submissions: new Map(), explanations: new Map() };
  const revisions = await db.submission.findMany({
    where: { periodId: row.id },
    orderBy: [{ unitId: "asc" }, { revision: "asc" }],
    select: { unitId: true, submittedAt: true, isLate: true, explanations: true },
  });
  const unitNames = new Map([...workspace.unitIds].map(([name, id]) => [id, name]));
  const submissions = new Map<string, RevisionRecord[]>();
  const explanations = new Map<string, ReadonlyMap<string, string>>();
  for (const revision of revisions) {
    // The scope's hidden unit reports whole-scope figures; it is never late.
    if (revision.unitId === workspace.scopeUnitId) continue;
    const name = unitNames.get(revision.unitId);
    if (!name) continue;
    submissions.set(name, [...(submissions.get(name) ?? []), { submittedAt: revision.submittedAt, isLate: revision.isLate }]);
    // Ordered by revision: the last one seen is the latest.
    explanations.set(name, new Map(Object.entries(explanationsSchema.parse(revision.explanations ?? {}))));
  }
  return { deadline: row.deadline, submissions, explanations };
}
