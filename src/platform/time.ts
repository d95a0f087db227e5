// The one place that knows about clocks. Everything else receives `now` (a Date) and names its
// timezone explicitly: offices are in Asia/Shanghai, servers and tests may be in UTC. The timezone
// arithmetic itself is pure and lives in src/domain/zoned-time.ts.
export { deadlineLabel, formatLocal, instantIn, isoDateIn } from "../domain/zoned-time.ts";

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stays where tests put it. */
export function fixedClock(at: Date | string): Clock & { set(to: Date | string): void; advance(ms: number): void } {
  let current = new Date(at);
  return {
    now: () => new Date(current),
    set: (to) => {
      current = new Date(to);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

/**
 * The system time plus an adjustable offset: the sandbox demo's clock, so a month can be played in
 * minutes by jumping to the next scheduled moment. Time only moves forward, as jobs expect.
 */
export function offsetClock(base: Clock = systemClock, startAt?: Date): Clock & { offsetMs(): number; jumpTo(at: Date): void } {
  let offset = startAt ? startAt.getTime() - base.now().getTime() : 0;
  return {
    now: () => new Date(base.now().getTime() + offset),
    offsetMs: () => offset,
    jumpTo: (at) => {
      offset = Math.max(offset, at.getTime() - base.now().getTime());
    },
  };
}
