// What the findings engine reads and what it says. A finding is about one unit (or the whole scope)
// and one indicator or ratio; its rule fixes its state, so late, lagging and suspect never mix.
import type { BulletinFinding } from "../bulletin/types.ts";
import type { Period } from "../period.ts";
import type { Figures, ScopeFigures, Targets, WorkspaceModel } from "../workspace.ts";
import type { RulesSettings } from "./settings.ts";

export const RULE_IDS = [
  "late",
  "late-revision",
  "zero-progress",
  "subsidy-not-paid",
  "missed-annual-target",
  "below-threshold",
  "behind-schedule",
  "below-average",
  "anomaly-decrease",
  "anomaly-spike",
  "anomaly-spend-exceeds-funds",
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export type FindingState = BulletinFinding["state"];
export type Severity = BulletinFinding["severity"];

/** Each rule's fixed state: a late unit is chased, a lagging one named, a suspect value verified. */
export const RULE_STATE: Readonly<Record<RuleId, FindingState>> = {
  late: "late",
  "late-revision": "late",
  "zero-progress": "lagging",
  "subsidy-not-paid": "lagging",
  "missed-annual-target": "lagging",
  "below-threshold": "lagging",
  "behind-schedule": "lagging",
  "below-average": "lagging",
  "anomaly-decrease": "suspect",
  "anomaly-spike": "suspect",
  "anomaly-spend-exceeds-funds": "suspect",
};

export type FigureValue = number | string | null;

export interface Finding extends BulletinFinding {
  readonly rule: RuleId;
  /** "unit" names a county; "scope" is the whole scope (全市) and `unit` holds the scope word */
  readonly level: "unit" | "scope";
  /** the indicator or ratio key, or null for unit-wide findings (late); same as `indicator` */
  readonly indicator: string | null;
  readonly figures: Readonly<Record<string, FigureValue>>;
  /** the unit's 上报说明 for a suspect value it confirmed on the card */
  readonly explanation: string | null;
}

/** One stored revision of a unit's submission for the period. */
export interface RevisionRecord {
  readonly submittedAt: Date;
  /** as recorded at submission time; used only when the period has no deadline */
  readonly isLate: boolean;
}

export interface FindingsInput {
  readonly workspace: WorkspaceModel;
  readonly settings: RulesSettings;
  readonly targets: Targets;
  /** figures per period key (`2023-04`) of the year, up to and including `period` */
  readonly history: ReadonlyMap<string, Figures>;
  /** figures the office only knows for the whole scope in this period (pg_touzi 31500) */
  readonly scopeFigures?: ScopeFigures;
  /**
   * unit name → its revisions for `period`. Omit (undefined) when submissions are not tracked,
   * e.g. figures imported from a CSV: the late rules are then skipped, not guessed.
   */
  readonly submissions?: ReadonlyMap<string, readonly RevisionRecord[]>;
  /** unit name → indicator key → 上报说明 kept with a confirmed suspect value */
  readonly explanations?: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly period: Period;
  readonly deadline: Date | null;
  readonly now: Date;
}

/** A value a submission's check asks the contact to confirm or correct. */
export interface SuspectValue {
  readonly rule: "anomaly-decrease" | "anomaly-spike" | "anomaly-spend-exceeds-funds";
  readonly indicator: string;
  readonly value: number;
  readonly figures: Readonly<Record<string, FigureValue>>;
  /** one sentence for the card, next to the field: why the value looks wrong */
  readonly reason: string;
}
