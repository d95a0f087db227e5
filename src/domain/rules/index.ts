// The findings engine: late, lagging and suspect units from a period's figures.
export { rulesSettingsSchema, defaultRulesSettings, checkRulesSettings, type RulesSettingsIssue } from "./settings.ts";
export type { RulesSettings, RulesSettingsInput, AnomalySettings } from "./settings.ts";
export { findFindings } from "./engine.ts";
export { findFindingsThroughYear, type JudgedSlots, type YearFindings } from "./history.ts";
export { checkSubmission, type SubmissionCheckInput, type PreviousFigure } from "./anomalies.ts";
export { describeProblems, type DescribeOptions } from "./problems.ts";
export { trackFindings, trackingLabel, trackingKey, type TrackedFinding, type TrackingResult } from "./tracking.ts";
export { RULE_IDS, RULE_STATE } from "./types.ts";
export type { Finding, FindingsInput, RevisionRecord, RuleId, SuspectValue, FindingState, Severity, FigureValue } from "./types.ts";
