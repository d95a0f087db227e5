// The rate limiter on virtual time: no window of the platform's lengths ever holds more calls than its
// limit, a fan-out runs at the limit, and the Messenger wrapper waits out 429s and retries 5xx.
import { describe, expect, it } from "vitest";
import { FEISHU_LIMITS, RateLimiter, WaitTooLong, limitsForInstances, type LimiterClock } from "../../src/platform/rate-limit.ts";
import { withRateLimits } from "../../src/platform/lark/rate-limited-messenger.ts";
import { PlatformError, type Messenger } from "../../src/platform/lark/messenger.ts";

function virtualClock(): LimiterClock & { time: number } {
  const clock = {
    time: 0,
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.time += ms;
    },
  };
  return clock;
}

function maxInAnyWindow(times: readonly number[], windowMs: number): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

describe("the rate limiter", () => {
  it("keeps 50/s and 1000/min over a 3,000-call fan-out, close to the fastest the limits allow", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter(clock);
    const rules = [
      { key: "app", limit: FEISHU_LIMITS.perAppPerSecond, windowMs: 1000 },
      { key: "app", limit: FEISHU_LIMITS.perAppPerMinute, windowMs: 60_000 },
    ];
    const times: number[] = [];
    for (let i = 0; i < 3000; i++) {
      await limiter.acquire(rules);
      times.push(clock.now());
    }
    expect(maxInAnyWindow(times, 1000)).toBeLessThanOrEqual(50);
    expect(maxInAnyWindow(times, 60_000)).toBeLessThanOrEqual(1000);
    // The fastest possible: 1000 in the first 20 s, then a minute's window each → the last at ~140 s.
    expect(times.at(-1)!).toBeLessThan(140_000 * 1.05);
  });

  it("splits the app's limits between instances, so two of them together keep to 50/s and 1000/min", async () => {
    expect(limitsForInstances(FEISHU_LIMITS, 1)).toEqual(FEISHU_LIMITS);
    const half = limitsForInstances(FEISHU_LIMITS, 2);
    expect(half).toEqual({ perAppPerSecond: 25, perAppPerMinute: 500, perReceiverPerSecond: 2, perMessagePerSecond: 2 });
    expect(limitsForInstances(FEISHU_LIMITS, 64).perReceiverPerSecond).toBe(1);
    // two instances, each with its own counters, sending as fast as their share lets them
    const clock = virtualClock();
    const instances = [new RateLimiter(clock), new RateLimiter(clock)];
    const rules = [
      { key: "app", limit: half.perAppPerSecond, windowMs: 1000 },
      { key: "app", limit: half.perAppPerMinute, windowMs: 60_000 },
    ];
    const times: number[] = [];
    for (let i = 0; i < 1200; i++) {
      await instances[i % 2]!.acquire(rules);
      times.push(clock.now());
    }
    expect(maxInAnyWindow(times, 1000)).toBeLessThanOrEqual(50);
    expect(maxInAnyWindow(times, 60_000)).toBeLessThanOrEqual(1000);
  });

  it("refuses a wait longer than the caller may hold on, without counting the call", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter(clock);
    const rules = [{ key: "r", limit: 1, windowMs: 1000 }];
    await limiter.acquire(rules);
    await expect(limiter.acquire(rules, 100)).rejects.toBeInstanceOf(WaitTooLong);
    clock.time += 1100;
    await expect(limiter.acquire(rules, 0)).resolves.toEqual({ waitedMs: 0, at: 1100 });
  });
});

/** A recording fake of our own gateway: fails as told, then succeeds. */
function flakyMessenger(failures: PlatformError[]): Messenger & { calls: number } {
  const fake = {
    calls: 0,
    async send() {
      fake.calls++;
      const failure = failures.shift();
      if (failure) throw failure;
      return { messageId: `om_${fake.calls}`, chatId: null };
    },
    updateCard: async () => undefined,
    uploadFile: async () => "file_key",
    findUsers: async () => [],
    readBy: async () => [],
    botInfo: async () => ({ openId: "ou_bot", name: "bot" }),
  };
  return fake;
}

describe("the rate-limited Messenger", () => {
  it("waits out the platform's 429 (x-ogw-ratelimit-reset) and retries 5xx", async () => {
    const clock = virtualClock();
    const inner = flakyMessenger([new PlatformError(99991400, "limit", 429, 3), new PlatformError(-1, "502", 502), new PlatformError(230020, "limit", 400)]);
    const messenger = withRateLimits(inner, { clock, maxInlineWaitMs: 10_000 });
    await expect(messenger.send({ type: "open_id", id: "ou_a" }, { msgType: "text", text: "x" }, "u1")).resolves.toEqual({ messageId: "om_4", chatId: null });
    expect(clock.time).toBeGreaterThanOrEqual(3000);
  });

  it("hands a long wait to the job runner as a rate limit, and a refusal through untouched", async () => {
    const clock = virtualClock();
    const messenger = withRateLimits(flakyMessenger([new PlatformError(99991400, "limit", 429, 52)]), { clock, maxInlineWaitMs: 10_000 });
    const error = await messenger.send({ type: "open_id", id: "ou_a" }, { msgType: "text", text: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as PlatformError).isRateLimit).toBe(true);
    expect((error as PlatformError).retryAfterSeconds).toBeGreaterThanOrEqual(51);
    const refused = withRateLimits(flakyMessenger([new PlatformError(230013, "outside availability", 400)]), { clock });
    await expect(refused.send({ type: "open_id", id: "ou_b" }, { msgType: "text", text: "x" })).rejects.toMatchObject({ code: 230013 });
  });
});
