// 发布 [2023-12]: publish the latest preview of the period's bulletin to the leadership chats (the same
// as the button on the preview card) and lock the period.
import type { Router } from "../../bot/router.ts";
import { AppError } from "../../bot/errors.ts";
import { latestBulletin } from "../../store/bulletin-repo.ts";
import { listChats } from "../../store/chat-repo.ts";
import { publishBulletin, requestPublication, versionLabel } from "./publish-bulletin.ts";
import { z } from "zod";
import { missingList } from "../../domain/bulletin/completeness.ts";
import { parseArgs, periodArg, periodLabelOf, resolvePeriod, textArg } from "../../bot/args.ts";

/** The word that confirms publishing a bulletin while units are missing: 发布 2023-12 确认. */
const CONFIRM = "确认";
const publishArgs = z.union([
  z.tuple([periodArg.optional()]),
  z.tuple([textArg(z.literal(CONFIRM))]).transform(([word]) => [undefined, word] as const),
  z.tuple([periodArg, textArg(z.literal(CONFIRM))]),
]);

export function registerPublishCommand(router: Router): void {
  const usage = "发布 [2023-12] [确认]";
  router.command({
    names: ["发布", "publish"],
    audience: "admin",
    usage,
    summary: "把最新的通报预览发布到领导群，并锁定填报期",
    handler: async (ctx, args) => {
      const [key, confirmed] = parseArgs(publishArgs, args, usage);
      const record = await resolvePeriod(ctx, key);
      const label = periodLabelOf(record);
      const bulletin = await latestBulletin(ctx.deps.db, record.id);
      if (!bulletin) throw new AppError("NO_BULLETIN", `还没有生成${label}通报，请先发送“通报 ${record.key}”生成预览，核对后再发布。`);
      if (bulletin.state !== "published" && (await listChats(ctx.deps.db, ctx.workspace.id, "leaders")).length === 0) throw new AppError("NO_LEADER_CHAT");
      // A first publication while units are missing is a decision, not a slip: it names them and waits
      // for 确认 (a correction goes to leaders who were told of them with the first version).
      if (bulletin.state !== "published" && bulletin.changes === null && bulletin.model.missing.length > 0 && confirmed !== CONFIRM) {
        await ctx.reply(`${label}通报${versionLabel(bulletin)}生成时，${missingList(bulletin.model.missing, bulletin.model.scope)}尚未报送，合计数仅含已报送的单位。如仍要发布，请发送“发布 ${record.key} ${CONFIRM}”；也可等其报送后重新发送“通报 ${record.key}”。`);
        return;
      }
      if (bulletin.state === "published") {
        await publishBulletin(ctx.deps, ctx.workspace, bulletin, ctx.actor.openId); // re-queues its posting if a crash lost it
        await ctx.reply(`${label}通报${versionLabel(bulletin)}此前已发布，未重复发送。如数据有更正，请先“解锁 ${record.key}”，更正后发送“通报”生成更正版。`);
        return;
      }
      // Publishing takes the period and compiles the bulletin again: a job, answered when it is done.
      await requestPublication(ctx.deps, ctx.workspace, bulletin, { requestId: `message:${ctx.event.messageId}`, openId: ctx.actor.openId, messageId: null });
      await ctx.reply(`正在发布${label}通报${versionLabel(bulletin)}，完成后单独告知您。`);
    },
  });
}
