// late: no submission by the deadline (逾期未报), or the first one after it (逾期报送);
// late-revision: figures changed after the deadline. Only once the deadline has passed at `now`.
import type { RuleContext } from "./context.ts";
import { detected, type Detection } from "./finding.ts";
import type { RevisionRecord } from "./types.ts";
import { formatDeadline } from "./wording.ts";

export function findLate(context: RuleContext): Detection[] {
  const { input } = context;
  const settings = input.settings.late;
  const submissions = input.submissions;
  if (!settings.enabled || submissions === undefined) return [];
  const deadline = input.deadline;
  const timezone = context.workspace.timezone;
  const monthText = `${context.period.month}月份数据`;
  // A deadline moved later after the fact makes an old isLate flag wrong, so with a deadline we compare
  // times; without one the flag recorded at submission is all we have.
  const isLateRevision = (r: RevisionRecord): boolean => (deadline ? r.submittedAt.getTime() > deadline.getTime() : r.isLate);
  const findings: Detection[] = [];
  context.units.forEach((unit, u) => {
    const revisions = [...(submissions.get(unit.name) ?? [])].sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime());
    const first = revisions[0];
    if (first === undefined) {
      if (deadline === null || input.now.getTime() <= deadline.getTime()) return;
      findings.push(
        detected(context, "late", u, -1, () => {
          const deadlineText = formatDeadline(deadline, timezone);
          return {
            severity: settings.severity,
            text: `${unit.name}截至${deadlineText}（报送截止时间）未报送${monthText}，逾期未报。`,
            figures: { deadline: deadline.toISOString(), deadlineText, submittedAt: null },
          };
        }),
      );
      return;
    }
    if (isLateRevision(first)) {
      findings.push(
        detected(context, "late", u, -1, () => {
          const submittedText = formatDeadline(first.submittedAt, timezone);
          return {
            severity: settings.severity,
            text: deadline
              ? `${unit.name}于${submittedText}报送${monthText}，晚于报送截止时间${formatDeadline(deadline, timezone)}。`
              : `${unit.name}于${submittedText}报送${monthText}，晚于报送截止时间。`,
            figures: { deadline: deadline?.toISOString() ?? null, submittedAt: first.submittedAt.toISOString(), submittedText },
          };
        }),
      );
      return;
    }
    const lateRevisions = revisions.filter(isLateRevision);
    const lastLate = lateRevisions[lateRevisions.length - 1];
    if (settings.revisions && lastLate !== undefined) {
      findings.push(
        detected(context, "late-revision", u, -1, () => {
          const submittedText = formatDeadline(lastLate.submittedAt, timezone);
          return {
            severity: settings.revisionSeverity,
            text: `${unit.name}在报送截止时间后修改了${monthText}（最近一次修改于${submittedText}，共${lateRevisions.length}次）。`,
            figures: { deadline: deadline?.toISOString() ?? null, submittedAt: lastLate.submittedAt.toISOString(), submittedText, lateRevisions: lateRevisions.length },
          };
        }),
      );
    }
  });
  return findings;
}
