// The Messenger at the platform's pace: every call waits for its slot under the per-app, per-receiver
// and per-message limits (§7), a rate-limit answer (99991400 / 230020, with x-ogw-ratelimit-reset)
// pauses that API for everyone, and transient failures (5xx, no answer) are tried again a few times.
// Retrying a send is safe because every send carries its outbox uuid (§1.1). A wait longer than a
// job should hold its lease surfaces as a rate-limit PlatformError, which the job runner turns into a
// deferral without spending a try.
import { PlatformError, type Messenger, type Recipient } from "./messenger.ts";
import { FEISHU_LIMITS, RateLimiter, WaitTooLong, realLimiterClock, type LimitRule, type LimiterClock, type PlatformLimits } from "../rate-limit.ts";

export interface RateLimitOptions {
  readonly limits?: PlatformLimits;
  readonly clock?: LimiterClock;
  /** the longest a call waits in-process for its slot or a platform reset; longer waits defer the job */
  readonly maxInlineWaitMs?: number;
  /** tries for 5xx and unanswered calls, the first included */
  readonly transientAttempts?: number;
  /** the first pause after a transient failure; doubled each time */
  readonly transientBackoffMs?: number;
  /** told about every wait and retry (the bench counts them) */
  readonly onEvent?: (event: RateLimitEvent) => void;
}

export type RateLimitEvent =
  | { readonly kind: "waited"; readonly api: string; readonly ms: number }
  | { readonly kind: "throttled"; readonly api: string; readonly code: number; readonly resetSeconds: number | null }
  | { readonly kind: "transient"; readonly api: string; readonly code: number; readonly attempt: number }
  | { readonly kind: "deferred"; readonly api: string; readonly waitMs: number };

export interface RateLimitedMessenger extends Messenger {
  readonly limiter: RateLimiter;
}

export function withRateLimits(inner: Messenger, options: RateLimitOptions = {}): RateLimitedMessenger {
  const limits = options.limits ?? FEISHU_LIMITS;
  const clock = options.clock ?? realLimiterClock;
  const limiter = new RateLimiter(clock);
  const maxInlineWaitMs = options.maxInlineWaitMs ?? 10_000;
  const transientAttempts = options.transientAttempts ?? 3;
  const transientBackoffMs = options.transientBackoffMs ?? 250;
  const emit = options.onEvent ?? (() => undefined);

  const app = (api: string): LimitRule[] => [
    { key: `app:${api}`, limit: limits.perAppPerSecond, windowMs: 1000 },
    { key: `app:${api}`, limit: limits.perAppPerMinute, windowMs: 60_000 },
  ];
  const receiver = (to: Recipient): LimitRule => ({ key: `receiver:${to.type}:${to.id}`, limit: limits.perReceiverPerSecond, windowMs: 1000 });
  const message = (messageId: string): LimitRule => ({ key: `message:${messageId}`, limit: limits.perMessagePerSecond, windowMs: 1000 });

  async function call<T>(api: string, rules: readonly LimitRule[], run: () => Promise<T>): Promise<T> {
    let transient = 0;
    let throttled = 0;
    for (;;) {
      let slot: number;
      try {
        const { waitedMs, at } = await limiter.acquire(rules, maxInlineWaitMs);
        slot = at;
        if (waitedMs > 0) emit({ kind: "waited", api, ms: waitedMs });
      } catch (error) {
        if (!(error instanceof WaitTooLong)) throw error;
        emit({ kind: "deferred", api, waitMs: error.waitMs });
        throw new PlatformError(99991400, `本地限流：${Math.ceil(error.waitMs / 1000)} 秒后再试`, null, Math.max(1, Math.ceil(error.waitMs / 1000)));
      }
      try {
        return await run();
      } catch (error) {
        if (!(error instanceof PlatformError)) throw error;
        if (error.isRateLimit) {
          emit({ kind: "throttled", api, code: error.code, resetSeconds: error.retryAfterSeconds });
          limiter.release(rules, slot);
          // The platform's window is not ours: pause the whole API until it says, or a second.
          limiter.block(`app:${api}`, clock.now() + Math.max(1, error.retryAfterSeconds ?? 1) * 1000);
          // Still throttled after a few waits: let the job runner defer it rather than spin here.
          if (++throttled >= 4) throw error;
          continue;
        }
        if (error.isRetryable && ++transient < transientAttempts) {
          emit({ kind: "transient", api, code: error.code, attempt: transient });
          await clock.sleep(transientBackoffMs * 2 ** (transient - 1));
          continue;
        }
        throw error;
      }
    }
  }

  return {
    limiter,
    send: (to, content, uuid) => call("im.message.create", [...app("im.message.create"), receiver(to)], () => inner.send(to, content, uuid)),
    updateCard: (messageId, card) => call("im.message.patch", [...app("im.message.patch"), message(messageId)], () => inner.updateCard(messageId, card)),
    uploadFile: (fileName, data, fileType) => call("im.file.create", app("im.file.create"), () => inner.uploadFile(fileName, data, fileType)),
    findUsers: (query) => call("contact.user.batch_get_id", app("contact.user.batch_get_id"), () => inner.findUsers(query)),
    readBy: (messageId) => call("im.message.read_users", app("im.message.read_users"), () => inner.readBy(messageId)),
    botInfo: () => call("bot.info", app("bot.info"), () => inner.botInfo()),
  };
}
