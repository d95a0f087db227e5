// Small pieces of the seeds' register: how units are listed and counted, ordinals (一是、二是),
// quarters, and a deadline as an office writes it, in the workspace's time zone.

const DIGITS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"] as const;

/** 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (enough for paragraph ordinals). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 100) return String(n);
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? "" : DIGITS[tens]}十${ones === 0 ? "" : DIGITS[ones]}`;
}

/** 一是, 二是, … */
export function ordinalLead(index: number): string {
  return `${chineseNumber(index + 1)}是`;
}

/** The word for the units when they are counted: Jilin 市县, Zhangye 县区. */
export function unitNounFor(scope: string, configured: string | undefined): string {
  if (configured) return configured;
  if (scope === "全省") return "市县";
  if (scope === "全州") return "县市";
  return "县区";
}

/**
 * Units as the seeds list them: 甘州区、高台县、肃南县 (up to three, no count); 辽源市、大安市、九台区、
 * 桦甸市4个市县 (four or more, counted). Every unit is named: a problem that says 等34个市县 leaves a
 * county unsure whether it is meant.
 */
export function listUnits(names: readonly string[], noun: string): string {
  if (names.length <= 3) return names.join("、");
  return `${names.join("、")}${names.length}个${noun}`;
}

/** 三季度 for September. */
export function quarterLabel(month: number): string {
  return `${chineseNumber(Math.ceil(month / 3))}季度`;
}

/** 1月5日18:00 in the given time zone (Intl is pure: it reads no clock). */
export function formatDeadline(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    month: "numeric",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("month")}月${part("day")}日${part("hour")}:${part("minute")}`;
}
