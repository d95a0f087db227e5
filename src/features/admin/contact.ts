// 联系人 甘州区 @张三 | 13800000000 | zhangsan@example.gov.cn: bind a unit's contact (填报员); 副手 binds
// its deputy and 领导 its leader (分管领导) the same way. A mention carries the person's open_id; a
// mobile or email is looked up in the tenant's directory.
import { plainPersonName } from "../../domain/person-name.ts";
import { z } from "zod";
import type { Router } from "../../bot/router.ts";
import type { MessageContext } from "../../bot/context.ts";
import { AppError } from "../../bot/errors.ts";
import { toHalfWidth } from "../../domain/figure-input.ts";
import { bindContact, listPeople } from "../../store/people-repo.ts";
import { findCurrentPeriod } from "../../store/period-repo.ts";
import { anyText, mentionArg, parseArgs } from "../../bot/args.ts";
import { resolveUnit } from "../../bot/lookup.ts";

type BoundRole = "contact" | "deputy" | "leader";

const ROLES: readonly { names: string[]; role: BoundRole; word: string; summary: string }[] = [
  { names: ["联系人", "contact"], role: "contact", word: "填报员", summary: "绑定单位的填报员（@某人、手机号或邮箱）" },
  { names: ["副手", "deputy"], role: "deputy", word: "副填报员", summary: "绑定单位的副填报员，填报员休假时可代为填报" },
  { names: ["领导", "leader"], role: "leader", word: "分管领导", summary: "绑定单位的分管领导，逾期时接收督办提醒" },
];

const MOBILE = /^(?:\+?86)?(1\d{10})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function registerContactCommands(router: Router): void {
  for (const spec of ROLES) {
    const usage = `${spec.names[0]} 甘州区 @某人（或手机号、邮箱）`;
    router.command({
      names: spec.names,
      audience: "admin",
      usage,
      summary: spec.summary,
      handler: async (ctx, args) => {
        const [unitName, who] = parseArgs(z.tuple([anyText, z.union([mentionArg, anyText])]), args, usage);
        const unit = resolveUnit(ctx.workspace.model, unitName);
        const unitId = ctx.workspace.unitIds.get(unit)!;
        const person = typeof who === "string" ? await lookUp(ctx, who, `${unit}${spec.word}`) : fromMention(who);
        await bindContact(ctx.deps.db, ctx.workspace.id, unitId, { name: person.name, openId: person.openId, mobile: person.mobile, email: person.email }, spec.role);
        const whom = person.isKnown ? person.name : `${person.mobile ? `手机号 ${person.mobile}` : `邮箱 ${person.email}`} 对应的飞书用户`;
        const lines = [`已将${unit}的${spec.word}设为${whom}。`];
        if (spec.role !== "leader" && (await findCurrentPeriod(ctx.deps.db, ctx.workspace.id))) lines.push(`本月填报期已开放，请其私信机器人发送“我的”获取填报卡片。`);
        await ctx.reply(lines.join(""));
      },
    });
  }
}

function fromMention(mention: { openId: string | null; name: string }) {
  if (!mention.openId) throw new AppError("BAD_ARGUMENT", `无法识别 @${mention.name} 的飞书账号，请改用手机号或邮箱。`);
  return { name: plainPersonName(mention.name) || mention.openId, openId: mention.openId, mobile: null, email: null, isKnown: true };
}

async function lookUp(ctx: MessageContext, raw: string, fallbackName: string) {
  const text = toHalfWidth(raw).trim();
  const mobile = MOBILE.exec(text.replace(/[\s-]/g, ""))?.[1] ?? null;
  const email = mobile ? null : EMAIL.test(text) ? text.toLowerCase() : null;
  if (!mobile && !email) throw new AppError("BAD_ARGUMENT", `“${raw}”不是 @某人、手机号或邮箱。例如：联系人 甘州区 @张三 或 联系人 甘州区 13800000000`);
  const found = await ctx.deps.messenger.findUsers(mobile ? { mobiles: [mobile] } : { emails: [email!] });
  const openId = found[0]?.openId;
  if (!openId) throw new AppError("BAD_ARGUMENT", `在飞书通讯录中没有找到${mobile ? `手机号 ${mobile}` : `邮箱 ${email}`}（或其不在机器人的可用范围内），请核对。`);
  // Keep the name we already know this person by; a stranger is named after the role until the file says otherwise.
  const known = (await listPeople(ctx.deps.db, ctx.workspace.id)).find((person) => person.openId === openId);
  return { name: known?.name ?? fallbackName, openId, mobile, email, isKnown: known !== undefined };
}
