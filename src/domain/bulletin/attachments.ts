// 附件 tables: one per indicator group, the whole-scope row first, then the units in the workspace's
// order or ranked by the group's first rate, with the 备注 line that says which.
import type { AttachmentColumn, AttachmentRow, AttachmentTable, BulletinGroup, IndicatorResult, RatioResult } from "./types.ts";

export interface AttachmentContext {
  readonly year: number;
  readonly rangeLabel: string;
  readonly scope: string;
  readonly rank: boolean;
  readonly indicators: ReadonlyMap<string, IndicatorResult>;
  readonly ratios: ReadonlyMap<string, RatioResult>;
  readonly unitOrder: readonly string[];
}

export function attachmentTable(number: number, group: BulletinGroup, ctx: AttachmentContext): AttachmentTable {
  const indicators = group.indicatorKeys.map((key) => ctx.indicators.get(key)!);
  const ratios = group.ratioKeys.map((key) => ctx.ratios.get(key)!);
  const columns: AttachmentColumn[] = [
    ...indicators.map((indicator): AttachmentColumn => ({
      kind: "indicator",
      key: indicator.key,
      title: indicator.name,
      hasTarget: indicator.total.target !== null || indicator.units.some((row) => row.target !== null),
      measure: indicator.measure,
      rateName: indicator.rateName,
    })),
    ...ratios.map((ratio): AttachmentColumn => ({
      kind: "ratio",
      key: ratio.key,
      title: ratio.name,
      numeratorTitle: ctx.indicators.get(ratio.numeratorKey)?.name ?? ratio.numeratorKey,
      denominatorTitle: ctx.indicators.get(ratio.denominatorKey)?.name ?? ratio.denominatorKey,
    })),
  ];

  const scopeRow: AttachmentRow = {
    label: ctx.scope,
    isScope: true,
    cells: Object.fromEntries([...indicators.map((indicator) => [indicator.key, indicator.total]), ...ratios.map((ratio) => [ratio.key, ratio.total])]),
  };
  const unitRows = new Map<string, Record<string, AttachmentRow["cells"][string]>>();
  for (const indicator of indicators) {
    for (const row of indicator.units) cellsOf(unitRows, row.unit)[indicator.key] = { target: row.target, actual: row.actual, rate: row.rate };
  }
  for (const ratio of ratios) {
    for (const row of ratio.units) cellsOf(unitRows, row.unit)[ratio.key] = { numerator: row.numerator, denominator: row.denominator, rate: row.rate };
  }
  let order = ctx.unitOrder.filter((unit) => unitRows.has(unit));
  const rankedBy = ctx.rank ? rankingColumn(indicators, ratios) : null;
  if (rankedBy) {
    const rankOf = new Map(rankedBy.units.map((row) => [row.unit, row.rank ?? Number.POSITIVE_INFINITY]));
    // Each unit's rank and place looked up once, not in every comparison (3,000 units a table).
    order = order
      .map((unit, position) => ({ unit, position, rank: rankOf.get(unit) ?? Infinity }))
      .sort((a, b) => a.rank - b.rank || a.position - b.position)
      .map(({ unit }) => unit);
  }
  const rows = [scopeRow, ...order.map((unit): AttachmentRow => ({ label: unit, isScope: false, cells: unitRows.get(unit)! }))];
  const measures = [...new Set([...indicators.map((indicator) => indicator.measure), ...(ratios.length > 0 ? [] : [])])];
  return {
    number,
    title: `${ctx.year}年${ctx.rangeLabel}${ctx.scope}${group.name}进展情况`,
    group: group.name,
    columns,
    rows,
    note: rankedBy ? `备注：按${"rateName" in rankedBy ? rankedBy.rateName : rankedBy.name}由高到低排序。` : `备注：${unitWord(ctx.scope)}排名不分先后。`,
    measures: `单位：${measures.join("、")}`,
  };
}

function cellsOf(rows: Map<string, Record<string, AttachmentRow["cells"][string]>>, unit: string) {
  let cells = rows.get(unit);
  if (!cells) rows.set(unit, (cells = {}));
  return cells;
}

/** The group's first indicator with rates, else its first ratio. */
function rankingColumn(indicators: readonly IndicatorResult[], ratios: readonly RatioResult[]): IndicatorResult | RatioResult | null {
  return indicators.find((indicator) => indicator.units.some((row) => row.rank !== null)) ?? ratios.find((ratio) => ratio.units.some((row) => row.rank !== null)) ?? null;
}

/** What the seeds call the units in the 备注 line: 县区 (a city), 市县 (a province), 县市 (a prefecture). */
export function unitWord(scope: string): string {
  return scope === "全省" ? "市县" : scope === "全州" ? "县市" : "县区";
}
