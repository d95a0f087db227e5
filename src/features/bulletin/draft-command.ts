// 通报 [2023-12]: draft the period's bulletin and send the admin a preview (card, Word, Excel) with a
// 发布 button. Both are jobs (bulletin.draft, then the preview's): the command answers at once.
import { isGroupChat } from "../../bot/events.ts";
import type { Router } from "../../bot/router.ts";
import { requestDraft } from "./draft-bulletin.ts";
import { unitsWithSubmission } from "../../store/schedule-repo.ts";
import { optionalPeriodArgs, parseArgs, periodLabelOf, resolvePeriod } from "../../bot/args.ts";

export function registerBulletinCommand(router: Router): void {
  const usage = "通报 [2023-12]";
  router.command({
    names: ["通报", "bulletin"],
    audience: "admin",
    usage,
    summary: "生成通报预览（摘要卡片、Word 正文、Excel 附件），私信发给您核对",
    handler: async (ctx, args) => {
      const [key] = parseArgs(optionalPeriodArgs, args, usage);
      const record = await resolvePeriod(ctx, key);
      const label = periodLabelOf(record);
      // A bulletin of no figures would print zeros and "未完成" for every unit: nothing to draft yet.
      const reported = await unitsWithSubmission(ctx.deps.db, record.id, [...ctx.workspace.unitIds.values()].filter((id) => id !== ctx.workspace.scopeUnitId));
      if (reported.size === 0) {
        await ctx.reply(`${label}尚无单位报送数据，暂不能生成通报。可发送“进度 ${record.key}”查看报送情况，或发送“催报”提醒未报单位。`);
        return;
      }
      await requestDraft(ctx.deps, ctx.workspace, record, { openId: ctx.actor.openId, requestKey: `message:${ctx.event.messageId}`, tellUnchanged: true });
      const where = isGroupChat(ctx.event.chatType) ? "私信发给您" : "发给您";
      await ctx.reply(`正在生成${label}通报预览，摘要卡片和 Word、Excel 文件稍后${where}；核对无误后点击卡片上的“发布”或发送“发布”。`);
    },
  });
}
