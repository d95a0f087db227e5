// A period is a value (`2023-12`), never a Date: figures are cumulative for the year up to its month.
import { z } from "zod";

export interface Period {
  readonly year: number;
  readonly month: number;
}

const PERIOD_PATTERN = /^(\d{4})-(\d{1,2})$/;

/**
 * A period as people type it in a command: 2024-11, 2024－11 (full-width), ２０２４-11, 2024/11,
 * 2024.11, 2024年11月 → 2024-11. Anything else is returned as it is, for the schema to refuse.
 */
export function typedPeriodKey(text: string): string {
  const halfWidth = text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).trim();
  const typed = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:月份?)?$/.exec(halfWidth);
  return typed ? `${typed[1]}-${typed[2]!.padStart(2, "0")}` : halfWidth;
}

export const periodKeySchema = z
  .string()
  .trim()
  .regex(PERIOD_PATTERN, "填报期应写作 年-月，例如 2023-12")
  .refine((text) => {
    const month = Number(PERIOD_PATTERN.exec(text)?.[2]);
    return month >= 1 && month <= 12;
  }, "月份应在 1 到 12 之间");

/** Parses `2023-12` (or `2023-1`); throws a Chinese message naming the bad text. */
export function parsePeriod(text: string): Period {
  const result = periodKeySchema.safeParse(text);
  if (!result.success) {
    throw new RangeError(`填报期“${text}”无效：${result.error.issues[0]?.message ?? "格式不对"}`);
  }
  const match = PERIOD_PATTERN.exec(result.data)!;
  return { year: Number(match[1]), month: Number(match[2]) };
}

export function periodKey(period: Period): string {
  return `${period.year}-${String(period.month).padStart(2, "0")}`;
}

export function previousPeriod(period: Period): Period | null {
  return period.month === 1 ? null : { year: period.year, month: period.month - 1 };
}

export function comparePeriods(a: Period, b: Period): number {
  return a.year - b.year || a.month - b.month;
}

export function isQuarterEnd(period: Period): boolean {
  return period.month % 3 === 0;
}

/** "2023年12月": a period as every message names it. */
export function periodName(period: Period): string {
  return `${period.year}年${period.month}月`;
}

/** How an office writes the span of months: Zhangye "1--12月", Jilin "1-9月", some "1—6月". */
export type RangeDash = "--" | "-" | "—" | "至";

/** "1--12月"; January alone is "1月". */
export function rangeLabel(period: Period, dash: RangeDash = "--"): string {
  return period.month === 1 ? "1月" : `1${dash}${period.month}月`;
}

/** The word before "N月底": 截至 is the standard form ("as of"); Zhangye and Lvliang write 截止. */
export type AsOfWord = "截至" | "截止";

/** "截至12月底": as of the end of month N. */
export function asOfLabel(period: Period, word: AsOfWord = "截至"): string {
  return `${word}${period.month}月底`;
}

/**
 * The share of the annual target expected by the end of the period's month (时间过半任务过半).
 * Default N/12; a workspace may give its own cumulative curve of 12 shares (e.g. back-loaded
 * construction seasons in the north).
 */
export function expectedShare(period: Period, curve?: readonly number[]): number {
  if (curve) {
    const share = curve[period.month - 1];
    if (share === undefined) throw new RangeError(`进度曲线缺少${period.month}月的值`);
    return share;
  }
  return period.month / 12;
}
