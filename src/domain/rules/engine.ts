// The findings engine: every enabled rule over one period's figures, then the overlaps removed so a
// unit is named once per indicator with the most specific problem, in a stable order. Which findings
// hold (detectFindings) is decided before any is worded, so the months before the period, which only
// count towards streaks, cost no text.
import { findBelowAverage } from "./average.ts";
import { findAnomalies } from "./anomalies.ts";
import { makeContext, type RuleContext } from "./context.ts";
import type { Detection } from "./finding.ts";
import { findLate } from "./late.ts";
import { findBehindSchedule, findBelowThreshold, findMissedAnnualTarget, findZeroProgress } from "./progress.ts";
import { findSubsidyNotPaid, subsidyIndicators } from "./subsidy.ts";
import { RULE_IDS, type Finding, type FindingsInput, type RuleId } from "./types.ts";

/**
 * On one unit and indicator, only the first of these is kept: 发放为零 says more than 未完成年度任务,
 * which says more than 开工率不到60%, which says more than 低于时序进度.
 */
const PROGRESS_PRECEDENCE: readonly RuleId[] = ["subsidy-not-paid", "zero-progress", "missed-annual-target", "below-threshold", "behind-schedule"];

/** All findings of the period: pure, deterministic, independent of the input maps' order. */
export function findFindings(input: FindingsInput): Finding[] {
  const { context, detections } = detectFindings(input);
  return sortFindings(context, detections.map((d) => d.word()));
}

/** The findings that hold in the period, overlaps removed, not yet worded and in no particular order. */
export function detectFindings(input: FindingsInput): { context: RuleContext; detections: Detection[] } {
  const context = makeContext(input);
  const found: Detection[] = [
    ...findLate(context),
    ...findSubsidyNotPaid(context),
    ...findZeroProgress(context),
    ...findMissedAnnualTarget(context),
    ...findBelowThreshold(context),
    ...findBehindSchedule(context),
    ...findBelowAverage(context),
    ...findAnomalies(context),
  ];
  return { context, detections: removeOverlaps(context, found) };
}

function removeOverlaps(context: RuleContext, findings: readonly Detection[]): Detection[] {
  const best = new Map<string, number>();
  const slot = (f: Detection, indicator: string | null): string => `${f.level}\u0000${f.unit}\u0000${indicator ?? ""}`;
  const subsidyKeys = subsidyIndicators(context).map((i) => i.key);
  for (const f of findings) {
    const rank = PROGRESS_PRECEDENCE.indexOf(f.rule);
    if (rank < 0) continue;
    // Not paid during the quarter covers every subsidy indicator of the unit (households and amount).
    const covered = f.rule === "subsidy-not-paid" ? subsidyKeys : [f.indicator];
    for (const key of covered) {
      const s = slot(f, key);
      best.set(s, Math.min(best.get(s) ?? rank, rank));
    }
  }
  return findings.filter((f) => {
    const rank = PROGRESS_PRECEDENCE.indexOf(f.rule);
    return rank < 0 || best.get(slot(f, f.indicator)) === rank;
  });
}

/** Scope first, then units in the workspace's order, then rule and subject, then text. */
export function sortFindings(context: RuleContext, findings: readonly Finding[]): Finding[] {
  const unitOrder = new Map(context.units.map((u, i) => [u.name, i]));
  const subjectOrder = new Map<string, number>();
  context.indicators.forEach((i, n) => subjectOrder.set(i.key, n));
  [...context.workspace.ratios].sort((a, b) => a.position - b.position).forEach((r, n) => subjectOrder.set(r.key, context.indicators.length + n));
  const key = (f: Finding): number[] => [
    f.level === "scope" ? 0 : 1,
    unitOrder.get(f.unit) ?? -1,
    RULE_IDS.indexOf(f.rule),
    f.indicator === null ? -1 : (subjectOrder.get(f.indicator) ?? Number.MAX_SAFE_INTEGER),
  ];
  return findings
    .map((f) => ({ f, k: key(f) }))
    .sort((a, b) => {
      for (let i = 0; i < a.k.length; i++) {
        const d = (a.k[i] ?? 0) - (b.k[i] ?? 0);
        if (d !== 0) return d;
      }
      return a.f.text < b.f.text ? -1 : a.f.text > b.f.text ? 1 : 0;
    })
    .map(({ f }) => f);
}
