import { isShared, cardOf, parseReplacement, replaceCard } from "../card-updates.ts";
import { json, jsonBody, type Router } from "../http-kit.ts";
import { ErrorCode, badRequest } from "../platform-error.ts";
import { enforceRate, type PlatformState } from "../platform-state.ts";

// Updating a sent card: PATCH (§1.4) and the delayed update with a callback token (§1.5).

export function registerCardRoutes(router: Router, state: PlatformState): void {
  router.add("PATCH", "/open-apis/im/v1/messages/:message_id", (req) => {
    const body = jsonBody(req);
    const message = state.ledger.get(req.params["message_id"] ?? "");
    if (!message) throw badRequest(ErrorCode.badParameter, "invalid message_id");
    // §1.4: 5 QPS per single message.
    enforceRate(state, state.limiter.perMessage(message.messageId));
    if (message.msgType !== "interactive") throw badRequest(ErrorCode.badParameter, "only card messages can be patched");
    // §1.4: the caller must be the identity that sent the card. Code UNCONFIRMED (230027 "missing permission").
    if (message.sender.type !== "app" || message.sender.appId !== req.appId) {
      throw badRequest(ErrorCode.noPermissionToUpdate, "only the app that sent the card can update it");
    }
    const next = parseReplacement(body["content"], "patch");
    // §1.4: `update_multi: true` both before and after the update. Code UNCONFIRMED (230001).
    if (!isShared(cardOf(message)) || !isShared(next.card)) {
      throw badRequest(ErrorCode.badParameter, "only shared cards (config.update_multi: true) can be updated");
    }
    replaceCard(state, message, next, "patch");
    return json({ code: 0, msg: "success", data: {} });
  });

  // §1.5: body {token, card}; the SDK has no generated method, bots call client.request().
  router.add("POST", "/open-apis/interactive/v1/card/update", (req) => {
    const body = jsonBody(req);
    const token = body["token"];
    if (typeof token !== "string" || !token.startsWith("c-")) throw badRequest(ErrorCode.badParameter, "token must be a c-… callback token");
    if (typeof body["card"] !== "object" || body["card"] === null) throw badRequest(ErrorCode.badParameter, "card is required");
    const next = parseReplacement(body["card"], "delayed_update");
    // §1.5: a JSON 1.0 card must name its audience in open_ids (300090); a 2.0 card updates for everyone.
    if (next.card.kind === "raw" && next.card.version === "1.0" && !Array.isArray(next.card.card["open_ids"])) {
      throw badRequest(ErrorCode.delayedUpdateNeedsOpenIds, "card.open_ids is required for a JSON 1.0 card");
    }
    const spent = state.callbackTokens.spend(token);
    const message = state.ledger.get(spent.messageId);
    if (!message) throw badRequest(ErrorCode.badParameter, "the card of this token no longer exists");
    replaceCard(state, message, next, "delayed_update");
    return json({ code: 0, msg: "success" });
  });
}
