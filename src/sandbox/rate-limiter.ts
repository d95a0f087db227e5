import type { Clock } from "./clock.ts";

// §7: limits are counted per API × app (50/s and 1000/min, either one throttles), per receiving user
// or chat (5 QPS for create/reply) and per patched message (5 QPS). Fixed windows are enough to
// produce the platform's answer, including `x-ogw-ratelimit-reset` = seconds until the window ends.

export interface RateLimits {
  perAppPerSecond: number;
  perAppPerMinute: number;
  perReceiverPerSecond: number;
  perMessagePerSecond: number;
}

export const documentedRateLimits: RateLimits = {
  perAppPerSecond: 50,
  perAppPerMinute: 1000,
  perReceiverPerSecond: 5,
  perMessagePerSecond: 5,
};

export interface RateRule {
  readonly key: string;
  readonly limit: number;
  readonly windowMs: number;
}

export type RateVerdict = { ok: true } | { ok: false; limit: number; resetSeconds: number };

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly clock: Clock,
    public limits: RateLimits,
  ) {}

  /** Counts one call against every rule, or none if any rule is already exhausted. */
  take(rules: readonly RateRule[]): RateVerdict {
    const now = this.clock.now();
    const windows = rules.map((rule) => {
      const start = Math.floor(now / rule.windowMs) * rule.windowMs;
      const key = `${rule.key}@${rule.windowMs}`;
      const current = this.windows.get(key);
      const window = current && current.start === start ? current : { start, count: 0 };
      return { rule, key, window };
    });
    const exhausted = windows.find(({ rule, window }) => window.count >= rule.limit);
    if (exhausted) {
      const resetMs = exhausted.window.start + exhausted.rule.windowMs - now;
      return { ok: false, limit: exhausted.rule.limit, resetSeconds: Math.max(1, Math.ceil(resetMs / 1000)) };
    }
    for (const { key, window } of windows) {
      window.count += 1;
      this.windows.set(key, window);
    }
    return { ok: true };
  }

  perApp(appId: string, api: string): RateRule[] {
    return [
      { key: `app:${appId}:${api}`, limit: this.limits.perAppPerSecond, windowMs: 1000 },
      { key: `app:${appId}:${api}`, limit: this.limits.perAppPerMinute, windowMs: 60_000 },
    ];
  }

  perReceiver(receiver: string): RateRule[] {
    return [{ key: `receiver:${receiver}`, limit: this.limits.perReceiverPerSecond, windowMs: 1000 }];
  }

  perMessage(messageId: string): RateRule[] {
    return [{ key: `message:${messageId}`, limit: this.limits.perMessagePerSecond, windowMs: 1000 }];
  }
}
