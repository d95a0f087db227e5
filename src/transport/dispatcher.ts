// The SDK's EventDispatcher, with each event type we use routed to bot.handle. Both transports use it.
import * as lark from "@larksuiteoapi/node-sdk";
import type { Bot } from "../bot/bot.ts";
import { sdkLogger, type Logger } from "../platform/logger.ts";

export interface DispatcherOptions {
  readonly encryptKey?: string;
  readonly verificationToken?: string;
  readonly log?: Logger;
}

export function createDispatcher(bot: Bot, options: DispatcherOptions = {}): lark.EventDispatcher {
  const dispatcher = new lark.EventDispatcher({
    ...(options.encryptKey ? { encryptKey: options.encryptKey } : {}),
    ...(options.verificationToken ? { verificationToken: options.verificationToken } : {}),
    loggerLevel: lark.LoggerLevel.error,
    ...(options.log ? { logger: sdkLogger(options.log) } : {}),
  });
  // The parameter types: IHandles has no entry for card.action.trigger (reference §3.3).
  return dispatcher.register({
    "im.message.receive_v1": (data: unknown) => bot.handle("im.message.receive_v1", data),
    "card.action.trigger": (data: unknown) => bot.handle("card.action.trigger", data),
  } as Record<string, (data: unknown) => Promise<unknown>>);
}
