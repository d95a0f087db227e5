// What every schedule job loads first: the workspace's schedule settings, the period and its plan
// (recomputed at run time from the period's current deadline, so a moved deadline moves everything).
import type { BotDeps } from "../../bot/context.ts";
import type { WorkCalendar, PeriodSchedule, ChaseMoment } from "../../domain/schedule.ts";
import { planPeriod } from "../../domain/schedule.ts";
import type { ScheduleSettings } from "../../domain/schedule-settings.ts";
import { chineseWorkCalendar } from "../../platform/work-calendar.ts";
import { findPeriodById, type PeriodRecord } from "../../store/period-repo.ts";
import { loadScheduleWorkspace, type ScheduleWorkspace } from "../../store/schedule-repo.ts";
import { deadlineLabel } from "../../platform/time.ts";

export interface ScheduleDeps extends BotDeps {
  /** the working calendar; default the official Chinese one */
  readonly calendar?: WorkCalendar;
}

export function calendarOf(deps: ScheduleDeps): WorkCalendar {
  return deps.calendar ?? chineseWorkCalendar;
}

export interface PeriodContext {
  readonly workspace: ScheduleWorkspace;
  /** null when the workspace has no `schedule:` key (commands still work, nothing is planned) */
  readonly settings: ScheduleSettings | null;
  readonly record: PeriodRecord;
  readonly plan: PeriodSchedule | null;
}

export async function loadPeriodContext(deps: ScheduleDeps, periodId: string): Promise<PeriodContext | null> {
  const workspace = await loadScheduleWorkspace(deps.db, deps.workspaceKey);
  const record = await findPeriodById(deps.db, periodId);
  if (!workspace || !record) return null;
  const settings = workspace.schedule;
  return { workspace, settings, record, plan: settings ? planOf(deps, settings, workspace, record) : null };
}

export function planOf(deps: ScheduleDeps, settings: ScheduleSettings, workspace: ScheduleWorkspace, record: PeriodRecord): PeriodSchedule {
  return planPeriod(settings, record.period, workspace.timezone, calendarOf(deps), record.deadline, record.openedAt);
}

export function deadlineText(record: PeriodRecord, timezone: string): string {
  return record.deadline ? deadlineLabel(record.deadline, record.period, timezone) : "（未设置）";
}

// Job kinds and keys. Every key names the workspace and the period, so two instances (or a restart)
// enqueue the same work once.
export const JOB_OPEN = "schedule.open";
export const JOB_PLAN = "schedule.plan";
export const JOB_STEP = "schedule.step";
export const JOB_STEP_UNIT = "schedule.step-units";
export const JOB_LAGGING = "schedule.lagging";
export const JOB_LAGGING_UNIT = "schedule.lagging-unit";
export const JOB_LAGGING_RECHECK = "schedule.lagging-recheck";
export const JOB_DRAFT = "schedule.draft-notice";
export const JOB_CHASE_NOW = "schedule.chase-now";

export const keys = {
  open: (ws: string, period: string) => `sched-open:${ws}:${period}`,
  plan: (ws: string, period: string) => `plan:${ws}:${period}`,
  /** remind:<ws>:<period>:r0 or chase:<ws>:<period>:c1 */
  step: (ws: string, period: string, moment: Pick<ChaseMoment, "kind" | "slot">) => `${moment.kind === "remind" ? "remind" : "chase"}:${ws}:${period}:${moment.slot}`,
  stepUnit: (stepKey: string, unitId: string) => `${stepKey}:${unitId}`,
  lagging: (ws: string, period: string) => `lagging:${ws}:${period}`,
  laggingUnit: (ws: string, period: string, unitId: string) => `lagging:${ws}:${period}:${unitId}`,
  /** one per stored revision after the deadline */
  laggingRecheck: (ws: string, period: string, unitId: string, revision: number) => `lagging-recheck:${ws}:${period}:${unitId}:r${revision}`,
  draft: (ws: string, period: string) => `draft:${ws}:${period}`,
  chaseNow: (ws: string, period: string, eventId: string) => `chase-now:${ws}:${period}:${eventId}`,
};
