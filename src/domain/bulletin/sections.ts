// The body text, one paragraph per indicator group, in the seeds' sentence style:
//   2023年全市计划…。截止12月底，全市…，开工率100%…。其中：甘州区…；临泽县…。（详见附件1）
import { formatQuantity } from "../amount.ts";
import { chineseNumeral } from "../chinese-numerals.ts";
import type { BulletinGroup, IndicatorResult, RatioResult, UnitIndicatorRow, UnitRatioRow } from "./types.ts";

export interface SectionContext {
  readonly year: number;
  readonly scope: string;
  readonly asOf: string;
  readonly indicators: ReadonlyMap<string, IndicatorResult>;
  readonly ratios: ReadonlyMap<string, RatioResult>;
  readonly unitOrder: readonly string[];
  /** what the units are called when counted (市县, 县区) */
  readonly noun: string;
}

/** A group's paragraph names every unit up to this many; above it, the notable ones (compile.ts). */
export const UNITS_IN_TEXT_AUTO_MAX = 20;
/** The best and the worst units by the group's first rate, named besides those a finding names. */
export const EXTREMES_NAMED = 3;

/** A province's paragraph names only its extremes: the units with the highest and the lowest rate. */
export interface Extremes {
  readonly rateName: string;
  /** highest first; every unit tied with the last one named is named too */
  readonly top: readonly { unit: string; rate: string }[];
  /** lowest first, likewise */
  readonly bottom: readonly { unit: string; rate: string }[];
  /** every unit has the same rate */
  readonly allEqual: boolean;
}

/**
 * What a group's paragraph names at a large scope: the best and the worst units by the group's first
 * rate (an indicator's, else a ratio's). Every unit a finding is about is named in 存在的问题, so the
 * paragraph need not list them again; the 附件 has every unit and figure. Null when the group has no
 * rate to rank by.
 */
export function extremesOf(group: BulletinGroup, ctx: SectionContext): Extremes | null {
  const candidates = [
    ...group.indicatorKeys.map((key) => ({ rateName: ctx.indicators.get(key)!.rateName, rows: ctx.indicators.get(key)!.units as readonly (UnitIndicatorRow | UnitRatioRow)[] })),
    ...group.ratioKeys.map((key) => ({ rateName: ctx.ratios.get(key)!.name, rows: ctx.ratios.get(key)!.units as readonly (UnitIndicatorRow | UnitRatioRow)[] })),
  ];
  for (const { rateName, rows } of candidates) {
    const rated = rows.filter((row) => row.rate.value !== null && row.rate.text !== null);
    if (rated.length === 0) continue;
    const desc = [...rated].sort((a, b) => b.rate.value! - a.rate.value!);
    const asc = [...rated].sort((a, b) => a.rate.value! - b.rate.value!);
    // Ties at the edge are all named: "the lowest are A, B, C" must not leave out a D at the same rate.
    const edge = (sorted: typeof rated) => sorted.filter((row) => row.rate.value === sorted[Math.min(EXTREMES_NAMED, sorted.length) - 1]!.rate.value || sorted.indexOf(row) < EXTREMES_NAMED);
    const named = (list: typeof rated) => list.map((row) => ({ unit: row.unit, rate: row.rate.text! }));
    return { rateName, top: named(edge(desc)), bottom: named(edge(asc)), allEqual: desc[0]!.rate.value === asc[0]!.rate.value };
  }
  return null;
}

/** 其中，开工率最高的是金山县（107%）、西山县（105.1%）；最低的是金河县、长川区（均为0%）。 */
function extremesSentence(extremes: Extremes, noun: string): string {
  const list = (rows: Extremes["top"]): string =>
    rows.length > 1 && rows.every((row) => row.rate === rows[0]!.rate) ? `${rows.map((row) => row.unit).join("、")}（均为${rows[0]!.rate}）` : rows.map((row) => `${row.unit}（${row.rate}）`).join("、");
  if (extremes.allEqual) return `各${noun}${extremes.rateName}均为${extremes.top[0]!.rate}。`;
  return `其中，${extremes.rateName}最高的是${list(extremes.top)}；最低的是${list(extremes.bottom)}。`;
}

/** （一）城镇老旧小区改造目标任务及进展情况; a group without targets (资金) is just its 情况. */
export function sectionHeading(index: number, group: string, hasTargets: boolean): string {
  return `（${chineseNumeral(index + 1)}）${group}${hasTargets ? "目标任务及进展情况" : "情况"}`;
}

/**
 * `note`: the office's own sentence closing the paragraph, before the pointer to the 附件. `extremes`:
 * at a large scope, the paragraph names only these (null: none) and sends the reader to the 附件 for
 * every unit; undefined names every unit with all its figures.
 */
export function sectionText(group: BulletinGroup, attachmentNumber: number, ctx: SectionContext, note?: string, extremes?: Extremes | null): string {
  const indicators = group.indicatorKeys.map((key) => ctx.indicators.get(key)!);
  const ratios = group.ratioKeys.map((key) => ctx.ratios.get(key)!);
  const sentences: string[] = [];

  const plans = indicators.filter((indicator) => indicator.total.target !== null).map((indicator) => `${indicator.name}${formatQuantity(indicator.total.target!, indicator.measure)}`);
  if (plans.length > 0) sentences.push(`${ctx.year}年${ctx.scope}计划${plans.join("、")}。`);

  const totals = [
    ...indicators.filter((indicator) => indicator.total.actual !== null).map((indicator) => indicatorClause(indicator.name, indicator.measure, indicator.total.actual, indicator.rateName, indicator.total.rate.text)),
    ...ratios.filter((ratio) => ratio.total.rate.text !== null).map((ratio) => `${ratio.name}${ratio.total.rate.text}`),
  ];
  sentences.push(totals.length > 0 ? `${ctx.asOf}，${ctx.scope}${totals.join("，")}。` : `${ctx.asOf}，${ctx.scope}尚无报送数据。`);

  // Rows by unit, so the text of 3,000 units stays linear in their number.
  const indicatorRows = indicators.map((indicator) => ({ indicator, rows: new Map(indicator.units.map((row) => [row.unit, row])) }));
  const ratioRows = ratios.map((ratio) => ({ ratio, rows: new Map(ratio.units.map((row) => [row.unit, row])) }));
  if (extremes === undefined) {
    const unitClauses = ctx.unitOrder.map((unit) => unitClause(unit, indicatorRows, ratioRows)).filter((clause): clause is string => clause !== null);
    if (unitClauses.length > 0) sentences.push(`其中：${unitClauses.join("；")}。`);
  } else if (extremes !== null) sentences.push(extremesSentence(extremes, ctx.noun));

  if (note) sentences.push(/[。！？]$/.test(note) ? note : `${note}。`);
  if (extremes !== undefined) return `${sentences.join("")}各${ctx.noun}情况详见附件${attachmentNumber}。`;
  return `${sentences.join("")}（详见附件${attachmentNumber}）`;
}

function indicatorClause(name: string, measure: string, actual: number | null, rateName: string, rate: string | null): string {
  const figure = actual === null ? `${name}未报送` : `${name}${formatQuantity(actual, measure)}`;
  return rate === null ? figure : `${figure}，${rateName}${rate}`;
}

function unitClause(
  unit: string,
  indicators: readonly { indicator: IndicatorResult; rows: ReadonlyMap<string, UnitIndicatorRow> }[],
  ratios: readonly { ratio: RatioResult; rows: ReadonlyMap<string, UnitRatioRow> }[],
): string | null {
  const parts: string[] = [];
  for (const { indicator, rows } of indicators) {
    const row = rows.get(unit);
    if (row) parts.push(indicatorClause(indicator.name, indicator.measure, row.actual, indicator.rateName, row.rate.text));
  }
  for (const { ratio, rows } of ratios) {
    const row = rows.get(unit);
    if (row?.rate.text) parts.push(`${ratio.name}${row.rate.text}`);
  }
  return parts.length === 0 ? null : `${unit}${parts.join("，")}`;
}
