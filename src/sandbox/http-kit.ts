import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { ErrorCode, PlatformError } from "./platform-error.ts";

// The little HTTP plumbing the stand-in needs: routes with `:params`, body reading, a multipart
// parser that keeps file bytes exact (§1.6 uploads), and JSON answers. No framework: node:http only.

export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  /** The route pattern that matched, e.g. `/open-apis/im/v1/messages/:message_id`: the "API" of §7. */
  readonly pattern: string;
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: Buffer;
  /** The calling app, set once the tenant token was checked. */
  appId: string;
}

export type ApiResult =
  | { kind: "json"; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: "bytes"; status: number; bytes: Buffer; contentType: string; headers?: Record<string, string> };

export const json = (body: unknown, status = 200, headers?: Record<string, string>): ApiResult => ({
  kind: "json",
  status,
  body,
  ...(headers ? { headers } : {}),
});

export type Handler = (req: ApiRequest) => Promise<ApiResult> | ApiResult;

export interface Route {
  readonly method: string;
  readonly pattern: string;
  readonly handler: Handler;
  /** Whether the route needs `Authorization: Bearer t-…` (every /open-apis route but the token one). */
  readonly needsToken: boolean;
  /** Whether calls count against the per-app limits of §7. */
  readonly rateLimited: boolean;
}

export class Router {
  private readonly routes: { route: Route; regex: RegExp; names: string[] }[] = [];

  add(method: string, pattern: string, handler: Handler, options: { needsToken?: boolean; rateLimited?: boolean } = {}): void {
    const names: string[] = [];
    const source = pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:(\w+)/g, (_m, name: string) => {
      names.push(name);
      return "([^/]+)";
    });
    this.routes.push({
      route: {
        method,
        pattern,
        handler,
        needsToken: options.needsToken ?? true,
        rateLimited: options.rateLimited ?? options.needsToken ?? true,
      },
      regex: new RegExp(`^${source}$`),
      names,
    });
  }

  match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    for (const { route, regex, names } of this.routes) {
      if (route.method !== method) continue;
      const found = regex.exec(path);
      if (!found) continue;
      const params: Record<string, string> = {};
      names.forEach((name, i) => (params[name] = decodeURIComponent(found[i + 1]!)));
      return { route, params };
    }
    return undefined;
  }
}

export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new PlatformError(413, ErrorCode.badParameter, "request body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Parses a JSON body; a malformed one is a bad request, as on the platform. */
export function jsonBody(req: ApiRequest): Record<string, unknown> {
  if (req.rawBody.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(req.rawBody.toString("utf8"));
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new PlatformError(400, ErrorCode.badParameter, "request body is not a JSON object");
}

export interface MultipartPart {
  readonly name: string;
  readonly filename?: string;
  readonly contentType?: string;
  readonly data: Buffer;
}

/** A multipart/form-data parser working on bytes, so uploaded files keep every byte. */
export function parseMultipart(body: Buffer, contentType: string | undefined): MultipartPart[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? "");
  if (!boundary) throw new PlatformError(400, ErrorCode.badParameter, "expected multipart/form-data with a boundary");
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: MultipartPart[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const afterDelimiter = start + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === "--") break;
    const headerEnd = body.indexOf("\r\n\r\n", afterDelimiter);
    const next = body.indexOf(delimiter, afterDelimiter);
    if (headerEnd === -1 || next === -1) break;
    const headerText = body.subarray(afterDelimiter + 2, headerEnd).toString("utf8");
    const data = body.subarray(headerEnd + 4, next - 2); // the part ends with CRLF before the next delimiter
    const disposition = /content-disposition:[^\r\n]*/i.exec(headerText)?.[0] ?? "";
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    const type = /content-type:\s*([^\r\n]+)/i.exec(headerText)?.[1];
    if (name !== undefined) {
      parts.push({ name, data, ...(filename === undefined ? {} : { filename }), ...(type === undefined ? {} : { contentType: type }) });
    }
    start = next;
  }
  return parts;
}

export function send(res: ServerResponse, result: ApiResult): void {
  if (result.kind === "json") {
    const text = JSON.stringify(result.body);
    res.writeHead(result.status, {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Length": Buffer.byteLength(text),
      ...result.headers,
    });
    res.end(text);
    return;
  }
  res.writeHead(result.status, {
    "Content-Type": result.contentType,
    "Content-Length": result.bytes.length,
    ...result.headers,
  });
  res.end(result.bytes);
}

export function errorResult(error: PlatformError): ApiResult {
  return json(error.body(), error.httpStatus, error.headers);
}
