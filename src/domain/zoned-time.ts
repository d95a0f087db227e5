// Calendar arithmetic in a named timezone: pure functions of an instant and a zone (no clock here; the
// clock is src/platform/time.ts). The one place dayjs is set up with utc and timezone.
import dayjs from "dayjs";
import utc from "dayjs/plugin/utc.js";
import timezone from "dayjs/plugin/timezone.js";

dayjs.extend(utc);
dayjs.extend(timezone);

/** The calendar date (2024-01-09) of an instant in a timezone. */
export function isoDateIn(instant: Date, zone: string): string {
  return inZone(instant, zone).format("YYYY-MM-DD");
}

/** 2024-01-05 18:00 in the zone → the instant. */
export function instantIn(localDateTime: string, zone: string): Date {
  return dayjs.tz(localDateTime, zone).toDate();
}

/** The instant as people in the zone read it: 1月5日 18:00. */
export function formatLocal(instant: Date, zone: string, pattern = "M月D日 HH:mm"): string {
  return inZone(instant, zone).format(pattern);
}

/**
 * The instant as a dayjs in the zone's offset at that instant. Same result as dayjs's `.tz(zone)`,
 * whose every call builds a new Intl formatter through toLocaleString (0.3 ms, and every card shows a
 * time or two); here the formatter is built once per zone.
 */
function inZone(instant: Date, zone: string): dayjs.Dayjs {
  return dayjs(instant).utcOffset(offsetMinutesAt(instant, zone));
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at the instant, in minutes (Asia/Shanghai: 480). */
export function offsetMinutesAt(instant: Date, zone: string): number {
  let formatter = formatters.get(zone);
  if (!formatter) {
    // Throws RangeError for an unknown zone, as dayjs's tz does.
    formatter = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    formatters.set(zone, formatter);
  }
  const field: Record<string, number> = {};
  for (const part of formatter.formatToParts(instant)) if (part.type !== "literal") field[part.type] = Number(part.value);
  const wallClockAsUtc = Date.UTC(field.year!, field.month! - 1, field.day!, field.hour!, field.minute!, field.second!);
  const wholeSeconds = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((wallClockAsUtc - wholeSeconds) / 60_000);
}

/**
 * A period's deadline as people read it: 12月6日 18:00, with its year when that is not the year of
 * the month after the period, the month a deadline falls in (截止 2025-12-06 typed in December 2024
 * for November shows 2025年12月6日 18:00, not a harmless-looking 12月6日).
 */
export function deadlineLabel(deadline: Date, period: { readonly year: number; readonly month: number }, zone: string): string {
  const expectedYear = period.month === 12 ? period.year + 1 : period.year;
  const year = Number(isoDateIn(deadline, zone).slice(0, 4));
  return formatLocal(deadline, zone, year === expectedYear ? "M月D日 HH:mm" : "YYYY年M月D日 HH:mm");
}
