import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { CallbackTokens } from "./callback-tokens.ts";
import { checkInteractive } from "./message-content.ts";
import { systemClock, type Clock } from "./clock.ts";
import { Directory, type BotIdentity, type Chat, type DirectorySeed } from "./directory.ts";
import { EventDelivery, documentedRetryScheduleMs, type DeliveryRecord, type SendOptions, type Subscription } from "./events/delivery.ts";
import type { EventEnvelope } from "./events/envelopes.ts";
import { messageReceived } from "./events/envelopes.ts";
import { LongConnection, documentedLongConnection, type LongConnectionClient, type LongConnectionSettings } from "./events/long-connection.ts";
import { FaultInjector, type FaultRule } from "./faults.ts";
import { FileStore, type StoredFile } from "./file-store.ts";
import { Router, type Handler } from "./http-kit.ts";
import { HeldRequests, createRequestListener } from "./http-server.ts";
import { stableId } from "./ids.ts";
import { MessageLedger, type RecordedMessage } from "./message-ledger.ts";
import { registerAuthRoutes } from "./open-api/auth.ts";
import { registerCardRoutes } from "./open-api/cards.ts";
import { registerChatRoutes } from "./open-api/chats.ts";
import { registerContactRoutes } from "./open-api/contacts.ts";
import { registerFileRoutes } from "./open-api/files.ts";
import { registerMessageRoutes } from "./open-api/messages.ts";
import type { PlatformState } from "./platform-state.ts";
import { RateLimiter, documentedRateLimits, type RateLimits } from "./rate-limiter.ts";
import { registerSandboxRoutes } from "./sandbox-api.ts";
import { registerWebRoutes } from "./web-routes.ts";
import { TenantTokens, type AppCredentials } from "./tenant-tokens.ts";
import { UserActions, type CardActionResult, type ChatRef, type GroupMessageScope, type SentText, type UserRef } from "./user-actions.ts";

// The stand-in of the Feishu open platform, in one object: start it on a free port, point the SDK's
// `domain` at `platform.url`, act as users, read back what the bot did, close it.

export interface PlatformOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** §5.1: the SDK's WSClient refuses app ids not matching cli_[0-9a-f]{16}. */
  appId: string;
  appSecret: string;
  appName?: string;
  verificationToken?: string;
  /** §3.4: encrypt and sign webhook pushes with this key. */
  encryptKey?: string;
  /** Other apps of the tenant, e.g. to check that a card can only be patched by the app that sent it. */
  otherApps?: AppCredentials[];
  directory?: DirectorySeed;
  clock?: Clock;
  tokenLifetimeSeconds?: number;
  rateLimits?: Partial<RateLimits>;
  /** Where events go: a bot URL (webhook) or the long connection (the default). */
  events?: Subscription;
  /** Where card callbacks go: a bot URL (webhook) or the long connection (the default). */
  callbacks?: Subscription;
  /** §3.2, §4.4, §5.6: 3000 ms on the platform. */
  answerTimeoutMs?: number;
  /** §4.4: 15 s, 5 min, 1 h, 6 h on the platform; tests pass e.g. [20, 40]. */
  retryScheduleMs?: number[];
  longConnection?: Partial<LongConnectionSettings>;
  /** §4.2: "all" simulates the sensitive im:message.group_msg scope. */
  groupMessageScope?: GroupMessageScope;
}

export class Platform {
  readonly url: string;
  readonly state: PlatformState;
  readonly delivery: EventDelivery;
  readonly longConnection: LongConnection;
  readonly actions: UserActions;
  /** Switches the stand-in may flip at run time. */
  readonly settings: { groupMessageScope: GroupMessageScope };

  private constructor(
    private readonly server: Server,
    private readonly held: HeldRequests,
    private readonly router: Router,
    parts: {
      url: string;
      state: PlatformState;
      delivery: EventDelivery;
      longConnection: LongConnection;
      actions: UserActions;
      settings: { groupMessageScope: GroupMessageScope };
    },
  ) {
    this.url = parts.url;
    this.state = parts.state;
    this.delivery = parts.delivery;
    this.longConnection = parts.longConnection;
    this.actions = parts.actions;
    this.settings = parts.settings;
  }

  static async start(options: PlatformOptions): Promise<Platform> {
    if (!/^cli_[0-9a-f]{16}$/.test(options.appId)) {
      throw new Error(`appId must look like cli_0123456789abcdef (§5.1), got ${options.appId}`);
    }
    const clock = options.clock ?? systemClock;
    const app = {
      appId: options.appId,
      appSecret: options.appSecret,
      appName: options.appName ?? "保障房月报机器人",
      verificationToken: options.verificationToken ?? stableId("", `verification:${options.appId}`),
      ...(options.encryptKey ? { encryptKey: options.encryptKey } : {}),
    };
    const apps = [app, ...(options.otherApps ?? [])];
    const bot: BotIdentity = {
      appId: app.appId,
      appName: app.appName,
      openId: stableId("ou_", `bot:${app.appId}`),
      unionId: stableId("on_", `bot:${app.appId}`),
    };
    const directory = new Directory(bot);
    if (options.directory) directory.load(options.directory);
    const state: PlatformState = {
      app,
      apps,
      clock,
      directory,
      ledger: new MessageLedger(clock),
      files: new FileStore(),
      tenantTokens: new TenantTokens(clock, apps, options.tokenLifetimeSeconds),
      callbackTokens: new CallbackTokens(clock),
      limiter: new RateLimiter(clock, { ...documentedRateLimits, ...options.rateLimits }),
      faults: new FaultInjector(),
    };
    const longConnection = new LongConnection(state, { ...documentedLongConnection, ...options.longConnection });
    const delivery = new EventDelivery(state, longConnection, {
      events: options.events ?? { mode: "long_connection" },
      callbacks: options.callbacks ?? { mode: "long_connection" },
      answerTimeoutMs: options.answerTimeoutMs ?? 3000,
      retryScheduleMs: options.retryScheduleMs ?? documentedRetryScheduleMs,
    });
    const settings = { groupMessageScope: options.groupMessageScope ?? "at_bot_only" };
    const actions = new UserActions(state, delivery, () => settings.groupMessageScope);

    const router = new Router();
    registerAuthRoutes(router, state);
    registerMessageRoutes(router, state);
    registerCardRoutes(router, state);
    registerFileRoutes(router, state);
    registerChatRoutes(router, state);
    registerContactRoutes(router, state);
    longConnection.registerRoutes(router);
    const held = new HeldRequests();
    const server = createServer(createRequestListener(state, router, held));
    server.on("upgrade", (req, socket, head) => longConnection.handleUpgrade(req, socket, head));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
    });
    const address = server.address() as AddressInfo;
    const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
    const platform = new Platform(server, held, router, {
      url: `http://${host}:${address.port}`,
      state,
      delivery,
      longConnection,
      actions,
      settings,
    });
    registerSandboxRoutes(router, platform);
    registerWebRoutes(router, platform);
    return platform;
  }

  /**
   * Adds a route of the embedding program (no tenant token, no rate limit), e.g. the demo controls
   * `npm start` adds under /_demo in sandbox mode. Not part of the Feishu API.
   */
  route(method: "GET" | "POST", pattern: string, handler: Handler): void {
    this.router.add(method, pattern, handler, { needsToken: false, rateLimited: false });
  }

  // ── who is who ────────────────────────────────────────────────────────────────────────────────
  get appId(): string {
    return this.state.app.appId;
  }
  get bot(): BotIdentity {
    return this.state.directory.bot;
  }
  get directory(): Directory {
    return this.state.directory;
  }
  get clock(): Clock {
    return this.state.clock;
  }
  get limits(): RateLimits {
    return this.state.limiter.limits;
  }

  // ── acting as users (brief §5) ────────────────────────────────────────────────────────────────
  sendText(user: UserRef, chat: ChatRef | "p2p", text: string, options?: { replyTo?: string }): Promise<SentText> {
    return this.actions.sendText(user, chat, text, options);
  }
  clickButton(user: UserRef, messageId: string, value: Record<string, unknown>, options?: SendOptions & { name?: string }): Promise<CardActionResult> {
    return this.actions.clickButton(user, messageId, value, options);
  }
  submitForm(user: UserRef, messageId: string, formValue: Record<string, string | number | string[]>, buttonName?: string, options?: SendOptions): Promise<CardActionResult> {
    return this.actions.submitForm(user, messageId, formValue, buttonName, options);
  }
  clickMenu(user: UserRef, eventKey: string): Promise<DeliveryRecord> {
    return this.actions.clickMenu(user, eventKey);
  }
  addBotToChat(chat: ChatRef, operator: UserRef): Promise<DeliveryRecord> {
    return this.actions.addBotToChat(chat, operator);
  }
  readMessage(user: UserRef, messageId: string): void {
    this.actions.readMessage(user, messageId);
  }

  // ── reading back what happened ────────────────────────────────────────────────────────────────
  chats(): Chat[] {
    return this.state.directory.allChats();
  }
  /** Messages of a chat (by id or name, or a user's p2p chat with `{ p2p: user }`), oldest first. */
  messages(chat: ChatRef | { p2p: UserRef }): readonly RecordedMessage[] {
    const found =
      typeof chat === "object" && "p2p" in chat
        ? this.state.directory.p2pChat(this.state.directory.requireUser(chat.p2p))
        : this.state.directory.requireChat(chat);
    return this.state.ledger.inChat(found.chatId);
  }
  message(messageId: string): RecordedMessage | undefined {
    return this.state.ledger.get(messageId);
  }
  /** The current card of a card message, parsed. */
  card(messageId: string): Record<string, unknown> {
    const message = this.state.ledger.get(messageId);
    if (!message || message.msgType !== "interactive") throw new Error(`no card message ${messageId}`);
    const card = checkInteractive(JSON.parse(message.content) as Record<string, unknown>);
    return card.kind === "raw" ? card.card : (JSON.parse(message.content) as Record<string, unknown>);
  }
  file(key: string): StoredFile | undefined {
    return this.state.files.get(key);
  }

  // ── event delivery ────────────────────────────────────────────────────────────────────────────
  /** Switch where events and card callbacks go, as in the console's subscription settings. */
  subscribe(subscriptions: { events?: Subscription; callbacks?: Subscription }): void {
    if (subscriptions.events) this.delivery.settings.events = subscriptions.events;
    if (subscriptions.callbacks) this.delivery.settings.callbacks = subscriptions.callbacks;
  }
  /** §3.4: the challenge the console sends when a request URL is saved; true when the bot echoed it. */
  verifyUrl(url: string): Promise<boolean> {
    return this.delivery.verifyUrl(url);
  }
  /** Pushes any envelope as an event, e.g. a hand-built one from a fixture. */
  pushEvent(envelope: EventEnvelope, options?: SendOptions): Promise<DeliveryRecord> {
    return this.delivery.deliverEvent(envelope, options);
  }
  redeliver(eventId: string): Promise<DeliveryRecord> {
    return this.delivery.redeliver(eventId);
  }
  /**
   * §4.4: the platform may push the same message again under a new event_id (the receive-message
   * document tells bots to de-duplicate by message_id). Pushes a user's recorded message once more so.
   */
  pushMessageAgain(messageId: string, options?: SendOptions): Promise<DeliveryRecord> {
    const message = this.state.ledger.get(messageId);
    if (!message || message.sender.type !== "user") throw new Error(`no message ${messageId} sent by a user`);
    const sender = this.state.directory.requireUser(message.sender.openId);
    return this.delivery.deliverEvent(messageReceived(this.state, message, sender), options);
  }
  deliveries(): readonly DeliveryRecord[] {
    return this.delivery.log();
  }
  /** Resolves once no event is in flight and no retry is scheduled. */
  idle(): Promise<void> {
    return this.delivery.idle();
  }

  // ── long connection and faults ────────────────────────────────────────────────────────────────
  waitForLongConnection(clients = 1): Promise<void> {
    return this.longConnection.waitForClients(clients);
  }
  longConnectionClients(): LongConnectionClient[] {
    return this.longConnection.clients();
  }
  dropLongConnections(): void {
    this.longConnection.dropAll();
  }
  injectFault(rule: FaultRule): void {
    this.state.faults.inject(rule);
  }
  clearFaults(): void {
    this.state.faults.clear();
  }

  async close(): Promise<void> {
    this.delivery.close();
    this.held.releaseAll();
    await this.longConnection.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

export function startPlatform(options: PlatformOptions): Promise<Platform> {
  return Platform.start(options);
}
