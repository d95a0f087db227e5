import { checkCard, cardVersionOf, type CardVersion } from "./card-check.ts";
import type { Directory } from "./directory.ts";
import type { FileStore } from "./file-store.ts";
import { ErrorCode, PlatformError, badRequest } from "./platform-error.ts";

// What the platform checks in a message body before it sends anything (§1.1, §1.2, §1.6, §2.5).

/** §1.1: msg_type values, from the reply doc. */
export const msgTypes = [
  "text",
  "post",
  "image",
  "file",
  "audio",
  "media",
  "sticker",
  "interactive",
  "share_chat",
  "share_user",
] as const;

/** §1.1: a text request ≤ 150 KB; card and rich-text requests ≤ 30 KB. */
export const sizeLimits = { textBytes: 150 * 1024, cardOrPostBytes: 30 * 1024 };

export type CardKind =
  | { kind: "raw"; version: CardVersion; card: Record<string, unknown> }
  | { kind: "template"; templateId: string }
  | { kind: "entity"; cardId: string };

export interface CheckedContent {
  readonly msgType: string;
  readonly content: string;
  readonly card?: CardKind;
}

interface ContentContext {
  readonly files: FileStore;
  readonly directory: Directory;
}

/** Checks `msg_type` + `content` of a create, reply or update request; `requestBytes` is the whole body. */
export function checkMessageContent(
  msgType: unknown,
  content: unknown,
  requestBytes: number,
  context: ContentContext,
): CheckedContent {
  if (typeof msgType !== "string" || !(msgTypes as readonly string[]).includes(msgType)) {
    throw badRequest(ErrorCode.badParameter, `invalid msg_type: ${String(msgType)}`);
  }
  // §1.1: content is always a string of serialized JSON, never an object.
  if (typeof content !== "string") {
    throw badRequest(ErrorCode.badParameter, "content must be a string of serialized JSON");
  }
  const limit = msgType === "interactive" || msgType === "post" ? sizeLimits.cardOrPostBytes : sizeLimits.textBytes;
  if (requestBytes > limit) {
    throw badRequest(ErrorCode.contentTooLong, `The message is too long: ${requestBytes} bytes, limit ${limit}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    // §10 Messaging: "Validate that content parses as JSON". The exact code is UNCONFIRMED; 230001.
    throw badRequest(ErrorCode.badParameter, "invalid content: content is not valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw badRequest(ErrorCode.badParameter, "invalid content: content must be a JSON object");
  }
  const body = parsed as Record<string, unknown>;
  switch (msgType) {
    case "text":
      if (typeof body["text"] !== "string") throw badRequest(ErrorCode.badParameter, "invalid content: text is required");
      return { msgType, content };
    case "post":
      checkPost(body);
      return { msgType, content };
    case "image":
      requireUpload(context.files, body["image_key"], "image", "image_key");
      return { msgType, content };
    case "file":
    case "audio":
    case "media":
    case "sticker": {
      const file = requireUpload(context.files, body["file_key"], "file", "file_key");
      // §1.6: an mp4 upload must be sent as media; a mismatch gives 230055.
      if ((file.type === "mp4") !== (msgType === "media")) {
        throw badRequest(ErrorCode.fileTypeMismatch, `file of type ${file.type} cannot be sent as ${msgType}`);
      }
      return { msgType, content };
    }
    case "share_chat":
      if (typeof body["chat_id"] !== "string" || !context.directory.chat(body["chat_id"])) {
        throw badRequest(ErrorCode.badParameter, "invalid content: unknown chat_id");
      }
      return { msgType, content };
    case "share_user":
      if (typeof body["user_id"] !== "string" || !context.directory.findUser(body["user_id"])) {
        throw badRequest(ErrorCode.badParameter, "invalid content: unknown user_id");
      }
      return { msgType, content };
    default:
      return { msgType, content, card: checkInteractive(body) };
  }
}

/** §1.2: a raw card (1.0 or 2.0), a template reference, or a CardKit entity reference. */
export function checkInteractive(body: Record<string, unknown>): CardKind {
  if (body["type"] === "template") {
    const data = body["data"] as Record<string, unknown> | undefined;
    if (typeof data?.["template_id"] !== "string") {
      throw badRequest(ErrorCode.badParameter, "invalid content: template card needs data.template_id");
    }
    return { kind: "template", templateId: data["template_id"] };
  }
  if (body["type"] === "card") {
    const data = body["data"] as Record<string, unknown> | undefined;
    if (typeof data?.["card_id"] !== "string") throw badRequest(ErrorCode.badParameter, "invalid content: card needs data.card_id");
    // CardKit entities (§2.6) are not emulated: the bot does not use them.
    throw badRequest(ErrorCode.badParameter, "card entities (CardKit) are not supported by the sandbox");
  }
  const check = checkCard(body);
  if (!check.ok) throw badRequest(check.code, check.message);
  return { kind: "raw", version: cardVersionOf(body), card: body };
}

/** §1.1 post: `{<locale>: {title?, content: [[element, …], …]}}`. */
function checkPost(body: Record<string, unknown>): void {
  const locales = Object.values(body);
  const valid =
    locales.length > 0 &&
    locales.every((locale) => {
      const content = (locale as Record<string, unknown> | null)?.["content"];
      return Array.isArray(content) && content.every((line) => Array.isArray(line) && line.every((el) => typeof el?.tag === "string"));
    });
  if (!valid) throw badRequest(ErrorCode.badParameter, "invalid content: post needs {locale: {title, content: [[{tag,…}]]}}");
}

function requireUpload(files: FileStore, key: unknown, kind: "file" | "image", field: string) {
  const file = typeof key === "string" ? files.get(key) : undefined;
  if (!file || file.kind !== kind) {
    // The real code for an unknown key is UNCONFIRMED; 230001 names the field like the platform does.
    throw new PlatformError(400, ErrorCode.badParameter, `invalid content: unknown ${field}`);
  }
  return file;
}
