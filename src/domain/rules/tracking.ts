// A finding keeps its identity while it persists: the same unit, rule and indicator month after month
// is one tracked finding whose streak grows (连续3个月零进度), not three. It is closed the first
// period it no longer holds. Pure: the store loads the open ones and saves what this returns.
import { comparePeriods, parsePeriod, periodKey, previousPeriod, type Period } from "../period.ts";
import type { FigureValue, Finding, FindingState, RuleId, Severity } from "./types.ts";

export interface TrackedFinding {
  readonly rule: RuleId;
  readonly unit: string;
  readonly level: "unit" | "scope";
  /** indicator or ratio key, "" for unit-wide findings (matches the Prisma model's `subject`) */
  readonly subject: string;
  readonly state: FindingState;
  readonly severity: Severity;
  /** period keys, `2023-03` */
  readonly firstPeriod: string;
  readonly lastPeriod: string;
  /** months in a row it has held, up to lastPeriod */
  readonly streak: number;
  readonly figures: Readonly<Record<string, FigureValue>>;
  readonly text: string;
  /** the unit's explanation (情况说明 or 上报说明), kept while the finding persists */
  readonly explanation: string | null;
  readonly status: "open" | "closed";
  /** the period in which it no longer held */
  readonly closedPeriod: string | null;
}

export interface TrackingResult {
  /** findings of this period, new or continued: write them (upsert on unit, rule, subject) */
  readonly upserts: readonly TrackedFinding[];
  /** previously open findings that no longer hold this period */
  readonly closed: readonly TrackedFinding[];
}

export function trackingKey(f: { readonly level: "unit" | "scope"; readonly unit: string; readonly rule: string; readonly subject: string }): string {
  return `${f.level}\u0000${f.unit}\u0000${f.rule}\u0000${f.subject}`;
}

function keyOfFinding(f: Finding): string {
  return trackingKey({ level: f.level, unit: f.unit, rule: f.rule, subject: f.indicator ?? "" });
}

/** Whether `later` is the month right after `earlier` (December → January of the next year included). */
export function isNextMonth(earlier: Period, later: Period): boolean {
  const before = previousPeriod(later) ?? { year: later.year - 1, month: 12 };
  return comparePeriods(before, earlier) === 0;
}

/**
 * The open tracked state of a finding seen in `lastPeriod`, first seen in `firstPeriod`, `streak` months
 * in a row. One literal, not a spread of a base: the year's pass builds 40,000 of these per compile.
 */
export function openTracking(finding: Finding, lastPeriod: string, firstPeriod: string, streak: number, explanation: string | null): TrackedFinding {
  return {
    rule: finding.rule,
    unit: finding.unit,
    level: finding.level,
    subject: finding.indicator ?? "",
    state: finding.state,
    severity: finding.severity,
    firstPeriod,
    lastPeriod,
    streak,
    figures: finding.figures,
    text: finding.text,
    explanation,
    status: "open",
    closedPeriod: null,
  };
}

/**
 * `mayClose` says whether the period judged an open finding that no longer appears (judged.ts's
 * canClose): one it did not judge is neither continued nor closed. Without it every one may close.
 */
export function trackFindings(previous: readonly TrackedFinding[], current: readonly Finding[], period: Period, mayClose?: (finding: TrackedFinding) => boolean): TrackingResult {
  const thisKey = periodKey(period);
  const open = new Map(previous.filter((t) => t.status === "open").map((t) => [trackingKey(t), t]));
  const seen = new Set<string>();
  const upserts: TrackedFinding[] = [];
  for (const finding of current) {
    const key = keyOfFinding(finding);
    if (seen.has(key)) continue;
    seen.add(key);
    const before = open.get(key);
    if (before === undefined) {
      upserts.push(openTracking(finding, thisKey, thisKey, 1, finding.explanation));
      continue;
    }
    const last = parsePeriod(before.lastPeriod);
    const order = comparePeriods(last, period);
    // Computing an older period again must not rewrite a finding already carried further.
    if (order > 0) continue;
    // The same period again (figures corrected, bulletin recompiled): same streak, fresh figures.
    const continues = order === 0 || isNextMonth(last, period);
    upserts.push(
      continues
        ? openTracking(finding, thisKey, before.firstPeriod, order === 0 ? before.streak : before.streak + 1, before.explanation ?? finding.explanation)
        : openTracking(finding, thisKey, thisKey, 1, finding.explanation),
    );
  }
  const closed: TrackedFinding[] = [];
  for (const [key, before] of open) {
    if (seen.has(key) || comparePeriods(parsePeriod(before.lastPeriod), period) > 0) continue;
    if (mayClose && !mayClose(before)) continue;
    closed.push({ ...before, status: "closed", closedPeriod: thisKey });
  }
  return { upserts, closed };
}

/** How the bulletin marks a tracked finding in `period`: 新增, 仍未解决 or 已解决. */
export function trackingLabel(tracked: TrackedFinding, period: Period): "新增" | "仍未解决" | "已解决" {
  if (tracked.status === "closed") return "已解决";
  return tracked.firstPeriod === periodKey(period) ? "新增" : "仍未解决";
}
