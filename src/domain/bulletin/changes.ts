// What a corrected bulletin (更正) changes against the version published before it: per unit (and the
// whole scope) and indicator, the target and the figure before and after, and the rate they make.
// Ratios are listed only by their rate: their numerator and denominator are indicators of their own.
import { formatTableNumber } from "../amount.ts";
import type { Bulletin } from "./types.ts";

export interface ValueChange<T> {
  readonly before: T;
  readonly after: T;
}

export interface FigureChange {
  /** indicator or ratio key */
  readonly subject: string;
  readonly kind: "indicator" | "ratio";
  /** 城镇老旧小区改造开工, 支出率 */
  readonly label: string;
  /** 户, 万元; "" for a ratio */
  readonly measure: string;
  /** the unit, or the scope word (全市) for the whole-scope row */
  readonly unit: string;
  readonly isScope: boolean;
  /** null when unchanged */
  readonly target: ValueChange<number | null> | null;
  readonly actual: ValueChange<number | null> | null;
  /** the rate's name and printed text before and after; null when the text did not change */
  readonly rate: (ValueChange<string | null> & { readonly name: string }) | null;
}

export interface BulletinChanges {
  /** the published version this one corrects */
  readonly againstVersion: number;
  readonly figures: readonly FigureChange[];
  /** the 存在的问题 paragraphs differ */
  readonly problemsChanged: boolean;
  /** the parts of the office's own text that differ (“下一步工作重点”); absent in older records */
  readonly narrative?: readonly string[];
}

const changed = <T>(before: T, after: T): ValueChange<T> | null => (before === after ? null : { before, after });

/** Figure changes, units in the newer bulletin's order, whole-scope rows after each subject's units. */
export function diffBulletins(previous: Bulletin, next: Bulletin): FigureChange[] {
  const result: FigureChange[] = [];
  const previousIndicators = new Map(previous.indicators.map((indicator) => [indicator.key, indicator]));
  for (const indicator of next.indicators) {
    const before = previousIndicators.get(indicator.key);
    const beforeRows = new Map((before?.units ?? []).map((row) => [row.unit, row]));
    const units = [...indicator.units.map((row) => row.unit), ...[...beforeRows.keys()].filter((unit) => !indicator.units.some((row) => row.unit === unit))];
    const rows = [
      ...units.map((unit) => ({ unit, isScope: false, before: beforeRows.get(unit) ?? null, after: indicator.units.find((row) => row.unit === unit) ?? null })),
      { unit: next.scope, isScope: true, before: before?.total ?? null, after: indicator.total },
    ];
    for (const row of rows) {
      const target = changed(row.before?.target ?? null, row.after?.target ?? null);
      const actual = changed(row.before?.actual ?? null, row.after?.actual ?? null);
      const rateText = changed(row.before?.rate.text ?? null, row.after?.rate.text ?? null);
      if (!target && !actual && !rateText) continue;
      result.push({
        subject: indicator.key,
        kind: "indicator",
        label: `${indicator.group}${indicator.name}`,
        measure: indicator.measure,
        unit: row.unit,
        isScope: row.isScope,
        target,
        actual,
        rate: rateText ? { ...rateText, name: indicator.rateName } : null,
      });
    }
  }
  const previousRatios = new Map(previous.ratios.map((ratio) => [ratio.key, ratio]));
  for (const ratio of next.ratios) {
    const before = previousRatios.get(ratio.key);
    const beforeRows = new Map((before?.units ?? []).map((row) => [row.unit, row.rate.text]));
    const rows = [
      ...ratio.units.map((row) => ({ unit: row.unit, isScope: false, before: beforeRows.get(row.unit) ?? null, after: row.rate.text })),
      { unit: next.scope, isScope: true, before: before?.total.rate.text ?? null, after: ratio.total.rate.text },
    ];
    for (const row of rows) {
      const rate = changed(row.before, row.after);
      if (!rate) continue;
      result.push({ subject: ratio.key, kind: "ratio", label: ratio.name, measure: "", unit: row.unit, isScope: row.isScope, target: null, actual: null, rate: { ...rate, name: ratio.name } });
    }
  }
  return result;
}

function quantity(value: number | null, measure: string): string {
  return value === null ? "空缺" : `${formatTableNumber(value)}${measure}`;
}

/** 甘州区城镇老旧小区改造开工由3032户更正为3100户，开工率由100%更正为102.2%; 甘州区支出率由…更正为… */
export function describeFigureChange(change: FigureChange): string {
  const rate = change.rate ? `${change.rate.name}由${change.rate.before ?? "无"}更正为${change.rate.after ?? "无"}` : null;
  if (!change.target && !change.actual) return `${change.unit}${rate ?? `${change.label}未变`}`;
  const parts: string[] = [];
  if (change.target) parts.push(`年度任务由${quantity(change.target.before, change.measure)}更正为${quantity(change.target.after, change.measure)}`);
  if (change.actual) parts.push(`${change.target ? "完成数" : ""}由${quantity(change.actual.before, change.measure)}更正为${quantity(change.actual.after, change.measure)}`);
  if (rate) parts.push(rate);
  return `${change.unit}${change.label}${parts.join("，")}`;
}

/** A figure-level summary of a correction for the card: the first `limit` changes, then a count. */
/** 3处数据变化, 文字修改, 3处数据变化、文字修改: what a correction changes, in a few words. */
export function describeCorrection(changes: BulletinChanges): string {
  const parts = [];
  if (changes.figures.length > 0 || !changes.narrative?.length) parts.push(`${changes.figures.length}处数据变化`);
  if (changes.narrative?.length) parts.push("文字修改");
  return parts.join("、");
}

export function describeChanges(changes: BulletinChanges, limit: number): string[] {
  const lines = changes.figures.slice(0, limit).map((change) => describeFigureChange(change));
  if (changes.figures.length > limit) lines.push(`另有${changes.figures.length - limit}处更正，详见通报附件。`);
  if (changes.problemsChanged) lines.push("“存在的问题”部分相应调整。");
  if (changes.narrative && changes.narrative.length > 0) lines.push(`${changes.narrative.join("、")}文字有修改。`);
  return lines;
}
