// One constructor for findings, so the state always follows from the rule.
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
