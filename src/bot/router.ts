// The routing table: chat commands by name (Chinese and English aliases) and card actions by id. A
// duplicate name or id throws when the bot starts (the SDK's own register() would silently overwrite).
import type { CardContext, CardResponse, MessageContext } from "./context.ts";
import type { Mention } from "./events.ts";
import { guardedCall, type CardActionSpec } from "./card-guard.ts";

export type CommandArg = { readonly kind: "text"; readonly text: string } | { readonly kind: "mention"; readonly mention: Mention };

export interface CommandSpec {
  /** the first name is the one shown in help; the rest are aliases (英文 aliases lower-case) */
  readonly names: readonly string[];
  /** who may run it: admins only, or anyone known to the workspace */
  readonly audience: "admin" | "member";
  /** e.g. 截止 2024-01-05 18:00 */
  readonly usage: string;
  readonly summary: string;
  readonly handler: (ctx: MessageContext, args: readonly CommandArg[]) => Promise<void>;
}

export type CardActionHandler = (ctx: CardContext) => Promise<CardResponse>;

export class Router {
  private readonly commands = new Map<string, CommandSpec>();
  private readonly ordered: CommandSpec[] = [];
  private readonly cardActions = new Map<string, CardActionHandler>();

  command(spec: CommandSpec): this {
    if (spec.names.length === 0) throw new Error("a command needs at least one name");
    for (const name of spec.names) {
      const key = name.toLowerCase();
      if (!/^\S+$/.test(key)) throw new Error(`command name “${name}” must be one word`);
      if (this.commands.has(key)) throw new Error(`command “${name}” is registered twice`);
      this.commands.set(key, spec);
    }
    this.ordered.push(spec);
    return this;
  }

  /** A card action with its declared checks (card-guard.ts): they run before the handler, in one place. */
  cardAction<V>(id: string, spec: CardActionSpec<V>): this {
    if (!/^[a-z][a-z0-9.-]*$/.test(id)) throw new Error(`card action id “${id}” is malformed`);
    if (this.cardActions.has(id)) throw new Error(`card action “${id}” is registered twice`);
    this.cardActions.set(id, (ctx) => guardedCall(spec, ctx));
    return this;
  }

  findCommand(name: string): CommandSpec | undefined {
    return this.commands.get(name.toLowerCase());
  }

  /**
   * The command a word starts with, when its argument was typed without a space ("开始填报2024-11",
   * "进度2024年12月"): the longest command name the word begins with, and the rest of the word.
   */
  findGluedCommand(word: string): { spec: CommandSpec; rest: string } | undefined {
    const lower = word.toLowerCase();
    let best: { spec: CommandSpec; rest: string } | undefined;
    for (const [name, spec] of this.commands) {
      if (lower.length > name.length && lower.startsWith(name) && /[^a-z]/.test(name) && (!best || word.length - best.rest.length < name.length)) {
        best = { spec, rest: word.slice(name.length) };
      }
    }
    return best;
  }

  /** A command whose name is one edit from what was typed (进读 → 进度), for a “您是不是要” answer. */
  suggestCommand(name: string): CommandSpec | undefined {
    const typed = [...name.toLowerCase()];
    for (const [candidate, spec] of this.commands) if (withinOneEdit(typed, [...candidate])) return spec;
    return undefined;
  }

  findCardAction(id: string): CardActionHandler | undefined {
    return this.cardActions.get(id);
  }

  listCommands(): readonly CommandSpec[] {
    return this.ordered;
  }
}

/**
 * Splits a message into its command word and arguments. Mention placeholders (@_user_1) are found
 * anywhere in the text, with or without spaces around them ("@机器人进度", "进度 @机器人"); the bot's
 * own mentions are dropped and the others become mention arguments; mentions before the command word
 * are skipped (without the bot's open_id, that is how the bot's own is passed over).
 */
export function splitCommand(text: string, mentions: readonly Mention[], botOpenId: string | null): { name: string | null; args: CommandArg[] } {
  const args: CommandArg[] = [];
  for (const piece of mentionPieces(text.replace(/\u3000/g, " "), mentions)) {
    if (typeof piece === "string") {
      for (const token of piece.split(/\s+/)) if (token) args.push({ kind: "text", text: token });
    } else if (botOpenId === null || piece.openId !== botOpenId) {
      args.push({ kind: "mention", mention: piece });
    }
  }
  const first = args.findIndex((arg) => arg.kind === "text");
  if (first === -1) return { name: null, args: [] };
  const word = args[first] as { kind: "text"; text: string };
  return { name: word.text.replace(/^[/／]/, ""), args: args.slice(first + 1) };
}

/**
 * Whether the message @mentions the bot: by its open_id; where that is unknown (bot info refused at
 * start), a message that begins with a mention, as the start-up log promises, so "@张三 请尽快填报" in
 * a group that sends the bot every message is not read as a command.
 */
export function mentionsBot(text: string, mentions: readonly Mention[], botOpenId: string | null): boolean {
  if (botOpenId !== null) return mentions.some((mention) => mention.openId === botOpenId);
  const start = text.trimStart();
  return mentions.some((mention) => start.startsWith(mention.key));
}

/** The text cut at every mention placeholder, longest key first so @_user_10 is not read as @_user_1. */
function mentionPieces(text: string, mentions: readonly Mention[]): (string | Mention)[] {
  if (mentions.length === 0) return [text];
  const byKey = new Map(mentions.map((mention) => [mention.key, mention]));
  const keys = [...byKey.keys()].sort((a, b) => b.length - a.length).map((key) => key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return text.split(new RegExp(`(${keys.join("|")})`)).map((piece) => byKey.get(piece) ?? piece);
}

/** Whether two words differ by at most one substitution, insertion or deletion (and are not equal). */
function withinOneEdit(a: readonly string[], b: readonly string[]): boolean {
  // One-character names (?) would match any one-character typo.
  if (Math.min(a.length, b.length) < 2 || Math.abs(a.length - b.length) > 1 || a.join("") === b.join("")) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}
