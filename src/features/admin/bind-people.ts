// The workspace file names people by mobile or email; the bot talks to open_ids. At start (and after
// an import) the people without an open_id are looked up on the platform, 50 at a time (§8).
import { refusalHint } from "../../platform/lark/refusal-hint.ts";
import type { Db } from "../../platform/db/client.ts";
import type { Messenger } from "../../platform/lark/messenger.ts";
import { PlatformError } from "../../platform/lark/messenger.ts";
import type { Logger } from "../../platform/logger.ts";
import { listPeople, setOpenId } from "../../store/people-repo.ts";

const BATCH = 50;

export interface BindResult {
  readonly bound: number;
  /** people the platform does not know (outside the app's availability, wrong number): by name */
  readonly notFound: readonly string[];
}

function normalMobile(mobile: string): string {
  return mobile.replace(/^\+86/, "").replace(/\D/g, "");
}

export async function bindPeople(deps: { db: Db; messenger: Messenger }, workspaceId: string): Promise<BindResult> {
  const unbound = (await listPeople(deps.db, workspaceId)).filter((person) => !person.openId && (person.mobile || person.email));
  let bound = 0;
  const notFound: string[] = [];
  for (let i = 0; i < unbound.length; i += BATCH) {
    const batch = unbound.slice(i, i + BATCH);
    const found = await deps.messenger.findUsers({
      mobiles: batch.flatMap((person) => (person.mobile ? [person.mobile] : [])),
      emails: batch.flatMap((person) => (person.email ? [person.email] : [])),
    });
    const byMobile = new Map(found.filter((user) => user.mobile).map((user) => [normalMobile(user.mobile!), user.openId]));
    const byEmail = new Map(found.filter((user) => user.email).map((user) => [user.email!.toLowerCase(), user.openId]));
    for (const person of batch) {
      const openId = (person.mobile && byMobile.get(normalMobile(person.mobile))) || (person.email && byEmail.get(person.email.toLowerCase())) || null;
      if (openId) {
        await setOpenId(deps.db, person.id, openId);
        bound++;
      } else notFound.push(person.name);
    }
  }
  return { bound, notFound };
}

/**
 * At start: the binding, or null when the platform refused the lookup (a missing contact scope, say).
 * A half-configured app still starts: the refusal is reported with the setting that fixes it, and
 * admins can bind people by @mention meanwhile (联系人 <单位> @某人).
 */
export async function bindPeopleAtStart(deps: { db: Db; messenger: Messenger; log: Logger }, workspaceId: string): Promise<BindResult | null> {
  try {
    const binding = await bindPeople(deps, workspaceId);
    if (binding.notFound.length > 0) deps.log.warn({ people: binding.notFound }, "以下人员按手机号或邮箱未在飞书找到（号码有误或不在应用可用范围内），可用“联系人 <单位> @某人”绑定");
    return binding;
  } catch (error) {
    const code = error instanceof PlatformError ? error.code : null;
    // The scope is named only when the platform refused for want of a scope: after a bad secret it would send the officer to the wrong page.
    const scope = code === 99991672 || code === 230027 ? "（所需权限为“通过手机号或邮箱获取用户 ID”，contact:user.id:readonly。）" : "";
    deps.log.error({ err: error, code }, `按手机号或邮箱查找人员失败。${refusalHint(error)}${scope}在此之前可用“联系人 <单位> @某人”绑定；机器人继续运行。`);
    return null;
  }
}
