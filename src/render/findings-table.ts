// A period's findings as a Markdown table, for admins at the command line and for tests.
import { trackingLabel, type Finding, type TrackedFinding, trackingKey } from "../domain/rules/index.ts";
import type { Period } from "../domain/period.ts";
import type { WorkspaceModel } from "../domain/workspace.ts";

const STATE_LABEL: Readonly<Record<Finding["state"], string>> = { late: "未按时报送", lagging: "进度滞后", suspect: "数据存疑" };

export function renderFindingsTable(findings: readonly Finding[], tracked: readonly TrackedFinding[], workspace: WorkspaceModel, period: Period): string {
  if (findings.length === 0) return "（本期没有发现问题）\n";
  const byKey = new Map(tracked.map((t) => [trackingKey(t), t]));
  const subjectName = (key: string | null): string => {
    if (key === null) return "—";
    const indicator = workspace.indicators.find((i) => i.key === key);
    if (indicator) return `${indicator.group}${indicator.name}`;
    return workspace.ratios.find((r) => r.key === key)?.name ?? key;
  };
  const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const rows = findings.map((f) => {
    const t = byKey.get(trackingKey({ level: f.level, unit: f.unit, rule: f.rule, subject: f.indicator ?? "" }));
    const persistence = t ? (t.streak > 1 ? `${trackingLabel(t, period)}（连续${t.streak}个月）` : trackingLabel(t, period)) : "新增";
    return `| ${[STATE_LABEL[f.state], f.rule, f.unit, subjectName(f.indicator), persistence, f.text].map(cell).join(" | ")} |`;
  });
  return ["| 状态 | 规则 | 单位 | 指标 | 持续 | 内容 |", "| --- | --- | --- | --- | --- | --- |", ...rows, ""].join("\n");
}
