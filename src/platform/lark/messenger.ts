// Our one gateway to the Feishu open platform: everything the bot sends or asks goes through this
// interface, implemented on the real SDK client (lark-messenger.ts). Handlers never build clients.

export type ReceiveIdType = "open_id" | "chat_id" | "user_id" | "union_id" | "email";

export interface Recipient {
  readonly type: ReceiveIdType;
  readonly id: string;
}

export type OutgoingMessage =
  | { readonly msgType: "text"; readonly text: string }
  | { readonly msgType: "interactive"; readonly card: Record<string, unknown> }
  | { readonly msgType: "file"; readonly fileKey: string };

export interface SentMessage {
  readonly messageId: string;
  readonly chatId: string | null;
}

export interface FoundUser {
  readonly openId: string;
  readonly mobile?: string;
  readonly email?: string;
}

export interface Messenger {
  /** Sends; `uuid` makes the platform send at most one message per uuid within an hour (§1.1). */
  send(to: Recipient, message: OutgoingMessage, uuid?: string): Promise<SentMessage>;
  /** Replaces a sent card (PATCH, §1.4); the card must be a shared (update_multi) card. */
  updateCard(messageId: string, card: Record<string, unknown>): Promise<void>;
  /** Uploads a file for sending (§1.6). */
  uploadFile(fileName: string, data: Buffer, fileType: "doc" | "xls" | "pdf" | "stream"): Promise<string>;
  /** open_ids of users by mobile or email (§8 batch_get_id); people not found are left out. */
  findUsers(query: { mobiles?: readonly string[]; emails?: readonly string[] }): Promise<FoundUser[]>;
  /** open_ids of those who have read one of our messages, where the platform exposes it. */
  readBy(messageId: string): Promise<string[]>;
  /** The bot's own identity (§4.2 bot info): its open_id is how a group message is known to be addressed to it. */
  botInfo(): Promise<BotInfo>;
}

export interface BotInfo {
  readonly openId: string;
  readonly name: string;
}

/** A platform answer that is not success, with the platform's code (230002, 99991400 …). */
export class PlatformError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly httpStatus: number | null,
    /** seconds to wait before retrying, from x-ogw-ratelimit-reset */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(`飞书开放平台返回错误 ${code}：${message}`);
    this.name = "PlatformError";
  }

  /** Rate limits (99991400, 230020) and server trouble are worth retrying; bad requests are not. */
  get isRetryable(): boolean {
    return this.code === 99991400 || this.code === 230020 || this.code === 11232 || this.code === 11233 || this.code === 11247 || (this.httpStatus !== null && this.httpStatus >= 500) || this.code === -1;
  }

  get isRateLimit(): boolean {
    return this.code === 99991400 || this.code === 230020 || this.code === 11232 || this.code === 11233 || this.code === 11247 || this.httpStatus === 429;
  }
}
