import type { IncomingMessage, ServerResponse } from "node:http";
import { errorResult, readBody, send, type ApiRequest, type Router } from "./http-kit.ts";
import type { Fault } from "./faults.ts";
import { PlatformError } from "./platform-error.ts";
import { enforceRate, rateLimited, type PlatformState } from "./platform-state.ts";

// One request through the stand-in: route → injected fault → tenant token → per-app rate limit
// (§7) → handler. Errors become the platform's error answer (§6.3).

const maxRequestBytes = 40 * 1024 * 1024; // above the 30 MB upload limit so that limit answers, not this one

export class HeldRequests {
  private readonly held = new Set<{ timer?: NodeJS.Timeout; res: ServerResponse }>();

  /** A "timeout" fault: keep the request open, then drop the connection without an answer. */
  hold(res: ServerResponse, holdMs: number | undefined): void {
    const entry: { timer?: NodeJS.Timeout; res: ServerResponse } = { res };
    if (holdMs !== undefined) {
      entry.timer = setTimeout(() => {
        this.held.delete(entry);
        res.socket?.destroy();
      }, holdMs);
    }
    this.held.add(entry);
    res.on("close", () => {
      if (entry.timer) clearTimeout(entry.timer);
      this.held.delete(entry);
    });
  }

  releaseAll(): void {
    for (const entry of this.held) {
      if (entry.timer) clearTimeout(entry.timer);
      entry.res.socket?.destroy();
    }
    this.held.clear();
  }
}

export function createRequestListener(state: PlatformState, router: Router, held: HeldRequests) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    void handle(state, router, held, req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, { kind: "json", status: 500, body: { code: 500, msg: String(error) } });
    });
  };
}

async function handle(state: PlatformState, router: Router, held: HeldRequests, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? "/", "http://sandbox.local");
  const method = (req.method ?? "GET").toUpperCase();
  const found = router.match(method, url.pathname);
  if (!found) {
    res.writeHead(404, { "Content-Type": "text/plain" });
    res.end("404 page not found");
    return;
  }
  try {
    const rawBody = await readBody(req, maxRequestBytes);
    const request: ApiRequest = {
      method,
      path: url.pathname,
      pattern: found.route.pattern,
      params: found.params,
      query: url.searchParams,
      headers: req.headers,
      rawBody,
      appId: "",
    };
    if (!url.pathname.startsWith("/_sandbox")) {
      const fault = state.faults.take(method, found.route.pattern, url.pathname);
      if (fault?.kind === "timeout") {
        held.hold(res, fault.holdMs);
        return;
      }
      if (fault) throw faultError(fault);
    }
    if (found.route.needsToken) request.appId = state.tenantTokens.appOf(req.headers.authorization);
    if (found.route.rateLimited) enforceRate(state, state.limiter.perApp(request.appId, `${method} ${found.route.pattern}`));
    send(res, await found.route.handler(request));
  } catch (error) {
    if (error instanceof PlatformError) {
      send(res, errorResult(error));
      return;
    }
    throw error;
  }
}

function faultError(fault: Exclude<Fault, { kind: "timeout" }>): PlatformError {
  if (fault.kind === "status") {
    return new PlatformError(fault.status, fault.status, fault.body ?? "injected gateway failure");
  }
  if (fault.code === 99991400 && (fault.httpStatus ?? 429) === 429) return rateLimited(1, 1);
  return new PlatformError(fault.httpStatus ?? 400, fault.code, fault.msg ?? "injected fault");
}
