// 帮助 / help, and the answer to anything that is not a command: admins see every command, contacts
// see theirs, strangers get a polite word on how to be added.
import { isGroupChat } from "../../bot/events.ts";
import type { MessageContext } from "../../bot/context.ts";
import type { Router } from "../../bot/router.ts";

export function helpText(router: Router, ctx: MessageContext): string {
  const commands = router.listCommands().filter((command) => command.audience === "member" || ctx.actor.isAdmin);
  const lines = commands.map((command) => `· ${command.usage}：${command.summary}${command.names.length > 1 ? `（也可用 ${command.names.slice(1).join("、")}）` : ""}`);
  const role = ctx.actor.isAdmin
    ? "管理员"
    : ctx.actor.reportsFor.length > 0
      ? `${ctx.actor.reportsFor.map((unit) => unit.unitName).join("、")}填报员`
      : ctx.actor.leads.length > 0
        ? `${ctx.actor.leads.map((unit) => unit.unitName).join("、")}分管领导`
        : "";
  // People by their name (a leader is not "用户"), with their role where they have one.
  const who = ctx.actor.name ? `${ctx.actor.name}${role ? `（${role}）` : ""}` : role || "您";
  return [`您好，${who}。可用指令：`, ...lines, isGroupChat(ctx.event.chatType) ? "在群里使用时请先 @机器人。" : ""].filter(Boolean).join("\n");
}

export function registerHelp(router: Router): void {
  router.command({ names: ["帮助", "help", "?", "？"], audience: "member", usage: "帮助", summary: "查看可用指令", handler: (ctx) => ctx.reply(helpText(router, ctx)) });
}

export async function answerUnknown(router: Router, ctx: MessageContext, name: string | null): Promise<void> {
  if (!ctx.actor.isKnown) {
    await ctx.reply("您好，我是保障房月报机器人。您还不是本工作区的填报员或管理员；如需开通，请联系市级住房保障办绑定联系人。");
    return;
  }
  const suggestion = name ? router.suggestCommand(name) : undefined;
  if (suggestion && (suggestion.audience === "member" || ctx.actor.isAdmin)) {
    await ctx.reply(`没有“${name}”这个指令。您是不是要：${suggestion.names[0]}？用法：${suggestion.usage}。发送“帮助”可查看全部指令。`);
    return;
  }
  const prefix = name ? `没有“${name}”这个指令。` : "";
  await ctx.reply(`${prefix}${helpText(router, ctx)}`);
}
