// 开始填报 2023-12: open a period now and send every contact their card.
import type { Router } from "../../bot/router.ts";
import { AppError } from "../../bot/errors.ts";
import { parsePeriod, periodKey, typedPeriodKey, type Period, periodName } from "../../domain/period.ts";
import { findPeriod } from "../../store/period-repo.ts";
import { openPeriod } from "./open-period.ts";
import { exampleDeadlineCommand } from "../../bot/args.ts";
import { deadlineLabel, formatLocal, isoDateIn } from "../../platform/time.ts";

const CONFIRM = "确认";

/** Whether the period's month is over at `now` in the zone (its figures can exist). */
function hasEnded(period: Period, now: Date, timezone: string): boolean {
  const next = period.month === 12 ? { year: period.year + 1, month: 1 } : { year: period.year, month: period.month + 1 };
  return isoDateIn(now, timezone) >= `${periodKey(next)}-01`;
}

export function registerOpenCommand(router: Router): void {
  router.command({
    names: ["开始填报", "open"],
    audience: "admin",
    usage: "开始填报 2023-12 [确认]",
    summary: "开放填报期，向各单位填报员发送填报卡片",
    handler: async (ctx, args) => {
      const text = args[0]?.kind === "text" ? typedPeriodKey(args[0].text) : null;
      const confirmed = args[1]?.kind === "text" && args[1].text === CONFIRM;
      if (!text) throw new AppError("BAD_ARGUMENT", "请写明填报期，例如：开始填报 2023-12");
      let period;
      try {
        period = parsePeriod(text);
      } catch (error) {
        throw new AppError("BAD_ARGUMENT", `${(error as Error).message}。例如：开始填报 2023-12`);
      }
      const label = periodName(period);
      // A month that has not ended has no figures yet: opening it sends every contact a card for
      // nothing (a typo for last month), so it is asked about first.
      const timezone = ctx.workspace.model.timezone;
      const existing = await findPeriod(ctx.deps.db, ctx.workspace.id, period);
      if (!hasEnded(period, ctx.now, timezone) && existing?.state !== "open" && !confirmed) {
        await ctx.reply(`${label}尚未结束（今天是${formatLocal(ctx.now, timezone, "YYYY年M月D日")}），开放后将向各单位填报员发送${label}的填报卡片。如确认，请发送“${openCommandFor(period, ctx.now, timezone)}”。`);
        return;
      }
      const result = await openPeriod(ctx.deps, ctx.workspace, period, null);
      const lines = [
        result.opened ? `已开放${label}填报期（${periodKey(period)}），正在向各单位发送填报卡片。` : result.record.state === "locked" ? `${label}填报期已锁定，如需重新填报请先“解锁 ${periodKey(period)}”。` : `${label}填报期已开放，未发送的卡片会补发，已发送的不会重复发送。`,
        result.record.deadline ? `截止时间：${deadlineLabel(result.record.deadline, result.record.period, ctx.workspace.model.timezone)}` : `尚未设置截止时间，可发送“${exampleDeadlineCommand(ctx.now, timezone)}”设置（示例为三天后）。`,
        result.unitsWithoutContact.length > 0 ? `以下单位尚未绑定填报员，收不到卡片：${result.unitsWithoutContact.join("、")}。可用“联系人 单位 @某人”绑定。` : null,
      ].filter(Boolean);
      await ctx.reply(lines.join("\n"));
    },
  });
}

/** The 开始填报 an admin sends to open `period` now, as the command will take it (确认 while the month has not ended). */
export function openCommandFor(period: Period, now: Date, timezone: string): string {
  return `开始填报 ${periodKey(period)}${hasEnded(period, now, timezone) ? "" : ` ${CONFIRM}`}`;
}
