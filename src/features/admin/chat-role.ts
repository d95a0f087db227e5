// 设为领导群 / 设为工作群: an admin, in the group itself with the bot @mentioned, tells the bot what the
// group is for. Published bulletins go to the leadership groups; chasing @mentions go to the work group.
import { isGroupChat } from "../../bot/events.ts";
import type { Router } from "../../bot/router.ts";
import { AppError } from "../../bot/errors.ts";
import { setChatRole, type ChatRole } from "../../store/chat-repo.ts";
import { parseArgs } from "../../bot/args.ts";
import { z } from "zod";

const ROLES: readonly { names: string[]; role: ChatRole; label: string; summary: string; done: string }[] = [
  { names: ["设为领导群", "leaders"], role: "leaders", label: "领导群", summary: "在群里 @机器人 发送：把本群设为领导群，发布的通报发到这里", done: "发布的通报（摘要卡片、Word 正文和 Excel 附件）将发送到本群。" },
  { names: ["设为工作群", "workgroup"], role: "work", label: "工作群", summary: "在群里 @机器人 发送：把本群设为工作群，催报提醒发到这里", done: "逾期未报的单位将在本群被 @ 提醒。" },
];

const ROLE_LABEL: Readonly<Record<ChatRole, string>> = { leaders: "领导群", work: "工作群" };

export function registerChatRoleCommands(router: Router): void {
  for (const spec of ROLES) {
    router.command({
      names: spec.names,
      audience: "admin",
      usage: spec.names[0]!,
      summary: spec.summary,
      handler: async (ctx, args) => {
        parseArgs(z.tuple([]), args, `在群里 @机器人 发送“${spec.names[0]}”`);
        if (!isGroupChat(ctx.event.chatType)) throw new AppError("BAD_ARGUMENT", `请在要设置的群里 @机器人 发送“${spec.names[0]}”。`);
        const before = await setChatRole(ctx.deps.db, ctx.workspace.id, ctx.event.chatId, spec.role, null);
        // The same words whether or not the group already had the role: a redelivered command whose first
        // handling died after setting it must answer as that handling would have.
        const moved = before && before !== spec.role ? `（原为${ROLE_LABEL[before]}）` : "";
        await ctx.reply(`已将本群设为${spec.label}${moved}。${spec.done}`);
      },
    });
  }
}
