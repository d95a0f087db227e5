// The figures file (CSV, header `period,unit,indicator,value`): cumulative values for the year. Every
// row is checked against the workspace before anything is stored; one bad row refuses the file.
import { parse } from "csv-parse/sync";
import { parseFigureInput, describeFigureInputError } from "../domain/figure-input.ts";
import { parsePeriod, periodKey } from "../domain/period.ts";
import { ImportRejected, type ImportIssue } from "./errors.ts";

export interface FigureRow {
  readonly line: number;
  readonly period: string; // 2023-12
  /** a unit's name, or the scope word (全市) for a whole-scope figure */
  readonly unit: string;
  readonly indicator: string;
  readonly value: number;
}

export interface FiguresContext {
  readonly scope: string;
  readonly unitNames: ReadonlySet<string>;
  readonly indicators: ReadonlyMap<string, { readonly name: string; readonly measure: string; readonly decimals: number }>;
}

const HEADER = ["period", "unit", "indicator", "value"] as const;

export function parseFiguresCsv(text: string, fileName: string, context: FiguresContext): FigureRow[] {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ""), { relax_column_count: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? null;
    throw new ImportRejected(fileName, [{ line, where: "", message: `CSV 格式错误：${(error as Error).message}` }]);
  }
  const [header, ...rows] = records;
  if (!header || header.join(",").toLowerCase() !== HEADER.join(",")) {
    throw new ImportRejected(fileName, [{ line: 1, where: "表头", message: `表头应为 ${HEADER.join(",")}，收到 ${header?.join(",") ?? "空文件"}` }]);
  }
  const issues: ImportIssue[] = [];
  const figures: FigureRow[] = [];
  const seen = new Map<string, number>();
  // skip_empty_lines means record index ≠ line; csv-parse's info option would give it, but the file
  // format has no quoted newlines in practice, so map over the raw lines instead.
  const lineNumbers = nonEmptyLineNumbers(text);
  rows.forEach((cells, index) => {
    const line = lineNumbers[index + 1] ?? index + 2;
    if (cells.length !== HEADER.length) {
      issues.push({ line, where: "", message: `应有 4 列（period,unit,indicator,value），实际 ${cells.length} 列` });
      return;
    }
    const [periodText = "", unit = "", indicatorKey = "", valueText = ""] = cells;
    let period: string | null = null;
    try {
      period = periodKey(parsePeriod(periodText));
    } catch (error) {
      issues.push({ line, where: "period", message: (error as Error).message });
    }
    if (unit !== context.scope && !context.unitNames.has(unit)) {
      issues.push({ line, where: "unit", message: `单位“${unit}”不在工作区的单位中` });
    }
    const indicator = context.indicators.get(indicatorKey);
    if (!indicator) {
      issues.push({ line, where: "indicator", message: `指标“${indicatorKey}”不在工作区的指标中` });
      return;
    }
    const parsed = parseFigureInput(valueText, { measure: indicator.measure, decimals: indicator.decimals });
    if (!parsed.ok) {
      issues.push({ line, where: "value", message: describeFigureInputError(`${indicator.name}（${indicator.measure}）`, parsed.error) });
      return;
    }
    if (period === null) return;
    const key = `${period}|${unit}|${indicatorKey}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      issues.push({ line, where: "", message: `与第${earlier}行重复（同一填报期、单位和指标）` });
      return;
    }
    seen.set(key, line);
    figures.push({ line, period, unit, indicator: indicatorKey, value: parsed.value });
  });
  if (issues.length > 0) throw new ImportRejected(fileName, issues);
  return figures;
}

function nonEmptyLineNumbers(text: string): number[] {
  const numbers: number[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() !== "") numbers.push(index + 1);
  });
  return numbers;
}
