// For callers without a findings store (the CLI over a CSV of several months): run the engine month
// by month through the year and track, so persisting findings carry their streak.
//
// At 3,000 units × 30 indicators a month holds some 40,000 findings. The months before the period
// count only towards streaks, so they are judged (detectFindings) but never worded: only the period's
// findings are worded, and those of the month before that no longer hold (they are reported closed,
// with their last text). The result equals tracking every month's worded findings with trackFindings
// (test/domain/rules/through-year.test.ts holds that plain path and compares the two).
import { comparePeriods, periodKey, previousPeriod, type Period } from "../period.ts";
import type { Figures, ScopeFigures } from "../workspace.ts";
import { detectFindings, sortFindings } from "./engine.ts";
import type { Detection } from "./finding.ts";
import { trackingKey, type TrackedFinding } from "./tracking.ts";
import type { Finding, FindingsInput } from "./types.ts";

export interface YearFindings {
  /** the findings of `input.period` */
  readonly findings: readonly Finding[];
  /** their tracked state: first seen, streak */
  readonly open: readonly TrackedFinding[];
  /** findings of earlier months that no longer hold in `input.period` */
  readonly closed: readonly TrackedFinding[];
}

/** How long a finding has held, up to the last month judged. */
interface Held {
  readonly firstPeriod: string;
  readonly streak: number;
}

/**
 * `scopeHistory` holds the whole-scope figures of earlier months (the current month's are in the input).
 * Earlier months are judged on their figures only: submissions, deadlines and explanations are known
 * for `input.period` alone, so late findings start in that month, and no earlier finding carries an
 * explanation.
 */
export function findFindingsThroughYear(input: FindingsInput, scopeHistory?: ReadonlyMap<string, ScopeFigures>): YearFindings {
  let held = new Map<string, Held>();
  let heldIn: Period | null = null;
  let heldDetections: readonly Detection[] = [];
  const history = new Map<string, Figures>();
  for (let month = 1; month < input.period.month; month++) {
    const period = { year: input.period.year, month };
    const key = periodKey(period);
    const figures = input.history.get(key);
    if (!figures) continue;
    history.set(key, figures);
    const { detections } = detectFindings({
      ...input,
      history: new Map(history),
      period,
      submissions: undefined,
      explanations: undefined,
      deadline: null,
      scopeFigures: scopeHistory?.get(key),
    });
    const next = new Map<string, Held>();
    for (const d of detections) {
      const tracking = keyOfDetection(d);
      if (next.has(tracking)) continue;
      const before = heldIn && isNextMonth(heldIn, period) ? held.get(tracking) : undefined;
      next.set(tracking, before ? { firstPeriod: before.firstPeriod, streak: before.streak + 1 } : { firstPeriod: key, streak: 1 });
    }
    held = next;
    heldIn = period;
    heldDetections = detections;
  }

  const period = input.period;
  const thisKey = periodKey(period);
  const current = input.history.get(thisKey);
  if (current) history.set(thisKey, current);
  const { context, detections } = detectFindings({ ...input, history });
  const findings = sortFindings(context, detections.map((d) => d.word()));
  const continues = heldIn !== null && isNextMonth(heldIn, period);
  const seen = new Set<string>();
  const open: TrackedFinding[] = [];
  for (const finding of findings) {
    const tracking = keyOfDetection(finding);
    if (seen.has(tracking)) continue;
    seen.add(tracking);
    const before = continues ? held.get(tracking) : undefined;
    open.push(tracked(finding, thisKey, before ?? { firstPeriod: thisKey, streak: 1 }, before ? 1 : 0));
  }
  // Findings of the month before that no longer hold, worded as they were then, in that month's order.
  const closing = heldDetections.filter((d) => !seen.has(keyOfDetection(d)));
  const closedSeen = new Set<string>();
  const closed: TrackedFinding[] = [];
  if (heldIn !== null && closing.length > 0) {
    const lastKey = periodKey(heldIn);
    for (const finding of sortFindings(context, closing.map((d) => d.word()))) {
      const tracking = keyOfDetection(finding);
      if (closedSeen.has(tracking)) continue;
      closedSeen.add(tracking);
      closed.push({ ...tracked(finding, lastKey, held.get(tracking)!, 0), status: "closed", closedPeriod: thisKey });
    }
  }
  return { findings, open, closed };
}

function keyOfDetection(d: Pick<Detection, "level" | "unit" | "rule" | "indicator">): string {
  return trackingKey({ level: d.level, unit: d.unit, rule: d.rule, subject: d.indicator ?? "" });
}

/** The tracked state trackFindings gives a finding of `lastPeriod`, `held` months in a row (plus `more`). */
function tracked(finding: Finding, lastPeriod: string, held: Held, more: number): TrackedFinding {
  return {
    rule: finding.rule,
    unit: finding.unit,
    level: finding.level,
    subject: finding.indicator ?? "",
    state: finding.state,
    severity: finding.severity,
    lastPeriod,
    figures: finding.figures,
    text: finding.text,
    status: "open",
    closedPeriod: null,
    firstPeriod: held.firstPeriod,
    streak: held.streak + more,
    explanation: finding.explanation,
  };
}

/** Whether `later` is the month right after `earlier`. */
function isNextMonth(earlier: Period, later: Period): boolean {
  const before = previousPeriod(later) ?? { year: later.year - 1, month: 12 };
  return comparePeriods(before, earlier) === 0;
}
