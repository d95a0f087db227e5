import type { Clock } from "./clock.ts";
import type { ChatType } from "./directory.ts";

// Every message of every chat, with each state a card went through (brief §5): what the bot sent,
// how it was patched, what a callback answer or a delayed update turned it into. Tests and the
// sandbox page read it; the open API reads it to apply the update rules of §1.4 and the uuid window
// of §1.1.

export type MessageSender =
  | { readonly type: "app"; readonly appId: string }
  | { readonly type: "user"; readonly openId: string; readonly name: string };

/** How a message came to have a given content. */
export type ContentSource = "create" | "reply" | "patch" | "update" | "callback" | "delayed_update";

export interface ContentVersion {
  readonly content: string;
  readonly at: number;
  readonly via: ContentSource;
}

export interface Mention {
  readonly key: string;
  readonly id: { readonly open_id: string; readonly union_id: string; readonly user_id: string };
  readonly name: string;
  readonly tenant_key: string;
}

export interface Toast {
  readonly openId: string;
  readonly toast: unknown;
  readonly at: number;
}

export interface RecordedMessage {
  readonly messageId: string;
  readonly chatId: string;
  readonly chatType: ChatType;
  readonly msgType: string;
  readonly sender: MessageSender;
  /** The current content: a JSON string, exactly as the API carries it (§1.1). */
  content: string;
  readonly mentions: readonly Mention[];
  readonly createTime: number;
  updateTime: number;
  deleted: boolean;
  updated: boolean;
  readonly parentId?: string;
  readonly rootId?: string;
  readonly threadId?: string;
  readonly uuid?: string;
  readonly versions: ContentVersion[];
  readonly readBy: Map<string, number>;
  readonly urgentTo: { readonly openIds: readonly string[]; readonly at: number }[];
  readonly toasts: Toast[];
}

export type NewMessage = Omit<
  RecordedMessage,
  "versions" | "readBy" | "urgentTo" | "toasts" | "updateTime" | "deleted" | "updated" | "createTime"
> & { via: ContentSource };

/** §1.1: requests sharing a uuid send at most one message per hour. */
const uuidWindowMs = 60 * 60_000;

export class MessageLedger {
  private readonly byId = new Map<string, RecordedMessage>();
  private readonly byChat = new Map<string, RecordedMessage[]>();
  private readonly listeners = new Set<(message: RecordedMessage) => void>();

  constructor(private readonly clock: Clock) {}

  record(input: NewMessage): RecordedMessage {
    const now = this.clock.now();
    const { via, ...fields } = input;
    const message: RecordedMessage = {
      ...fields,
      createTime: now,
      updateTime: now,
      deleted: false,
      updated: false,
      versions: [{ content: input.content, at: now, via }],
      readBy: new Map(),
      urgentTo: [],
      toasts: [],
    };
    this.byId.set(message.messageId, message);
    const list = this.byChat.get(message.chatId) ?? [];
    list.push(message);
    this.byChat.set(message.chatId, list);
    this.notify(message);
    return message;
  }

  /** The message an earlier request with this uuid sent within the hour, if any (§1.1). */
  findByUuid(appId: string, uuid: string): RecordedMessage | undefined {
    const now = this.clock.now();
    for (const message of this.byId.values()) {
      if (
        message.uuid === uuid &&
        message.sender.type === "app" &&
        message.sender.appId === appId &&
        now - message.createTime < uuidWindowMs
      ) {
        return message;
      }
    }
    return undefined;
  }

  replaceContent(message: RecordedMessage, content: string, via: ContentSource): void {
    const now = this.clock.now();
    message.content = content;
    message.updateTime = now;
    message.updated = true;
    message.versions.push({ content, at: now, via });
    this.notify(message);
  }

  get(messageId: string): RecordedMessage | undefined {
    return this.byId.get(messageId);
  }

  inChat(chatId: string): readonly RecordedMessage[] {
    return this.byChat.get(chatId) ?? [];
  }

  /** Lets the sandbox page or a test observe changes without polling. */
  onChange(listener: (message: RecordedMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(message: RecordedMessage): void {
    for (const listener of this.listeners) listener(message);
  }
}

/** The JSON view of a recorded message, for the `/_sandbox` API and snapshots in tests. */
export function messageView(message: RecordedMessage) {
  return {
    message_id: message.messageId,
    chat_id: message.chatId,
    chat_type: message.chatType,
    msg_type: message.msgType,
    sender: message.sender,
    content: message.content,
    body: safeParse(message.content),
    mentions: message.mentions,
    create_time: message.createTime,
    update_time: message.updateTime,
    updated: message.updated,
    deleted: message.deleted,
    ...(message.parentId ? { parent_id: message.parentId } : {}),
    ...(message.rootId ? { root_id: message.rootId } : {}),
    ...(message.threadId ? { thread_id: message.threadId } : {}),
    ...(message.uuid ? { uuid: message.uuid } : {}),
    versions: message.versions.map((v) => ({ via: v.via, at: v.at, body: safeParse(v.content) })),
    read_by: [...message.readBy].map(([openId, at]) => ({ open_id: openId, at })),
    urgent_to: message.urgentTo,
    toasts: message.toasts,
  };
}

function safeParse(content: string): unknown {
  try {
    return JSON.parse(content);
  } catch {
    return content;
  }
}
