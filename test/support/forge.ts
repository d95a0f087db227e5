// Card callbacks the stand-in's client would never send (it only clicks what a user can see): a card
// forwarded to the wrong person, a payload edited by hand. Pushed as a platform event, signed as the
// platform signs, so only our own checks stand between it and the data.
import { randomBytes } from "node:crypto";
import type { Platform } from "../../src/sandbox/index.ts";
import type { EventEnvelope } from "../../src/sandbox/events/envelopes.ts";

/** Pushes the forged card action as an event; resolves with the delivery record once delivered. */
export async function pushCardAction(platform: Platform, operatorName: string, messageId: string, value: Record<string, unknown>, formValue: Record<string, string> = {}) {
  return platform.pushEvent(cardActionEnvelope(platform, operatorName, messageId, value, formValue));
}

/** Delivers the forged card action as a callback and resolves with the bot's answer (its toast and card). */
export async function answerToCardAction(platform: Platform, operatorName: string, messageId: string, value: Record<string, unknown>, formValue: Record<string, string> = {}) {
  const outcome = await platform.delivery.deliverCallback(cardActionEnvelope(platform, operatorName, messageId, value, formValue));
  if (!outcome.ok) throw new Error(`the callback was not answered: ${outcome.errorCode} ${outcome.detail}`);
  return outcome.response;
}

function cardActionEnvelope(platform: Platform, operatorName: string, messageId: string, value: Record<string, unknown>, formValue: Record<string, string>): EventEnvelope {
  const operator = platform.state.directory.findUser(operatorName);
  if (!operator) throw new Error(`no user ${operatorName}`);
  const message = platform.message(messageId);
  return {
    schema: "2.0" as const,
    header: {
      event_id: randomBytes(16).toString("hex"),
      event_type: "card.action.trigger",
      create_time: String(Date.now() * 1000),
      token: platform.state.app.verificationToken,
      app_id: platform.state.app.appId,
      tenant_key: "736588c9260f175d",
    },
    event: {
      operator: { open_id: operator.openId, union_id: operator.unionId, user_id: operator.userId },
      token: `c-${randomBytes(12).toString("hex")}`,
      action: { value, tag: "button", name: "submit", form_value: formValue, timezone: "Asia/Shanghai" },
      host: "im_message",
      context: { open_message_id: messageId, open_chat_id: message?.chatId ?? "" },
    },
  };
}
