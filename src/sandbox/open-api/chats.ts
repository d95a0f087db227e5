import type { Chat, User, UserIdType } from "../directory.ts";
import { isGroup, tenantKey } from "../directory.ts";
import { json, jsonBody, type ApiRequest, type Router } from "../http-kit.ts";
import { ErrorCode, badRequest } from "../platform-error.ts";
import type { PlatformState } from "../platform-state.ts";
import { page } from "./messages.ts";

// Groups and their members (§8). Chat-API error codes (232xxx) are UNCONFIRMED by the reference.

function idTypeOf(req: ApiRequest, param: string): UserIdType {
  const value = req.query.get(param) ?? "open_id";
  if (value !== "open_id" && value !== "user_id" && value !== "union_id") {
    throw badRequest(ErrorCode.fieldValidationFailed, `invalid ${param}: ${value}`);
  }
  return value;
}

/** A group the bot may operate on: it exists and the bot is in it (§8 "The caller must be in the group"). */
function requireGroup(state: PlatformState, req: ApiRequest): Chat {
  const chat = state.directory.chat(req.params["chat_id"] ?? "");
  if (!chat || !isGroup(chat)) throw badRequest(ErrorCode.chatNotFound, "invalid chat_id");
  if (!chat.hasBot) throw badRequest(ErrorCode.operatorNotInChat, "operator is not in the chat");
  return chat;
}

function resolveUsers(state: PlatformState, ids: unknown, idType: UserIdType): { found: User[]; missing: string[] } {
  if (!Array.isArray(ids)) throw badRequest(ErrorCode.fieldValidationFailed, "id_list must be a list");
  const found: User[] = [];
  const missing: string[] = [];
  for (const id of ids) {
    const user = typeof id === "string" ? state.directory.userByIdType(idType, id) : undefined;
    if (user) found.push(user);
    else missing.push(String(id));
  }
  return { found, missing };
}

function chatData(state: PlatformState, chat: Chat, idType: UserIdType = "open_id") {
  const owner = chat.ownerOpenId ? state.directory.userByIdType("open_id", chat.ownerOpenId) : undefined;
  return {
    chat_id: chat.chatId,
    avatar: "",
    name: chat.name,
    description: chat.description,
    owner_id: owner ? state.directory.idOf(owner, idType) : "",
    owner_id_type: idType,
    chat_mode: chat.chatType === "topic_group" ? "topic" : "group",
    chat_type: "private",
    external: false,
    tenant_key: tenantKey,
    chat_status: "normal",
  };
}

export function registerChatRoutes(router: Router, state: PlatformState): void {
  router.add("POST", "/open-apis/im/v1/chats", (req) => {
    const body = jsonBody(req);
    const idType = idTypeOf(req, "user_id_type");
    const name = typeof body["name"] === "string" ? body["name"] : "";
    // §8: name ≤ 60 chars, description ≤ 100, at most 50 users per create call.
    if (name.length > 60) throw badRequest(ErrorCode.fieldValidationFailed, "name: at most 60 characters");
    const description = typeof body["description"] === "string" ? body["description"] : "";
    if (description.length > 100) throw badRequest(ErrorCode.fieldValidationFailed, "description: at most 100 characters");
    const userIds = body["user_id_list"] ?? [];
    if (Array.isArray(userIds) && userIds.length > 50) throw badRequest(ErrorCode.fieldValidationFailed, "user_id_list: at most 50 users");
    const { found, missing } = resolveUsers(state, userIds, idType);
    if (missing.length) throw badRequest(ErrorCode.fieldValidationFailed, `unknown users: ${missing.join(", ")}`);
    const owner = typeof body["owner_id"] === "string" ? state.directory.userByIdType(idType, body["owner_id"]) : undefined;
    const members = [...found, ...(owner ? [owner] : [])].map((u) => u.openId);
    const chat = state.directory.createGroup(name, description, members, owner?.openId);
    return json({ code: 0, msg: "success", data: chatData(state, chat, idType) });
  });

  router.add("GET", "/open-apis/im/v1/chats", (req) => {
    const groups = state.directory.allChats().filter((c) => isGroup(c) && c.hasBot);
    return json({ code: 0, msg: "success", data: page(groups.map((c) => chatData(state, c)), req) });
  });

  router.add("GET", "/open-apis/im/v1/chats/:chat_id", (req) => {
    const chat = requireGroup(state, req);
    const { chat_id: _id, ...data } = chatData(state, chat, idTypeOf(req, "user_id_type"));
    return json({
      code: 0,
      msg: "success",
      data: { ...data, user_count: String(chat.members.size), bot_count: chat.hasBot ? "1" : "0" },
    });
  });

  // §8: member lists exclude bots, and name the id `member_id` in the requested type.
  router.add("GET", "/open-apis/im/v1/chats/:chat_id/members", (req) => {
    const chat = requireGroup(state, req);
    const idType = idTypeOf(req, "member_id_type");
    const members = [...chat.members].flatMap((openId) => {
      const user = state.directory.userByIdType("open_id", openId);
      return user ? [{ member_id_type: idType, member_id: state.directory.idOf(user, idType), name: user.name, tenant_key: tenantKey }] : [];
    });
    return json({ code: 0, msg: "success", data: { ...page(members, req), member_total: members.length } });
  });

  router.add("POST", "/open-apis/im/v1/chats/:chat_id/members", (req) => {
    const chat = requireGroup(state, req);
    const { found, missing } = resolveUsers(state, jsonBody(req)["id_list"], idTypeOf(req, "member_id_type"));
    for (const user of found) chat.members.add(user.openId);
    return json({
      code: 0,
      msg: "success",
      data: { invalid_id_list: [], not_existed_id_list: missing, pending_approval_id_list: [] },
    });
  });

  router.add("DELETE", "/open-apis/im/v1/chats/:chat_id/members", (req) => {
    const chat = requireGroup(state, req);
    const { found, missing } = resolveUsers(state, jsonBody(req)["id_list"], idTypeOf(req, "member_id_type"));
    for (const user of found) chat.members.delete(user.openId);
    return json({ code: 0, msg: "success", data: { invalid_id_list: missing } });
  });

  // Answers for the caller, the bot: whether it is in the chat.
  router.add("GET", "/open-apis/im/v1/chats/:chat_id/members/is_in_chat", (req) => {
    const chat = state.directory.chat(req.params["chat_id"] ?? "");
    if (!chat) throw badRequest(ErrorCode.chatNotFound, "invalid chat_id");
    return json({ code: 0, msg: "success", data: { is_in_chat: chat.hasBot } });
  });
}
