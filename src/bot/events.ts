// Raw platform events, parsed once at the edge into small camelCase types. The SDK hands us the v2
// envelope flattened (header fields and the event body in one object); everything here is untrusted.
import { z } from "zod";

const userIdSchema = z.object({ open_id: z.string().min(1) }).loose();

const messageEventSchema = z
  .object({
    event_id: z.string().min(1),
    app_id: z.string().optional(),
    sender: z.object({ sender_id: userIdSchema, sender_type: z.string() }).loose(),
    message: z
      .object({
        message_id: z.string().min(1),
        chat_id: z.string().min(1),
        // §4.1: a 话题群 (topic group) sends `topic_group`; it is a group like any other for the bot.
        chat_type: z.enum(["p2p", "group", "topic_group"]),
        message_type: z.string(),
        content: z.string(),
        mentions: z.array(z.object({ key: z.string(), id: userIdSchema.partial().loose(), name: z.string().default("") }).loose()).optional(),
      })
      .loose(),
  })
  .loose();

const cardActionEventSchema = z
  .object({
    event_id: z.string().min(1),
    app_id: z.string().optional(),
    token: z.string().optional(),
    operator: z.object({ open_id: z.string().min(1) }).loose(),
    action: z
      .object({
        value: z.record(z.string(), z.unknown()).optional(),
        form_value: z.record(z.string(), z.unknown()).optional(),
        name: z.string().optional(),
        tag: z.string().optional(),
      })
      .loose(),
    context: z.object({ open_message_id: z.string().min(1), open_chat_id: z.string().optional() }).loose(),
  })
  .loose();

export interface Mention {
  readonly key: string;
  readonly openId: string | null;
  readonly name: string;
}

export type ChatType = "p2p" | "group" | "topic_group";

/** A group or a topic group: messages there reach the bot only when it is addressed (§4.2). */
export function isGroupChat(chatType: ChatType): boolean {
  return chatType !== "p2p";
}

export interface MessageEvent {
  readonly kind: "message";
  readonly eventId: string;
  readonly appId: string | null;
  readonly senderOpenId: string;
  readonly senderType: string;
  readonly messageId: string;
  readonly chatId: string;
  readonly chatType: ChatType;
  /** plain text with mention placeholders (@_user_1) kept; empty for non-text messages */
  readonly text: string;
  readonly messageType: string;
  readonly mentions: readonly Mention[];
}

export interface CardActionEvent {
  readonly kind: "card-action";
  readonly eventId: string;
  readonly appId: string | null;
  readonly operatorOpenId: string;
  readonly messageId: string;
  readonly chatId: string | null;
  /** the callback token (c-…) for a delayed update */
  readonly token: string | null;
  readonly value: Readonly<Record<string, unknown>>;
  /** form field values, as the platform sends them (strings; selects may send arrays) */
  readonly formValue: Readonly<Record<string, unknown>>;
  readonly name: string | null;
}

export type BotEvent = MessageEvent | CardActionEvent;

export type EventType = "im.message.receive_v1" | "card.action.trigger";

export type ParseResult = { readonly ok: true; readonly event: BotEvent } | { readonly ok: false; readonly reason: string };

export function parseEvent(type: EventType, raw: unknown): ParseResult {
  if (type === "im.message.receive_v1") {
    const result = messageEventSchema.safeParse(raw);
    if (!result.success) return { ok: false, reason: z.prettifyError(result.error) };
    const data = result.data;
    return {
      ok: true,
      event: {
        kind: "message",
        eventId: data.event_id,
        appId: data.app_id ?? null,
        senderOpenId: data.sender.sender_id.open_id,
        senderType: data.sender.sender_type,
        messageId: data.message.message_id,
        chatId: data.message.chat_id,
        chatType: data.message.chat_type,
        messageType: data.message.message_type,
        text: data.message.message_type === "text" ? textOf(data.message.content) : "",
        mentions: (data.message.mentions ?? []).map((mention) => ({ key: mention.key, openId: mention.id.open_id ?? null, name: mention.name })),
      },
    };
  }
  const result = cardActionEventSchema.safeParse(raw);
  if (!result.success) return { ok: false, reason: z.prettifyError(result.error) };
  const data = result.data;
  return {
    ok: true,
    event: {
      kind: "card-action",
      eventId: data.event_id,
      appId: data.app_id ?? null,
      operatorOpenId: data.operator.open_id,
      messageId: data.context.open_message_id,
      chatId: data.context.open_chat_id ?? null,
      token: data.token ?? null,
      value: data.action.value ?? {},
      formValue: data.action.form_value ?? {},
      name: data.action.name ?? null,
    },
  };
}

/** Message content is JSON inside a string: {"text":"…"}. Anything else reads as empty text. */
function textOf(content: string): string {
  try {
    const parsed = z.object({ text: z.string() }).safeParse(JSON.parse(content));
    return parsed.success ? parsed.data.text : "";
  } catch {
    return "";
  }
}
