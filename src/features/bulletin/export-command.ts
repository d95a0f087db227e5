// 导出 [2023-12]: the period's figures as an Excel workbook (the attachment tables and the 原始数据
// sheet of every stored figure and target), sent to the admin privately. Rendering and uploading run
// in a job, after the command has been answered.
import { z } from "zod";
import type { Router } from "../../bot/router.ts";
import { currentWorkspace, type BotDeps } from "../../bot/context.ts";
import type { JobContext, JobRunner } from "../../jobs/runner.ts";
import { parsePeriod, periodName } from "../../domain/period.ts";
import { renderXlsx } from "../../render/xlsx/render-xlsx.ts";
import { rawFiguresOf } from "../../render/xlsx/raw-figures.ts";
import { loadYearFigures, periodFiguresOf } from "../../store/year-figures-repo.ts";
import { loadTargets } from "../../store/workspace-repo.ts";
import { isoDateIn } from "../../platform/time.ts";
import { buildBulletin } from "./build-bulletin.ts";
import { deliver } from "../../bot/deliver.ts";
import { findOutbound } from "../../store/outbox-repo.ts";
import { optionalPeriodArgs, parseArgs, periodLabelOf, resolvePeriod } from "../../bot/args.ts";

export const JOB_EXPORT = "commands.export";
const payloadSchema = z.object({ period: z.string(), openId: z.string(), request: z.string() });

export function registerExportCommand(router: Router, runner: JobRunner, deps: BotDeps): void {
  const usage = "导出 [2023-12]";
  router.command({
    names: ["导出", "export"],
    audience: "admin",
    usage,
    summary: "把填报期的数据导出为 Excel，私信发给您",
    handler: async (ctx, args) => {
      const [key] = parseArgs(optionalPeriodArgs, args, usage);
      const record = await resolvePeriod(ctx, key);
      await ctx.deps.jobs.enqueue({
        workspaceId: ctx.workspace.id,
        kind: JOB_EXPORT,
        key: `export:${ctx.event.messageId}`,
        payload: { period: record.key, openId: ctx.actor.openId, request: ctx.event.messageId },
        runAt: ctx.now,
      });
      await ctx.reply(`正在导出${periodLabelOf(record)}数据，Excel 文件稍后私信发给您。`);
    },
  });
  runner.register(JOB_EXPORT, exportJob(deps));
}

function exportJob(deps: BotDeps) {
  return async ({ job, now }: JobContext) => {
    const { period: key, openId, request } = payloadSchema.parse(job.payload);
    const period = parsePeriod(key);
    const workspace = await currentWorkspace(deps);
    const [targets, year, bulletin] = await Promise.all([
      loadTargets(deps.db, workspace, period.year),
      loadYearFigures(deps.db, workspace, period),
      buildBulletin(deps.db, workspace, { period, issuedOn: isoDateIn(now, workspace.model.timezone), docSequence: null }),
    ]);
    const rawFigures = rawFiguresOf(workspace.model, targets, periodFiguresOf(year, period));
    const messageKey = `export:${request}:xlsx`;
    if ((await findOutbound(deps.db, messageKey))?.state === "sent") return;
    const data = await renderXlsx(bulletin, { rawFigures });
    const fileKey = await deps.messenger.uploadFile(`${workspace.model.name}${periodName(period)}填报数据.xlsx`, data, "stream");
    await deliver(deps, { workspaceId: workspace.id, key: messageKey, purpose: "export", to: { type: "open_id", id: openId }, message: { msgType: "file", fileKey }, periodKey: key });
  };
}
