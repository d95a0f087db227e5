// The workspace file's optional `schedule:` key: when a period opens, when its deadline falls, when
// contacts are reminded and how late units are chased. A workspace without the key runs nothing by
// itself (admins open periods and chase by command); with it, every omitted setting takes the default.
import { z } from "zod";

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const time = z.string().trim().regex(TIME, "时间应写作 时:分，例如 09:00");
const day = z.number().int().min(1, "日期应在 1 到 28 之间").max(28, "日期应在 1 到 28 之间（每个月都有的日子）");

const momentSchema = z.strictObject({
  day,
  time,
  /** which month the day is in: the period's own month, or the month after it (the usual) */
  month: z.enum(["period", "next"]).default("next"),
});

const reminderSchema = z.strictObject({
  /** days before the deadline's date (working days when moveToWorkday); 0 = the deadline's own day */
  daysBefore: z.number().int().min(0).max(20),
  time,
});

export const CHASE_ACTIONS = ["private", "group", "leader"] as const;
export type ChaseAction = (typeof CHASE_ACTIONS)[number];

const chaseStepSchema = z.strictObject({
  /** private: a message to the contact; group: an @mention in the work group; leader: the unit's leader */
  action: z.enum(CHASE_ACTIONS),
  /** hours after the deadline */
  afterHours: z.number().min(0).max(24 * 30),
});

const quietHoursSchema = z.strictObject({
  /** nothing is sent from `from` until `to` (local time; the range may wrap midnight) */
  from: time.default("20:00"),
  to: time.default("08:00"),
  /** reminders and chasing wait for the next working day (weekends and official holidays) */
  restDays: z.boolean().default(true),
});

export const scheduleSettingsSchema = z.strictObject({
  enabled: z.boolean().default(true),
  open: momentSchema.prefault({ day: 1, time: "09:00" }),
  deadline: momentSchema.prefault({ day: 5, time: "18:00" }),
  /** a deadline on a weekend or official holiday moves to the next working day (调休 working weekends count as working days) */
  moveToWorkday: z.boolean().default(true),
  reminders: z.array(reminderSchema).max(10).default([
    { daysBefore: 2, time: "09:00" },
    { daysBefore: 0, time: "09:00" },
  ]),
  chase: z
    .array(chaseStepSchema)
    .max(10)
    .default([
      { action: "private", afterHours: 1 },
      { action: "group", afterHours: 15 },
      { action: "leader", afterHours: 39 },
    ])
    .refine((steps) => steps.every((step, i) => i === 0 || step.afterHours > steps[i - 1]!.afterHours), "催报步骤的 afterHours 应逐步增加"),
  quietHours: quietHoursSchema.prefault({}),
  /** 督办 cards to lagging units, asking for a 情况说明 within `answerWithinDays` working days */
  lagging: z
    .strictObject({
      enabled: z.boolean().default(true),
      afterHours: z.number().min(0).max(24 * 30).default(15),
      answerWithinDays: z.number().int().min(1).max(30).default(3),
    })
    .prefault({}),
  /** the admins are told the bulletin draft can be made */
  draft: z
    .strictObject({
      enabled: z.boolean().default(true),
      afterHours: z.number().min(0).max(24 * 30).default(16),
    })
    .prefault({}),
});

export type ScheduleSettings = z.infer<typeof scheduleSettingsSchema>;
export type ScheduleSettingsInput = z.input<typeof scheduleSettingsSchema>;
export type ChaseStep = ScheduleSettings["chase"][number];
export type QuietHours = ScheduleSettings["quietHours"];

/** The settings stored with a workspace (unknown JSON) → settings, or null when the workspace has no schedule. */
export function scheduleSettingsOf(stored: unknown): ScheduleSettings | null {
  if (stored === undefined || stored === null) return null;
  return scheduleSettingsSchema.parse(stored);
}

export function parseTime(text: string): { hour: number; minute: number } {
  const match = TIME.exec(text);
  if (!match) throw new RangeError(`时间“${text}”无效，应写作 09:00`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}
