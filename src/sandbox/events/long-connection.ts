import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { randomBytes, randomInt } from "node:crypto";
import { WebSocketServer, WebSocket, type RawData } from "ws";
import { json, jsonBody, type Router } from "../http-kit.ts";
import { ErrorCode } from "../platform-error.ts";
import type { PlatformState } from "../platform-state.ts";
import { FrameMethod, decodeFrame, encodeFrame, headerOf, type Frame, type FrameHeader } from "./frame.ts";

// The long connection the SDK's WSClient uses (§5): the endpoint request, the pbbp2 frames with
// ping/pong, event pushes split into fragments, acknowledgements carrying the handler's answer,
// and one client chosen at random per event when several are connected (§5.6).

export interface LongConnectionSettings {
  /** §5.1 ClientConfig, in seconds as on the wire. */
  pingIntervalSeconds: number;
  reconnectCount: number;
  reconnectIntervalSeconds: number;
  reconnectNonceSeconds: number;
  /** §5.4: a larger payload is split over `sum` frames. */
  maxFramePayloadBytes: number;
  /** §5.6: at most 50 connections per app. */
  maxConnections: number;
  serviceId: number;
  /** §5.6: one of several clients is chosen at random; tests may pin the choice. */
  random: () => number;
  /**
   * §5.4: some tenants have reported card clicks arriving in frames of type `card`, not `event`
   * (UNCONFIRMED in the docs); on, callbacks are pushed so.
   */
  cardFrames: boolean;
}

export const documentedLongConnection: LongConnectionSettings = {
  pingIntervalSeconds: 120,
  reconnectCount: -1,
  reconnectIntervalSeconds: 120,
  reconnectNonceSeconds: 30,
  maxFramePayloadBytes: 512 * 1024,
  maxConnections: 50,
  serviceId: 33554678,
  random: Math.random,
  cardFrames: false,
};

export interface LongConnectionClient {
  readonly id: number;
  readonly deviceId: string;
  readonly connectedAt: number;
}

export type PushOutcome =
  | { kind: "acknowledged"; code: number; data?: unknown }
  | { kind: "timeout" }
  | { kind: "no_client" };

interface Connection extends LongConnectionClient {
  readonly socket: WebSocket;
  /**
   * Whether the client has sent its first frame. The SDK sends a ping in its `open` handler and only
   * then attaches its `message` listener (SDK lib:102431 tryConnect → communicate), so a frame pushed
   * the moment the upgrade completes would be dropped unread. The first ping proves it listens.
   */
  isListening: boolean;
}

interface PendingAck {
  readonly resolve: (outcome: PushOutcome) => void;
  readonly timer: NodeJS.Timeout;
}

export class LongConnection {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Map<string, { deviceId: string; appId: string }>();
  private readonly connections = new Map<number, Connection>();
  private readonly pending = new Map<string, PendingAck>();
  private readonly waiters = new Set<{ count: number; resolve: () => void }>();
  private nextConnectionId = 1;
  private nextSeqId = 1;

  constructor(
    private readonly state: PlatformState,
    readonly settings: LongConnectionSettings,
  ) {}

  registerRoutes(router: Router): void {
    // §5.1: POST ${domain}/callback/ws/endpoint with {AppID, AppSecret}, no Authorization header.
    router.add(
      "POST",
      "/callback/ws/endpoint",
      (req) => {
        const body = jsonBody(req);
        const app = this.state.apps.find((a) => a.appId === body["AppID"]);
        // §5.1: any code other than 0 and 1000040343 makes the SDK give up, so HTTP 200 with the code.
        if (!app || app.appSecret !== body["AppSecret"]) return json({ code: ErrorCode.wsAuthFailed, msg: "auth failed", data: {} });
        if (this.connections.size >= this.settings.maxConnections) {
          return json({ code: ErrorCode.wsConnectionLimit, msg: "exceed connection limit", data: {} });
        }
        const deviceId = String(randomInt(1e12, 2 ** 47));
        const ticket = randomBytes(12).toString("hex");
        this.tickets.set(ticket, { deviceId, appId: app.appId });
        const host = req.headers.host ?? "127.0.0.1";
        // §5.1: device_id must not be the first query parameter, or the SDK's qs.parse loses it.
        const url = `ws://${host}/ws/v2?fpid=1&device_id=${deviceId}&service_id=${this.settings.serviceId}&ticket=${ticket}`;
        return json({ code: 0, msg: "ok", data: { URL: url, ClientConfig: this.clientConfig() } });
      },
      { needsToken: false, rateLimited: false },
    );
  }

  /** Wired to the HTTP server's `upgrade` event. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? "/", "http://sandbox.local");
    const ticket = this.tickets.get(url.searchParams.get("ticket") ?? "");
    if (url.pathname !== "/ws/v2" || !ticket) {
      // The Go SDK reads these handshake headers on failure (§5.2).
      socket.end("HTTP/1.1 403 Forbidden\r\nHandshake-Status: 403\r\nHandshake-Msg: invalid ticket\r\nConnection: close\r\n\r\n");
      return;
    }
    this.tickets.delete(url.searchParams.get("ticket") ?? "");
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, ticket.deviceId));
  }

  private accept(socket: WebSocket, deviceId: string): void {
    const connection: Connection = { id: this.nextConnectionId++, deviceId, connectedAt: this.state.clock.now(), socket, isListening: false };
    this.connections.set(connection.id, connection);
    socket.on("message", (data: RawData) => this.receive(connection, data));
    socket.on("close", () => this.connections.delete(connection.id));
    socket.on("error", () => this.connections.delete(connection.id));
  }

  private listening(): Connection[] {
    return [...this.connections.values()].filter((c) => c.isListening && c.socket.readyState === WebSocket.OPEN);
  }

  private wakeWaiters(): void {
    const count = this.listening().length;
    for (const waiter of [...this.waiters]) {
      if (count >= waiter.count) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  private receive(connection: Connection, data: RawData): void {
    let frame: Frame;
    try {
      frame = decodeFrame(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer));
    } catch {
      return; // a frame we cannot read is dropped, as the SDK does with ours
    }
    if (!connection.isListening) {
      connection.isListening = true;
      this.wakeWaiters();
    }
    const type = headerOf(frame, "type");
    if (frame.method === FrameMethod.control && type === "ping") {
      // §5.3: answer a ping with a pong carrying the ClientConfig.
      this.send(connection, {
        SeqID: 0,
        LogID: 0,
        service: frame.service,
        method: FrameMethod.control,
        headers: [{ key: "type", value: "pong" }],
        payload: Buffer.from(JSON.stringify(this.clientConfig())),
      });
      return;
    }
    if (frame.method === FrameMethod.data) {
      // §5.4: the acknowledgement echoes the frame, headers + biz_rt, payload {"code":200[,"data":base64]}.
      const messageId = headerOf(frame, "message_id");
      const pending = messageId === undefined ? undefined : this.pending.get(messageId);
      if (!pending || messageId === undefined) return;
      this.pending.delete(messageId);
      clearTimeout(pending.timer);
      pending.resolve(parseAck(frame));
    }
  }

  /** Pushes one event envelope to one randomly chosen client and waits for its acknowledgement. */
  push(envelope: unknown, ackTimeoutMs: number): Promise<PushOutcome> {
    const open = this.listening();
    if (open.length === 0) return Promise.resolve({ kind: "no_client" });
    const connection = open[Math.min(open.length - 1, Math.floor(this.settings.random() * open.length))]!;
    const payload = Buffer.from(JSON.stringify(envelope));
    const messageId = randomBytes(10).toString("hex");
    const traceId = randomBytes(8).toString("hex");
    const size = this.settings.maxFramePayloadBytes;
    const sum = Math.max(1, Math.ceil(payload.length / size));

    const acknowledged = new Promise<PushOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(messageId);
        resolve({ kind: "timeout" });
      }, ackTimeoutMs);
      this.pending.set(messageId, { resolve, timer });
    });
    for (let seq = 0; seq < sum; seq++) {
      const headers: FrameHeader[] = [
        { key: "type", value: this.settings.cardFrames && isCardAction(envelope) ? "card" : "event" },
        { key: "message_id", value: messageId },
        { key: "sum", value: String(sum) },
        { key: "seq", value: String(seq) },
        { key: "trace_id", value: traceId },
      ];
      this.send(connection, {
        SeqID: this.nextSeqId++,
        LogID: randomInt(1, 2 ** 47),
        service: this.settings.serviceId,
        method: FrameMethod.data,
        headers,
        payload: payload.subarray(seq * size, (seq + 1) * size),
      });
    }
    return acknowledged;
  }

  clients(): LongConnectionClient[] {
    return this.listening().map(({ id, deviceId, connectedAt }) => ({ id, deviceId, connectedAt }));
  }

  /** Resolves once at least `count` clients are connected and listening: tests wait for WSClient.start() this way. */
  waitForClients(count = 1): Promise<void> {
    if (this.listening().length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.add({ count, resolve }));
  }

  /** Fault injection: the platform drops every connection; the SDK reconnects by itself (§5.5). */
  dropAll(): void {
    for (const connection of this.connections.values()) connection.socket.terminate();
    this.connections.clear();
  }

  close(): Promise<void> {
    for (const pending of this.pending.values()) clearTimeout(pending.timer);
    for (const [messageId, pending] of this.pending) {
      this.pending.delete(messageId);
      pending.resolve({ kind: "timeout" });
    }
    this.dropAll();
    for (const waiter of this.waiters) waiter.resolve();
    this.waiters.clear();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }

  private clientConfig() {
    return {
      PingInterval: this.settings.pingIntervalSeconds,
      ReconnectCount: this.settings.reconnectCount,
      ReconnectInterval: this.settings.reconnectIntervalSeconds,
      ReconnectNonce: this.settings.reconnectNonceSeconds,
    };
  }

  private send(connection: Connection, frame: Frame): void {
    if (connection.socket.readyState === WebSocket.OPEN) connection.socket.send(encodeFrame(frame));
  }
}

function parseAck(frame: Frame): PushOutcome {
  try {
    const body = JSON.parse(Buffer.from(frame.payload ?? new Uint8Array()).toString("utf8")) as { code?: number; data?: string };
    const code = typeof body.code === "number" ? body.code : 0;
    if (typeof body.data !== "string") return { kind: "acknowledged", code };
    return { kind: "acknowledged", code, data: JSON.parse(Buffer.from(body.data, "base64").toString("utf8")) };
  } catch {
    return { kind: "acknowledged", code: 0 };
  }
}

function isCardAction(envelope: unknown): boolean {
  const header = (envelope as { header?: { event_type?: unknown } } | null)?.header;
  return header?.event_type === "card.action.trigger";
}
