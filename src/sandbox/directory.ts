import { z } from "zod";
import { newChatId, stableId } from "./ids.ts";

// Users and chats as data (brief §5). Ids are derived from the seed when not given, so a demo file
// loaded on every start yields the same open_ids and chat ids each time.

export const userSeedSchema = z.object({
  name: z.string().min(1),
  mobile: z.string().optional(),
  email: z.string().optional(),
  open_id: z.string().regex(/^ou_/).optional(),
  user_id: z.string().optional(),
  union_id: z.string().regex(/^on_/).optional(),
  /** §1.7: a user outside the app's availability cannot be messaged (230013). */
  in_availability: z.boolean().default(true),
  /** §8: resigned users are left out of batch_get_id unless include_resigned. */
  resigned: z.boolean().default(false),
});

export const chatSeedSchema = z.object({
  chat_id: z.string().regex(/^oc_/).optional(),
  name: z.string().min(1),
  description: z.string().default(""),
  /** Any user reference: open_id, user_id, union_id, email, mobile or name. */
  members: z.array(z.string()).default([]),
  owner: z.string().optional(),
  /** Whether the bot is a member; messages to a chat without it fail with 230002 (§1.7). */
  bot_in_chat: z.boolean().default(true),
  /** A 话题群: its messages arrive with chat_type `topic_group` (§4.1). */
  topic: z.boolean().default(false),
});

export const directorySeedSchema = z.object({
  users: z.array(userSeedSchema).default([]),
  chats: z.array(chatSeedSchema).default([]),
});

export type UserSeed = z.input<typeof userSeedSchema>;
export type ChatSeed = z.input<typeof chatSeedSchema>;
export type DirectorySeed = z.input<typeof directorySeedSchema>;

export interface User {
  readonly name: string;
  readonly mobile?: string;
  readonly email?: string;
  readonly openId: string;
  readonly userId: string;
  readonly unionId: string;
  readonly inAvailability: boolean;
  readonly resigned: boolean;
}

export interface Chat {
  readonly chatId: string;
  name: string;
  description: string;
  readonly chatType: ChatType;
  /** open_ids of the human members; the bot is tracked by `hasBot` (§8: member lists exclude bots). */
  readonly members: Set<string>;
  hasBot: boolean;
  ownerOpenId?: string;
  /** For a p2p chat: the user talking to the bot. */
  readonly p2pOpenId?: string;
}

export type ChatType = "group" | "topic_group" | "p2p";

/** Group-like chats: a group or a topic group (both are `chat_type: group` in the chat APIs, §8). */
export function isGroup(chat: Chat): boolean {
  return chat.chatType !== "p2p";
}

export interface BotIdentity {
  readonly appId: string;
  readonly appName: string;
  readonly openId: string;
  readonly unionId: string;
}

/** The id types a receive_id or member_id can be given in (§1.1, §8). */
export type UserIdType = "open_id" | "user_id" | "union_id" | "email";

export const tenantKey = "736588c9260f175d";

export function normalizeMobile(mobile: string): string {
  const digits = mobile.replace(/[\s-]/g, "");
  // §8: mainland numbers may be written with or without +86; other countries need +<cc>.
  return digits.startsWith("+86") ? digits.slice(3) : digits;
}

export class Directory {
  private readonly users: User[] = [];
  // Lookups by reference, in findUser's order of precedence: ids, then email or mobile, then name.
  private readonly byId = new Map<string, User>();
  private readonly byContact = new Map<string, User>();
  private readonly byName = new Map<string, User>();
  private readonly chats = new Map<string, Chat>();

  constructor(readonly bot: BotIdentity) {}

  load(seed: DirectorySeed): void {
    const parsed = directorySeedSchema.parse(seed);
    for (const user of parsed.users) this.addUser(user);
    for (const chat of parsed.chats) this.addChat(chat);
  }

  addUser(input: UserSeed): User {
    const seed = userSeedSchema.parse(input);
    const key = seed.mobile ?? seed.email ?? seed.name;
    const user: User = {
      name: seed.name,
      ...(seed.mobile === undefined ? {} : { mobile: seed.mobile }),
      ...(seed.email === undefined ? {} : { email: seed.email }),
      openId: seed.open_id ?? stableId("ou_", `open:${this.bot.appId}:${key}`),
      userId: seed.user_id ?? stableId("", `user:${key}`, 8),
      unionId: seed.union_id ?? stableId("on_", `union:${key}`),
      inAvailability: seed.in_availability,
      resigned: seed.resigned,
    };
    const clash = this.users.find((u) => u.openId === user.openId);
    if (clash) throw new Error(`user ${user.name} has the same open_id as ${clash.name}`);
    this.users.push(user);
    // The first user to claim a reference keeps it, as the scans in findUser used to decide.
    for (const [index, ref] of [
      [this.byId, user.openId],
      [this.byId, user.unionId],
      [this.byId, user.userId],
      [this.byContact, user.email],
      [this.byContact, user.mobile === undefined ? undefined : normalizeMobile(user.mobile)],
      [this.byName, user.name],
    ] as const) {
      if (ref !== undefined && !index.has(ref)) index.set(ref, user);
    }
    return user;
  }

  addChat(input: ChatSeed): Chat {
    const seed = chatSeedSchema.parse(input);
    const chatId = seed.chat_id ?? stableId("oc_", `chat:${seed.name}`);
    if (this.chats.has(chatId)) throw new Error(`chat ${seed.name} (${chatId}) already exists`);
    const chat: Chat = {
      chatId,
      name: seed.name,
      description: seed.description,
      chatType: seed.topic ? "topic_group" : "group",
      // The owner is always a member, whether or not the seed lists them.
      members: new Set([...seed.members, ...(seed.owner ? [seed.owner] : [])].map((ref) => this.requireUser(ref).openId)),
      hasBot: seed.bot_in_chat,
      ...(seed.owner === undefined ? {} : { ownerOpenId: this.requireUser(seed.owner).openId }),
    };
    this.chats.set(chatId, chat);
    return chat;
  }

  /** A group created through the open API (§8) gets a fresh random id, as on the platform. */
  createGroup(name: string, description: string, memberOpenIds: string[], ownerOpenId?: string): Chat {
    const chat: Chat = {
      chatId: newChatId(),
      name,
      description,
      chatType: "group",
      members: new Set(memberOpenIds),
      hasBot: true,
      ...(ownerOpenId === undefined ? {} : { ownerOpenId }),
    };
    this.chats.set(chat.chatId, chat);
    return chat;
  }

  allUsers(): readonly User[] {
    return this.users;
  }

  allChats(): Chat[] {
    return [...this.chats.values()];
  }

  /** Finds a user by any id, email, mobile or name: convenient for tests and the sandbox page. */
  findUser(ref: string): User | undefined {
    return this.byId.get(ref) ?? this.byContact.get(ref) ?? this.byContact.get(normalizeMobile(ref)) ?? this.byName.get(ref);
  }

  requireUser(ref: string | User): User {
    if (typeof ref !== "string") return ref;
    const user = this.findUser(ref);
    if (!user) throw new Error(`no user "${ref}" in the sandbox directory`);
    return user;
  }

  /** Strict lookup by a declared id type, as the open API resolves `receive_id` (§1.1). */
  userByIdType(idType: UserIdType, id: string): User | undefined {
    switch (idType) {
      case "open_id":
        return this.users.find((u) => u.openId === id);
      case "user_id":
        return this.users.find((u) => u.userId === id);
      case "union_id":
        return this.users.find((u) => u.unionId === id);
      case "email":
        return this.users.find((u) => u.email === id);
    }
  }

  idOf(user: User, idType: UserIdType): string {
    switch (idType) {
      case "open_id":
        return user.openId;
      case "user_id":
        return user.userId;
      case "union_id":
        return user.unionId;
      case "email":
        return user.email ?? "";
    }
  }

  chat(chatId: string): Chat | undefined {
    return this.chats.get(chatId);
  }

  findChat(ref: string): Chat | undefined {
    return this.chats.get(ref) ?? this.allChats().find((c) => c.name === ref);
  }

  requireChat(ref: string | Chat): Chat {
    if (typeof ref !== "string") return ref;
    const chat = this.findChat(ref);
    if (!chat) throw new Error(`no chat "${ref}" in the sandbox`);
    return chat;
  }

  /** The one-to-one chat between a user and the bot, created the first time either side speaks. */
  p2pChat(user: User): Chat {
    const existing = this.allChats().find((c) => c.p2pOpenId === user.openId);
    if (existing) return existing;
    const chat: Chat = {
      chatId: stableId("oc_", `p2p:${this.bot.appId}:${user.openId}`),
      name: user.name,
      description: "",
      chatType: "p2p",
      members: new Set([user.openId]),
      hasBot: true,
      p2pOpenId: user.openId,
    };
    this.chats.set(chat.chatId, chat);
    return chat;
  }
}
