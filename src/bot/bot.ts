// The one entry point for platform events (bolt's processEvent, grammY's handleUpdate). Transports
// call bot.handle(type, raw) and return its result; past this point nobody knows whether an event came
// over the long connection or a webhook.
import { AppError, GENERIC_ERROR_MESSAGE } from "./errors.ts";
import { isGroupChat, parseEvent, type CardActionEvent, type EventType, type MessageEvent } from "./events.ts";
import { mentionsBot, splitCommand, type Router } from "./router.ts";
import type { BotDeps, CardContext, CardResponse, MessageContext } from "./context.ts";
import { toast } from "./context.ts";
import { claimEvent, releaseEvent, saveEventResponse, takeOverEvent } from "../store/event-repo.ts";
import type { OutgoingMessage, Recipient } from "../platform/lark/messenger.ts";
import { deliver } from "./deliver.ts";

/** How long an unfinished claim is respected before a redelivery may take the event over. */
export const ABANDONED_AFTER_MS = 10_000;

export interface Bot {
  handle(type: EventType, raw: unknown): Promise<CardResponse | undefined>;
}

export interface BotHooks {
  /** what to answer to a message that is no command (help for members, a polite word for others) */
  readonly fallback: (ctx: MessageContext, commandName: string | null) => Promise<void>;
}

export function createBot(deps: BotDeps, router: Router, hooks: BotHooks): Bot {
  return {
    async handle(type, raw) {
      const parsed = parseEvent(type, raw);
      if (!parsed.ok) {
        deps.log.warn({ type, reason: parsed.reason }, "malformed event refused");
        return type === "card.action.trigger" ? toast("error", "卡片数据无效，未作任何修改。") : undefined;
      }
      const event = parsed.event;
      const log = deps.log.child({ eventId: event.eventId, kind: event.kind });
      if (event.appId && event.appId !== deps.appId) {
        log.warn({ appId: event.appId }, "event for another app refused");
        return undefined;
      }
      // §4.4: the same message can be pushed again under a new event_id, so messages are claimed by
      // their message_id; a card click has only its event_id.
      const claimKey = event.kind === "message" ? `message:${event.messageId}` : event.eventId;
      const claim = await claimEvent(deps.db, claimKey, event.kind);
      if (!claim.claimed && claim.isHandled) {
        log.info("duplicate event: answered from the record, nothing changed");
        return event.kind === "card-action" ? (claim.response as CardResponse) : undefined;
      }
      if (!claim.claimed) {
        if (claim.pendingMs <= ABANDONED_AFTER_MS || !(await takeOverEvent(deps.db, claimKey, claim.startedAt))) {
          log.info("duplicate event while the first is being handled");
          if (event.kind === "card-action") return toast("info", "正在处理，请稍候。");
          throw new Error(`event ${claimKey} is being handled: try again later`);
        }
        log.warn({ since: claim.startedAt }, "taking over an event whose handling never finished");
      }
      try {
        const response = event.kind === "message" ? await handleMessage(event, log) : await handleCardAction(event, log);
        await saveEventResponse(deps.db, claimKey, response);
        return response;
      } catch (error) {
        if (error instanceof AppError) {
          log[error.level]({ code: error.code }, "refused");
          const response = event.kind === "card-action" ? toast("error", error.message) : undefined;
          if (event.kind === "message") await replyTo(event, error.message, "refusal").catch((failure: unknown) => log.warn({ err: failure }, "could not send the refusal"));
          await saveEventResponse(deps.db, claimKey, response);
          return response;
        }
        log.error({ err: error }, "event failed");
        // Release the claim so the platform's redelivery can try again.
        await releaseEvent(deps.db, claimKey);
        if (event.kind === "message") await replyTo(event, GENERIC_ERROR_MESSAGE, "failure").catch(() => undefined);
        return event.kind === "card-action" ? toast("error", GENERIC_ERROR_MESSAGE) : undefined;
      }
    },
  };

  /** Replies go through the outbox like everything the bot sends: recorded, and sent once per event. */
  async function replyTo(event: MessageEvent, message: OutgoingMessage | string, sequence: number | "refusal" | "failure"): Promise<void> {
    const outgoing: OutgoingMessage = typeof message === "string" ? { msgType: "text", text: message } : message;
    const { workspace } = await deps.snapshots.load(deps.workspaceKey);
    // In a one-to-one chat the answer goes to the person (open_id), as every other message to them
    // does, so the per-receiver rate limit (§7) counts them once, not once by person and once by chat.
    const to: Recipient = isGroupChat(event.chatType) ? { type: "chat_id", id: event.chatId } : { type: "open_id", id: event.senderOpenId };
    await deliver(deps, { workspaceId: workspace.id, key: `reply:${event.messageId}:${sequence}`, purpose: "reply", to, message: outgoing });
  }

  async function baseContext(openId: string, log: BotDeps["log"]) {
    // One small query when nothing changed: the workspace, its people and periods come from the
    // snapshot, which database triggers keep honest across instances (src/store/workspace-snapshot.ts).
    const snapshot = await deps.snapshots.load(deps.workspaceKey);
    return { deps, workspace: snapshot.workspace, snapshot, actor: snapshot.actor(openId), now: deps.now(), log };
  }

  async function handleMessage(event: MessageEvent, log: BotDeps["log"]): Promise<undefined> {
    if (event.senderType !== "user") return undefined;
    // With the "all group messages" scope every message of the group arrives: answer only those that
    // @mention the bot, so a "收到" in the work group gets no help text.
    if (isGroupChat(event.chatType) && !mentionsBot(event.text, event.mentions, deps.botOpenId)) return undefined;
    let replies = 0;
    const ctx: MessageContext = {
      ...(await baseContext(event.senderOpenId, log)),
      event,
      reply: (message) => replyTo(event, message, replies++),
    };
    const split = splitCommand(event.text, event.mentions, deps.botOpenId);
    const { name } = split;
    let { args } = split;
    let command = name ? router.findCommand(name) : undefined;
    const glued = name && !command ? router.findGluedCommand(name) : undefined;
    if (glued) {
      command = glued.spec;
      args = [{ kind: "text", text: glued.rest }, ...args];
    }
    if (!command) {
      await hooks.fallback(ctx, name);
      return undefined;
    }
    if (command.audience === "admin" && !ctx.actor.isAdmin) throw new AppError("NOT_ADMIN");
    if (command.audience === "member" && !ctx.actor.isKnown) throw new AppError("NOT_REGISTERED");
    await command.handler(ctx, args);
    return undefined;
  }

  async function handleCardAction(event: CardActionEvent, log: BotDeps["log"]): Promise<CardResponse> {
    const action = typeof event.value.action === "string" ? event.value.action : null;
    const handler = action ? router.findCardAction(action) : undefined;
    if (!handler) {
      log.warn({ action }, "unknown card action");
      return toast("error", "这张卡片的操作已失效，请重新获取卡片。");
    }
    const ctx: CardContext = { ...(await baseContext(event.operatorOpenId, log)), event };
    return handler(ctx);
  }
}
