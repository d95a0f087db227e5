// The bulletin model: every number the text, the tables, the card, the .docx and the .xlsx print comes
// from here, so they can never disagree. Renderers only format what this model holds.
import type { TotalContradiction } from "./scope-totals.ts";
import type { Period } from "../period.ts";
import type { Narrative } from "./narrative.ts";

/** A rate as computed (percent, already rounded half-up to the workspace's digits) and as printed. */
export interface Rate {
  /** e.g. 33.4 for 33.4%; null when there is no target or the denominator is 0 */
  readonly value: number | null;
  /** e.g. "33.4%", "100%"; null exactly when value is null */
  readonly text: string | null;
}

export interface IndicatorFigures {
  readonly target: number | null;
  readonly actual: number | null;
  readonly rate: Rate;
}

export interface UnitIndicatorRow extends IndicatorFigures {
  readonly unit: string;
  /** 1 = highest rate; units with equal rates share a rank; null when the unit has no rate */
  readonly rank: number | null;
}

export interface IndicatorResult {
  readonly key: string;
  readonly group: string;
  readonly name: string;
  readonly measure: string;
  readonly rateName: string;
  readonly total: IndicatorFigures;
  /** units with a target or a figure, in the workspace's unit order */
  readonly units: readonly UnitIndicatorRow[];
}

export interface RatioFigures {
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly rate: Rate;
}

export interface UnitRatioRow extends RatioFigures {
  readonly unit: string;
  readonly rank: number | null;
}

export interface RatioResult {
  readonly key: string;
  readonly name: string;
  /** the group of its numerator indicator: the ratio is printed in that group's section and table */
  readonly group: string;
  readonly numeratorKey: string;
  readonly denominatorKey: string;
  readonly total: RatioFigures;
  readonly units: readonly UnitRatioRow[];
}

export interface BulletinGroup {
  /** 指标组 name, e.g. 城镇老旧小区改造 */
  readonly name: string;
  readonly indicatorKeys: readonly string[];
  readonly ratioKeys: readonly string[];
}

/** A finding as the bulletin prints it (the findings engine fills these; see src/domain/rules). */
export interface BulletinFinding {
  readonly rule: string;
  readonly unit: string;
  /** indicator or ratio key, or null for unit-wide findings (late submission) */
  readonly indicator: string | null;
  readonly severity: "info" | "warning" | "critical";
  /** late | lagging | suspect */
  readonly state: "late" | "lagging" | "suspect";
  readonly text: string;
  readonly figures: Readonly<Record<string, number | string | null>>;
}

export interface BulletinHeader {
  readonly office: string;
  readonly docNumber: string | null;
  /** 关于2023年1--12月全市保障性安居工程进展情况的通报 */
  readonly title: string;
  readonly addressees: string;
  /** ISO date, e.g. 2024-01-09 */
  readonly issuedOn: string;
  /** 2024年1月9日 */
  readonly issuedOnText: string;
  /** the 署名 as printed, in lines (a long office name in two); absent in versions drafted before it could be set */
  readonly signatureLines?: readonly string[];
  /** 署名 followed by （代章）: the office seals for the 领导小组 */
  readonly seal?: boolean;
  /** 版记: absent in versions drafted before it was printed, null when the workspace turns it off */
  readonly record?: { readonly copyTo: string | null; readonly printedBy: string } | null;
}

/** A paragraph of the body, one per indicator group: "（一）…目标任务及进展情况" and its text. */
export interface BulletinSection {
  readonly group: string;
  readonly heading: string;
  readonly text: string;
}

/** One 附件 table, one per indicator group. */
export interface AttachmentTable {
  readonly number: number;
  readonly title: string;
  readonly group: string;
  /** the column groups: one per indicator (target/actual/rate, or value only) and one per ratio */
  readonly columns: readonly AttachmentColumn[];
  /** whole-scope row first, then the units */
  readonly rows: readonly AttachmentRow[];
  readonly note: string;
  /** the 单位： line, e.g. 单位：户、万元 */
  readonly measures: string;
}

export type AttachmentColumn =
  | { readonly kind: "indicator"; readonly key: string; readonly title: string; readonly hasTarget: boolean; readonly measure: string; readonly rateName: string }
  | { readonly kind: "ratio"; readonly key: string; readonly title: string; readonly numeratorTitle: string; readonly denominatorTitle: string };

export interface AttachmentRow {
  /** the scope word (全市) for the first row, else the unit's name */
  readonly label: string;
  readonly isScope: boolean;
  /** per column key: the figures (indicator) or the ratio figures */
  readonly cells: Readonly<Record<string, IndicatorFigures | RatioFigures | null>>;
}

export interface Bulletin {
  readonly workspace: string;
  readonly scope: string;
  /** 保障性安居工程: what the bulletin reports on */
  readonly subject: string;
  readonly period: Period;
  /** 2023-12 */
  readonly periodKey: string;
  /** 1--12月 */
  readonly rangeLabel: string;
  /** 截至12月底 (or 截止12月底, as the workspace writes it) */
  readonly asOf: string;
  readonly header: BulletinHeader;
  readonly groups: readonly BulletinGroup[];
  readonly indicators: readonly IndicatorResult[];
  readonly ratios: readonly RatioResult[];
  readonly sections: readonly BulletinSection[];
  readonly findings: readonly BulletinFinding[];
  /** 存在的问题: the sentences (一是……) generated from the findings */
  readonly problems: readonly string[];
  /** the office's own words as they stood when this version was drafted; absent in versions drafted before narratives existed */
  readonly narrative?: Narrative;
  /** the indicator the summary card charts and ranks, when the workspace names one (else the widest spread) */
  readonly cardIndicator?: string;
  /** units with no figure for the period, in the workspace's order (completeness.ts) */
  readonly missing: readonly string[];
  /** while units are missing, the whole-scope rates are withheld (bulletin.partialTotals: withheld) */
  readonly totalsWithheld?: boolean;
  /** whole-scope figures their units' figures contradict (scope-totals.ts): such a version is not published; absent in versions drafted before the check */
  readonly contradictedTotals?: readonly TotalContradiction[];
  readonly attachments: readonly AttachmentTable[];
}
