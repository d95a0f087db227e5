// The findings engine: every enabled rule over one period's figures, then the overlaps removed so a
// unit is named once per indicator with the most specific problem, in a stable order. Which findings
// hold (detectFindings) is decided before any is worded, so the months before the period, which only
// count towards streaks, cost no text.
import { findBelowAverage } from "./average.ts";
import { findAnomalies } from "./anomalies.ts";
import { makeContext, type RuleContext } from "./context.ts";
import type { FiguresGrid } from "./grid.ts";
import { placeOf, wordFinding, type Detection } from "./finding.ts";
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
  return sortFindings(context, detections).map(({ finding }) => finding);
}

/**
 * The findings that hold in the period, overlaps removed, not yet worded and in no particular order.
 * `grid` may be the whole year's, shared by the months judged (findFindingsThroughYear).
 */
export function detectFindings(input: FindingsInput, grid?: FiguresGrid): { context: RuleContext; detections: Detection[] } {
  const context = makeContext(input, grid);
  const found = findLate(context).concat(
    findSubsidyNotPaid(context),
    findZeroProgress(context),
    findMissedAnnualTarget(context),
    findBelowThreshold(context),
    findBehindSchedule(context),
    findBelowAverage(context),
    findAnomalies(context),
  );
  return { context, detections: removeOverlaps(context, found) };
}

function removeOverlaps(context: RuleContext, findings: readonly Detection[]): Detection[] {
  // The best (lowest) precedence rank found at each place (unit and subject); NONE where none is.
  const best = new Int8Array((context.units.length + 1) * (context.indicators.length + context.ratios.length + 1)).fill(NONE);
  const subsidy = subsidyIndicators(context);
  const keepBest = (place: number, rank: number): void => {
    if (best[place] === NONE || rank < best[place]!) best[place] = rank;
  };
  // forEach and filter, not for…of: this runs once per month judged, 40,000 findings each (decimal.ts).
  findings.forEach((f) => {
    const rank = PROGRESS_PRECEDENCE.indexOf(f.rule);
    if (rank < 0) return;
    // Not paid during the quarter covers every subsidy indicator of the unit (households and amount).
    if (f.rule === "subsidy-not-paid") subsidy.forEach((subject) => keepBest(placeOf(context, f.unit, subject), rank));
    else keepBest(f.place, rank);
  });
  return findings.filter((f) => {
    const rank = PROGRESS_PRECEDENCE.indexOf(f.rule);
    return rank < 0 || best[f.place] === rank;
  });
}

const NONE = -1;

export interface Worded {
  readonly detection: Detection;
  readonly finding: Finding;
}

/** Worded, then scope first, then units in the workspace's order, then rule and subject, then text. */
export function sortFindings(context: RuleContext, detections: readonly Detection[]): Worded[] {
  const subjectOrder = new Map<string, number>();
  context.indicators.forEach((i, n) => subjectOrder.set(i.key, n));
  context.ratios.forEach((r, n) => subjectOrder.set(r.key, context.indicators.length + n));
  const subjects = context.indicators.length + context.ratios.length + 2;
  // One number for the order up to the text: level, unit, rule, subject (none first, unknown last).
  const order = (f: Finding, unit: number): number => {
    const subject = f.indicator === null ? 0 : (subjectOrder.get(f.indicator) ?? subjects - 2) + 1;
    return ((f.level === "scope" ? 0 : unit + 2) * RULE_IDS.length + RULE_IDS.indexOf(f.rule)) * subjects + subject;
  };
  return detections
    .map((detection) => {
      const finding = wordFinding(context, detection);
      return { detection, finding, order: order(finding, detection.unit) };
    })
    .sort((a, b) => a.order - b.order || (a.finding.text < b.finding.text ? -1 : a.finding.text > b.finding.text ? 1 : 0))
    .map(({ detection, finding }) => ({ detection, finding }));
}
