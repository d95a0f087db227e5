// Planning the month. Before each run the runner asks the planner to make sure the opening jobs of
// this cycle and the next exist, and that the open period has its plan (reminders, chase steps, 督办,
// draft notice) as jobs. Every enqueue is idempotent by key, so each beat of each instance may ask.
import { currentWorkspace } from "../../bot/context.ts";
import { z } from "zod";
import type { JobContext } from "../../jobs/runner.ts";
import { parsePeriod, periodKey, periodName, type Period } from "../../domain/period.ts";
import { formatLocal } from "../../platform/time.ts";
import { listPeople } from "../../store/people-repo.ts";
import type { StoredWorkspace } from "../../store/workspace-repo.ts";
import { deliver } from "../../bot/deliver.ts";
import { deadlineMoment, nextAllowedMoment, openingMoment, periodsAround } from "../../domain/schedule.ts";
import { findCurrentPeriod, findPeriod, setDeadline } from "../../store/period-repo.ts";
import { dueJobKeys, dueJobKeysWithPrefix, loadScheduleWorkspace } from "../../store/schedule-repo.ts";
import { openPeriod } from "../collect/open-period.ts";
import { openCommandFor } from "../collect/open-command.ts";
import { JOB_DRAFT, JOB_LAGGING, JOB_OPEN, JOB_PLAN, JOB_STEP, calendarOf, keys, loadPeriodContext, type PeriodContext, type ScheduleDeps } from "./context.ts";

export function schedulePlanner(deps: ScheduleDeps) {
  return async (now: Date): Promise<void> => {
    const workspace = await loadScheduleWorkspace(deps.db, deps.workspaceKey);
    if (!workspace) return;
    const settings = workspace.schedule;
    if (!settings?.enabled) return;
    const { current, next } = periodsAround(settings, now, workspace.timezone);
    for (const period of [current, next]) {
      const key = periodKey(period);
      await deps.jobs.enqueue({ workspaceId: workspace.id, kind: JOB_OPEN, key: keys.open(workspace.id, key), payload: { period: key }, runAt: openingMoment(settings, period, workspace.timezone) });
    }
    const open = await findCurrentPeriod(deps.db, workspace.id);
    if (open) await deps.jobs.enqueue({ workspaceId: workspace.id, kind: JOB_PLAN, key: keys.plan(workspace.id, open.key), payload: { periodId: open.id }, runAt: now });
  };
}

/** `plannedAt`: when this run was meant to happen (the opening moment, or the end of the quiet hours it was moved to). */
const openPayload = z.object({ period: z.string(), plannedAt: z.iso.datetime().optional() });

/** Later than this after its moment, an opening is a catch-up (a first start, a downtime): the admins decide. */
export const OPENING_GRACE_MS = 60 * 60_000;

/**
 * schedule.open: the opening day. Opens the period (cards go out) unless it is open already or its
 * deadline has passed. Never inside quiet hours: the opening waits for their end. An opening missed by
 * more than an hour (the bot was not running then) sends no card: each admin is asked to open it.
 */
export function openJob(deps: ScheduleDeps) {
  return async ({ job, now, log }: JobContext) => {
    const payload = openPayload.parse(job.payload);
    const period = parsePeriod(payload.period);
    const light = await loadScheduleWorkspace(deps.db, deps.workspaceKey);
    const settings = light?.schedule ?? null;
    if (!light || !settings?.enabled) return;
    const deadline = deadlineMoment(settings, period, light.timezone, calendarOf(deps));
    const existing = await findPeriod(deps.db, light.id, period);
    if (!existing || existing.state === "draft") {
      // Back from a long downtime: a period whose deadline has passed is not opened behind the admins' back.
      if (now.getTime() >= deadline.getTime()) {
        log.warn({ period: periodKey(period) }, "opening day missed and the deadline has passed: not opened automatically");
        return;
      }
      const plannedAt = payload.plannedAt ? new Date(payload.plannedAt) : openingMoment(settings, period, light.timezone);
      const late = now.getTime() - plannedAt.getTime() > OPENING_GRACE_MS;
      const allowed = nextAllowedMoment(now, settings.quietHours, light.timezone, calendarOf(deps), { restDays: false });
      if (allowed.getTime() > now.getTime()) {
        // Quiet hours: the same decision at their end (a catch-up stays one, an opening on time opens then).
        const next = late ? plannedAt : allowed;
        await deps.jobs.enqueue({ workspaceId: light.id, kind: JOB_OPEN, key: `${keys.open(light.id, payload.period)}:at:${allowed.toISOString()}`, payload: { period: payload.period, plannedAt: next.toISOString() }, runAt: allowed });
        return;
      }
      const workspace = await currentWorkspace(deps);
      if (late) {
        await askAdminsToOpen(deps, workspace, period, openingMoment(settings, period, light.timezone), deadline, now);
        return;
      }
      await openPeriod(deps, workspace, period, deadline);
    }
    const record = await findPeriod(deps.db, light.id, period);
    if (record?.state === "open") await deps.jobs.enqueue({ workspaceId: light.id, kind: JOB_PLAN, key: keys.plan(light.id, record.key), payload: { periodId: record.id }, runAt: now });
  };
}

const planPayload = z.object({ periodId: z.string() });

/** schedule.plan: the open period's reminders, chase steps, 督办 and draft notice as jobs. */
export function planJob(deps: ScheduleDeps) {
  return async ({ job }: JobContext) => {
    const { periodId } = planPayload.parse(job.payload);
    let ctx = await loadPeriodContext(deps, periodId);
    if (!ctx?.settings?.enabled || ctx.record.state !== "open") return;
    if (!ctx.record.deadline) {
      // Opened by an admin without a deadline: the workspace's schedule says when it is.
      await setDeadline(deps.db, ctx.record.id, deadlineMoment(ctx.settings, ctx.record.period, ctx.workspace.timezone, calendarOf(deps)));
      ctx = await loadPeriodContext(deps, periodId);
      if (!ctx) return;
    }
    await syncPeriodJobs(deps, ctx);
  };
}

/**
 * Makes the period's jobs match its plan: new ones are enqueued, those still due are moved to their
 * (possibly new) moment. Done jobs stay done. Returns how many due jobs moved.
 */
export async function syncPeriodJobs(deps: ScheduleDeps, ctx: PeriodContext): Promise<number> {
  const plan = ctx.plan;
  if (!plan || !ctx.settings?.enabled) return 0;
  const ws = ctx.workspace.id;
  const period = ctx.record.key;
  const wanted: { kind: string; key: string; runAt: Date; payload: Record<string, unknown> }[] = plan.sequence.map((moment) => ({
    kind: JOB_STEP,
    key: keys.step(ws, period, moment),
    runAt: moment.at,
    payload: { periodId: ctx.record.id, slot: moment.slot },
  }));
  if (plan.lagging) wanted.push({ kind: JOB_LAGGING, key: keys.lagging(ws, period), runAt: plan.lagging, payload: { periodId: ctx.record.id } });
  if (plan.draft) wanted.push({ kind: JOB_DRAFT, key: keys.draft(ws, period), runAt: plan.draft, payload: { periodId: ctx.record.id } });
  const due = await dueJobKeys(deps.db, wanted.map((job) => job.key));
  let moved = 0;
  for (const job of wanted) {
    if (due.has(job.key)) {
      if (await deps.jobs.reschedule(job.key, job.runAt)) moved++;
    } else {
      await deps.jobs.enqueue({ workspaceId: ws, ...job });
    }
  }
  // A reminder slot the new deadline no longer has (it would fall before the opening) is cancelled.
  const wantedKeys = new Set(wanted.map((job) => job.key));
  for (const prefix of [`remind:${ws}:${period}:`, `chase:${ws}:${period}:`]) {
    for (const key of await dueJobKeysWithPrefix(deps.db, prefix, JOB_STEP)) if (!wantedKeys.has(key)) await deps.jobs.cancel(key);
  }
  return moved;
}

async function askAdminsToOpen(deps: ScheduleDeps, workspace: StoredWorkspace, period: Period, opening: Date, deadline: Date, now: Date): Promise<void> {
  const key = periodKey(period);
  const timezone = workspace.model.timezone;
  const text = [
    `【待确认】按工作计划，${periodName(period)}填报期应于${formatLocal(opening, timezone, "M月D日 HH:mm")}开放并向各单位发送填报卡片；当时机器人未在运行，填报期至今未开放，也未发送任何卡片。`,
    `如需现在开放，请发送：${openCommandFor(period, now, timezone)}（截止时间按工作计划为${formatLocal(deadline, timezone, "YYYY年M月D日 HH:mm")}）。`,
  ].join("\n");
  for (const admin of (await listPeople(deps.db, workspace.id, ["admin"])).filter((person) => person.openId)) {
    await deliver(deps, {
      workspaceId: workspace.id,
      key: `open-ask:${workspace.id}:${key}:${admin.id}`,
      purpose: "open-ask",
      to: { type: "open_id", id: admin.openId! },
      message: { msgType: "text", text },
      periodKey: key,
    });
  }
}
