import type { CallbackTokens } from "./callback-tokens.ts";
import type { Clock } from "./clock.ts";
import type { Directory } from "./directory.ts";
import type { FaultInjector } from "./faults.ts";
import type { FileStore } from "./file-store.ts";
import type { MessageLedger } from "./message-ledger.ts";
import { ErrorCode, PlatformError } from "./platform-error.ts";
import type { RateLimiter, RateRule } from "./rate-limiter.ts";
import type { AppCredentials, TenantTokens } from "./tenant-tokens.ts";

// Everything the open API handlers, the event delivery and the user actions share. Built once in
// platform.ts; nothing here is a module singleton, so two stand-ins can run in one test process.

export interface BotApp extends AppCredentials {
  readonly appName: string;
  /** §3.4: sent inside every event (`header.token`); the SDK never compares it. */
  readonly verificationToken: string;
  /** §3.4: when set, webhook bodies are encrypted and signed with it. */
  readonly encryptKey?: string;
}

export interface PlatformState {
  readonly app: BotApp;
  readonly apps: readonly AppCredentials[];
  readonly clock: Clock;
  readonly directory: Directory;
  readonly ledger: MessageLedger;
  readonly files: FileStore;
  readonly tenantTokens: TenantTokens;
  readonly callbackTokens: CallbackTokens;
  readonly limiter: RateLimiter;
  readonly faults: FaultInjector;
}

/** §7: the throttled answer, HTTP 429 with the x-ogw-* headers and code 99991400. */
export function rateLimited(limit: number, resetSeconds: number): PlatformError {
  return new PlatformError(429, ErrorCode.rateLimited, "request trigger frequency limit", {
    "x-ogw-ratelimit-limit": String(limit),
    "x-ogw-ratelimit-reset": String(resetSeconds),
  });
}

export function enforceRate(state: PlatformState, rules: readonly RateRule[]): void {
  const verdict = state.limiter.take(rules);
  if (!verdict.ok) throw rateLimited(verdict.limit, verdict.resetSeconds);
}
