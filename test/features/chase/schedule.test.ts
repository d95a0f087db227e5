// The month's moments as pure functions of the settings, the period, the timezone and the calendar.
import { describe, expect, it } from "vitest";
import { isSuperseded, nextAllowedMoment, periodsAround, planPeriod, shiftWorkdays, weekdayCalendar, deadlineMoment } from "../../../src/domain/schedule.ts";
import { scheduleSettingsSchema } from "../../../src/domain/schedule-settings.ts";
import { chineseWorkCalendar } from "../../../src/platform/work-calendar.ts";
import { formatLocal } from "../../../src/platform/time.ts";

const TZ = "Asia/Shanghai";
const local = (date: Date) => formatLocal(date, TZ, "YYYY-MM-DD HH:mm");

describe("the official calendar", () => {
  it("has 2024, 2025 and 2026 with their 调休 working weekends", () => {
    expect(chineseWorkCalendar.isWorkday("2024-10-01")).toBe(false);
    expect(chineseWorkCalendar.isWorkday("2024-09-29")).toBe(true); // Sunday, 调休
    expect(chineseWorkCalendar.isWorkday("2025-01-26")).toBe(true); // Sunday before 春节
    expect(chineseWorkCalendar.isWorkday("2026-10-01")).toBe(false);
    for (const year of [2024, 2025, 2026]) expect(chineseWorkCalendar.hasOfficialData(year), String(year)).toBe(true);
  });
});

describe("planning a period", () => {
  it("moves a deadline on a holiday to the next working day: 2024-10-01 → 2024-10-08", () => {
    const settings = scheduleSettingsSchema.parse({ deadline: { day: 1, time: "18:00" } });
    expect(local(deadlineMoment(settings, { year: 2024, month: 9 }, TZ, chineseWorkCalendar))).toBe("2024-10-08 18:00");
    const unmoved = scheduleSettingsSchema.parse({ deadline: { day: 1, time: "18:00" }, moveToWorkday: false });
    expect(local(deadlineMoment(unmoved, { year: 2024, month: 9 }, TZ, chineseWorkCalendar))).toBe("2024-10-01 18:00");
  });

  it("counts reminders back in working days, a 调休 Sunday included", () => {
    const settings = scheduleSettingsSchema.parse({ open: { day: 25, time: "09:00", month: "period" }, deadline: { day: 1, time: "18:00" } });
    const plan = planPeriod(settings, { year: 2024, month: 9 }, TZ, chineseWorkCalendar);
    expect(local(plan.open)).toBe("2024-09-25 09:00");
    expect(plan.sequence.map((moment) => [moment.slot, moment.kind, local(moment.at)])).toEqual([
      ["r0", "remind", "2024-09-29 09:00"],
      ["r1", "remind", "2024-10-08 09:00"],
      ["c0", "private", "2024-10-08 19:00"],
      ["c1", "group", "2024-10-09 09:00"],
      ["c2", "leader", "2024-10-10 09:00"],
    ]);
    expect(plan.answerBy).toBe("2024-10-12"); // 10-09 + 3 working days: 10-10, 10-11, 10-12 (Saturday, 调休)
  });

  it("keeps quiet hours and rest days, and keeps the ladder's spacing when a step is pushed", () => {
    const settings = scheduleSettingsSchema.parse({ chase: [{ action: "private", afterHours: 3 }, { action: "group", afterHours: 4 }] });
    // 2024-01-05 is a Friday: 21:00 is quiet, Saturday is a rest day → Monday 08:00, then +1 h
    const plan = planPeriod(settings, { year: 2023, month: 12 }, TZ, weekdayCalendar);
    expect(local(plan.deadline)).toBe("2024-01-05 18:00");
    expect(plan.sequence.filter((moment) => moment.kind !== "remind").map((moment) => local(moment.at))).toEqual(["2024-01-08 08:00", "2024-01-08 09:00"]);
    expect(local(nextAllowedMoment(new Date("2024-01-08T00:30:00Z"), settings.quietHours, TZ, weekdayCalendar))).toBe("2024-01-08 08:30");
  });

  it("drops a reminder that would fall before the cards went out", () => {
    const settings = scheduleSettingsSchema.parse({ deadline: { day: 2, time: "18:00" }, moveToWorkday: false, reminders: [{ daysBefore: 3, time: "09:00" }, { daysBefore: 0, time: "09:00" }] });
    const plan = planPeriod(settings, { year: 2023, month: 2 }, TZ, weekdayCalendar); // 2023-03-02 is a Thursday
    expect(plan.sequence.filter((moment) => moment.kind === "remind").map((moment) => moment.slot)).toEqual(["r1"]);
  });

  it("replaces a step by the next one when both are due (catch-up after downtime)", () => {
    const settings = scheduleSettingsSchema.parse({});
    const plan = planPeriod(settings, { year: 2023, month: 12 }, TZ, weekdayCalendar);
    const [r0, r1, c0] = plan.sequence;
    expect(isSuperseded(plan.sequence, r0!.slot, r0!.at)).toBe(false);
    expect(isSuperseded(plan.sequence, r0!.slot, r1!.at)).toBe(true);
    expect(isSuperseded(plan.sequence, r1!.slot, new Date(c0!.at.getTime() - 1))).toBe(false);
    expect(isSuperseded(plan.sequence, "c2", new Date("2030-01-01T00:00:00Z"))).toBe(false);
    expect(isSuperseded(plan.sequence, "r9", r0!.at)).toBe(true);
  });

  it("knows which period's month it is", () => {
    const settings = scheduleSettingsSchema.parse({});
    expect(periodsAround(settings, new Date("2024-01-01T00:59:00Z"), TZ)).toEqual({ current: { year: 2023, month: 11 }, next: { year: 2023, month: 12 } });
    expect(periodsAround(settings, new Date("2024-01-01T01:00:00Z"), TZ)).toEqual({ current: { year: 2023, month: 12 }, next: { year: 2024, month: 1 } });
  });

  it("counts working days across a long holiday", () => {
    expect(shiftWorkdays("2024-10-08", -1, chineseWorkCalendar)).toBe("2024-09-30");
    expect(shiftWorkdays("2024-09-30", 1, chineseWorkCalendar)).toBe("2024-10-08");
  });
});

describe("settings", () => {
  it("refuses a ladder whose steps do not grow and unknown keys", () => {
    expect(scheduleSettingsSchema.safeParse({ chase: [{ action: "private", afterHours: 5 }, { action: "group", afterHours: 2 }] }).success).toBe(false);
    expect(scheduleSettingsSchema.safeParse({ reminder: [] }).success).toBe(false);
    expect(scheduleSettingsSchema.safeParse({ open: { day: 31, time: "09:00" } }).success).toBe(false);
  });
});
