// Structured logs (pino). The root logger is made once in main.ts; handlers get a child per event.
import { pino, type Logger } from "pino";

export type { Logger };

export function createLogger(level: string = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({ level, base: undefined });
}

/** For tests: logs nothing unless LOG_LEVEL asks. */
export function silentLogger(): Logger {
  return pino({ level: process.env.LOG_LEVEL ?? "silent" });
}
