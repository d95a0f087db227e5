// Calendar arithmetic in a named timezone: pure functions of an instant and a zone (no clock here; the
// clock is src/platform/time.ts). The one place dayjs is set up with utc and timezone.
import dayjs from "dayjs";
import utc from "dayjs/plugin/utc.js";
import timezone from "dayjs/plugin/timezone.js";

dayjs.extend(utc);
dayjs.extend(timezone);

/** The calendar date (2024-01-09) of an instant in a timezone. */
export function isoDateIn(instant: Date, zone: string): string {
  return dayjs(instant).tz(zone).format("YYYY-MM-DD");
}

/** 2024-01-05 18:00 in the zone → the instant. */
export function instantIn(localDateTime: string, zone: string): Date {
  return dayjs.tz(localDateTime, zone).toDate();
}

/** The instant as people in the zone read it: 1月5日 18:00. */
export function formatLocal(instant: Date, zone: string, pattern = "M月D日 HH:mm"): string {
  return dayjs(instant).tz(zone).format(pattern);
}
