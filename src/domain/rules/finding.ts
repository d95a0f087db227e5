// One constructor for findings (wordFinding), so the state always follows from the rule. A rule first
// says which findings hold (a Detection: rule, unit, subject, as positions in the grid) and words each
// only when asked: the months before the period matter only for how long a finding has held, so their
// findings are never worded.
import type { RuleContext } from "./context.ts";
import type { FiguresGrid } from "./grid.ts";
import type { WorkspaceModel } from "../workspace.ts";
import { RULE_IDS, RULE_STATE, type FigureValue, type Finding, type RuleId, type Severity } from "./types.ts";

/** A finding that holds, before it is worded: enough to track it and to remove overlaps. */
export interface Detection {
  readonly rule: RuleId;
  /** the unit's index in the grid, -1 for the whole scope */
  readonly unit: number;
  /** the subject's index: an indicator's, a ratio's after the indicators (subjectOf), -1 for none (late) */
  readonly subject: number;
  /** the unit and subject as one number (placeOf): where overlapping findings compete */
  readonly place: number;
  /** the rule, unit and subject as one number: the same finding month after month (trackingKey's key) */
  readonly slot: number;
  /** the rest of the finding's parts, run by wordFinding only for the findings shown */
  readonly wording: WordingOf;
}

/** What a finding says beyond where it is: its severity, text and figures, and the unit's 上报说明 if any. */
export interface Wording {
  readonly severity: Severity;
  readonly text: string;
  readonly figures: Readonly<Record<string, FigureValue>>;
  readonly explanation?: string | null;
}

/**
 * Words a detection in the context of its month. The progress rules, with tens of thousands of
 * findings a month, give one function and work the numbers out again from the grid for the few they
 * word; the others may close over what they found (`() => ({ … })`).
 */
export type WordingOf = (context: RuleContext, detection: Detection) => Wording;

/** A ratio's subject index: ratios are numbered after the indicators. */
export function subjectOf(context: RuleContext, ratio: number): number {
  return context.indicators.length + ratio;
}

/** A unit (or the scope) and a subject (or none) as one number, from 0. */
export function placeOf(context: RuleContext, unit: number, subject: number): number {
  return (unit + 1) * (context.indicators.length + context.ratios.length + 1) + (subject + 1);
}

/** How many tracking slots (Detection.slot) a workspace has: every rule, unit or the scope, and subject or none. */
export function slotCount(grid: FiguresGrid, workspace: WorkspaceModel): number {
  return RULE_IDS.length * (grid.units.length + 1) * (grid.indicators.length + workspace.ratios.length + 1);
}

/** A finding of `rule` on a unit (-1: the scope) and a subject (-1: none), worded by `wording` when shown. */
export function detected(context: RuleContext, rule: RuleId, unit: number, subject: number, wording: WordingOf): Detection {
  const place = placeOf(context, unit, subject);
  const places = (context.units.length + 1) * (context.indicators.length + context.ratios.length + 1);
  // Slots run from 0 to slotCount: rule by rule, then placeOf.
  return { rule, unit, subject, place, slot: RULE_IDS.indexOf(rule) * places + place, wording };
}

/** The finding with its text and figures, the same every time it is worded; `context` is its month's. */
export function wordFinding(context: RuleContext, d: Detection): Finding {
  const indicators = context.indicators.length;
  const wording = d.wording(context, d);
  // makeFinding's fields, in its order, without copying the parts into one more object first (40,000 a month).
  return {
    rule: d.rule,
    unit: d.unit < 0 ? context.workspace.scope : context.units[d.unit]!.name,
    level: d.unit < 0 ? "scope" : "unit",
    indicator: d.subject < 0 ? null : d.subject < indicators ? context.indicators[d.subject]!.key : context.ratios[d.subject - indicators]!.key,
    severity: wording.severity,
    state: RULE_STATE[d.rule],
    text: wording.text,
    figures: wording.figures,
    explanation: wording.explanation ?? null,
  };
}
