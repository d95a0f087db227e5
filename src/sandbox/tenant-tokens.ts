import type { Clock } from "./clock.ts";
import { newTenantToken } from "./ids.ts";
import { ErrorCode, PlatformError } from "./platform-error.ts";

// §6.1: a tenant_access_token lives at most 2 h; while more than 30 min remain the same token is
// returned; below that a new one is issued and both stay valid until their own expiry. The SDK caches
// tokens and never refreshes after 99991663, so issued tokens must stay valid for their whole life.

export interface AppCredentials {
  readonly appId: string;
  readonly appSecret: string;
}

interface IssuedToken {
  readonly token: string;
  readonly appId: string;
  readonly expiresAt: number;
}

export class TenantTokens {
  private readonly issued = new Map<string, IssuedToken>();

  constructor(
    private readonly clock: Clock,
    private readonly apps: readonly AppCredentials[],
    private readonly lifetimeSeconds = 7200,
  ) {}

  grant(appId: unknown, appSecret: unknown): { token: string; expire: number } {
    const app = this.apps.find((a) => a.appId === appId);
    if (!app || app.appSecret !== appSecret) {
      // §10 Auth: the real code for a wrong secret is UNCONFIRMED; 10014 is the documented old one.
      throw new PlatformError(400, ErrorCode.appSecretInvalid, "app secret invalid");
    }
    const now = this.clock.now();
    const current = [...this.issued.values()]
      .filter((t) => t.appId === app.appId && t.expiresAt - now > 30 * 60_000)
      .sort((a, b) => b.expiresAt - a.expiresAt)[0];
    const token = current ?? { token: newTenantToken(), appId: app.appId, expiresAt: now + this.lifetimeSeconds * 1000 };
    this.issued.set(token.token, token);
    return { token: token.token, expire: Math.floor((token.expiresAt - now) / 1000) };
  }

  /** The app behind `Authorization: Bearer t-…`, or the platform's refusal (§10 Auth, status UNCONFIRMED: 400). */
  appOf(authorization: string | undefined): string {
    const match = /^Bearer\s+(\S+)$/.exec(authorization ?? "");
    if (!match) throw new PlatformError(400, ErrorCode.missingToken, "Missing access token for authorization.");
    const found = this.issued.get(match[1]!);
    if (!found || found.expiresAt <= this.clock.now()) {
      throw new PlatformError(400, ErrorCode.invalidTenantToken, "Invalid access token for authorization. Please make a request with token attached.");
    }
    return found.appId;
  }
}
