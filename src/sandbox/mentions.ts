import type { Directory } from "./directory.ts";
import { tenantKey } from "./directory.ts";
import type { Mention } from "./message-ledger.ts";

// How a typed text message reaches the bot (§4.1): every @ becomes a placeholder `@_user_N` (N in
// order of mention) and `mentions[]` maps each key to the person's ids; @all shows up as `@_all` and,
// as Feishu often does, is left out of `mentions`.
//
// A test writes `@Name` (any directory name, or the bot's app name) or the platform's own
// `<at user_id="ou_…">Name</at>` markup; `@all` / `@所有人` mean everyone.

export interface EncodedText {
  readonly text: string;
  readonly mentions: Mention[];
  readonly mentionsBot: boolean;
}

interface Mentionable {
  readonly name: string;
  readonly openId: string;
  readonly unionId: string;
  readonly userId: string;
}

export function encodeMentions(input: string, directory: Directory): EncodedText {
  const bot = directory.bot;
  const people: Mentionable[] = [
    { name: bot.appName, openId: bot.openId, unionId: bot.unionId, userId: "" },
    ...directory.allUsers(),
  ].sort((a, b) => b.name.length - a.name.length); // longest name first: "张三丰" before "张三"

  const mentions: Mention[] = [];
  const placeholderFor = (person: Mentionable) => {
    const key = `@_user_${mentions.length + 1}`;
    mentions.push({
      key,
      id: { open_id: person.openId, union_id: person.unionId, user_id: person.userId },
      name: person.name,
      tenant_key: tenantKey,
    });
    return key;
  };

  let text = "";
  let rest = input;
  while (rest.length > 0) {
    const markup = /^<at (?:user_id|id)="?([^">]+)"?>([^<]*)<\/at>/.exec(rest);
    if (markup) {
      const id = markup[1]!;
      const person =
        id === "all"
          ? undefined
          : id === bot.openId
            ? people.find((p) => p.openId === bot.openId)
            : directory.findUser(id);
      if (id === "all") text += "@_all";
      else if (person) text += placeholderFor(person);
      else throw new Error(`mention of unknown user ${id}`);
      rest = rest.slice(markup[0].length);
      continue;
    }
    if (rest.startsWith("@")) {
      const after = rest.slice(1);
      const everyone = ["all", "所有人"].find((word) => after.startsWith(word));
      const person = people.find((p) => after.startsWith(p.name));
      if (everyone && (!person || everyone.length >= person.name.length)) {
        text += "@_all";
        rest = after.slice(everyone.length);
        continue;
      }
      if (person) {
        text += placeholderFor(person);
        rest = after.slice(person.name.length);
        continue;
      }
    }
    text += rest.charAt(0);
    rest = rest.slice(1);
  }
  return { text, mentions, mentionsBot: mentions.some((m) => m.id.open_id === bot.openId) };
}
