// 任务 甘州区 棚改开工 3032: set a unit's annual target (年度任务) for the current year, the year of the
// open (or latest) period. The value is read as people type it (3032、３０３２户、1.2亿元).
import { z } from "zod";
import type { Router } from "../../bot/router.ts";
import { AppError } from "../../bot/errors.ts";
import { describeFigureInputError, parseFigureInput } from "../../domain/figure-input.ts";
import { formatTableNumber } from "../../domain/amount.ts";
import { findCurrentPeriod, findLatestPeriod } from "../../store/period-repo.ts";
import { setUnitTarget } from "../../store/target-repo.ts";
import { isoDateIn } from "../../platform/time.ts";
import { anyText, parseArgs } from "../../bot/args.ts";
import { resolveIndicator, resolveUnit } from "../../bot/lookup.ts";

const usage = "任务 甘州区 棚改开工 3032（单位、指标名称或代码、年度任务数值）";

export function registerTargetCommand(router: Router): void {
  router.command({
    names: ["任务", "target"],
    audience: "admin",
    usage,
    summary: "设置单位本年度的任务数",
    handler: async (ctx, args) => {
      const [unitName, indicatorName, valueText] = parseArgs(z.tuple([anyText, anyText, anyText]), args, usage);
      const unit = resolveUnit(ctx.workspace.model, unitName);
      const indicator = resolveIndicator(ctx.workspace.model, indicatorName);
      const parsed = parseFigureInput(valueText, { measure: indicator.measure, decimals: indicator.decimals });
      if (!parsed.ok) throw new AppError("BAD_ARGUMENT", describeFigureInputError(`${indicator.group}${indicator.name}年度任务（${indicator.measure}）`, parsed.error));
      const period = (await findCurrentPeriod(ctx.deps.db, ctx.workspace.id)) ?? (await findLatestPeriod(ctx.deps.db, ctx.workspace.id));
      const year = period?.period.year ?? ctx.workspace.settings.year ?? Number(isoDateIn(ctx.now, ctx.workspace.model.timezone).slice(0, 4));
      const previous = await setUnitTarget(ctx.deps.db, {
        workspaceId: ctx.workspace.id,
        unitId: ctx.workspace.unitIds.get(unit)!,
        indicatorId: ctx.workspace.indicatorIds.get(indicator.key)!,
        year,
        value: parsed.value,
      });
      const was = previous === null ? "" : previous === parsed.value ? "（与原任务相同）" : `（原为${formatTableNumber(previous)}${indicator.measure}）`;
      await ctx.reply(`已将${unit}${year}年${indicator.group}${indicator.name}年度任务设为${formatTableNumber(parsed.value)}${indicator.measure}${was}。`);
    },
  });
}
