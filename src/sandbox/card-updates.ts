import { checkInteractive, sizeLimits, type CardKind } from "./message-content.ts";
import type { ContentSource, RecordedMessage } from "./message-ledger.ts";
import { CardErrCode, ErrorCode, badRequest, cardError } from "./platform-error.ts";
import type { PlatformState } from "./platform-state.ts";

// The rules every full replacement of a card obeys, whichever way it comes (§2.6): a PATCH (§1.4),
// a callback answer `card:{type:"raw"}` (§3.2) or a delayed update with the callback token (§1.5).

/** §1.4, §2.4: interaction and update windows are 14 days. */
export const cardUpdateWindowMs = 14 * 24 * 3600_000;

/**
 * The message's card, parsed and checked. Every click reads the card it was made on, so the result is
 * kept for the last few hundred card contents (a content's check never changes); treat it as read-only.
 */
export function cardOf(message: RecordedMessage): CardKind {
  return checkedCards.get(message.content) ?? remember(message.content, checkInteractive(JSON.parse(message.content) as Record<string, unknown>));
}

function remember(content: string, card: CardKind): CardKind {
  if (checkedCards.size >= CHECKED_CARDS_KEPT) checkedCards.delete(checkedCards.keys().next().value!);
  checkedCards.set(content, card);
  return card;
}

const CHECKED_CARDS_KEPT = 500;
const checkedCards = new Map<string, CardKind>();

/** §1.4: `update_multi: true` makes a card shared; JSON 2.0 cards are always shared (§2.1). */
export function isShared(card: CardKind): boolean {
  if (card.kind !== "raw") return true; // a template's config is not visible here: assume shared (UNCONFIRMED)
  if (card.version === "2.0") return true;
  const config = card.card["config"] as Record<string, unknown> | undefined;
  return config?.["update_multi"] === true;
}

/** Parses and checks a replacement card given as a JSON string (PATCH) or an object (callback, delayed update). */
export function parseReplacement(card: unknown, via: ContentSource): { card: CardKind; content: string } {
  const content = typeof card === "string" ? card : JSON.stringify(card);
  if (Buffer.byteLength(content) > sizeLimits.cardOrPostBytes) {
    throw badRequest(ErrorCode.contentTooLong, `card is too long: limit ${sizeLimits.cardOrPostBytes} bytes (${via})`);
  }
  let parsed: unknown;
  try {
    parsed = typeof card === "string" ? JSON.parse(card) : card;
  } catch {
    throw cardError(CardErrCode.jsonParse, "card json parse error");
  }
  if (typeof parsed !== "object" || parsed === null) throw cardError(CardErrCode.jsonParse, "card must be a JSON object");
  return { card: remember(content, checkInteractive(parsed as Record<string, unknown>)), content };
}

/** Replaces the card of `message` after the checks common to all update paths. */
export function replaceCard(
  state: PlatformState,
  message: RecordedMessage,
  next: { card: CardKind; content: string },
  via: ContentSource,
): void {
  if (message.msgType !== "interactive") throw badRequest(ErrorCode.badParameter, "the message is not a card");
  if (message.deleted) throw badRequest(ErrorCode.messageRecalled, "The message has been recalled.");
  if (state.clock.now() - message.createTime > cardUpdateWindowMs) {
    // §1.4: less than 14 days old. The exact code is UNCONFIRMED; 230001.
    throw badRequest(ErrorCode.badParameter, "the card is older than 14 days and can no longer be updated");
  }
  const current = cardOf(message);
  // §1.4, §3.2: a card sent as JSON 2.0 cannot become JSON 1.0 (200830).
  if (current.kind === "raw" && current.version === "2.0" && next.card.kind === "raw" && next.card.version === "1.0") {
    throw cardError(CardErrCode.schemaDowngrade, "card JSON 2.0 cannot be updated to JSON 1.0");
  }
  state.ledger.replaceContent(message, next.content, via);
}
