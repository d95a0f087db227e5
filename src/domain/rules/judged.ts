// Which findings a period can judge. A rule that does not judge in a month (the quarterly subsidy
// rule in the first two months of a quarter, the year-end rule before December, a rule before its
// fromMonth) says nothing about its findings then; a unit without figures for the period gives no
// evidence either way. Such a finding is neither continued nor closed: it keeps its state until the
// rule next judges the unit on its own new figures, so no bulletin calls it 已解决 on no evidence.
import { isQuarterEnd, type Period } from "../period.ts";
import type { RulesSettings } from "./settings.ts";
import type { RuleId } from "./types.ts";

/** Whether `rule` judges at all in `period` under `settings` (the same gates the rules open with). */
export function ruleJudgesIn(rule: RuleId, settings: RulesSettings, period: Period): boolean {
  const month = period.month;
  switch (rule) {
    case "late":
    case "late-revision":
      return settings.late.enabled;
    case "zero-progress":
      return settings.zeroProgress.enabled && month >= settings.zeroProgress.fromMonth;
    case "subsidy-not-paid":
      return settings.subsidyNotPaid.enabled && (settings.subsidyNotPaid.cadence === "month" || isQuarterEnd(period));
    case "missed-annual-target":
      return settings.missedAnnualTarget.enabled && month >= settings.missedAnnualTarget.month;
    case "below-threshold":
      return settings.belowThreshold.enabled && settings.belowThreshold.thresholds.some((threshold) => month >= threshold.fromMonth);
    case "behind-schedule":
      return settings.behindSchedule.enabled && month >= settings.behindSchedule.fromMonth;
    case "below-average":
      return settings.belowAverage.enabled;
    case "anomaly-decrease":
    case "anomaly-spike":
    case "anomaly-spend-exceeds-funds":
      return settings.anomalies.enabled;
  }
}

/**
 * Whether a finding that held last month may be reported closed in `period`: its rule judged, and
 * `reported` — the unit reported figures, or for a whole-scope finding every unit did (a total of
 * part of the units shows nothing about the whole). Late findings close on a submission, their evidence.
 */
export function canClose(
  finding: { readonly rule: RuleId; readonly level: "unit" | "scope" },
  settings: RulesSettings,
  period: Period,
  reported: boolean,
): boolean {
  if (!ruleJudgesIn(finding.rule, settings, period)) return false;
  if (finding.rule === "late" || finding.rule === "late-revision") return true;
  return reported;
}
