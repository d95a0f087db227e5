// One constructor for findings, so the state always follows from the rule. A rule first says which
// findings hold (a Detection: rule, unit, indicator) and words each only when asked: the months before
// the period matter only for how long a finding has held, so their findings are never worded.
import { RULE_STATE, type FigureValue, type Finding, type RuleId, type Severity } from "./types.ts";

export interface FindingParts {
  readonly rule: RuleId;
  readonly unit: string;
  readonly level?: "unit" | "scope";
  readonly indicator: string | null;
  readonly severity: Severity;
  readonly text: string;
  readonly figures: Readonly<Record<string, FigureValue>>;
  readonly explanation?: string | null;
}

export function makeFinding(parts: FindingParts): Finding {
  return {
    rule: parts.rule,
    unit: parts.unit,
    level: parts.level ?? "unit",
    indicator: parts.indicator,
    severity: parts.severity,
    state: RULE_STATE[parts.rule],
    text: parts.text,
    figures: parts.figures,
    explanation: parts.explanation ?? null,
  };
}

/** A finding that holds, before it is worded: enough to track it and to remove overlaps. */
export interface Detection {
  readonly rule: RuleId;
  readonly unit: string;
  readonly level: "unit" | "scope";
  readonly indicator: string | null;
  /** the finding with its text and figures, the same every time it is called */
  readonly word: () => Finding;
}

export type DetectionWhere = Pick<FindingParts, "rule" | "unit" | "level" | "indicator">;

/** `word` gives the rest of the finding's parts; it runs only for the findings that are shown. */
export function detected(where: DetectionWhere, word: () => Omit<FindingParts, keyof DetectionWhere>): Detection {
  return { rule: where.rule, unit: where.unit, level: where.level ?? "unit", indicator: where.indicator, word: () => makeFinding({ ...where, ...word() }) };
}
