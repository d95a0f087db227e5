// The one place that knows about clocks and timezones. Everything else receives `now` (a Date) and
// names its timezone explicitly: offices are in Asia/Shanghai, servers and tests may be in UTC.
import dayjs from "dayjs";
import utc from "dayjs/plugin/utc.js";
import timezone from "dayjs/plugin/timezone.js";

dayjs.extend(utc);
dayjs.extend(timezone);

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stays where tests put it. */
export function fixedClock(at: Date | string): Clock & { set(to: Date | string): void; advance(ms: number): void } {
  let current = new Date(at);
  return {
    now: () => new Date(current),
    set: (to) => {
      current = new Date(to);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

/**
 * The system time plus an adjustable offset: the sandbox demo's clock, so a month can be played in
 * minutes by jumping to the next scheduled moment. Time only moves forward, as jobs expect.
 */
export function offsetClock(base: Clock = systemClock, startAt?: Date): Clock & { offsetMs(): number; jumpTo(at: Date): void } {
  let offset = startAt ? startAt.getTime() - base.now().getTime() : 0;
  return {
    now: () => new Date(base.now().getTime() + offset),
    offsetMs: () => offset,
    jumpTo: (at) => {
      offset = Math.max(offset, at.getTime() - base.now().getTime());
    },
  };
}

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
