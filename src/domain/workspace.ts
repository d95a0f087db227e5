// The workspace as the domain sees it: plain data, loaded from the database or a workspace file.
import type { AsOfWord } from "./period.ts";

export type Scope = string; // 全市 / 全州 / 全省 …

export interface RateStyle {
  /** 1 (Zhangye 33.4%) or 2 (Diqing 33.38%) */
  readonly digits: 1 | 2;
  /** true prints 125.0%, false prints 125% when the rounded value is whole */
  readonly trailingZero: boolean;
}

export interface Unit {
  readonly name: string;
  /** order in the workspace file: the order of the bulletin's text and tables */
  readonly position: number;
}

export interface Indicator {
  /** stable id from the workspace file, e.g. `lgxq_hu` */
  readonly key: string;
  /** 指标组: one numbered section of the bulletin and one 附件 table, e.g. 城镇老旧小区改造 */
  readonly group: string;
  /** e.g. 开工, 完成投资, 发放 */
  readonly name: string;
  /** unit of measure: 户, 套, 个, 万元 … */
  readonly measure: string;
  /** decimals accepted on input */
  readonly decimals: number;
  /** what the rate is called in the text, default `${name}率` (开工率, 完成投资率) */
  readonly rateName: string;
  /**
   * Which units are asked for it on the card, fixed when the workspace is imported so that a target set
   * later for one unit changes no one else's card: every unit, the units with a target for it, or the
   * units with a task in its group. Absent: worked out from the targets (indicatorsForUnit).
   */
  readonly askedOf?: AskedOf;
  /**
   * The office knows the whole-scope figure on its own (a 全市 row; it may include work no unit
   * reports): the units' figures need not add up to it, and their sum is never printed as the total.
   * Otherwise a whole-scope figure must equal the units' sum (domain/bulletin/scope-totals.ts).
   */
  readonly ownTotal?: boolean;
  readonly position: number;
}

export type AskedOf = "all" | "targeted" | "group";

/** A rate of two reported indicators, e.g. 支出率 = 支出 / 到位资金. */
export interface Ratio {
  readonly key: string;
  readonly name: string;
  readonly numeratorKey: string;
  readonly denominatorKey: string;
  readonly position: number;
}

/** Annual targets of one year: per indicator, per unit name; and whole-scope targets. */
export interface Targets {
  readonly units: ReadonlyMap<string, ReadonlyMap<string, number>>; // indicatorKey → unit → value
  readonly scope: ReadonlyMap<string, number>; // indicatorKey → whole-scope target
}

export interface BulletinStyle {
  /** the subject in the title, default 保障性安居工程 */
  readonly subject: string;
  readonly rangeDash: "--" | "-" | "—" | "至";
  /** 截至12月底 (the standard form) or 截止12月底, as the office writes it */
  readonly asOfWord: AsOfWord;
  /** the addressees line, e.g. 各县区人民政府、市发投集团公司 */
  readonly addressees: string;
  /** rank units by rate in the 附件 tables (排序) instead of the workspace order */
  readonly rankTables: boolean;
  /** the title begins with the office: 张掖市…办公室关于…的通报 */
  readonly titleWithOffice: boolean;
  /** the 署名 in lines (their text together is the office); null: the office on one line */
  readonly signatureLines: readonly string[] | null;
  /** （代章） after the 署名 */
  readonly seal: boolean;
  /**
   * which units a group's paragraph names: all of them, or the notable ones (each a finding names, the
   * best and the worst) with the rest sent to the 附件; auto = notable above UNITS_IN_TEXT_AUTO_MAX units
   */
  readonly unitsInText: "auto" | "all" | "notable";
  /**
   * While units are missing: the whole-scope totals cover the units in, with their rates against
   * those units' targets ("reported", the default), or carry no rate at all ("withheld"). Either way
   * the text says who is missing and what the totals cover.
   */
  readonly partialTotals?: "reported" | "withheld";
  /** the indicator (key) the summary card charts and ranks; null: the one whose unit rates spread most */
  readonly cardIndicator: string | null;
  /** the 版记 after the last 附件; null: none */
  readonly record: RecordStyle | null;
}

/** 版记: 抄送机关 (null: none) and 印发机关 (null: the office); the 印发日期 is the issue date. */
export interface RecordStyle {
  readonly copyTo: string | null;
  readonly printedBy: string | null;
}

export interface WorkspaceModel {
  readonly key: string;
  readonly name: string;
  readonly office: string;
  readonly scope: Scope;
  readonly docPrefix: string | null;
  readonly timezone: string;
  readonly rate: RateStyle;
  readonly bulletin: BulletinStyle;
  readonly units: readonly Unit[];
  readonly indicators: readonly Indicator[];
  readonly ratios: readonly Ratio[];
}

/** The figures of one period: unit name → indicator key → cumulative value. */
export type Figures = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** Figures reported for the whole scope itself (an indicator the office only knows in total). */
export type ScopeFigures = ReadonlyMap<string, number>;
