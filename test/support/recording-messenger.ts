// A recording fake of our own gateway (src/platform/lark/messenger.ts), for tests that feed payloads to
// bot.handle directly: every call is kept, in order, and answered with plausible values. It stands in
// for the platform only; nothing of ours is replaced.
import type { BotInfo, FoundUser, Messenger, OutgoingMessage, Recipient, SentMessage } from "../../src/platform/lark/messenger.ts";

export type MessengerCall =
  | { readonly method: "send"; readonly to: Recipient; readonly message: OutgoingMessage; readonly uuid: string | undefined }
  | { readonly method: "updateCard"; readonly messageId: string; readonly card: Record<string, unknown> }
  | { readonly method: "uploadFile"; readonly fileName: string; readonly bytes: number; readonly fileType: "doc" | "xls" | "pdf" | "stream" }
  | { readonly method: "findUsers"; readonly query: { mobiles?: readonly string[]; emails?: readonly string[] } }
  | { readonly method: "readBy"; readonly messageId: string }
  | { readonly method: "botInfo" };

export interface RecordingMessenger extends Messenger {
  readonly calls: MessengerCall[];
  /** the `send` calls only */
  sent(): Extract<MessengerCall, { method: "send" }>[];
  /** the text of each sent text message */
  sentTexts(): string[];
  clear(): void;
}

export function createRecordingMessenger(bot: BotInfo = { openId: "ou_bot_recording", name: "保障房月报机器人" }): RecordingMessenger {
  const calls: MessengerCall[] = [];
  let counter = 0;
  const sent = () => calls.filter((call): call is Extract<MessengerCall, { method: "send" }> => call.method === "send");
  return {
    calls,
    sent,
    sentTexts: () => sent().flatMap((call) => (call.message.msgType === "text" ? [call.message.text] : [])),
    clear: () => {
      calls.length = 0;
    },
    async send(to, message, uuid): Promise<SentMessage> {
      calls.push({ method: "send", to, message, uuid });
      counter += 1;
      return { messageId: `om_recorded_${counter}`, chatId: to.type === "chat_id" ? to.id : null };
    },
    async updateCard(messageId, card) {
      calls.push({ method: "updateCard", messageId, card });
    },
    async uploadFile(fileName, data, fileType) {
      calls.push({ method: "uploadFile", fileName, bytes: data.length, fileType });
      counter += 1;
      return `file_v3_recorded_${counter}`;
    },
    async findUsers(query): Promise<FoundUser[]> {
      calls.push({ method: "findUsers", query });
      return [];
    },
    async readBy(messageId) {
      calls.push({ method: "readBy", messageId });
      return [];
    },
    async botInfo() {
      calls.push({ method: "botInfo" });
      return bot;
    },
  };
}
