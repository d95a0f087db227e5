// The parent's side of the crash test: the bot as a child process (crash-bot.ts) that a supervisor
// restarts whenever the test SIGKILLs it, and two small HTTP relays the test stands in the middle of,
// so it can kill the bot at exact points of its conversation with the platform:
// - the open-API relay (the bot's FEISHU_DOMAIN) sees every call the bot makes (tokens, lookups,
//   sends, uploads) and may kill the bot before the call reaches the platform, or after the platform
//   has done it but before the bot hears the answer;
// - the callback relay (HTTP mode) sees every event and card callback the platform pushes and may kill
//   the bot before it gets one, or after it has answered but before the platform hears the answer.
// The platform stand-in lives in this process, so its record of what was delivered survives the kills.
import { fork, type ChildProcess } from "node:child_process";
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { fileURLToPath } from "node:url";
import type { FromBot, ToBot } from "./crash-bot.ts";

const ENTRY = fileURLToPath(new URL("./crash-bot.ts", import.meta.url));
/** Generous: the machine may be busy. A bot that takes longer is stuck, and the run fails saying so. */
const START_TIMEOUT_MS = 180_000;
const TICK_TIMEOUT_MS = 180_000;

function within<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message())), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** What a relay may do with one request. */
export type RelayDecision = "pass" | "kill-before" | "kill-after";

export interface RelayedRequest {
  readonly relay: "api" | "inbound";
  readonly method: string;
  readonly path: string;
}

export interface Relay {
  readonly url: string;
  close(): Promise<void>;
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
  });
}

/**
 * An HTTP relay to `target` (when nobody listens there, as while the bot restarts, the connection is
 * dropped). The Host header is passed on unchanged… except to the platform (`rewriteHost`): its
 * long-connection endpoint answers with a ws:// URL on the Host it was asked on, and the socket should
 * go straight to the platform.
 */
export async function startRelay(options: {
  relay: RelayedRequest["relay"];
  target: string;
  decide: (request: RelayedRequest) => RelayDecision;
  kill: () => Promise<void>;
  rewriteHost: boolean;
}): Promise<Relay> {
  const sockets = new Set<Socket>();
  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const drop = () => {
      res.destroy();
      req.socket.destroy();
    };
    try {
      const body = await readAll(req);
      const path = req.url ?? "/";
      const decision = options.decide({ relay: options.relay, method: req.method ?? "GET", path: path.split("?")[0]! });
      if (decision === "kill-before") {
        await options.kill();
        drop();
        return;
      }
      const url = new URL(path, options.target);
      const headers = { ...req.headers };
      if (options.rewriteHost) headers.host = url.host;
      const answer = await new Promise<{ status: number; headers: IncomingMessage["headers"]; body: Buffer }>((resolve, reject) => {
        const forward = httpRequest(url, { method: req.method, headers }, (upstream) => {
          readAll(upstream).then((data) => resolve({ status: upstream.statusCode ?? 502, headers: upstream.headers, body: data }), reject);
        });
        forward.on("error", reject);
        forward.end(body);
      });
      if (decision === "kill-after") {
        await options.kill();
        drop();
        return;
      }
      const { "transfer-encoding": _chunked, connection: _connection, ...passed } = answer.headers;
      res.writeHead(answer.status, { ...passed, "content-length": String(answer.body.length) }).end(answer.body);
    } catch {
      drop();
    }
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * The bot process under a supervisor: `kill()` SIGKILLs it and starts a new one on the same database
 * (as systemd's Restart=always would), `ready()` waits for the current one to be up. A process that
 * exits by itself is a failure of the test run, reported by `ready()` and `tick()`.
 */
export class BotProcess {
  private current: { child: ChildProcess; up: Promise<boolean>; exited: Promise<void> } | null = null;
  private killing: Promise<void> | null = null;
  private ticks = new Map<number, { resolve: (done: number | null) => void; reject: (error: Error) => void }>();
  private clockAcks = new Map<number, () => void>();
  private nextMessage = 1;
  private clock: string;
  private failure: Error | null = null;
  private stopping = false;
  /** how many times the bot was started (the first start included) */
  starts = 0;
  /** the last lines the bot wrote, for a failure's message */
  readonly output: string[] = [];

  constructor(
    private readonly env: Record<string, string>,
    now: string,
    /**
     * Called once a new process says it is ready, before anyone waiting on ready() goes on, with the
     * time it was started and whether it is still alive.
     */
    private readonly onReady: (process: { startedAt: number; isAlive: () => boolean }) => Promise<void> = async () => undefined,
  ) {
    this.clock = now;
  }

  start(): void {
    this.starts += 1;
    const startedAt = Date.now();
    const child = fork(ENTRY, [], {
      execArgv: ["--import", "tsx"],
      env: { ...process.env, ...this.env, CRASH_BOT_NOW: this.clock },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    const keep = (data: Buffer) => {
      for (const line of data.toString("utf8").split("\n")) if (line.trim()) this.output.push(`[${child.pid}] ${line}`);
      this.output.splice(0, Math.max(0, this.output.length - 200));
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const up = new Promise<boolean>((resolve) => {
      child.on("message", (message: FromBot) => {
        if (message.type === "ready") {
          this.output.push(`[${child.pid}] (ready)`);
          // The clock may have moved while it was starting.
          this.sendClock(child)
            .then(() => this.onReady({ startedAt, isAlive: () => child.exitCode === null && child.signalCode === null }))
            .then(
              () => resolve(true),
              (error: unknown) => {
                this.failure ??= error instanceof Error ? error : new Error(String(error));
                resolve(false);
              },
            );
        } else if (message.type === "clock-set") {
          this.clockAcks.get(message.id)?.();
          this.clockAcks.delete(message.id);
        } else if (message.type === "ticked") {
          this.ticks.get(message.id)?.resolve(message.done);
          this.ticks.delete(message.id);
        } else if (message.type === "tick-failed") {
          this.ticks.get(message.id)?.reject(new Error(`the bot's job run failed: ${message.error}`));
          this.ticks.delete(message.id);
        }
      });
      child.once("exit", (code, signal) => {
        // Whatever was waiting on this process learns that it is gone (a new one starts on the clock as it is).
        for (const [id, waiter] of this.ticks) {
          waiter.resolve(null);
          this.ticks.delete(id);
        }
        for (const [id, acknowledge] of this.clockAcks) {
          acknowledge();
          this.clockAcks.delete(id);
        }
        if (signal !== "SIGKILL" && !this.stopping) {
          this.failure ??= new Error(`the bot exited by itself (code ${code}, signal ${signal}):\n${this.output.slice(-30).join("\n")}`);
        }
        resolve(false);
      });
    });
    this.current = { child, up, exited };
  }

  /** Resolves when a bot process is up and listening (after any restart in progress). */
  async ready(): Promise<void> {
    for (;;) {
      if (this.failure) throw this.failure;
      if (this.killing) await this.killing;
      const generation = this.current;
      if (!generation) throw new Error("the bot was never started");
      const isUp = await within(generation.up, START_TIMEOUT_MS, () => `the bot did not start within ${START_TIMEOUT_MS / 1000} s:\n${this.output.slice(-30).join("\n")}`);
      if (this.failure) throw this.failure;
      if (isUp && generation === this.current && generation.child.exitCode === null && generation.child.signalCode === null) return;
      // That process died while starting: the supervisor has started another one.
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** SIGKILL, then start again on the same database. Resolves once the old process is dead. */
  kill(): Promise<void> {
    if (this.killing) return this.killing;
    const generation = this.current;
    if (!generation || generation.child.exitCode !== null || generation.child.signalCode !== null) return Promise.resolve();
    this.killing = (async () => {
      this.output.push(`[${generation.child.pid}] (killed)`);
      generation.child.kill("SIGKILL");
      await generation.exited;
      if (!this.stopping) this.start();
      this.killing = null;
    })();
    return this.killing;
  }

  /** Moves the bot's clock; resolves once the running process has it (a process started later gets it at start). */
  async setClock(at: string): Promise<void> {
    this.clock = at;
    const child = this.current?.child;
    if (child && (await this.current!.up) && child === this.current?.child) await this.sendClock(child);
  }

  private sendClock(child: ChildProcess): Promise<void> {
    if (!child.connected) return Promise.resolve();
    const id = this.nextMessage++;
    const acknowledged = new Promise<void>((resolve) => this.clockAcks.set(id, resolve));
    child.send({ type: "clock", id, at: this.clock } satisfies ToBot, (error) => {
      if (error) this.clockAcks.get(id)?.();
    });
    return acknowledged;
  }

  /** One heartbeat: runs the due jobs. Null when the process died during it. */
  async tick(): Promise<number | null> {
    await this.ready();
    const child = this.current?.child;
    if (!child?.connected) return null;
    const id = this.nextMessage++;
    const done = new Promise<number | null>((resolve, reject) => this.ticks.set(id, { resolve, reject }));
    child.send({ type: "tick", id } satisfies ToBot, (error) => {
      if (error) this.ticks.get(id)?.resolve(null);
    });
    return within(done, TICK_TIMEOUT_MS, () => `the bot's due jobs did not finish within ${TICK_TIMEOUT_MS / 1000} s:\n${this.output.slice(-30).join("\n")}`);
  }

  /** Ends the process for good (no restart). */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.killing) await this.killing;
    const generation = this.current;
    if (generation && generation.child.exitCode === null && generation.child.signalCode === null) {
      generation.child.kill("SIGKILL");
      await generation.exited;
    }
  }
}
