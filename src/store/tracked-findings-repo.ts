// Findings kept across months (the Finding table): the engine's tracked findings are written here
// after the deadline, 督办 cards name them by id, and the unit's 情况说明 is stored with them.
import type { Db } from "../platform/db/client.ts";
import type { TrackedFinding } from "../domain/rules/index.ts";
import type { StoredWorkspace } from "./workspace-repo.ts";
import { toJson } from "./json.ts";

export interface StoredFinding {
  readonly id: string;
  readonly unitId: string;
  readonly unit: string;
  readonly rule: string;
  readonly subject: string;
  readonly firstPeriod: string;
  readonly lastPeriod: string;
  readonly streak: number;
  readonly state: "open" | "closed";
  readonly severity: string;
  readonly text: string;
  readonly explanation: string | null;
  readonly explainedAt: Date | null;
  readonly explainedBy: string | null;
  /** the period whose 督办 card named it */
  readonly dubanPeriod: string | null;
}

function unitIdOf(workspace: StoredWorkspace, finding: TrackedFinding): string | undefined {
  return finding.level === "scope" ? workspace.scopeUnitId : workspace.unitIds.get(finding.unit);
}

/**
 * Writes the period's tracked findings (upsert on unit, rule, subject) and closes those that no
 * longer hold. A 情况说明 stays with a finding while it persists (same first period); a finding that
 * went away and came back starts without one.
 */
export async function saveTrackedFindings(db: Db, workspace: StoredWorkspace, open: readonly TrackedFinding[], closed: readonly TrackedFinding[], now: Date): Promise<void> {
  const existing = await db.finding.findMany({ where: { workspaceId: workspace.id } });
  const byKey = new Map(existing.map((row) => [`${row.unitId}\u0000${row.rule}\u0000${row.subject}`, row]));
  await db.$transaction(async (tx) => {
    for (const finding of open) {
      const unitId = unitIdOf(workspace, finding);
      if (!unitId) continue;
      const before = byKey.get(`${unitId}\u0000${finding.rule}\u0000${finding.subject}`);
      const keepsExplanation = before !== undefined && before.state === "open" && before.firstPeriod === finding.firstPeriod;
      const data = {
        firstPeriod: finding.firstPeriod,
        lastPeriod: finding.lastPeriod,
        streak: finding.streak,
        state: "open",
        severity: finding.severity,
        figures: toJson(finding.figures),
        text: finding.text,
        explanation: keepsExplanation ? (before.explanation ?? finding.explanation) : finding.explanation,
        explainedAt: keepsExplanation ? before.explainedAt : null,
        explainedBy: keepsExplanation ? before.explainedBy : null,
        closedAt: null,
      };
      await tx.finding.upsert({
        where: { workspaceId_unitId_rule_subject: { workspaceId: workspace.id, unitId, rule: finding.rule, subject: finding.subject } },
        create: { workspaceId: workspace.id, unitId, rule: finding.rule, subject: finding.subject, ...data },
        update: data,
      });
    }
    for (const finding of closed) {
      const unitId = unitIdOf(workspace, finding);
      if (!unitId) continue;
      await tx.finding.updateMany({ where: { workspaceId: workspace.id, unitId, rule: finding.rule, subject: finding.subject, state: "open" }, data: { state: "closed", closedAt: now } });
    }
  });
}

export async function listStoredFindings(db: Db, workspace: StoredWorkspace, where: { unitId?: string; lastPeriod?: string; state?: "open" | "closed"; ids?: readonly string[]; explained?: true } = {}): Promise<StoredFinding[]> {
  const rows = await db.finding.findMany({
    where: {
      workspaceId: workspace.id,
      ...(where.unitId ? { unitId: where.unitId } : {}),
      ...(where.lastPeriod ? { lastPeriod: where.lastPeriod } : {}),
      ...(where.state ? { state: where.state } : {}),
      ...(where.ids ? { id: { in: [...where.ids] } } : {}),
      ...(where.explained ? { explanation: { not: null } } : {}),
    },
    orderBy: [{ unitId: "asc" }, { rule: "asc" }, { subject: "asc" }],
  });
  const names = new Map([...workspace.unitIds].map(([name, id]) => [id, name]));
  return rows.map((row) => ({
    id: row.id,
    unitId: row.unitId,
    unit: names.get(row.unitId) ?? row.unitId,
    rule: row.rule,
    subject: row.subject,
    firstPeriod: row.firstPeriod,
    lastPeriod: row.lastPeriod,
    streak: row.streak,
    state: row.state === "closed" ? "closed" : "open",
    severity: row.severity,
    text: row.text,
    explanation: row.explanation,
    explainedAt: row.explainedAt,
    explainedBy: row.explainedBy,
    dubanPeriod: row.dubanPeriod,
  }));
}

/** Records that the period's 督办 card named these findings, so each is chased once per period. */
export async function markChased(db: Db, workspaceId: string, findingIds: readonly string[], periodKey: string, now: Date): Promise<void> {
  await db.finding.updateMany({ where: { workspaceId, id: { in: [...findingIds] } }, data: { dubanPeriod: periodKey, dubanAt: now } });
}

/** How many units the period's 督办 cards went to, and how many of them have answered. */
export async function countChased(db: Db, workspaceId: string, periodKey: string): Promise<{ units: number; answered: number }> {
  const rows = await db.finding.findMany({ where: { workspaceId, dubanPeriod: periodKey }, select: { unitId: true, explainedAt: true, dubanAt: true } });
  const units = new Set(rows.map((row) => row.unitId));
  // An answer to last month's card, kept while the finding persists, does not answer this one.
  const answered = new Set(rows.filter((row) => row.explainedAt !== null && row.dubanAt !== null && row.explainedAt >= row.dubanAt).map((row) => row.unitId));
  return { units: units.size, answered: answered.size };
}

/** Stores the unit's 情况说明 with the findings its 督办 card named; returns how many were updated. */
export async function recordExplanation(db: Db, workspaceId: string, unitId: string, findingIds: readonly string[], text: string, by: string, now: Date): Promise<number> {
  const { count } = await db.finding.updateMany({
    where: { workspaceId, unitId, id: { in: [...findingIds] } },
    data: { explanation: text, explainedAt: now, explainedBy: by },
  });
  return count;
}
