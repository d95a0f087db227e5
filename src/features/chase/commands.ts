// Admin commands of the schedule: 截止 (set the open period's deadline; pending reminders follow),
// 催报 (chase all late units now, or one), 暂停 (hold a unit's chasing until a date, optionally naming
// a deputy who is chased instead), 恢复 (lift the hold).
import { exampleDeadlineCommand, periodLabelOf } from "../../bot/args.ts";
import type { Router, CommandArg } from "../../bot/router.ts";
import type { MessageContext } from "../../bot/context.ts";
import { AppError } from "../../bot/errors.ts";
import { parseIsoDate } from "../../domain/dates.ts";
import { addDays } from "../../domain/schedule.ts";
import { deadlineLabel, instantIn, isoDateIn, formatLocal } from "../../platform/time.ts";
import { findCurrentPeriod, setDeadline } from "../../store/period-repo.ts";
import { bindContact } from "../../store/people-repo.ts";
import { clearChaseHold, resumeHeldJobs, setChaseHold, unitsWithSubmission } from "../../store/schedule-repo.ts";
import { JOB_CHASE_NOW, keys, loadPeriodContext, type ScheduleDeps } from "./context.ts";
import { syncPeriodJobs } from "./plan.ts";
import { resolveUnit } from "../../bot/lookup.ts";

function texts(args: readonly CommandArg[]): string[] {
  return args.filter((arg): arg is Extract<CommandArg, { kind: "text" }> => arg.kind === "text").map((arg) => arg.text);
}

const FULL_DATE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/;
const SHORT_DATE = /^(\d{1,2})[月/-](\d{1,2})[日号]?$/;
const TIME = /^(\d{1,2})(?:[:：](\d{2})|[点时](\d{1,2})?分?)$/;

/** 2024-01-05, 2024年1月5日, 1月5日 (this year, or next year when that is more than half a year back) → ISO date. */
export function parseDateWord(text: string, now: Date, timezone: string): string | null {
  const today = isoDateIn(now, timezone);
  let year: number, month: number, day: number;
  const full = FULL_DATE.exec(text);
  const short = SHORT_DATE.exec(text);
  if (full) [year, month, day] = [Number(full[1]), Number(full[2]), Number(full[3])];
  else if (short) {
    [month, day] = [Number(short[1]), Number(short[2])];
    year = Number(today.slice(0, 4));
    if (month < Number(today.slice(5, 7)) - 6) year += 1;
  } else return null;
  const iso = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  try {
    parseIsoDate(iso);
  } catch {
    return null;
  }
  return iso;
}

export function parseTimeWord(text: string): string | null {
  const match = TIME.exec(text);
  if (!match) return null;
  const hour = Number(match[1]);
  const minute = Number(match[2] ?? match[3] ?? 0);
  if (hour > 23 || minute > 59) return null;
  return `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}

/** "2024-01-05 18:00", "1月5日18:00", "1月5日 18点" → date and time words. */
/** The word that confirms an unusual deadline: 截止 2025-01-20 18:00 确认. */
const CONFIRM = "确认";

/**
 * Why a deadline is unusual for its period, or null: before the period's month has ended, or more
 * than a month after it (a period's figures are due early in the next month).
 */
export function unusualDeadline(deadline: Date, period: { readonly year: number; readonly month: number }, timezone: string): string | null {
  const local = isoDateIn(deadline, timezone);
  const next = period.month === 12 ? { year: period.year + 1, month: 1 } : { year: period.year, month: period.month + 1 };
  const nextStart = `${next.year}-${String(next.month).padStart(2, "0")}-01`;
  const after = next.month === 12 ? { year: next.year + 1, month: 1 } : { year: next.year, month: next.month + 1 };
  const afterEnd = `${after.year}-${String(after.month).padStart(2, "0")}-01`;
  if (local < nextStart) return `早于${period.month}月结束`;
  if (local >= afterEnd) return `晚于${next.month}月底，距本期结束超过一个月`;
  return null;
}

function splitDateTime(words: readonly string[]): string[] {
  return words.flatMap((word) => {
    const glued = /^(.+[日号])(\d{1,2}(?:[:：]\d{2}|[点时]\d{0,2}分?))$/.exec(word);
    return glued ? [glued[1]!, glued[2]!] : [word];
  });
}

function requireUnit(ctx: MessageContext, name: string | undefined, usage: string): string {
  if (!name) throw new AppError("BAD_ARGUMENT", `请写明单位，例如：${usage}`);
  // The same lookup as 任务 and 联系人: 临泽 finds 临泽县, an ambiguous start lists the candidates.
  return ctx.workspace.unitIds.get(resolveUnit(ctx.workspace.model, name))!;
}

async function openPeriodOrRefuse(ctx: MessageContext) {
  const record = await findCurrentPeriod(ctx.deps.db, ctx.workspace.id);
  if (!record) throw new AppError("PERIOD_NOT_OPEN", "当前没有开放的填报期，请先“开始填报 2023-12”。");
  return record;
}

export function registerScheduleCommands(router: Router, deps: ScheduleDeps): void {
  router.command({
    names: ["截止", "deadline"],
    audience: "admin",
    usage: "截止 2024-01-05 18:00",
    summary: "设置本期填报截止时间，提醒和催报随之调整",
    handler: async (ctx, args) => {
      const tz = ctx.workspace.model.timezone;
      const words = texts(args);
      const confirmed = words.at(-1) === CONFIRM;
      const [dateWord, timeWord] = splitDateTime(confirmed ? words.slice(0, -1) : words);
      const date = dateWord ? parseDateWord(dateWord, ctx.now, tz) : null;
      if (!date) throw new AppError("BAD_ARGUMENT", `请写明截止日期，例如：${exampleDeadlineCommand(ctx.now, tz)}`);
      const settings = ctx.workspace.schedule;
      const time = timeWord ? parseTimeWord(timeWord) : (settings?.deadline.time ?? "18:00");
      if (!time) throw new AppError("BAD_ARGUMENT", `时间“${timeWord}”无法识别，例如：18:00`);
      const deadline = instantIn(`${date} ${time}`, tz);
      const record = await openPeriodOrRefuse(ctx);
      const shown = deadlineLabel(deadline, record.period, tz);
      // A deadline in the past makes every unit overdue at once and sends the whole chase ladder: a
      // typo (11-20 for 12-20) must not do that, so it is refused, not warned about afterwards.
      if (deadline.getTime() <= ctx.now.getTime()) {
        throw new AppError("BAD_ARGUMENT", `截止时间${shown}已经过去（现在是${formatLocal(ctx.now, tz)}），未作修改。请检查日期后重新发送，例如：截止 ${addDays(isoDateIn(ctx.now, tz), 3)} 18:00`);
      }
      const unusual = unusualDeadline(deadline, record.period, tz);
      if (unusual && !confirmed) {
        await ctx.reply(`${periodLabelOf(record)}的截止时间${shown}${unusual}，尚未修改。如确认无误，请发送“截止 ${date} ${time} ${CONFIRM}”。`);
        return;
      }
      await setDeadline(ctx.deps.db, record.id, deadline);
      const periodCtx = await loadPeriodContext(deps, record.id);
      const moved = periodCtx ? await syncPeriodJobs(deps, periodCtx) : 0;
      const lines = [`已将${periodLabelOf(record)}填报截止时间设为${shown}。`];
      if (periodCtx?.plan) lines.push(`提醒和催报已按新的截止时间调整（${moved}项待发任务改期）。`);
      await ctx.reply(lines.join("\n"));
    },
  });

  router.command({
    names: ["催报", "remind"],
    audience: "admin",
    usage: "催报 [单位]",
    summary: "立即催报所有未报送单位，或指定的一个单位",
    handler: async (ctx, args) => {
      const record = await openPeriodOrRefuse(ctx);
      const [name] = texts(args);
      const submitted = await unitsWithSubmission(ctx.deps.db, record.id);
      let targets: { id: string; name: string }[];
      if (name) {
        const unitId = requireUnit(ctx, name, "催报 临泽县");
        if (submitted.has(unitId)) {
          await ctx.reply(`${name}已报送${periodLabelOf(record)}数据，无需催报。`);
          return;
        }
        targets = [{ id: unitId, name }];
      } else {
        targets = ctx.workspace.model.units.map((unit) => ({ id: ctx.workspace.unitIds.get(unit.name)!, name: unit.name })).filter((unit) => !submitted.has(unit.id));
      }
      if (targets.length === 0) {
        await ctx.reply(`${periodLabelOf(record)}所有单位均已报送，无需催报。`);
        return;
      }
      await ctx.deps.jobs.enqueue({
        workspaceId: ctx.workspace.id,
        kind: JOB_CHASE_NOW,
        key: keys.chaseNow(ctx.workspace.id, record.key, ctx.event.messageId),
        payload: { periodId: record.id, unitIds: targets.map((unit) => unit.id), eventId: ctx.event.messageId },
        runAt: ctx.now,
      });
      const names = targets.slice(0, 20).map((unit) => unit.name).join("、");
      await ctx.reply(`正在向${targets.length}个未报送单位发送催报：${names}${targets.length > 20 ? "等" : ""}。`);
    },
  });

  router.command({
    names: ["暂停", "pause"],
    audience: "admin",
    usage: "暂停 临泽县 催报 至 1月8日 [@副手]",
    summary: "暂停某单位的提醒和催报至某日；@副手 则改为向副手催报",
    handler: async (ctx, args) => {
      const words = texts(args).filter((word) => word !== "催报" && word !== "至" && word !== "到");
      const unitId = requireUnit(ctx, words[0], "暂停 临泽县 催报 至 1月8日");
      const tz = ctx.workspace.model.timezone;
      const last = words[1] ? parseDateWord(words[1].replace(/^[至到]/, ""), ctx.now, tz) : null;
      if (!last) throw new AppError("BAD_ARGUMENT", "请写明暂停到哪一天，例如：暂停 临泽县 催报 至 1月8日");
      // 至1月8日 includes the 8th: chasing may resume from the 9th.
      const until = instantIn(`${addDays(last, 1)} 00:00`, tz);
      if (until.getTime() <= ctx.now.getTime()) throw new AppError("BAD_ARGUMENT", "暂停的日期已过，请写今天以后的日期。");
      const mention = args.find((arg): arg is Extract<CommandArg, { kind: "mention" }> => arg.kind === "mention" && arg.mention.openId !== null && arg.mention.name !== "");
      await setChaseHold(ctx.deps.db, ctx.workspace.id, unitId, until, ctx.actor.openId);
      if (mention) await bindContact(ctx.deps.db, ctx.workspace.id, unitId, { name: mention.mention.name, openId: mention.mention.openId, mobile: null, email: null }, "deputy");
      const dateText = formatLocal(until, tz, "M月D日");
      await ctx.reply(
        mention
          ? `已暂停向${words[0]}填报员催报至${formatLocal(instantIn(`${last} 00:00`, tz), tz, "M月D日")}，期间由副手${mention.mention.name}接收提醒和催报（${dateText}起恢复）。`
          : `已暂停${words[0]}的提醒和催报至${formatLocal(instantIn(`${last} 00:00`, tz), tz, "M月D日")}（${dateText}起恢复；期间到期的催报届时只发最新一步）。可发送“恢复 ${words[0]}”提前恢复。`,
      );
    },
  });

  router.command({
    names: ["恢复", "resume"],
    audience: "admin",
    usage: "恢复 临泽县",
    summary: "恢复某单位的提醒和催报",
    handler: async (ctx, args) => {
      const [name] = texts(args);
      const unitId = requireUnit(ctx, name, "恢复 临泽县");
      const had = await clearChaseHold(ctx.deps.db, ctx.workspace.id, unitId);
      // Steps that were waiting for the pause to end run on the next beat.
      if (had) await resumeHeldJobs(ctx.deps.db, ctx.workspace.id, unitId, ctx.now);
      await ctx.reply(had ? `已恢复${name}的提醒和催报。` : `${name}没有被暂停催报。`);
    },
  });
}
