// A period's month as moments: when it opens, its deadline, the reminders before it, the chase ladder
// after it, the 督办 cards and the admins' draft notice. Pure: (settings, period, timezone, calendar)
// in, instants out; the calendar says which dates are working days (official holidays and 调休).
import type { Period } from "./period.ts";
import { parseTime, type ChaseAction, type QuietHours, type ScheduleSettings } from "./schedule-settings.ts";
import { instantIn, isoDateIn } from "./zoned-time.ts";

/** Which calendar dates (2024-10-08, in the workspace's timezone) are working days. */
export interface WorkCalendar {
  isWorkday(isoDate: string): boolean;
}

/** Monday to Friday: for tests and for a workspace outside China's calendar. */
export const weekdayCalendar: WorkCalendar = {
  isWorkday: (isoDate) => {
    const weekday = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  },
};

export type ChaseMomentKind = "remind" | ChaseAction;

/** One step of the sequence a late unit goes through: reminders before the deadline, then the ladder. */
export interface ChaseMoment {
  /** place in the time-ordered sequence */
  readonly index: number;
  /** the setting it comes from: r0, r1 … (reminders), c0, c1 … (chase steps); job keys use it */
  readonly slot: string;
  readonly kind: ChaseMomentKind;
  readonly at: Date;
}

export interface PeriodSchedule {
  readonly open: Date;
  readonly deadline: Date;
  /** reminders and chase steps in time order */
  readonly sequence: readonly ChaseMoment[];
  readonly lagging: Date | null;
  /** the day by which a lagging unit is asked to explain (ISO date) */
  readonly answerBy: string | null;
  readonly draft: Date | null;
}

export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function monthDate(period: Period, month: "period" | "next", day: number): string {
  const base = month === "period" ? { year: period.year, month: period.month } : period.month === 12 ? { year: period.year + 1, month: 1 } : { year: period.year, month: period.month + 1 };
  return `${base.year}-${String(base.month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export function nextWorkday(isoDate: string, calendar: WorkCalendar): string {
  let date = isoDate;
  // Holidays never run longer than a few weeks; the bound guards a broken calendar.
  for (let i = 0; i < 60 && !calendar.isWorkday(date); i++) date = addDays(date, 1);
  return date;
}

/** `days` working days before (negative) or after (positive) a date; 0 is the date itself. */
export function shiftWorkdays(isoDate: string, days: number, calendar: WorkCalendar): string {
  let date = isoDate;
  let left = Math.abs(days);
  const step = days < 0 ? -1 : 1;
  for (let guard = 0; left > 0 && guard < 400; guard++) {
    date = addDays(date, step);
    if (calendar.isWorkday(date)) left--;
  }
  return date;
}

function minutesOf(text: string): number {
  const { hour, minute } = parseTime(text);
  return hour * 60 + minute;
}

function localMinutes(instant: Date, timezone: string): number {
  const [hour, minute] = isoTimeIn(instant, timezone).split(":").map(Number);
  return hour! * 60 + minute!;
}

function isoTimeIn(instant: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: timezone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return `${part("hour")}:${part("minute")}`;
}

function isQuiet(minutes: number, quiet: QuietHours): boolean {
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  if (from === to) return false;
  return from < to ? minutes >= from && minutes < to : minutes >= from || minutes < to;
}

/**
 * The first moment at or after `at` when the bot may send: outside quiet hours and, when the
 * settings say so, on a working day (a step due on a Saturday waits for Monday at the same time).
 */
export function nextAllowedMoment(at: Date, quiet: QuietHours, timezone: string, calendar: WorkCalendar, options: { restDays?: boolean } = {}): Date {
  let moment = at;
  for (let guard = 0; guard < 90; guard++) {
    const minutes = localMinutes(moment, timezone);
    if (isQuiet(minutes, quiet)) {
      // Quiet hours end at `to`: today if we are before it, else tomorrow.
      const date = isoDateIn(moment, timezone);
      const to = minutesOf(quiet.to);
      moment = instantIn(`${minutes < to ? date : addDays(date, 1)} ${quiet.to}`, timezone);
      continue;
    }
    const date = isoDateIn(moment, timezone);
    if ((options.restDays ?? quiet.restDays) && !calendar.isWorkday(date)) {
      moment = instantIn(`${nextWorkday(date, calendar)} ${isoTimeIn(moment, timezone)}`, timezone);
      continue;
    }
    return moment;
  }
  return moment;
}

export function openingMoment(settings: ScheduleSettings, period: Period, timezone: string): Date {
  return instantIn(`${monthDate(period, settings.open.month, settings.open.day)} ${settings.open.time}`, timezone);
}

/** The configured deadline, moved to the next working day when the workspace says so (2024-10-01 → 2024-10-08). */
export function deadlineMoment(settings: ScheduleSettings, period: Period, timezone: string, calendar: WorkCalendar): Date {
  const date = monthDate(period, settings.deadline.month, settings.deadline.day);
  return instantIn(`${settings.moveToWorkday ? nextWorkday(date, calendar) : date} ${settings.deadline.time}`, timezone);
}

const HOUR = 3_600_000;

/**
 * Every moment of the period's month. `deadline` overrides the configured one (an admin's 截止);
 * reminders are counted back from whichever deadline holds.
 */
export function planPeriod(settings: ScheduleSettings, period: Period, timezone: string, calendar: WorkCalendar, deadline?: Date | null, open?: Date | null): PeriodSchedule {
  const opens = open ?? openingMoment(settings, period, timezone);
  const due = deadline ?? deadlineMoment(settings, period, timezone, calendar);
  const allowed = (at: Date) => nextAllowedMoment(at, settings.quietHours, timezone, calendar);
  const deadlineDate = isoDateIn(due, timezone);

  const reminders: { slot: string; at: Date }[] = [];
  settings.reminders.forEach((reminder, i) => {
    const date = settings.moveToWorkday ? shiftWorkdays(deadlineDate, -reminder.daysBefore, calendar) : addDays(deadlineDate, -reminder.daysBefore);
    const at = allowed(instantIn(`${date} ${reminder.time}`, timezone));
    // A reminder after the deadline or before the cards went out has nothing to remind of.
    if (at.getTime() >= due.getTime() || at.getTime() < opens.getTime()) return;
    if (!reminders.some((other) => other.at.getTime() === at.getTime())) reminders.push({ slot: `r${i}`, at });
  });
  reminders.sort((a, b) => a.at.getTime() - b.at.getTime());

  const sequence: ChaseMoment[] = reminders.map(({ slot, at }, index) => ({ index, slot, kind: "remind" as const, at }));
  let previous: { at: Date; afterHours: number } | null = null;
  for (const [i, step] of settings.chase.entries()) {
    // A step pushed past quiet hours or a holiday keeps its distance from the step before, so two
    // steps never land on one moment (where the later would silently replace the earlier).
    const earliest = previous ? Math.max(due.getTime() + step.afterHours * HOUR, previous.at.getTime() + (step.afterHours - previous.afterHours) * HOUR) : due.getTime() + step.afterHours * HOUR;
    let at = allowed(new Date(earliest));
    if (at.getTime() <= due.getTime()) at = allowed(new Date(due.getTime() + 60_000));
    sequence.push({ index: sequence.length, slot: `c${i}`, kind: step.action, at });
    previous = { at, afterHours: step.afterHours };
  }

  const lagging = settings.lagging.enabled ? allowed(new Date(due.getTime() + settings.lagging.afterHours * HOUR)) : null;
  const answerBy = lagging ? shiftWorkdays(isoDateIn(lagging, timezone), settings.lagging.answerWithinDays, calendar) : null;
  const draft = settings.draft.enabled ? allowed(new Date(due.getTime() + settings.draft.afterHours * HOUR)) : null;
  return { open: opens, deadline: due, sequence, lagging, answerBy, draft };
}

/**
 * After downtime several steps may be due at once: a step whose successor is also due is replaced by
 * it, so a unit gets at most one message per catch-up (the latest, most escalated one).
 */
export function isSuperseded(sequence: readonly ChaseMoment[], slot: string, now: Date): boolean {
  const moment = sequence.find((candidate) => candidate.slot === slot);
  // A slot the plan no longer has (the deadline moved past a reminder's day) is moot.
  if (!moment) return true;
  const next = sequence.find((candidate) => candidate.index === moment.index + 1);
  return next !== undefined && next.at.getTime() <= now.getTime();
}

/** The period whose month the instant falls in, i.e. the one opened last at or before `now` (or the next to open). */
export function periodsAround(settings: ScheduleSettings, now: Date, timezone: string): { current: Period; next: Period } {
  const local = isoDateIn(now, timezone);
  const year = Number(local.slice(0, 4));
  const month = Number(local.slice(5, 7));
  // Candidates: the periods whose opening can fall in this month or the one before.
  const candidates: Period[] = [];
  for (let back = 3; back >= -1; back--) {
    const index = year * 12 + (month - 1) - back;
    candidates.push({ year: Math.floor(index / 12), month: (index % 12) + 1 });
  }
  let current = candidates[0]!;
  let next = candidates[candidates.length - 1]!;
  for (const candidate of candidates) {
    if (openingMoment(settings, candidate, timezone).getTime() <= now.getTime()) current = candidate;
  }
  const after = candidates.find((candidate) => openingMoment(settings, candidate, timezone).getTime() > now.getTime());
  if (after) next = after;
  return { current, next };
}
