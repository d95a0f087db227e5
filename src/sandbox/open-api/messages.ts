import type { Chat, UserIdType } from "../directory.ts";
import { tenantKey } from "../directory.ts";
import { json, jsonBody, type ApiRequest, type Router } from "../http-kit.ts";
import { newMessageId, newThreadId } from "../ids.ts";
import { checkMessageContent } from "../message-content.ts";
import type { RecordedMessage } from "../message-ledger.ts";
import { ErrorCode, badRequest } from "../platform-error.ts";
import { enforceRate, type PlatformState } from "../platform-state.ts";

// Sending, replying, editing, urging and read receipts (§1.1, §1.3, §1.7, §1.9, §10 Messaging).
// Card updates live in cards.ts.

const receiveIdTypes = ["open_id", "user_id", "union_id", "email", "chat_id"] as const;

export function messageData(message: RecordedMessage) {
  const sender =
    message.sender.type === "app"
      ? { id: message.sender.appId, id_type: "app_id", sender_type: "app", tenant_key: tenantKey }
      : { id: message.sender.openId, id_type: "open_id", sender_type: "user", tenant_key: tenantKey };
  return {
    message_id: message.messageId,
    ...(message.rootId ? { root_id: message.rootId } : {}),
    ...(message.parentId ? { parent_id: message.parentId } : {}),
    ...(message.threadId ? { thread_id: message.threadId } : {}),
    msg_type: message.msgType,
    create_time: String(message.createTime),
    update_time: String(message.updateTime),
    deleted: message.deleted,
    updated: message.updated,
    chat_id: message.chatId,
    sender,
    body: { content: message.content },
    ...(message.mentions.length
      ? {
          mentions: message.mentions.map((m) => ({ key: m.key, id: m.id.open_id, id_type: "open_id", name: m.name, tenant_key: tenantKey })),
        }
      : {}),
  };
}

/** §1.7: where a receive_id points. A group needs the bot as member (230002). */
function resolveReceiver(state: PlatformState, idType: string | null, receiveId: unknown): Chat {
  if (!receiveIdTypes.includes(idType as (typeof receiveIdTypes)[number])) {
    throw badRequest(ErrorCode.badParameter, `invalid receive_id_type: ${String(idType)}`);
  }
  if (typeof receiveId !== "string" || receiveId === "") throw badRequest(ErrorCode.badParameter, "receive_id is required");
  if (idType === "chat_id") {
    const chat = state.directory.chat(receiveId);
    if (!chat || !chat.hasBot) throw badRequest(ErrorCode.botNotInChat, "Bot/User can NOT be out of the chat.");
    return chat;
  }
  const user = state.directory.userByIdType(idType as UserIdType, receiveId);
  if (!user) throw badRequest(ErrorCode.badParameter, `invalid receive_id: no ${idType} ${receiveId}`);
  if (!user.inAvailability) {
    throw badRequest(ErrorCode.userOutsideAvailability, "Bot has NO availability to this user.");
  }
  return state.directory.p2pChat(user);
}

function requireOwnMessage(state: PlatformState, req: ApiRequest): RecordedMessage {
  const message = state.ledger.get(req.params["message_id"] ?? "");
  if (!message) throw badRequest(ErrorCode.badParameter, "invalid message_id");
  if (message.deleted) throw badRequest(ErrorCode.messageRecalled, "The message has been recalled.");
  return message;
}

function isFromApp(message: RecordedMessage, appId: string): boolean {
  return message.sender.type === "app" && message.sender.appId === appId;
}

export function registerMessageRoutes(router: Router, state: PlatformState): void {
  // §1.1 create
  router.add("POST", "/open-apis/im/v1/messages", (req) => {
    const body = jsonBody(req);
    const uuid = body["uuid"];
    if (uuid !== undefined && (typeof uuid !== "string" || uuid.length > 50)) {
      throw badRequest(ErrorCode.badParameter, "uuid must be a string of at most 50 characters");
    }
    if (typeof uuid === "string") {
      // §1.1: the same uuid within an hour sends nothing and answers with the first message.
      const first = state.ledger.findByUuid(req.appId, uuid);
      if (first) return json({ code: 0, msg: "success", data: messageData(first) });
    }
    const chat = resolveReceiver(state, req.query.get("receive_id_type"), body["receive_id"]);
    // §7: 5 QPS to the same user or the same group.
    enforceRate(state, state.limiter.perReceiver(chat.chatId));
    const checked = checkMessageContent(body["msg_type"], body["content"], req.rawBody.length, state);
    const message = state.ledger.record({
      messageId: newMessageId(),
      chatId: chat.chatId,
      chatType: chat.chatType,
      msgType: checked.msgType,
      sender: { type: "app", appId: req.appId },
      content: checked.content,
      mentions: [],
      ...(typeof uuid === "string" ? { uuid } : {}),
      via: "create",
    });
    return json({ code: 0, msg: "success", data: messageData(message) });
  });

  // §1.3 reply
  router.add("POST", "/open-apis/im/v1/messages/:message_id/reply", (req) => {
    const body = jsonBody(req);
    const parent = requireOwnMessage(state, req);
    const uuid = body["uuid"];
    if (typeof uuid === "string") {
      const first = state.ledger.findByUuid(req.appId, uuid);
      if (first) return json({ code: 0, msg: "success", data: messageData(first) });
    }
    const chat = state.directory.chat(parent.chatId);
    if (!chat || !chat.hasBot) throw badRequest(ErrorCode.botNotInChat, "Bot/User can NOT be out of the chat.");
    enforceRate(state, state.limiter.perReceiver(chat.chatId));
    const checked = checkMessageContent(body["msg_type"], body["content"], req.rawBody.length, state);
    const threadId = parent.threadId ?? (body["reply_in_thread"] === true ? newThreadId() : undefined);
    const message = state.ledger.record({
      messageId: newMessageId(),
      chatId: chat.chatId,
      chatType: chat.chatType,
      msgType: checked.msgType,
      sender: { type: "app", appId: req.appId },
      content: checked.content,
      mentions: [],
      parentId: parent.messageId,
      rootId: parent.rootId ?? parent.messageId,
      ...(threadId ? { threadId } : {}),
      ...(typeof uuid === "string" ? { uuid } : {}),
      via: "reply",
    });
    return json({ code: 0, msg: "success", data: messageData(message) });
  });

  // §1.4: PUT edits text and post only; cards go through PATCH.
  router.add("PUT", "/open-apis/im/v1/messages/:message_id", (req) => {
    const body = jsonBody(req);
    const message = requireOwnMessage(state, req);
    if (!isFromApp(message, req.appId)) throw badRequest(ErrorCode.noPermissionToUpdate, "Only the sender can edit the message.");
    if (message.msgType !== "text" && message.msgType !== "post") {
      throw badRequest(ErrorCode.badParameter, "only text and post messages can be edited; use PATCH for cards");
    }
    const checked = checkMessageContent(body["msg_type"], body["content"], req.rawBody.length, state);
    if (checked.msgType !== "text" && checked.msgType !== "post") {
      throw badRequest(ErrorCode.badParameter, "msg_type must be text or post");
    }
    state.ledger.replaceContent(message, checked.content, "update");
    return json({ code: 0, msg: "success", data: messageData(message) });
  });

  router.add("GET", "/open-apis/im/v1/messages/:message_id", (req) => {
    const message = requireOwnMessage(state, req);
    const chat = state.directory.chat(message.chatId);
    if (!chat?.hasBot) throw badRequest(ErrorCode.botNotInChat, "Bot/User can NOT be out of the chat.");
    return json({ code: 0, msg: "success", data: { items: [messageData(message)] } });
  });

  // §1.9 urgent_app: only the bot's own messages, only to members of the chat.
  router.add("PATCH", "/open-apis/im/v1/messages/:message_id/urgent_app", (req) => {
    const body = jsonBody(req);
    const message = requireOwnMessage(state, req);
    if (!isFromApp(message, req.appId)) throw badRequest(ErrorCode.badParameter, "only the bot's own messages can be urged");
    const idType = (req.query.get("user_id_type") ?? "open_id") as UserIdType;
    const ids = body["user_id_list"];
    if (!Array.isArray(ids) || ids.length === 0) throw badRequest(ErrorCode.badParameter, "user_id_list is required");
    const chat = state.directory.chat(message.chatId);
    const invalid: string[] = [];
    const urged: string[] = [];
    for (const id of ids) {
      const user = typeof id === "string" ? state.directory.userByIdType(idType, id) : undefined;
      if (user && chat?.members.has(user.openId)) urged.push(user.openId);
      else invalid.push(String(id));
    }
    if (urged.length) message.urgentTo.push({ openIds: urged, at: state.clock.now() });
    return json({ code: 0, msg: "success", data: { invalid_user_id_list: invalid } });
  });

  // Read receipts: the sender asks who has read its message (SDK types `readUsers`: only the bot's
  // own messages, at most 7 days old, the bot still in the chat).
  router.add("GET", "/open-apis/im/v1/messages/:message_id/read_users", (req) => {
    const message = requireOwnMessage(state, req);
    if (!isFromApp(message, req.appId)) throw badRequest(ErrorCode.badParameter, "only the sender can read receipts");
    if (state.clock.now() - message.createTime > 7 * 24 * 3600_000) {
      throw badRequest(ErrorCode.badParameter, "read receipts are kept for 7 days");
    }
    const chat = state.directory.chat(message.chatId);
    if (!chat?.hasBot) throw badRequest(ErrorCode.botNotInChat, "Bot/User can NOT be out of the chat.");
    const idType = req.query.get("user_id_type");
    if (idType !== "open_id" && idType !== "user_id" && idType !== "union_id") {
      throw badRequest(ErrorCode.badParameter, "user_id_type is required: open_id, user_id or union_id");
    }
    const readers = [...message.readBy].flatMap(([openId, at]) => {
      const user = state.directory.userByIdType("open_id", openId);
      return user ? [{ user_id_type: idType, user_id: state.directory.idOf(user, idType), timestamp: String(at), tenant_key: tenantKey }] : [];
    });
    return json({ code: 0, msg: "success", data: page(readers, req) });
  });
}

/** Offset paging shared by list APIs: `page_size` (default 20, at most 100) and an opaque `page_token`. */
export function page<T>(items: readonly T[], req: ApiRequest): { items: T[]; has_more: boolean; page_token?: string } {
  const size = Math.min(Math.max(Number(req.query.get("page_size") ?? 20) || 20, 1), 100);
  const offset = Number(Buffer.from(req.query.get("page_token") ?? "", "base64url").toString() || 0) || 0;
  const slice = items.slice(offset, offset + size);
  const hasMore = offset + size < items.length;
  return {
    items: slice,
    has_more: hasMore,
    ...(hasMore ? { page_token: Buffer.from(String(offset + size)).toString("base64url") } : {}),
  };
}
