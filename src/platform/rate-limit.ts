// Keeping to the platform's rate limits (reference §7): per app and API 50/s and 1000/min (either one
// throttles), 5/s to one user or chat, 5/s patches of one message. Each limit is a sliding window
// (the times of the last `limit` calls): unlike a token bucket of the same nominal rate, which bursts
// a full bucket and then refills inside the same second, a sliding window never puts more than
// `limit` calls into any window of that length, so it also holds against the platform's own windows,
// however they are aligned. The clock and sleep are injected: tests and the bench move virtual time.

export interface PlatformLimits {
  readonly perAppPerSecond: number;
  readonly perAppPerMinute: number;
  readonly perReceiverPerSecond: number;
  readonly perMessagePerSecond: number;
}

/** The documented limits (§7). */
export const FEISHU_LIMITS: PlatformLimits = { perAppPerSecond: 50, perAppPerMinute: 1000, perReceiverPerSecond: 5, perMessagePerSecond: 5 };

/**
 * One instance's share when `instances` run for the same app (INSTANCE_COUNT): the platform counts per
 * app, and the instances do not tell each other what they sent, so each keeps to an equal part of every
 * limit (at least one call per window). A 429 that still comes is waited out as always.
 */
export function limitsForInstances(limits: PlatformLimits, instances: number): PlatformLimits {
  const share = (limit: number) => Math.max(1, Math.floor(limit / Math.max(1, instances)));
  return { perAppPerSecond: share(limits.perAppPerSecond), perAppPerMinute: share(limits.perAppPerMinute), perReceiverPerSecond: share(limits.perReceiverPerSecond), perMessagePerSecond: share(limits.perMessagePerSecond) };
}

export interface LimiterClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realLimiterClock: LimiterClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface LimitRule {
  readonly key: string;
  readonly limit: number;
  readonly windowMs: number;
}

class SlidingWindow {
  private readonly times: number[] = [];
  private head = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** ms until a call may be made (0 = now). */
  waitAt(now: number): number {
    while (this.head < this.times.length && this.times[this.head]! <= now - this.windowMs) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
    const inWindow = this.times.length - this.head;
    if (inWindow < this.limit) return 0;
    return this.times[this.times.length - this.limit]! + this.windowMs - now;
  }

  record(now: number): void {
    this.times.push(now);
  }

  /** Takes back one call recorded at `at` (the platform refused it, so it did not count there). */
  forget(at: number): void {
    for (let i = this.times.length - 1; i >= this.head; i--) {
      if (this.times[i] === at) {
        this.times.splice(i, 1);
        return;
      }
    }
  }
}

export interface AcquireResult {
  /** how long the caller waited, ms */
  readonly waitedMs: number;
  /** when the call was counted (for `release`) */
  readonly at: number;
}

/** Thrown when a call would have to wait longer than the caller may hold on (its job is deferred instead). */
export class WaitTooLong extends Error {
  constructor(readonly waitMs: number) {
    super(`rate limit: next slot in ${Math.ceil(waitMs)} ms`);
    this.name = "WaitTooLong";
  }
}

export class RateLimiter {
  private readonly windows = new Map<string, SlidingWindow>();
  /** keys the platform told us to leave alone until a time (x-ogw-ratelimit-reset) */
  private readonly blocked = new Map<string, number>();

  constructor(
    private readonly clock: LimiterClock,
    /** extra length given to every window, against clock skew and network jitter (0.02 = 2%) */
    private readonly margin = 0.02,
  ) {}

  private window(rule: LimitRule): SlidingWindow {
    const id = `${rule.key}@${rule.windowMs}`;
    let window = this.windows.get(id);
    if (!window || window.limit !== rule.limit) {
      window = new SlidingWindow(rule.limit, Math.ceil(rule.windowMs * (1 + this.margin)));
      this.windows.set(id, window);
    }
    return window;
  }

  /** ms until every rule allows a call. */
  waitFor(rules: readonly LimitRule[]): number {
    const now = this.clock.now();
    let wait = 0;
    for (const rule of rules) {
      wait = Math.max(wait, this.window(rule).waitAt(now), (this.blocked.get(rule.key) ?? 0) - now);
    }
    return Math.max(0, wait);
  }

  /**
   * Waits until every rule allows a call and counts it against all of them at once. Waits longer
   * than `maxWaitMs` throw WaitTooLong without counting anything.
   */
  async acquire(rules: readonly LimitRule[], maxWaitMs = Number.POSITIVE_INFINITY): Promise<AcquireResult> {
    let waited = 0;
    for (;;) {
      const wait = this.waitFor(rules);
      if (wait <= 0) {
        const now = this.clock.now();
        for (const rule of rules) this.window(rule).record(now);
        return { waitedMs: waited, at: now };
      }
      if (waited + wait > maxWaitMs) throw new WaitTooLong(wait);
      await this.clock.sleep(wait);
      waited += wait;
    }
  }

  /** Gives back a call the platform refused with a rate limit: it did not count there, so its retry should not count twice here. */
  release(rules: readonly LimitRule[], at: number): void {
    for (const rule of rules) this.window(rule).forget(at);
  }

  /** The platform said 429: nobody calls under this key until then. */
  block(key: string, untilMs: number): void {
    this.blocked.set(key, Math.max(this.blocked.get(key) ?? 0, untilMs));
  }
}
