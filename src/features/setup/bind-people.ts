// The workspace file names people by mobile or email; the bot talks to open_ids. At start (and after
// an import) the people without an open_id are looked up on the platform, 50 at a time (§8).
import type { Db } from "../../platform/db/client.ts";
import type { Messenger } from "../../platform/lark/messenger.ts";
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
