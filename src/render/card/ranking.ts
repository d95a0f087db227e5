// The ranking of units by the main indicator's rate, for the chart and the table. A phone screen holds
// about fifteen rows, so a large workspace shows the top and the bottom and points to the 附件 for the rest.
import { decimalsOf } from "../../domain/decimal.ts";
import type { Bulletin, IndicatorResult, UnitIndicatorRow } from "../../domain/bulletin/types.ts";
import { cardTemplate } from "./templates.ts";
import { rateStatus, STATUS_COLOR } from "./status.ts";
import type { TextTagColor } from "./card-schema.ts";

export interface RankingLimits {
  /** show every ranked unit up to this many */
  readonly all: number;
  readonly top: number;
  readonly bottom: number;
}

export const FULL_RANKING: RankingLimits = { all: 15, top: 10, bottom: 5 };
export const SHORT_RANKING: RankingLimits = { all: 8, top: 5, bottom: 3 };

export interface RankingSelection {
  readonly indicator: IndicatorResult;
  /** ranked units shown, best first */
  readonly rows: readonly UnitIndicatorRow[];
  /** where the shown top ends and the bottom begins; null when every ranked unit is shown */
  readonly gapAfter: number | null;
  /** units of the indicator not shown (the middle of the ranking and units without a rate) */
  readonly hidden: number;
}

/**
 * The indicator the card ranks: the one the workspace names (bulletin.cardIndicator), else the one whose
 * unit rates spread most, the first of those on a tie. A ranking where every unit stands at 100%
 * (Zhangye's 开工小区: four bars, all ranked 1) tells a leader nothing; the widest spread shows who
 * leads and who lags.
 */
export function mainIndicator(bulletin: Bulletin): IndicatorResult | null {
  const named = bulletin.indicators.find((indicator) => indicator.key === bulletin.cardIndicator && indicator.units.some((row) => row.rate.value !== null));
  if (named) return named;
  let best: { indicator: IndicatorResult; spread: number } | null = null;
  for (const indicator of bulletin.indicators) {
    const rates = indicator.units.flatMap((row) => (row.rate.value === null ? [] : [row.rate.value]));
    if (rates.length === 0) continue;
    const spread = Math.max(...rates) - Math.min(...rates);
    if (!best || spread > best.spread) best = { indicator, spread };
  }
  return best?.indicator ?? null;
}

export function selectRanking(indicator: IndicatorResult, limits: RankingLimits): RankingSelection {
  const position = new Map(indicator.units.map((row, index) => [row.unit, index]));
  const ranked = indicator.units
    .filter((row) => row.rank !== null)
    .sort((a, b) => a.rank! - b.rank! || position.get(a.unit)! - position.get(b.unit)!);
  const rows = ranked.length <= limits.all ? ranked : [...ranked.slice(0, limits.top), ...ranked.slice(ranked.length - limits.bottom)];
  return { indicator, rows, gapAfter: rows.length < ranked.length ? limits.top : null, hidden: indicator.units.length - rows.length };
}

const rankingTemplate = cardTemplate<{
  pageSize: number;
  unitTitle: string;
  targetTitle: string;
  actualTitle: string;
  rateTitle: string;
  precision: number;
  rows: RankingRow[];
}>("bulletin-summary/ranking-table.json");

interface RankingRow {
  rank: number;
  unit: string;
  target?: number;
  actual?: number;
  rate: { text: string; color: TextTagColor }[];
}

export function rankingTable(selection: RankingSelection, expected: number): unknown {
  const { indicator } = selection;
  const values = selection.rows.flatMap((row) => [row.target, row.actual]).filter((value): value is number => value !== null);
  const rows = selection.rows.map((row): RankingRow => {
    const cells: RankingRow = { rank: row.rank!, unit: row.unit, rate: [{ text: row.rate.text!, color: STATUS_COLOR[rateStatus(row.rate.value, expected)] }] };
    // A blank cell is an absent key: the platform checks a number column's cells are numbers.
    if (row.target !== null) cells.target = row.target;
    if (row.actual !== null) cells.actual = row.actual;
    return cells;
  });
  return rankingTemplate({
    pageSize: Math.max(1, Math.min(10, rows.length)),
    unitTitle: "地区",
    targetTitle: `年度任务（${indicator.measure}）`,
    actualTitle: `完成（${indicator.measure}）`,
    rateTitle: indicator.rateName,
    precision: Math.min(10, Math.max(0, ...values.map(decimalsOf))),
    rows,
  });
}
