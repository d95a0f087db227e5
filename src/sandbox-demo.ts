// Demo controls for the sandbox page, wired by main.ts only in sandbox mode (never with Feishu
// credentials): read the bot's demo time, jump to the next scheduled moment, and fill in the units
// that have not reported. Routes live under /_demo on the stand-in's server; the page hides its
// controls when they are absent (the stand-in started on its own).
import type { WorkspaceSnapshots } from "./store/workspace-snapshot.ts";
import { currentWorkspace } from "./bot/context.ts";
import type { Db } from "./platform/db/client.ts";
import type { Logger } from "./platform/logger.ts";
import type { JobRunner } from "./jobs/runner.ts";
import type { Platform } from "./sandbox/index.ts";
import { json, jsonBody, type ApiResult } from "./sandbox/http-kit.ts";
import { z } from "zod";
import { controlsOf } from "./sandbox/card-inspection.ts";
import { formatLocal, instantIn } from "./platform/time.ts";
import { ACTIONS } from "./bot/actions.ts";
import { type StoredWorkspace } from "./store/workspace-repo.ts";
import { listPeople, type PersonRecord } from "./store/people-repo.ts";
import { findCurrentPeriod, type PeriodRecord } from "./store/period-repo.ts";
import { parsePeriod, periodKey, periodName } from "./domain/period.ts";
import { DEMO_LAST_PERIOD } from "./demo/files.ts";
import { latestRevision } from "./store/figures-repo.ts";
import { findNextScheduledJob } from "./store/job-repo.ts";
import { loadUnitForm } from "./features/collect/unit-form.ts";
import type { FormField } from "./features/collect/form-model.ts";
import { EXPLAIN_PREFIX } from "./features/collect/form-card.ts";

export interface DemoClock {
  now(): Date;
  offsetMs(): number;
  jumpTo(at: Date): void;
}

export interface DemoDeps {
  readonly db: Db;
  readonly platform: Platform;
  readonly clock: DemoClock;
  readonly runner: JobRunner;
  readonly workspaceKey: string;
  readonly snapshots: WorkspaceSnapshots;
  readonly log: Logger;
}

/**
 * Where the demo's clock starts: half an hour before the month after the demo data's last month is
 * due to open (figures for 1–11月 are collected from 1 December), so its deadline, reminders and
 * chasing lie ahead, in 2024 like the demo figures, whatever today's date is.
 */
export function demoStartsAt(timezone = "Asia/Shanghai"): Date {
  const last = parsePeriod(DEMO_LAST_PERIOD);
  // Date.UTC counts months from 0, so index `last.month + 1` is the second month after `last`.
  const collecting = new Date(Date.UTC(last.year, last.month + 1, 1));
  const iso = `${collecting.getUTCFullYear()}-${String(collecting.getUTCMonth() + 1).padStart(2, "0")}-01 08:30`;
  return instantIn(iso, timezone);
}

export const FILL_NOTE = "以各单位填报员的身份提交其收到的填报卡片（与真人提交走同一流程，卡片变为回执）；数值按各单位上月累计数和时序进度推算，仅供演示。";

/** What a job means to a person watching the demo, from its kind and key; unknown jobs show their kind. */
export function momentLabel(kind: string, key = ""): string {
  const text = `${kind} ${key}`;
  const rules: [RegExp, string][] = [
    [/send-form/, "发送填报卡片"],
    [/\bremind/, "填报提醒"],
    [/\bchase/, "逾期催报"],
    [/lagging|finding|explain/, "进度滞后督办"],
    [/draft/, "通报草稿提醒"],
    [/open/, "开放填报"],
    [/bulletin|publish/, "发送通报"],
    [/outbox|deliver/, "补发消息"],
  ];
  return rules.find(([pattern]) => pattern.test(text))?.[1] ?? kind;
}

interface Moment {
  readonly at: Date;
  readonly label: string;
  readonly kind: string;
}

/**
 * Cumulative figures for a month from the unit's last figure: its pace so far carried on to this
 * month. Rounding down keeps the order of related figures (spent ≤ arrived) and never goes backwards.
 */
export function demoFigures(fields: readonly FormField[], month: number): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of fields) {
    const previous = field.previous;
    const scale = 10 ** field.decimals;
    let value = 0;
    if (previous && previous.value > 0 && previous.month < month) value = Math.floor(((previous.value * month) / previous.month) * scale) / scale;
    else if (previous) value = previous.value;
    values[field.key] = value.toFixed(field.decimals);
  }
  return values;
}

export function registerDemoControls(deps: DemoDeps): void {
  const { platform } = deps;
  // When each offset began (real time), so the page can show every message at its demo time.
  const offsets: { fromMs: number; offsetMs: number }[] = [{ fromMs: 0, offsetMs: deps.clock.offsetMs() }];

  const nextMoment = async (workspace: StoredWorkspace, period: PeriodRecord | null): Promise<Moment | null> => {
    const now = deps.clock.now();
    const job = await findNextScheduledJob(deps.db, workspace.id, now);
    const candidates: Moment[] = job ? [{ at: job.runAt, label: momentLabel(job.kind, job.key), kind: job.kind }] : [];
    if (period?.deadline && period.deadline.getTime() > now.getTime()) candidates.push({ at: period.deadline, label: "填报截止", kind: "deadline" });
    candidates.sort((a, b) => a.at.getTime() - b.at.getTime());
    return candidates[0] ?? null;
  };

  const runDue = async () => {
    // A heartbeat run may be under way with an earlier `now`; overlapping calls share it, so run again.
    const clock = () => deps.clock.now();
    let ran = await deps.runner.runDue(clock(), clock);
    ran += await deps.runner.runDue(clock(), clock);
    return ran;
  };

  /**
   * A fan-out at the platform's rate limit defers its jobs by a second or so; wait for them (in real
   * time, since the stand-in's limits are) so one jump delivers the whole wave.
   */
  const settle = async (workspaceId: string) => {
    let ran = 0;
    const until = Date.now() + 30_000;
    while (Date.now() < until) {
      const pending = await findNextScheduledJob(deps.db, workspaceId, new Date(0));
      if (!pending || pending.runAt.getTime() > deps.clock.now().getTime() + 60_000) break;
      await new Promise((resolve) => setTimeout(resolve, 300));
      ran += await runDue();
    }
    return ran;
  };

  platform.route("GET", "/_demo/state", async () => {
    const workspace = await currentWorkspace(deps);
    const timezone = workspace.model.timezone;
    const period = await findCurrentPeriod(deps.db, workspace.id);
    const people = await listPeople(deps.db, workspace.id);
    const unitNames = new Map([...workspace.unitIds].map(([name, id]) => [id, name]));
    let submitted = 0;
    if (period) {
      for (const unitId of workspace.unitIds.values()) {
        if (unitId !== workspace.scopeUnitId && (await latestRevision(deps.db, period.id, unitId))) submitted++;
      }
    }
    const next = await nextMoment(workspace, period);
    const now = deps.clock.now();
    // What the page suggests after 开始填报: last month as of the demo time (its figures are due now).
    const local = formatLocal(now, timezone, "YYYY-M").split("-").map(Number) as [number, number];
    const suggestOpen = periodKey(local[1] === 1 ? { year: local[0] - 1, month: 12 } : { year: local[0], month: local[1] - 1 });
    return json({
      now: now.toISOString(),
      now_text: formatLocal(now, timezone, "YYYY年M月D日 HH:mm"),
      offset_ms: deps.clock.offsetMs(),
      advanced_ms: deps.clock.offsetMs() - offsets[0]!.offsetMs,
      offsets: offsets.map((o) => ({ from_ms: o.fromMs, offset_ms: o.offsetMs })),
      timezone,
      period: period
        ? {
            key: period.key,
            label: periodName(period.period),
            deadline_text: period.deadline ? formatLocal(period.deadline, timezone) : null,
            submitted,
            total: workspace.model.units.length,
          }
        : null,
      next: next ? { at: next.at.toISOString(), at_text: formatLocal(next.at, timezone), label: next.label, kind: next.kind } : null,
      fill_note: FILL_NOTE,
      suggest_open: suggestOpen,
      people: people.map((p: PersonRecord) => ({ name: p.name, open_id: p.openId, role: p.role, unit: p.unitId ? (unitNames.get(p.unitId) ?? null) : null })),
    });
  });

  platform.route("POST", "/_demo/jump", async () =>
    guarded(deps.log, async () => {
      const workspace = await currentWorkspace(deps);
      await runDue(); // what is due now first (and the schedule's planning), as the next heartbeat would
      const next = await nextMoment(workspace, await findCurrentPeriod(deps.db, workspace.id));
      if (!next) return json({ ok: false, error: "没有待执行的定时任务。可先以管理员身份发送“开始填报 2024-11”开放填报期。" }, 400);
      deps.clock.jumpTo(next.at);
      offsets.push({ fromMs: Date.now(), offsetMs: deps.clock.offsetMs() });
      const ran = (await runDue()) + (await settle(workspace.id));
      deps.log.info({ at: next.at, kind: next.kind, ran }, "demo: jumped to the next scheduled moment");
      return json({ ok: true, at: next.at.toISOString(), at_text: formatLocal(next.at, workspace.model.timezone), label: next.label, ran });
    }),
  );

  // Body (optional): { "leaveOut": ["东山市", …] } keeps those units out, to see a month with units missing.
  platform.route("POST", "/_demo/fill", async (req) =>
    guarded(deps.log, async () => {
      const leaveOut = new Set(z.object({ leaveOut: z.array(z.string()).default([]) }).parse(jsonBody(req)).leaveOut);
      const workspace = await currentWorkspace(deps);
      const period = await findCurrentPeriod(deps.db, workspace.id);
      if (!period) return json({ ok: false, error: "当前没有开放的填报期。请先以管理员身份发送“开始填报 2024-11”。" }, 400);
      await runDue(); // cards still queued to be sent
      const result = await fillRest(deps, workspace, period, leaveOut);
      return json({ ok: true, ...result, note: FILL_NOTE });
    }),
  );
}

async function guarded(log: Logger, run: () => Promise<ApiResult>): Promise<ApiResult> {
  try {
    return await run();
  } catch (error) {
    log.error({ err: error }, "demo control failed");
    return json({ ok: false, error: error instanceof Error ? error.message : String(error) }, 500);
  }
}

/** The latest form card of the unit for the period in the person's chat with the bot. */
function findFormCard(platform: Platform, person: PersonRecord, period: PeriodRecord, unitId: string): string | null {
  const messages = platform.messages({ p2p: person.openId! });
  for (const message of [...messages].reverse()) {
    if (message.msgType !== "interactive" || message.sender.type !== "app") continue;
    const submit = controlsOf(JSON.parse(message.content)).buttons.find(
      (b) => b.isSubmit && b.value?.["action"] === ACTIONS.submitFigures && b.value["period"] === period.key && b.value["unit"] === unitId,
    );
    if (submit) return message.messageId;
  }
  return null;
}

function formFieldNames(platform: Platform, messageId: string): Set<string> {
  const form = controlsOf(platform.card(messageId)).forms[0];
  return new Set(form?.fields.map((f) => f.name) ?? []);
}

async function fillRest(deps: DemoDeps, workspace: StoredWorkspace, period: PeriodRecord, leaveOut: ReadonlySet<string>) {
  const contacts = await listPeople(deps.db, workspace.id, ["contact", "deputy"]);
  const skipped: { unit: string; reason: string }[] = [];
  let filled = 0;
  let already = 0;
  const pending: { unit: string; unitId: string; person: PersonRecord; messageId: string }[] = [];
  for (const unit of workspace.model.units) {
    if (leaveOut.has(unit.name)) continue;
    const unitId = workspace.unitIds.get(unit.name)!;
    if (await latestRevision(deps.db, period.id, unitId)) {
      already++;
      continue;
    }
    const people = contacts.filter((p) => p.unitId === unitId && p.openId).sort((a, b) => (a.role === b.role ? 0 : a.role === "contact" ? -1 : 1));
    const found = people.map((person) => ({ person, messageId: findFormCard(deps.platform, person, period, unitId) })).find((c) => c.messageId);
    if (!found?.messageId) {
      skipped.push({ unit: unit.name, reason: people.length === 0 ? "未绑定填报员" : "填报员尚未收到卡片" });
      continue;
    }
    pending.push({ unit: unit.name, unitId, person: found.person, messageId: found.messageId });
  }
  // Four at a time, like a handful of people submitting at once.
  let next = 0;
  const lanes = Array.from({ length: 4 }, async () => {
    while (next < pending.length) {
      const item = pending[next++]!;
      const outcome = await submitDemo(deps, workspace, period, item);
      if (outcome === null) filled++;
      else skipped.push({ unit: item.unit, reason: outcome });
    }
  });
  await Promise.all(lanes);
  return { filled, already, skipped };
}

/** Submits the unit's demo figures; a value the bot asks about is confirmed with a 上报说明. Returns why it failed, or null. */
async function submitDemo(deps: DemoDeps, workspace: StoredWorkspace, period: PeriodRecord, item: { unitId: string; person: PersonRecord; messageId: string }): Promise<string | null> {
  const form = await loadUnitForm(deps.db, await deps.snapshots.load(deps.workspaceKey), period, item.unitId);
  const names = formFieldNames(deps.platform, item.messageId);
  const values = Object.fromEntries(Object.entries(demoFigures(form.fields, period.period.month)).filter(([key]) => names.has(key)));
  for (let attempt = 0; attempt < 2; attempt++) {
    let result;
    try {
      result = await deps.platform.submitForm(item.person.openId!, item.messageId, values);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
    if (!result.ok) return `卡片回调失败（${result.errorCode}）`;
    if (await latestRevision(deps.db, period.id, item.unitId)) return null;
    // The card came back asking about suspect values: confirm them as a contact would.
    const asked = [...formFieldNames(deps.platform, item.messageId)].filter((name) => name.startsWith(EXPLAIN_PREFIX));
    if (asked.length === 0) return "数据未通过校验";
    for (const name of asked) values[name] = "演示数据，已核实";
  }
  return "数据未通过校验";
}
