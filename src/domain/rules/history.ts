// For callers without a findings store (the CLI over a CSV of several months): run the engine month
// by month through the year and track, so persisting findings carry their streak.
//
// At 3,000 units × 30 indicators a month holds some 40,000 findings. The months before the period
// count only towards streaks, so they are judged (detectFindings) but never worded: only the period's
// findings are worded, and those of the month before that no longer hold (they are reported closed,
// with their last text). The result equals tracking every month's worded findings with trackFindings
// (test/domain/rules/through-year.test.ts holds that plain path and compares the two).
import { periodKey, type Period } from "../period.ts";
import type { ScopeFigures } from "../workspace.ts";
import { detectFindings, sortFindings } from "./engine.ts";
import { cellOf, makeGrid, type FiguresGrid } from "./grid.ts";
import { canClose } from "./judged.ts";
import type { RuleContext } from "./context.ts";
import { slotCount, type Detection } from "./finding.ts";
import { isNextMonth, openTracking, type TrackedFinding } from "./tracking.ts";
import type { Finding, FindingsInput } from "./types.ts";

/** The tracking slots of the findings that held in a month judged on its figures alone (Detection.slot). */
export type JudgedSlots = Int32Array;

export interface YearFindings {
  /** the findings of `input.period` */
  readonly findings: readonly Finding[];
  /** their tracked state: first seen, streak */
  readonly open: readonly TrackedFinding[];
  /** findings of earlier months that no longer hold in `input.period` */
  readonly closed: readonly TrackedFinding[];
  /** the months before the period judged by this call (not taken from `judgedBefore`), by month number */
  readonly judged: ReadonlyMap<number, JudgedSlots>;
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
 *
 * `judgedBefore` holds months already judged, by month number, as an earlier call returned them in
 * `judged` on the same workspace, settings, targets and figures up to that month (the caller keeps
 * them: src/store/month-memo-repo.ts). Those months are not judged again, except the month right
 * before the period, whose findings that no longer hold need its wording.
 */
export function findFindingsThroughYear(input: FindingsInput, scopeHistory?: ReadonlyMap<string, ScopeFigures>, judgedBefore?: ReadonlyMap<number, JudgedSlots>): YearFindings {
  // One grid for the year: each month's context reads only the months up to its own.
  const grid = makeGrid(input.workspace, input.targets, input.history, input.period);
  const slots = slotCount(grid, input.workspace);
  let held = newStreaks(slots);
  let next = newStreaks(slots);
  let heldIn: Period | null = null;
  // The last month judged before the period: its findings that no longer hold are worded in its own
  // context. Only its findings are kept: an earlier month's are dropped as soon as it is counted.
  const lastJudged = grid.months.findLastIndex((figures, month) => figures !== undefined && month > 0 && month < input.period.month);
  let heldFindings: { context: RuleContext; detections: readonly Detection[] } | null = null;
  const judgedNow = new Map<number, JudgedSlots>();
  for (let month = 1; month < input.period.month; month++) {
    const period = { year: input.period.year, month };
    if (grid.months[month] === undefined) continue;
    let slots = month === lastJudged ? undefined : judgedBefore?.get(month);
    if (slots === undefined) {
      const judged = detectFindings({ ...input, period, submissions: undefined, explanations: undefined, deadline: null, scopeFigures: scopeHistory?.get(periodKey(period)) }, grid);
      slots = Int32Array.from(judged.detections, (d) => d.slot);
      judgedNow.set(month, slots);
      if (month === lastJudged) heldFindings = judged;
    }
    const continues = heldIn !== null && isNextMonth(heldIn, period);
    // Cleared where it was last set, not in full: a province has 1.5 million slots and 40,000 findings a month.
    next.set.forEach((slot) => (next.months[slot] = 0));
    next.set = slots;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      // The same finding twice in a month (two spend pairs on one indicator) is one streak.
      if (next.months[slot] !== 0) continue;
      const before = continues ? held.months[slot]! : 0;
      next.months[slot] = before + 1;
      next.since[slot] = before > 0 ? held.since[slot]! : month;
    }
    [held, next] = [next, held];
    heldIn = period;
  }
  const heldOf = (slot: number): Held | undefined => (held.months[slot]! > 0 ? { firstPeriod: periodKey({ year: input.period.year, month: held.since[slot]! }), streak: held.months[slot]! } : undefined);

  const period = input.period;
  const thisKey = periodKey(period);
  const { context, detections } = detectFindings(input, grid);
  const worded = sortFindings(context, detections);
  const continues = heldIn !== null && isNextMonth(heldIn, period);
  const seen = new Set<number>();
  const open: TrackedFinding[] = [];
  for (const { detection, finding } of worded) {
    const slot = detection.slot;
    if (seen.has(slot)) continue;
    seen.add(slot);
    const before = continues ? heldOf(slot) : undefined;
    open.push(tracked(finding, thisKey, before ?? { firstPeriod: thisKey, streak: 1 }, before ? 1 : 0));
  }
  // Findings of the month before that no longer hold, worded as they were then, in that month's order;
  // only those this month judged on evidence (judged.ts): the others keep their state.
  const reported = (unit: number): boolean => (unit < 0 ? grid.units.every((_, u) => hasFigures(grid, period.month, u)) : hasFigures(grid, period.month, unit));
  const closing = heldFindings?.detections.filter((d) => !seen.has(d.slot) && canClose({ rule: d.rule, level: d.unit < 0 ? "scope" : "unit" }, input.settings, period, reported(d.unit))) ?? [];
  const closedSeen = new Set<number>();
  const closed: TrackedFinding[] = [];
  if (heldIn !== null && heldFindings !== null && closing.length > 0) {
    const lastKey = periodKey(heldIn);
    for (const { detection, finding } of sortFindings(heldFindings.context, closing)) {
      const slot = detection.slot;
      if (closedSeen.has(slot)) continue;
      closedSeen.add(slot);
      closed.push({ ...tracked(finding, lastKey, heldOf(slot)!, 0), status: "closed", closedPeriod: thisKey });
    }
  }
  return { findings: worded.map(({ finding }) => finding), open, closed, judged: judgedNow };
}

/** Whether the unit reported any figure in the month. */
function hasFigures(grid: FiguresGrid, month: number, unit: number): boolean {
  const figures = grid.months[month];
  if (figures === undefined) return false;
  for (let i = 0; i < grid.indicators.length; i++) if (!Number.isNaN(figures[cellOf(grid, unit, i)]!)) return true;
  return false;
}

/** How long each finding has held by the end of a month, by tracking slot (Detection.slot). */
interface Streaks {
  /** months in a row up to that month; 0 where the finding did not hold */
  readonly months: Uint16Array;
  /** the slots of that month's findings: where `months` is not 0 */
  set: JudgedSlots;
  /** the month it started */
  readonly since: Uint8Array;
}

function newStreaks(slots: number): Streaks {
  return { months: new Uint16Array(slots), since: new Uint8Array(slots), set: new Int32Array(0) };
}

/** The tracked state trackFindings gives a finding of `lastPeriod`, `held` months in a row (plus `more`). */
function tracked(finding: Finding, lastPeriod: string, held: Held, more: number): TrackedFinding {
  return openTracking(finding, lastPeriod, held.firstPeriod, held.streak + more, finding.explanation);
}
