import type { PlatformState } from "../platform-state.ts";
import type { EventEnvelope } from "./envelopes.ts";
import type { LongConnection, PushOutcome } from "./long-connection.ts";
import { postToBot, type PostOutcome } from "./webhook.ts";

// Getting events and card callbacks to the bot, by request URL or long connection (§3.2, §4.4, §5.6),
// and keeping a log of every attempt. Events that fail (non-200, no answer within 3 s, no client)
// are pushed again on the platform's schedule, 15 s, 5 min, 1 h, 6 h (§4.4), which tests compress.
// Card callbacks are not retried: the user sees a client error code instead (§3.2).

export type Subscription = { mode: "long_connection" } | { mode: "webhook"; url: string };

export interface DeliverySettings {
  /** Where events go (the console's "event subscription" mode). */
  events: Subscription;
  /** Where card callbacks go (the console's "callback subscription" mode, set separately). */
  callbacks: Subscription;
  /** §3.2, §4.4, §5.6: the bot has 3 s to answer. */
  answerTimeoutMs: number;
  /** §4.4: delays before each retry of a failed event. */
  retryScheduleMs: number[];
}

export const documentedRetryScheduleMs = [15_000, 5 * 60_000, 60 * 60_000, 6 * 60 * 60_000];

export type AttemptOutcome = "ok" | "timeout" | "http_error" | "unreachable" | "no_client" | "handler_error";

export interface DeliveryAttempt {
  readonly at: number;
  readonly transport: Subscription["mode"];
  readonly outcome: AttemptOutcome;
  readonly status?: number;
  readonly detail?: string;
}

export interface DeliveryRecord {
  readonly eventId: string;
  readonly eventType: string;
  readonly envelope: EventEnvelope;
  readonly attempts: DeliveryAttempt[];
  /** `pending` while a retry is scheduled; `failed` once the schedule is used up. */
  state: "pending" | "delivered" | "failed";
}

/** The client-side codes a user sees when a card callback goes wrong (§3.2). */
export const CallbackErrorCode = {
  notAnswered: 200340,
  timeout: 200341,
  connectFailed: 200342,
  non200: 200671,
  malformedResponse: 200672,
  badCardInResponse: 200673,
  schemaDowngrade: 200830,
} as const;

export type CallbackOutcome =
  | { ok: true; response: Record<string, unknown> }
  | { ok: false; errorCode: number; detail: string };

export interface SendOptions {
  /** Signs the webhook body with a wrong key, to test the bot's refusal (§3.4). */
  forgeSignature?: boolean;
}

export class EventDelivery {
  private readonly records = new Map<string, DeliveryRecord>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly state: PlatformState,
    private readonly longConnection: LongConnection,
    readonly settings: DeliverySettings,
  ) {}

  /** Delivers an event; resolves after the first attempt, retries continue in the background. */
  async deliverEvent(envelope: EventEnvelope, options: SendOptions = {}): Promise<DeliveryRecord> {
    const record: DeliveryRecord = {
      eventId: envelope.header.event_id,
      eventType: envelope.header.event_type,
      envelope,
      attempts: [],
      state: "pending",
    };
    this.records.set(record.eventId, record);
    await this.attempt(record, 0, options);
    return record;
  }

  /** Pushes an event already delivered once again, same event_id, as the platform sometimes does (§4.4). */
  async redeliver(eventId: string): Promise<DeliveryRecord> {
    const record = this.records.get(eventId);
    if (!record) throw new Error(`no event ${eventId} was delivered`);
    record.state = "pending";
    await this.attempt(record, record.attempts.length, {});
    return record;
  }

  /** Sends a card callback and returns the bot's answer or the client error code the user would see. */
  async deliverCallback(envelope: EventEnvelope, options: SendOptions = {}): Promise<CallbackOutcome> {
    const record: DeliveryRecord = {
      eventId: envelope.header.event_id,
      eventType: envelope.header.event_type,
      envelope,
      attempts: [],
      state: "pending",
    };
    this.records.set(record.eventId, record);
    this.inFlight += 1;
    try {
      const subscription = this.settings.callbacks;
      const outcome =
        subscription.mode === "webhook"
          ? callbackFromPost(await this.post(subscription.url, envelope, options))
          : callbackFromPush(await this.longConnection.push(envelope, this.settings.answerTimeoutMs));
      record.attempts.push({
        at: this.state.clock.now(),
        transport: subscription.mode,
        outcome: outcome.ok ? "ok" : outcomeOfCallbackError(outcome.errorCode),
        ...(outcome.ok ? {} : { detail: `${outcome.errorCode}: ${outcome.detail}` }),
      });
      record.state = outcome.ok ? "delivered" : "failed";
      return outcome;
    } finally {
      this.settle();
    }
  }

  /** The URL-verification challenge the console sends when a request URL is saved (§3.4). */
  async verifyUrl(url: string): Promise<boolean> {
    const challenge = `challenge-${Date.now().toString(36)}`;
    const outcome = await this.post(
      url,
      { challenge, token: this.state.app.verificationToken, type: "url_verification" },
      {},
      1000, // §3.4: the answer must come within 1 s
    );
    if (outcome.kind !== "answered" || outcome.status !== 200) return false;
    try {
      return (JSON.parse(outcome.body) as { challenge?: unknown }).challenge === challenge;
    } catch {
      return false;
    }
  }

  log(): readonly DeliveryRecord[] {
    return [...this.records.values()];
  }

  record(eventId: string): DeliveryRecord | undefined {
    return this.records.get(eventId);
  }

  /** Resolves when no delivery is in flight and no retry is scheduled. */
  idle(): Promise<void> {
    if (this.inFlight === 0 && this.timers.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.wakeIfIdle();
  }

  private async attempt(record: DeliveryRecord, retryIndex: number, options: SendOptions): Promise<void> {
    if (this.closed) {
      record.state = "failed";
      return;
    }
    this.inFlight += 1;
    try {
      const subscription = this.settings.events;
      const attempt =
        subscription.mode === "webhook"
          ? attemptFromPost(await this.post(subscription.url, record.envelope, options))
          : attemptFromPush(await this.longConnection.push(record.envelope, this.settings.answerTimeoutMs));
      record.attempts.push({ at: this.state.clock.now(), transport: subscription.mode, ...attempt });
      if (attempt.outcome === "ok") {
        record.state = "delivered";
        return;
      }
      const delay = this.settings.retryScheduleMs[retryIndex];
      if (delay === undefined || this.closed) {
        record.state = "failed";
        return;
      }
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void this.attempt(record, retryIndex + 1, options);
      }, delay);
      this.timers.add(timer);
    } finally {
      this.settle();
    }
  }

  private post(url: string, payload: unknown, options: SendOptions, timeoutMs = this.settings.answerTimeoutMs) {
    return postToBot(url, payload, {
      ...(this.state.app.encryptKey ? { encryptKey: this.state.app.encryptKey } : {}),
      timeoutMs,
      ...(options.forgeSignature ? { forgeSignature: true } : {}),
      nowSeconds: Math.floor(this.state.clock.now() / 1000),
    });
  }

  /** Called when an attempt ends. */
  private settle(): void {
    this.inFlight -= 1;
    this.wakeIfIdle();
  }

  private wakeIfIdle(): void {
    if (this.inFlight === 0 && this.timers.size === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}

function attemptFromPost(outcome: PostOutcome): Omit<DeliveryAttempt, "at" | "transport"> {
  if (outcome.kind === "timeout") return { outcome: "timeout" };
  if (outcome.kind === "unreachable") return { outcome: "unreachable", detail: outcome.detail };
  return outcome.status === 200 ? { outcome: "ok", status: 200 } : { outcome: "http_error", status: outcome.status };
}

function attemptFromPush(outcome: PushOutcome): Omit<DeliveryAttempt, "at" | "transport"> {
  if (outcome.kind === "no_client") return { outcome: "no_client" };
  if (outcome.kind === "timeout") return { outcome: "timeout" };
  return outcome.code === 200 ? { outcome: "ok", status: 200 } : { outcome: "handler_error", status: outcome.code };
}

/** §3.2: HTTP 200 within 3 s with `{}`, `{toast}` or `{card}`. */
function callbackFromPost(outcome: PostOutcome): CallbackOutcome {
  if (outcome.kind === "timeout") return { ok: false, errorCode: CallbackErrorCode.timeout, detail: "no answer within 3 s" };
  if (outcome.kind === "unreachable") return { ok: false, errorCode: CallbackErrorCode.connectFailed, detail: outcome.detail };
  if (outcome.status !== 200) return { ok: false, errorCode: CallbackErrorCode.non200, detail: `HTTP ${outcome.status}` };
  // adaptDefault answers an empty body when its handler returns nothing (§3.4); read it as `{}`.
  if (outcome.body.trim() === "") return { ok: true, response: {} };
  return responseObject(safeJson(outcome.body));
}

function callbackFromPush(outcome: PushOutcome): CallbackOutcome {
  if (outcome.kind === "no_client") return { ok: false, errorCode: CallbackErrorCode.notAnswered, detail: "no long-connection client" };
  if (outcome.kind === "timeout") return { ok: false, errorCode: CallbackErrorCode.timeout, detail: "no acknowledgement within 3 s" };
  if (outcome.code !== 200) return { ok: false, errorCode: CallbackErrorCode.non200, detail: `acknowledged with code ${outcome.code}` };
  return outcome.data === undefined ? { ok: true, response: {} } : responseObject(outcome.data);
}

function responseObject(value: unknown): CallbackOutcome {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return { ok: true, response: value as Record<string, unknown> };
  return { ok: false, errorCode: CallbackErrorCode.malformedResponse, detail: `answer is not a JSON object: ${JSON.stringify(value)}` };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function outcomeOfCallbackError(code: number): AttemptOutcome {
  if (code === CallbackErrorCode.timeout) return "timeout";
  if (code === CallbackErrorCode.notAnswered) return "no_client";
  if (code === CallbackErrorCode.connectFailed) return "unreachable";
  return "http_error";
}
