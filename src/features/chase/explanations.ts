// The units' 情况说明 for admins: what 进度 lists, and what the bulletin quotes when the workspace asks
// (rules.wording.quoteExplanations).
import type { Db } from "../../platform/db/client.ts";
import type { StoredWorkspace } from "../../store/workspace-repo.ts";
import { listStoredFindings } from "../../store/tracked-findings-repo.ts";
import { formatLocal } from "../../platform/time.ts";
import { markdownText } from "../../render/card/markdown-text.ts";

export interface ExplanationEntry {
  readonly unit: string;
  readonly rule: string;
  readonly subject: string;
  /** the finding in plain words */
  readonly finding: string;
  readonly explanation: string;
  readonly explainedAt: Date | null;
}

/** Explanations given for the period's findings (open or since closed), in the workspace's unit order. */
export async function listExplanations(db: Db, workspace: StoredWorkspace, periodKey: string): Promise<ExplanationEntry[]> {
  const order = new Map(workspace.model.units.map((unit) => [unit.name, unit.position]));
  const rows = (await listStoredFindings(db, workspace, { lastPeriod: periodKey })).filter((row) => row.explanation);
  return rows
    .map((row) => ({ unit: row.unit, rule: row.rule, subject: row.subject, finding: row.text, explanation: row.explanation!, explainedAt: row.explainedAt }))
    .sort((a, b) => (order.get(a.unit) ?? 0) - (order.get(b.unit) ?? 0));
}

/** One line per unit for the 进度 card: 临泽县（3月5日 10:20）：受天气影响…… */
export function explanationLines(entries: readonly ExplanationEntry[], timezone: string): string[] {
  const byUnit = new Map<string, ExplanationEntry>();
  for (const entry of entries) if (!byUnit.has(entry.unit)) byUnit.set(entry.unit, entry);
  return [...byUnit.values()].map((entry) => `${entry.unit}${entry.explainedAt ? `（${formatLocal(entry.explainedAt, timezone)}）` : ""}：${markdownText(entry.explanation)}`);
}
