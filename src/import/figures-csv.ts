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
  const body = text.replace(/^\uFEFF/, "");
  const lines = new LineFinder(Buffer.from(body, "utf8"));
  // Each record is numbered as it is read, from the byte where the one before it ended; a record that
  // fails to parse starts there too.
  const recordLines: number[] = [];
  let recordStart = 0;
  let records: string[][];
  try {
    records = parse(body, {
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      on_record: (record, { bytes }) => {
        recordLines.push(lines.lineAfter(recordStart));
        recordStart = bytes;
        return record;
      },
    });
  } catch (error) {
    const code = (error as { code?: string }).code ?? "";
    throw new ImportRejected(fileName, [{ line: lines.lineAfter(recordStart), where: "", message: `CSV 格式错误：${CSV_ERRORS[code] ?? (error as Error).message}` }]);
  }
  const [header, ...rows] = records.map((cells, index) => ({ cells, line: recordLines[index]! }));
  if (!header || header.cells.join(",").toLowerCase() !== HEADER.join(",")) {
    throw new ImportRejected(fileName, [{ line: header?.line ?? 1, where: "表头", message: `表头应为 ${HEADER.join(",")}，收到 ${header?.cells.join(",") ?? "空文件"}` }]);
  }
  const issues: ImportIssue[] = [];
  const figures: FigureRow[] = [];
  const seen = new Map<string, number>();
  rows.forEach(({ cells, line }) => {
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

// csv-parse's messages are English; these are the mistakes a hand-edited or badly exported file makes.
const CSV_ERRORS: Readonly<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: "本行的英文双引号直到文件末尾都没有配对",
  INVALID_OPENING_QUOTE: "单元格中间有英文双引号；含引号的单元格应整个用英文双引号括起，里面的引号写两遍",
  CSV_INVALID_CLOSING_QUOTE: "英文双引号闭合后还有其他字符；含引号的单元格应整个用英文双引号括起，里面的引号写两遍",
};

/**
 * Lines as an editor numbers them, for the byte offsets csv-parse reports. A record's index is not its
 * line (blank lines are skipped, a quoted cell may hold a line break), and csv-parse's own line count
 * takes a \r\n inside a quoted cell for two lines.
 */
class LineFinder {
  private byte = 0;
  private line = 1;
  private isAfterCarriageReturn = false;

  constructor(private readonly bytes: Buffer) {}

  /** The line of the first non-blank character at or after byte `offset`; offsets must not go back. */
  lineAfter(offset: number): number {
    while (this.byte < offset) this.pass();
    for (let width = blankWidth(this.bytes, this.byte); width > 0; width = blankWidth(this.bytes, this.byte)) {
      for (const end = this.byte + width; this.byte < end; ) this.pass();
    }
    return this.line;
  }

  private pass(): void {
    const byte = this.bytes[this.byte++];
    if (byte === 0x0d || (byte === 0x0a && !this.isAfterCarriageReturn)) this.line++;
    this.isAfterCarriageReturn = byte === 0x0d;
  }
}

/** The length in bytes of the blank character (JavaScript's \s, csv-parse's trim) at `at`, or 0. */
function blankWidth(bytes: Buffer, at: number): number {
  const first = bytes[at];
  if (first === undefined) return 0;
  if (first < 0x80) return first === 0x20 || (first >= 0x09 && first <= 0x0d) ? 1 : 0;
  const width = first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : 2;
  return /^\s$/.test(bytes.toString("utf8", at, at + width)) ? width : 0;
}
