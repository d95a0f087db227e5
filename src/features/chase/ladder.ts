// Reminders before the deadline and the chase ladder after it. A step is one fan-out job (which units
// have not submitted now) and one job per unit (checks again, then sends through the outbox). Both
// check at run time whether a later step is also due (after downtime): then this one is skipped and
// the later one speaks, so a unit gets at most one message per catch-up. Figures that have arrived
// stop everything for that unit: the per-unit job looks before it sends.
import { textMention } from "../../domain/person-name.ts";
import { periodLabelOf } from "../../bot/args.ts";
import { currentWorkspace } from "../../bot/context.ts";
import { z } from "zod";
import type { JobContext } from "../../jobs/runner.ts";
import { isSuperseded, nextAllowedMoment, type ChaseMoment } from "../../domain/schedule.ts";
import { listChats } from "../../store/chat-repo.ts";
import { type StoredWorkspace } from "../../store/workspace-repo.ts";
import { findUnitName, activeChaseHolds, findChaseHold, hasSubmission, lastSentTo, unitNames, unitPeople, unitsWithSubmission, type UnitPerson } from "../../store/schedule-repo.ts";
import { deliver, deliverMany, type DeliveryRequest } from "../../bot/deliver.ts";
import { formatLocal } from "../../platform/time.ts";
import { JOB_CHASE_NOW, JOB_STEP_UNIT, calendarOf, deadlineText, loadPeriodContext, type PeriodContext, type ScheduleDeps } from "./context.ts";
import type { PeriodRecord } from "../../store/period-repo.ts";

const stepPayload = z.object({ periodId: z.string(), slot: z.string() });
const stepUnitPayload = z.object({ periodId: z.string(), slot: z.string(), unitIds: z.array(z.string()) });
const chaseNowPayload = z.object({ periodId: z.string(), unitIds: z.array(z.string()), eventId: z.string() });
const chaseNowUnitPayload = z.object({ periodId: z.string(), unitId: z.string(), eventId: z.string() });

export const PURPOSE_REMIND = "remind";
export const PURPOSE_CHASE = "chase";
export const PURPOSE_ESCALATE = "escalate";

/** The units (not the scope's hidden row) that have not submitted for the period. */
export async function lateUnits(deps: ScheduleDeps, workspace: StoredWorkspace, record: PeriodRecord): Promise<{ id: string; name: string }[]> {
  const submitted = await unitsWithSubmission(deps.db, record.id);
  return workspace.model.units.map((unit) => ({ id: workspace.unitIds.get(unit.name)!, name: unit.name })).filter((unit) => !submitted.has(unit.id));
}

function momentOf(ctx: PeriodContext, slot: string): ChaseMoment | undefined {
  return ctx.plan?.sequence.find((moment) => moment.slot === slot);
}

/**
 * Units per step job. A job per unit would spend most of its time on its own bookkeeping (claim,
 * context, completion); a part of 25 keeps that small, keeps a lease short (25 sends are half a
 * second at 50/s), and the outbox still keys every message by unit and person.
 */
export const UNITS_PER_PART = 25;

/** schedule.step: the fan-out of one reminder or chase step. */
export function stepJob(deps: ScheduleDeps) {
  return async ({ job, now, log }: JobContext) => {
    const { periodId, slot } = stepPayload.parse(job.payload);
    const ctx = await loadPeriodContext(deps, periodId);
    if (!ctx?.plan || !ctx.settings?.enabled || ctx.record.state !== "open") return;
    if (isSuperseded(ctx.plan.sequence, slot, now)) {
      log.info({ slot }, "step superseded by a later one that is also due");
      return;
    }
    const moment = momentOf(ctx, slot)!;
    if (moment.at.getTime() > now.getTime()) {
      // The deadline moved later between planning and now: run at the new moment instead.
      await deps.jobs.enqueue({ workspaceId: ctx.workspace.id, kind: job.kind, key: `${job.key}@${moment.at.getTime()}`, payload: job.payload, runAt: moment.at });
      return;
    }
    const workspace = await currentWorkspace(deps);
    if (moment.kind === "group") {
      await sendGroupChase(deps, ctx, workspace, await lateUnits(deps, workspace, ctx.record), moment, now);
      return;
    }
    // Parts are cut from all units in the workspace's order, not from the late ones: a fan-out run
    // again after a crash cuts the same parts, so no unit falls between two of them. Each part looks
    // at run time who is still late.
    const unitIds = workspace.model.units.map((unit) => workspace.unitIds.get(unit.name)!);
    const parts: { key: string; payload: Record<string, unknown> }[] = [];
    for (let i = 0; i < unitIds.length; i += UNITS_PER_PART) {
      parts.push({ key: `${job.key}:part${i / UNITS_PER_PART}`, payload: { periodId, slot, unitIds: unitIds.slice(i, i + UNITS_PER_PART) } });
    }
    const added = await deps.jobs.enqueueMany(parts.map((part) => ({ workspaceId: workspace.id, kind: JOB_STEP_UNIT, key: part.key, payload: part.payload, runAt: now })));
    log.info({ slot, parts: parts.length, added }, "step fanned out");
  };
}

/** schedule.step-units: a part of the units' reminders, private chases or escalations to their leaders. */
export function stepUnitJob(deps: ScheduleDeps) {
  return async ({ job, now, log }: JobContext) => {
    const { periodId, slot, unitIds } = stepUnitPayload.parse(job.payload);
    const ctx = await loadPeriodContext(deps, periodId);
    if (!ctx?.plan || !ctx.settings || ctx.record.state !== "open") return;
    if (isSuperseded(ctx.plan.sequence, slot, now)) return;
    const moment = momentOf(ctx, slot)!;
    // Figures that have arrived stop the chase: looked up now, not when the step was planned.
    const submitted = await unitsWithSubmission(deps.db, periodId, unitIds);
    const late = unitIds.filter((unitId) => !submitted.has(unitId));
    if (late.length === 0) return;
    const requests: DeliveryRequest[] = [];
    const [people, holds, names] = await Promise.all([unitPeople(deps.db, ctx.workspace.id, late), activeChaseHolds(deps.db, ctx.workspace.id, now), unitNames(deps.db, ctx.workspace.id, late)]);
    for (const unitId of late) {
      const ofUnit = people.filter((person) => person.unitId === unitId);
      const hold = holds.get(unitId);
      const deputies = ofUnit.filter((person) => person.role === "deputy");
      if (hold && deputies.length === 0) {
        // Paused (the contact is away, nobody stands in): try again when the pause ends; by then a
        // later step may be due, and only that one will speak.
        const resumeAt = nextAllowedMoment(hold.pausedUntil, ctx.settings.quietHours, ctx.workspace.timezone, calendarOf(deps));
        await deps.jobs.enqueue({ workspaceId: ctx.workspace.id, kind: JOB_STEP_UNIT, key: `${job.key}:${unitId}:after-pause:${hold.pausedUntil.getTime()}`, payload: { periodId, slot, unitIds: [unitId] }, runAt: resumeAt });
        log.info({ unitId, until: hold.pausedUntil }, "unit paused: step waits for the pause to end");
        continue;
      }
      const reporters = hold ? deputies : ofUnit.filter((person) => person.role === "contact" || person.role === "deputy");
      requests.push(...(await stepMessages(deps, ctx, moment, unitId, names.get(unitId) ?? unitId, reporters, ofUnit.filter((person) => person.role === "leader"))));
    }
    const { refused } = await deliverMany(deps, requests);
    if (refused.length > 0) log.warn({ refused }, "the platform refused some messages for good");
  };
}

/** The messages of one unit's step: to its reporters (reminder, private chase) or to its leaders. */
async function stepMessages(deps: ScheduleDeps, ctx: PeriodContext, moment: ChaseMoment, unitId: string, unit: string, reporters: readonly UnitPerson[], leaders: readonly UnitPerson[]): Promise<DeliveryRequest[]> {
  const requests: DeliveryRequest[] = [];
  const label = periodLabelOf(ctx.record);
  const deadline = deadlineText(ctx.record, ctx.workspace.timezone);
  const slot = moment.slot;
  if (moment.kind === "leader") {
    const readNote = await readNoteFor(deps, ctx, unitId, reporters);
    const contactNames = reporters.map((person) => person.name).join("、") || "填报员";
    for (const leader of leaders) {
      requests.push({
        workspaceId: ctx.workspace.id,
        key: `escalate:${ctx.workspace.id}:${ctx.record.key}:${slot}:${unitId}:${leader.id}`,
        purpose: PURPOSE_ESCALATE,
        to: { type: "open_id", id: leader.openId },
        message: { msgType: "text", text: `【逾期提醒】${leader.name}您好：${unit}${label}保障性安居工程数据已过报送截止时间（${deadline}），至今仍未报送。已多次提醒${contactNames}${readNote}。请督促尽快报送。` },
        periodKey: ctx.record.key,
        unitId,
      });
    }
    if (leaders.length === 0) deps.log.warn({ unitId }, "no leader bound: escalation has nobody to go to");
    return requests;
  }
  const isReminder = moment.kind === "remind";
  for (const person of reporters) {
    const text = isReminder
      ? `【填报提醒】${unit}${label}数据的报送截止时间为${deadline}，目前尚未报送。请在填报卡片中填写并提交；找不到卡片可发送“我的”重新获取。`
      : `【催报】${unit}${label}数据已过报送截止时间（${deadline}），目前仍未报送，请尽快填报。发送“我的”可重新获取填报卡片。`;
    requests.push({
      workspaceId: ctx.workspace.id,
      key: `${isReminder ? "remind" : "chase"}:${ctx.workspace.id}:${ctx.record.key}:${slot}:${unitId}:${person.id}`,
      purpose: isReminder ? PURPOSE_REMIND : PURPOSE_CHASE,
      to: { type: "open_id", id: person.openId },
      message: { msgType: "text", text },
      periodKey: ctx.record.key,
      unitId,
    });
  }
  return requests;
}

/** "（催报消息已读）" / "（催报消息至今未读）", where the platform tells (§ read receipts); "" when it does not. */
async function readNoteFor(deps: ScheduleDeps, ctx: PeriodContext, unitId: string, reporters: readonly UnitPerson[]): Promise<string> {
  const last = await lastSentTo(deps.db, ctx.workspace.id, ctx.record.key, unitId, [PURPOSE_CHASE, PURPOSE_REMIND]);
  if (!last) return "";
  try {
    const readers = new Set(await deps.messenger.readBy(last.messageId));
    if (reporters.some((person) => readers.has(person.openId)) || readers.has(last.receiveId)) return "（催报消息已读，但仍未报送）";
    return "（催报消息至今未读）";
  } catch {
    return "";
  }
}

/** One message in the work group naming every late unit with an @mention of its contact. */
async function sendGroupChase(deps: ScheduleDeps, ctx: PeriodContext, workspace: StoredWorkspace, late: readonly { id: string; name: string }[], moment: ChaseMoment, now: Date): Promise<void> {
  if (late.length === 0) return;
  const chats = await listChats(deps.db, workspace.id, "work");
  if (chats.length === 0) {
    deps.log.warn("no work group set: the group step of the chase is skipped");
    return;
  }
  const holds = await activeChaseHolds(deps.db, workspace.id, now);
  const people = await unitPeople(deps.db, workspace.id, late.map((unit) => unit.id));
  const lines: string[] = [];
  for (const unit of late) {
    const ofUnit = people.filter((person) => person.unitId === unit.id);
    const deputies = ofUnit.filter((person) => person.role === "deputy");
    const held = holds.has(unit.id);
    if (held && deputies.length === 0) continue;
    const mentioned = held ? deputies : ofUnit.filter((person) => person.role === "contact" || person.role === "deputy");
    lines.push(`${unit.name}${mentioned.map((person) => ` ${textMention(person.openId, person.name)}`).join("")}`);
  }
  if (lines.length === 0) return;
  // "As of" the step's moment, not the minute this run sends it: the same step says the same words when
  // it runs late (a job taken over after its process died runs a lease later), and a unit still missing
  // now was missing then.
  const text = `【催报】以下单位${periodLabelOf(ctx.record)}数据已过报送截止时间（${deadlineText(ctx.record, workspace.model.timezone)}），截至${formatLocal(moment.at, workspace.model.timezone)}仍未报送，请尽快填报（私信机器人发送“我的”可获取填报卡片）：\n${lines.join("\n")}`;
  for (const chat of chats) {
    await deliver(deps, {
      workspaceId: workspace.id,
      key: `chase:${workspace.id}:${ctx.record.key}:${moment.slot}:group:${chat.chatId}`,
      purpose: PURPOSE_CHASE,
      to: { type: "chat_id", id: chat.chatId },
      message: { msgType: "text", text },
      periodKey: ctx.record.key,
    });
  }
}

/** schedule.chase-now: an admin's 催报, one job per unit. */
export function chaseNowJob(deps: ScheduleDeps) {
  return async ({ job, now }: JobContext) => {
    const { periodId, unitIds, eventId } = chaseNowPayload.parse(job.payload);
    for (const unitId of unitIds) {
      await deps.jobs.enqueue({ workspaceId: job.workspaceId, kind: JOB_CHASE_NOW_UNIT, key: `${job.key}:${unitId}`, payload: { periodId, unitId, eventId }, runAt: now });
    }
  };
}

export const JOB_CHASE_NOW_UNIT = `${JOB_CHASE_NOW}-unit`;

export function chaseNowUnitJob(deps: ScheduleDeps) {
  return async ({ job, now }: JobContext) => {
    const { periodId, unitId, eventId } = chaseNowUnitPayload.parse(job.payload);
    const ctx = await loadPeriodContext(deps, periodId);
    if (!ctx || ctx.record.state !== "open") return;
    if (await hasSubmission(deps.db, periodId, unitId)) return;
    const people = await unitPeople(deps.db, ctx.workspace.id, [unitId]);
    const hold = await findChaseHold(deps.db, ctx.workspace.id, unitId, now);
    const reporters = people.filter((person) => (hold ? person.role === "deputy" : person.role === "contact" || person.role === "deputy"));
    const unit = (await findUnitName(deps.db, ctx.workspace.id, unitId)) ?? unitId;
    const isPast = ctx.record.deadline !== null && now.getTime() > ctx.record.deadline.getTime();
    const deadline = deadlineText(ctx.record, ctx.workspace.timezone);
    for (const person of reporters) {
      await deliver(deps, {
        workspaceId: ctx.workspace.id,
        key: `chase-now:${ctx.workspace.id}:${ctx.record.key}:${eventId}:${unitId}:${person.id}`,
        purpose: PURPOSE_CHASE,
        to: { type: "open_id", id: person.openId },
        message: {
          msgType: "text",
          text: isPast
            ? `【催报】${unit}${periodLabelOf(ctx.record)}数据已过报送截止时间（${deadline}），目前仍未报送，请尽快填报。发送“我的”可重新获取填报卡片。`
            : `【填报提醒】请尽快报送${unit}${periodLabelOf(ctx.record)}数据（截止时间：${deadline}）。发送“我的”可重新获取填报卡片。`,
        },
        periodKey: ctx.record.key,
        unitId,
      });
    }
  };
}
