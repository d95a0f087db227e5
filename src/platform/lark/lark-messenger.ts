// Messenger on the real @larksuiteoapi/node-sdk client. The SDK throws an AxiosError for non-2xx
// answers (400/429/5xx); we turn every failure into a PlatformError with the platform's code.
import * as lark from "@larksuiteoapi/node-sdk";
import type { FoundUser, Messenger, OutgoingMessage, Recipient, SentMessage } from "./messenger.ts";
import { PlatformError } from "./messenger.ts";

function content(message: OutgoingMessage): string {
  switch (message.msgType) {
    case "text":
      return JSON.stringify({ text: message.text });
    case "interactive":
      return JSON.stringify(message.card);
    case "file":
      return JSON.stringify({ file_key: message.fileKey });
  }
}

/** Runs an SDK call and turns both thrown HTTP errors and `code != 0` bodies into PlatformError. */
async function call<T extends { code?: number; msg?: string }>(request: () => Promise<T>): Promise<T> {
  let response: T;
  try {
    response = await request();
  } catch (error) {
    throw toPlatformError(error);
  }
  if (response && typeof response.code === "number" && response.code !== 0) {
    throw new PlatformError(response.code, response.msg ?? "", 200);
  }
  return response;
}

export function toPlatformError(error: unknown): PlatformError {
  if (error instanceof PlatformError) return error;
  const axios = error as { response?: { status?: number; data?: { code?: number; msg?: string }; headers?: Record<string, string> }; message?: string; code?: string };
  if (axios.response) {
    const reset = Number(axios.response.headers?.["x-ogw-ratelimit-reset"]);
    return new PlatformError(axios.response.data?.code ?? -1, axios.response.data?.msg ?? axios.message ?? "", axios.response.status ?? null, Number.isFinite(reset) ? reset : null);
  }
  // No answer at all (timeout, connection refused): retryable.
  return new PlatformError(-1, axios.message ?? String(error), null);
}

export function createLarkMessenger(client: lark.Client): Messenger {
  return {
    async send(to: Recipient, message: OutgoingMessage, uuid?: string): Promise<SentMessage> {
      const response = await call(() =>
        client.im.v1.message.create({
          params: { receive_id_type: to.type },
          data: { receive_id: to.id, msg_type: message.msgType, content: content(message), ...(uuid ? { uuid } : {}) },
        }),
      );
      const messageId = response.data?.message_id;
      if (!messageId) throw new PlatformError(-1, "发送成功但未返回 message_id", 200);
      return { messageId, chatId: response.data?.chat_id ?? null };
    },

    async updateCard(messageId, card) {
      await call(() => client.im.v1.message.patch({ path: { message_id: messageId }, data: { content: JSON.stringify(card) } }));
    },

    async uploadFile(fileName, data, fileType) {
      // The SDK returns the unwrapped data ({file_key}) or null on failure (§1.6).
      let result: { file_key?: string } | null;
      try {
        result = await client.im.v1.file.create({ data: { file_type: fileType, file_name: fileName, file: data } });
      } catch (error) {
        throw toPlatformError(error);
      }
      if (!result?.file_key) throw new PlatformError(-1, `上传文件 ${fileName} 失败`, null);
      return result.file_key;
    },

    async findUsers(query): Promise<FoundUser[]> {
      const response = await call(() =>
        client.contact.v3.user.batchGetId({
          params: { user_id_type: "open_id" },
          data: { mobiles: [...(query.mobiles ?? [])], emails: [...(query.emails ?? [])], include_resigned: false },
        }),
      );
      return (response.data?.user_list ?? [])
        .filter((user) => user.user_id)
        .map((user) => ({ openId: user.user_id!, ...(user.mobile ? { mobile: user.mobile } : {}), ...(user.email ? { email: user.email } : {}) }));
    },

    async botInfo() {
      // The SDK has no typed method for bot info; its own channel code asks the same raw endpoint.
      const response = await call(() => client.request<{ code?: number; msg?: string; bot?: { open_id?: string; app_name?: string } }>({ url: "/open-apis/bot/v3/info", method: "GET" }));
      const openId = response.bot?.open_id;
      if (!openId) throw new PlatformError(-1, "机器人信息中没有 open_id：请确认应用已启用机器人能力", 200);
      return { openId, name: response.bot?.app_name ?? "" };
    },

    async readBy(messageId) {
      const response = await call(() => client.im.v1.message.readUsers({ path: { message_id: messageId }, params: { user_id_type: "open_id" } }));
      return (response.data?.items ?? []).map((item) => item.user_id).filter((id): id is string => Boolean(id));
    },
  };
}
