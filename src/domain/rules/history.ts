// For callers without a findings store (the CLI over a CSV of several months): run the engine month
// by month through the year and track, so persisting findings carry their streak.
import { periodKey } from "../period.ts";
import type { Figures, ScopeFigures } from "../workspace.ts";
import { findFindings } from "./engine.ts";
import { trackFindings, type TrackedFinding } from "./tracking.ts";
import type { Finding, FindingsInput } from "./types.ts";

export interface YearFindings {
  /** the findings of `input.period` */
  readonly findings: readonly Finding[];
  /** their tracked state: first seen, streak */
  readonly open: readonly TrackedFinding[];
  /** findings of earlier months that no longer hold in `input.period` */
  readonly closed: readonly TrackedFinding[];
}

/**
 * `scopeHistory` holds the whole-scope figures of earlier months (the current month's are in the input).
 * Earlier months are judged on their figures only: submissions, deadlines and explanations are known
 * for `input.period` alone, so late findings start in that month.
 */
export function findFindingsThroughYear(input: FindingsInput, scopeHistory?: ReadonlyMap<string, ScopeFigures>): YearFindings {
  let open: TrackedFinding[] = [];
  let closed: readonly TrackedFinding[] = [];
  let findings: Finding[] = [];
  for (let month = 1; month <= input.period.month; month++) {
    const period = { year: input.period.year, month };
    const isCurrent = month === input.period.month;
    if (!isCurrent && !input.history.has(periodKey(period))) continue;
    const history = new Map<string, Figures>();
    for (let m = 1; m <= month; m++) {
      const key = periodKey({ year: input.period.year, month: m });
      const figures = input.history.get(key);
      if (figures) history.set(key, figures);
    }
    findings = findFindings(
      isCurrent
        ? { ...input, history }
        : { ...input, history, period, submissions: undefined, explanations: undefined, deadline: null, scopeFigures: scopeHistory?.get(periodKey(period)) },
    );
    const result = trackFindings(open, findings, period);
    open = [...result.upserts];
    closed = result.closed;
  }
  return { findings, open, closed };
}
