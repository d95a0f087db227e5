// The long connection (WSClient): the default transport. The SDK answers each frame with what the
// handler returned, so a card action's toast/card travels back in the acknowledgement (§5.4).
import * as lark from "@larksuiteoapi/node-sdk";
import type { Bot } from "../bot/bot.ts";
import { sdkLogger, type Logger } from "../platform/logger.ts";
import { createDispatcher } from "./dispatcher.ts";

export interface LongConnection {
  close(): void;
}

export interface LongConnectionOptions {
  readonly appId: string;
  readonly appSecret: string;
  readonly domain: lark.Domain | string;
  /** where the connection's state goes (connected, reconnecting, failed); silent without */
  readonly log?: Logger;
}

export async function startLongConnection(bot: Bot, options: LongConnectionOptions): Promise<LongConnection> {
  const log = options.log;
  const client = new lark.WSClient({
    appId: options.appId,
    appSecret: options.appSecret,
    domain: options.domain,
    loggerLevel: lark.LoggerLevel.error,
    ...(log ? { logger: sdkLogger(log) } : {}),
    onReady: () => log?.info("长连接已建立"),
    onError: (error: Error) => log?.error({ err: error }, "长连接出错：请检查应用凭证，以及开发者后台“事件与回调”是否选择了“使用长连接接收”"),
    onReconnecting: () => log?.warn("长连接断开，正在重连"),
    onReconnected: () => log?.info("长连接已恢复"),
  });
  acceptCardFrames(client);
  await client.start({ eventDispatcher: createDispatcher(bot, log ? { log } : {}) });
  return { close: () => client.close() };
}

interface Frame {
  readonly headers: readonly { readonly key: string; readonly value: string }[];
}

/**
 * Some tenants have reported card clicks arriving as frames of type `card` (§5.4), which the SDK's
 * WSClient drops without a word (`if (type !== MessageType.event) return`), so every click would fail
 * with 200340. Such a frame is handed to the SDK as the event it carries, and its acknowledgement goes
 * back under the type it came with.
 */
export function acceptCardFrames(client: lark.WSClient): void {
  const internals = client as unknown as { handleEventData(frame: Frame): Promise<void>; sendMessage(frame: Frame): void };
  const handle = internals.handleEventData.bind(client);
  const send = internals.sendMessage.bind(client);
  const cardFrames = new Set<string>();
  const header = (frame: Frame, key: string) => frame.headers.find((h) => h.key === key)?.value;
  const withType = (frame: Frame, type: string): Frame => ({ ...frame, headers: frame.headers.map((h) => (h.key === "type" ? { key: "type", value: type } : h)) });
  internals.handleEventData = (frame) => {
    if (header(frame, "type") !== "card") return handle(frame);
    cardFrames.add(header(frame, "message_id") ?? "");
    return handle(withType(frame, "event"));
  };
  internals.sendMessage = (frame) => {
    const id = header(frame, "message_id") ?? "";
    if (!cardFrames.delete(id)) return send(frame);
    return send(withType(frame, "card"));
  };
}
