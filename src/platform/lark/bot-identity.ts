// The bot's own open_id, asked once at start (§4.2 bot info). In a group the bot acts only on messages
// that @mention it; without its open_id it cannot tell, so a refusal is reported with the setting that
// fixes it and the bot carries on with the older reading (a message that starts with an @mention).
import { refusalHint } from "./refusal-hint.ts";
import type { Logger } from "../logger.ts";
import type { Messenger } from "./messenger.ts";
import { PlatformError } from "./messenger.ts";

export async function learnBotOpenId(messenger: Messenger, log: Logger): Promise<string | null> {
  try {
    return (await messenger.botInfo()).openId;
  } catch (error) {
    const code = error instanceof PlatformError ? error.code : null;
    log.error({ err: error, code }, `无法读取机器人信息（/open-apis/bot/v3/info）。${refusalHint(error)}在此之前，群里以 @机器人 开头的消息仍会被当作指令；机器人继续运行。`);
    return null;
  }
}
