import type { Chat, User } from "../directory.ts";
import { tenantKey } from "../directory.ts";
import { newEventId } from "../ids.ts";
import type { RecordedMessage } from "../message-ledger.ts";
import type { PlatformState } from "../platform-state.ts";

// The schema-2.0 event envelopes the platform pushes (§3.1, §4.1, §4.3, and the bot-added event of
// §10). The same envelope travels as a webhook body (maybe encrypted) and as a long-connection
// payload in plaintext (§5.4).

export interface EventEnvelope {
  readonly schema: "2.0";
  readonly header: {
    readonly event_id: string;
    readonly event_type: string;
    readonly create_time: string;
    readonly token: string;
    readonly app_id: string;
    readonly tenant_key: string;
  };
  readonly event: Record<string, unknown>;
}

function envelope(state: PlatformState, eventType: string, event: Record<string, unknown>, createTime: string): EventEnvelope {
  return {
    schema: "2.0",
    header: {
      event_id: newEventId(),
      event_type: eventType,
      create_time: createTime,
      token: state.app.verificationToken,
      app_id: state.app.appId,
      tenant_key: tenantKey,
    },
    event,
  };
}

const userIds = (user: User) => ({ union_id: user.unionId, user_id: user.userId, open_id: user.openId });

/** §4.1 `im.message.receive_v1`: content is a JSON string with `@_user_N` placeholders. */
export function messageReceived(state: PlatformState, message: RecordedMessage, sender: User): EventEnvelope {
  return envelope(
    state,
    "im.message.receive_v1",
    {
      sender: { sender_id: userIds(sender), sender_type: "user", tenant_key: tenantKey },
      message: {
        message_id: message.messageId,
        ...(message.rootId ? { root_id: message.rootId } : {}),
        ...(message.parentId ? { parent_id: message.parentId } : {}),
        create_time: String(message.createTime),
        update_time: String(message.updateTime),
        chat_id: message.chatId,
        ...(message.threadId ? { thread_id: message.threadId } : {}),
        chat_type: message.chatType,
        message_type: message.msgType,
        content: message.content,
        ...(message.mentions.length ? { mentions: message.mentions } : {}),
      },
    },
    String(message.createTime),
  );
}

export interface CardAction {
  readonly value?: Record<string, unknown>;
  readonly tag: string;
  readonly name?: string;
  readonly formValue?: Record<string, string | string[]>;
}

/** §3.1 `card.action.trigger`: create_time in microseconds; `event.token` is the delayed-update token. */
export function cardActionTriggered(
  state: PlatformState,
  operator: User,
  message: RecordedMessage,
  token: string,
  action: CardAction,
): EventEnvelope {
  return envelope(
    state,
    "card.action.trigger",
    {
      operator: { tenant_key: tenantKey, ...userIds(operator) },
      token,
      action: {
        ...(action.value === undefined ? {} : { value: action.value }),
        tag: action.tag,
        ...(action.name === undefined ? {} : { name: action.name }),
        ...(action.formValue === undefined ? {} : { form_value: action.formValue }),
        timezone: "Asia/Shanghai",
      },
      host: "im_message",
      context: { open_message_id: message.messageId, open_chat_id: message.chatId },
    },
    String(state.clock.now() * 1000),
  );
}

/** §4.3 `application.bot.menu_v6`: no chat id; a reply goes p2p to operator_id.open_id. */
export function botMenuClicked(state: PlatformState, operator: User, eventKey: string): EventEnvelope {
  return envelope(
    state,
    "application.bot.menu_v6",
    {
      operator: { operator_name: operator.name, operator_id: userIds(operator) },
      event_key: eventKey,
      timestamp: Math.floor(state.clock.now() / 1000),
    },
    String(state.clock.now()),
  );
}

/** §10 `im.chat.member.bot.added_v1`. */
export function botAddedToChat(state: PlatformState, chat: Chat, operator: User): EventEnvelope {
  return envelope(
    state,
    "im.chat.member.bot.added_v1",
    {
      chat_id: chat.chatId,
      operator_id: userIds(operator),
      external: false,
      operator_tenant_key: tenantKey,
      name: chat.name,
      i18n_names: { zh_cn: chat.name },
    },
    String(state.clock.now()),
  );
}
