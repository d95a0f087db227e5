// The long connection (WSClient): the default transport. The SDK answers each frame with what the
// handler returned, so a card action's toast/card travels back in the acknowledgement (§5.4).
import * as lark from "@larksuiteoapi/node-sdk";
import type { Bot } from "../bot/bot.ts";
import { createDispatcher } from "./dispatcher.ts";

export interface LongConnection {
  close(): void;
}

export async function startLongConnection(bot: Bot, options: { appId: string; appSecret: string; domain: lark.Domain | string }): Promise<LongConnection> {
  const client = new lark.WSClient({
    appId: options.appId,
    appSecret: options.appSecret,
    domain: options.domain,
    loggerLevel: lark.LoggerLevel.error,
  });
  await client.start({ eventDispatcher: createDispatcher(bot) });
  return { close: () => client.close() };
}
