// The stand-in's sense of time. Token expiry (§6.1), the uuid window (§1.1), the 14-day update
// window (§1.4), callback-token lifetimes (§1.5) and rate-limit windows (§7) all read `now()`, so a
// test can jump hours ahead without waiting. Retry and acknowledgement timers stay real (and short,
// by configuration) because they drive sockets.

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface ManualClock extends Clock {
  advance(ms: number): void;
  set(epochMs: number): void;
}

export function manualClock(startMs = Date.UTC(2024, 4, 6, 1, 0, 0)): ManualClock {
  let current = startMs;
  return {
    now: () => current,
    advance(ms) {
      current += ms;
    },
    set(epochMs) {
      current = epochMs;
    },
  };
}

export function isManualClock(clock: Clock): clock is ManualClock {
  return typeof (clock as Partial<ManualClock>).advance === "function";
}
