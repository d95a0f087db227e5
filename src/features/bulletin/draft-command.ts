// 通报 [2023-12]: draft the period's bulletin and send the admin a preview (card, Word, Excel) with a
// 发布 button. The preview is sent by a job: compiling is quick, rendering and uploading are not.
import { isGroupChat } from "../../bot/events.ts";
import type { Router } from "../../bot/router.ts";
import { draftBulletin } from "./draft-bulletin.ts";
import { describeCorrection } from "../../domain/bulletin/changes.ts";
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
      const outcome = await draftBulletin(ctx.deps, ctx.workspace, record, ctx.actor.openId, `message:${ctx.event.messageId}`);
      if (outcome.kind === "unchanged") {
        await ctx.reply(`${label}数据与已发布的第${outcome.published.version}版通报一致，无需更正。`);
        return;
      }
      const { record: bulletin } = outcome;
      const correction = bulletin.changes ? `更正版（更正第${bulletin.changes.againstVersion}版，${describeCorrection(bulletin.changes)}）` : "";
      const where = isGroupChat(ctx.event.chatType) ? "私信发给您" : "发给您";
      await ctx.reply(`正在生成《${bulletin.model.header.title}》第${bulletin.version}版${correction}预览，摘要卡片和 Word、Excel 文件稍后${where}；核对无误后点击卡片上的“发布”或发送“发布”。`);
    },
  });
}
