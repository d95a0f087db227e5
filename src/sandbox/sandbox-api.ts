import { z } from "zod";
import { isManualClock } from "./clock.ts";
import { directorySeedSchema } from "./directory.ts";
import { faultRuleSchema } from "./faults.ts";
import { json, jsonBody, type ApiRequest, type ApiResult, type Router } from "./http-kit.ts";
import { messageView } from "./message-ledger.ts";
import type { Platform } from "./platform.ts";

// The stand-in's own JSON API under /_sandbox (brief §5): read chats, messages with their card
// versions, deliveries and uploaded files; act as users; inject faults. Used by the sandbox page and
// by tests written in other languages or with curl. Not part of the Feishu API.

const subscription = z.union([
  z.object({ mode: z.literal("long_connection") }),
  z.object({ mode: z.literal("webhook"), url: z.url() }),
]);

const bodies = {
  sendText: z.object({ user: z.string(), chat: z.string(), text: z.string().min(1), reply_to: z.string().optional() }),
  clickButton: z.object({ user: z.string(), message_id: z.string(), value: z.record(z.string(), z.unknown()), name: z.string().optional() }),
  submitForm: z.object({
    user: z.string(),
    message_id: z.string(),
    form_value: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])),
    name: z.string().optional(),
  }),
  clickMenu: z.object({ user: z.string(), event_key: z.string() }),
  read: z.object({ user: z.string(), message_id: z.string() }),
  addBot: z.object({ chat: z.string(), operator: z.string() }),
  subscriptions: z.object({ events: subscription.optional(), callbacks: subscription.optional() }),
  urlVerification: z.object({ url: z.url() }),
  clock: z.object({ ms: z.number() }),
  settings: z.object({ group_message_scope: z.enum(["at_bot_only", "all"]) }),
};

/** Runs a sandbox action; a zod or test-usage error becomes 400 `{error}`. */
async function act(run: () => Promise<unknown> | unknown): Promise<ApiResult> {
  try {
    return json({ ok: true, result: (await run()) ?? null });
  } catch (error) {
    const message = error instanceof z.ZodError ? z.prettifyError(error) : error instanceof Error ? error.message : String(error);
    return json({ ok: false, error: message }, 400);
  }
}

export function registerSandboxRoutes(router: Router, platform: Platform): void {
  const open = { needsToken: false, rateLimited: false };
  const get = (pattern: string, handler: (req: ApiRequest) => Promise<ApiResult> | ApiResult) => router.add("GET", pattern, handler, open);
  const post = (pattern: string, handler: (req: ApiRequest) => Promise<ApiResult> | ApiResult) => router.add("POST", pattern, handler, open);
  const userView = (u: ReturnType<Platform["directory"]["allUsers"]>[number]) => ({
    name: u.name,
    mobile: u.mobile,
    email: u.email,
    open_id: u.openId,
    user_id: u.userId,
    union_id: u.unionId,
    in_availability: u.inAvailability,
    resigned: u.resigned,
  });
  const chatView = (c: ReturnType<Platform["chats"]>[number]) => ({
    chat_id: c.chatId,
    name: c.name,
    chat_type: c.chatType,
    members: [...c.members],
    bot_in_chat: c.hasBot,
    message_count: platform.state.ledger.inChat(c.chatId).length,
  });

  get("/_sandbox/state", () =>
    json({
      app_id: platform.appId,
      bot: platform.bot,
      subscriptions: { events: platform.delivery.settings.events, callbacks: platform.delivery.settings.callbacks },
      settings: platform.settings,
      limits: platform.limits,
      long_connection_clients: platform.longConnectionClients(),
    }),
  );
  get("/_sandbox/users", () => json({ users: platform.directory.allUsers().map(userView) }));
  get("/_sandbox/chats", () => json({ chats: platform.chats().map(chatView) }));
  get("/_sandbox/chats/:chat_id/messages", (req) => {
    const chat = platform.directory.findChat(req.params["chat_id"] ?? "");
    if (!chat) return json({ error: "no such chat" }, 404);
    return json({ chat: chatView(chat), messages: platform.state.ledger.inChat(chat.chatId).map(messageView) });
  });
  get("/_sandbox/messages/:message_id", (req) => {
    const message = platform.message(req.params["message_id"] ?? "");
    return message ? json(messageView(message)) : json({ error: "no such message" }, 404);
  });
  get("/_sandbox/files/:key", (req) => {
    const file = platform.file(req.params["key"] ?? "");
    if (!file) return json({ error: "no such file" }, 404);
    return {
      kind: "bytes",
      status: 200,
      bytes: file.bytes,
      contentType: file.contentType,
      headers: { "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}` },
    };
  });
  get("/_sandbox/deliveries", () =>
    json({
      deliveries: platform.deliveries().map((d) => ({
        event_id: d.eventId,
        event_type: d.eventType,
        state: d.state,
        attempts: d.attempts,
        envelope: d.envelope,
      })),
    }),
  );

  post("/_sandbox/act/send-text", (req) =>
    act(async () => {
      const body = bodies.sendText.parse(jsonBody(req));
      const sent = await platform.sendText(body.user, body.chat, body.text, body.reply_to ? { replyTo: body.reply_to } : {});
      return { message: messageView(sent.message), delivery: sent.delivery?.state ?? "not_pushed" };
    }),
  );
  post("/_sandbox/act/click-button", (req) =>
    act(() => {
      const body = bodies.clickButton.parse(jsonBody(req));
      return platform.clickButton(body.user, body.message_id, body.value, body.name ? { name: body.name } : {});
    }),
  );
  post("/_sandbox/act/submit-form", (req) =>
    act(() => {
      const body = bodies.submitForm.parse(jsonBody(req));
      return platform.submitForm(body.user, body.message_id, body.form_value, body.name);
    }),
  );
  post("/_sandbox/act/click-menu", (req) =>
    act(async () => {
      const body = bodies.clickMenu.parse(jsonBody(req));
      return (await platform.clickMenu(body.user, body.event_key)).state;
    }),
  );
  post("/_sandbox/act/read", (req) =>
    act(() => {
      const body = bodies.read.parse(jsonBody(req));
      platform.readMessage(body.user, body.message_id);
    }),
  );
  post("/_sandbox/act/add-bot", (req) =>
    act(async () => {
      const body = bodies.addBot.parse(jsonBody(req));
      return (await platform.addBotToChat(body.chat, body.operator)).state;
    }),
  );
  post("/_sandbox/events/:event_id/redeliver", (req) => act(async () => (await platform.redeliver(req.params["event_id"] ?? "")).state));
  post("/_sandbox/directory", (req) => act(() => platform.directory.load(directorySeedSchema.parse(jsonBody(req)))));
  post("/_sandbox/subscriptions", (req) => act(() => platform.subscribe(bodies.subscriptions.parse(jsonBody(req)))));
  post("/_sandbox/settings", (req) =>
    act(() => {
      platform.settings.groupMessageScope = bodies.settings.parse(jsonBody(req)).group_message_scope;
    }),
  );
  post("/_sandbox/url-verification", (req) => act(() => platform.verifyUrl(bodies.urlVerification.parse(jsonBody(req)).url)));
  post("/_sandbox/clock/advance", (req) =>
    act(() => {
      const clock = platform.clock;
      if (!isManualClock(clock)) throw new Error("the stand-in runs on the system clock; start it with a manual clock");
      clock.advance(bodies.clock.parse(jsonBody(req)).ms);
      return clock.now();
    }),
  );

  get("/_sandbox/faults", () => json({ faults: platform.state.faults.pending() }));
  post("/_sandbox/faults", (req) => act(() => platform.injectFault(faultRuleSchema.parse(jsonBody(req)))));
  router.add("DELETE", "/_sandbox/faults", () => act(() => platform.clearFaults()), open);
  post("/_sandbox/long-connection/drop", () => act(() => platform.dropLongConnections()));
  get("/_sandbox/long-connection/clients", () => json({ clients: platform.longConnectionClients() }));
}
