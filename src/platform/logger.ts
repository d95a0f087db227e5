// Structured logs (pino). The root logger is made once in main.ts; handlers get a child per event.
import { inspect } from "node:util";
import { pino, type Logger } from "pino";

export type { Logger };

export function createLogger(level: string = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({ level, base: undefined });
}

/** For tests: logs nothing unless LOG_LEVEL asks. */
export function silentLogger(): Logger {
  return pino({ level: process.env.LOG_LEVEL ?? "silent" });
}

/**
 * The SDK's own logger, folded into ours as one line each at debug. Every call we make reports its own
 * refusal (a PlatformError, logged with what to change) and the long connection its state through
 * onReady/onError, so the SDK's multi-line dumps of the same failure would only bury those lines on an
 * IT officer's screen.
 */
export function sdkLogger(log: Logger): Record<"error" | "warn" | "info" | "debug" | "trace", (...msg: unknown[]) => void> {
  const child = log.child({ source: "feishu-sdk" });
  const line = (...msg: unknown[]) => child.debug(inspect(msg, { depth: 3, breakLength: Infinity }));
  return { error: line, warn: line, info: line, debug: line, trace: line };
}
