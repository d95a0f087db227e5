// 发布 [2023-12]: publish the latest preview of the period's bulletin to the leadership chats (the same
// as the button on the preview card) and lock the period.
import type { Router } from "../../bot/router.ts";
import { AppError } from "../../bot/errors.ts";
import { latestBulletin } from "../../store/bulletin-repo.ts";
import { publishBulletin, versionLabel } from "../bulletin/index.ts";
import { optionalPeriodArgs, parseArgs, periodLabelOf, resolvePeriod } from "./args.ts";

export function registerPublishCommand(router: Router): void {
  const usage = "发布 [2023-12]";
  router.command({
    names: ["发布", "publish"],
    audience: "admin",
    usage,
    summary: "把最新的通报预览发布到领导群，并锁定填报期",
    handler: async (ctx, args) => {
      const [key] = parseArgs(optionalPeriodArgs, args, usage);
      const record = await resolvePeriod(ctx, key);
      const label = periodLabelOf(record);
      const bulletin = await latestBulletin(ctx.deps.db, record.id);
      if (!bulletin) throw new AppError("NO_BULLETIN", `还没有生成${label}通报，请先发送“通报 ${record.key}”生成预览，核对后再发布。`);
      const outcome = await publishBulletin(ctx.deps, ctx.workspace, bulletin, ctx.actor.openId);
      if (outcome.kind === "already") {
        await ctx.reply(`${label}通报${versionLabel(outcome.record)}此前已发布，未重复发送。如数据有更正，请先“解锁 ${record.key}”，更正后发送“通报”生成更正版。`);
        return;
      }
      await ctx.reply(`已发布${label}通报${versionLabel(outcome.record)}，正在发送到${outcome.chats}个领导群；${label}填报期已锁定。`);
    },
  });
}
