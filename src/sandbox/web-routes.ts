import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { json, type ApiResult, type Router } from "./http-kit.ts";
import type { Chat, User } from "./directory.ts";
import { isGroup } from "./directory.ts";
import type { RecordedMessage } from "./message-ledger.ts";
import type { Platform } from "./platform.ts";

// The sandbox page (`GET /`): static files from ./web, plus two read-only views made for it. The
// page polls `/_sandbox/web/overview` every second; a chat's `seq` changes whenever one of its
// messages is created or patched, and only then does the page fetch that chat's messages again.

const webDir = fileURLToPath(new URL("./web/", import.meta.url));
const contentTypes: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  svg: "image/svg+xml",
};

async function staticFile(name: string): Promise<ApiResult> {
  // Route params are URL-decoded, so "..%2F" would arrive as "../": only plain file names pass.
  const match = /^[a-z0-9-]+\.(html|js|css|svg)$/.exec(name);
  if (!match) return json({ error: "no such file" }, 404);
  try {
    const bytes = await readFile(webDir + name);
    // Edits to the page show on reload while `npm start` runs.
    return { kind: "bytes", status: 200, bytes, contentType: contentTypes[match[1]!]!, headers: { "Cache-Control": "no-cache" } };
  } catch {
    return json({ error: "no such file" }, 404);
  }
}

export function registerWebRoutes(router: Router, platform: Platform): void {
  const open = { needsToken: false, rateLimited: false };
  let seq = 0;
  const chatSeq = new Map<string, number>();
  platform.state.ledger.onChange((message) => chatSeq.set(message.chatId, ++seq));

  router.add("GET", "/", () => staticFile("index.html"), open);
  router.add("GET", "/web/:file", (req) => staticFile(req.params["file"] ?? ""), open);

  router.add(
    "GET",
    "/_sandbox/web/overview",
    () => {
      const directory = platform.directory;
      const chats = directory.allChats();
      const p2pByUser = new Map(chats.filter((c) => c.p2pOpenId).map((c) => [c.p2pOpenId!, c]));
      const summary = (chat: Chat | undefined) => {
        const messages = chat ? platform.state.ledger.inChat(chat.chatId) : [];
        const last = messages.at(-1);
        return {
          chat_id: chat?.chatId ?? null,
          seq: chat ? (chatSeq.get(chat.chatId) ?? 0) : 0,
          count: messages.length,
          last: last ? { preview: previewOf(platform, last), time: last.createTime, sender: senderName(platform, last) } : null,
        };
      };
      return json({
        seq,
        bot: { name: platform.bot.appName, open_id: platform.bot.openId },
        groups: chats
          .filter((c) => isGroup(c))
          .map((c) => ({ ...summary(c), name: c.name, members: [...c.members], bot_in_chat: c.hasBot })),
        // Every person's one-to-one chat with the bot, also before either side has spoken.
        people: directory.allUsers().map((u: User) => ({ ...summary(p2pByUser.get(u.openId)), name: u.name, open_id: u.openId })),
      });
    },
    open,
  );

  router.add(
    "GET",
    "/_sandbox/web/messages",
    (req) => {
      const chatRef = req.query.get("chat");
      const p2p = req.query.get("p2p");
      const directory = platform.directory;
      const chat = chatRef ? directory.findChat(chatRef) : p2p ? directory.allChats().find((c) => c.p2pOpenId === p2p) : undefined;
      if (!chat) return json({ chat_id: null, seq: 0, messages: [] });
      return json({
        chat_id: chat.chatId,
        seq: chatSeq.get(chat.chatId) ?? 0,
        messages: platform.state.ledger.inChat(chat.chatId).map((m) => pageView(platform, m)),
      });
    },
    open,
  );
}

function senderName(platform: Platform, message: RecordedMessage): string {
  return message.sender.type === "app" ? platform.bot.appName : message.sender.name;
}

function parse(content: string): unknown {
  try {
    return JSON.parse(content);
  } catch {
    return null;
  }
}

/** A message as the page draws it: the current content only (not every version), the file's name. */
function pageView(platform: Platform, message: RecordedMessage) {
  const body = parse(message.content) as Record<string, unknown> | null;
  const fileKey = typeof body?.["file_key"] === "string" ? body["file_key"] : typeof body?.["image_key"] === "string" ? body["image_key"] : null;
  const file = fileKey ? platform.file(fileKey) : undefined;
  return {
    message_id: message.messageId,
    msg_type: message.msgType,
    sender: message.sender.type === "app" ? { type: "app", name: platform.bot.appName } : { type: "user", open_id: message.sender.openId, name: message.sender.name },
    body,
    mentions: message.mentions.map((m) => ({ key: m.key, name: m.name, open_id: m.id.open_id })),
    create_time: message.createTime,
    update_time: message.updateTime,
    versions: message.versions.length,
    ...(message.parentId ? { parent_id: message.parentId } : {}),
    ...(file ? { file: { key: file.key, name: file.fileName, size: file.bytes.length, kind: file.kind } } : {}),
  };
}

/** One line for the chat list, as Feishu shows under a chat's name. */
function previewOf(platform: Platform, message: RecordedMessage): string {
  const body = parse(message.content) as Record<string, unknown> | null;
  switch (message.msgType) {
    case "text": {
      let text = typeof body?.["text"] === "string" ? body["text"] : "";
      for (const mention of message.mentions) text = text.replaceAll(mention.key, `@${mention.name}`);
      return text.replace(/<at [^>]*>([^<]*)<\/at>/g, "@$1").replace(/\s+/g, " ").slice(0, 60);
    }
    case "interactive": {
      const config = body?.["config"] as { summary?: { content?: string } } | undefined;
      const header = body?.["header"] as { title?: { content?: string } } | undefined;
      return `[卡片] ${config?.summary?.content || header?.title?.content || ""}`.trim().slice(0, 60);
    }
    case "file": {
      const key = typeof body?.["file_key"] === "string" ? body["file_key"] : "";
      return `[文件] ${platform.file(key)?.fileName ?? ""}`.trim();
    }
    case "image":
      return "[图片]";
    case "post": {
      const post = (body?.["zh_cn"] ?? body) as { title?: string } | null;
      return `[富文本] ${post?.title ?? ""}`.trim();
    }
    default:
      return `[${message.msgType}]`;
  }
}
