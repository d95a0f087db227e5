// A month of the Zhangye workspace, played against the bot as a child process (crash-bot.ts) on a
// SQLite file, with the platform stand-in in this process and a clock this process sets. The same
// steps run once without a kill (the reference) and again with the bot SIGKILLed at planned points;
// the caller compares the two (crash-compare.ts).
//
// The month (the schedule of test/e2e/schedule-month.test.ts, plus the bulletin of month.test.ts):
// the admin binds the two groups, the period opens by itself on 9-25 and the cards fan out, four units
// submit (one far behind, one confirming a suspect value with a 上报说明), a unit is paused, reminders
// go out, the deadline moves off National Day to 10-08, late units are chased privately, in the work
// group and through their leader, the lagging unit answers its 督办 card, the admin asks for 进度,
// the last unit submits late, the admin drafts the bulletin (通报) and publishes it with the button.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { startPlatform, type CardActionResult, type Platform } from "../../src/sandbox/index.ts";
import { GENERIC_ERROR_MESSAGE } from "../../src/bot/errors.ts";
import { ACTIONS } from "../../src/bot/actions.ts";
import { ADMIN, APP_ID, RAISED_LIMITS, WORK_GROUP, contactOf, zhangyeYaml } from "../support/schedule-harness.ts";
import { LEADERS_GROUP } from "../support/bot-harness.ts";
import { BotProcess, startRelay, type RelayDecision, type RelayedRequest } from "./crash-harness.ts";

const APP_SECRET = "crash-test-secret";
const ENCRYPT_KEY = "crash-test-encrypt-key";
const VERIFICATION_TOKEN = "crash-test-verification-token";
const BOT = "@保障房月报机器人";
/** The job lease (src/jobs/queue.ts): a job whose runner died is taken over once it has run out. */
const LEASE_MS = 60_000;

const SCHEDULE = { open: { day: 25, time: "09:00", month: "period" }, deadline: { day: 1, time: "18:00" }, moveToWorkday: true };

export type Mode = "long_connection" | "http";

/**
 * Where the bot is killed:
 * - `api`: at the nth message or file call of a step (counting every one, retries included), before
 *   the platform gets it or after the platform has acted but before the bot hears back;
 * - `inbound` (HTTP mode): at the nth event or card callback the platform pushes during a step,
 *   before the bot gets it or after it has answered but before the platform hears the answer;
 * - `delay`: ms after the step began, wherever the bot is then (a card submission over the long
 *   connection has no call to stop at);
 * - `after`: once the step is done, before the next one.
 */
export type KillPoint =
  | { readonly step: number; readonly on: "api" | "inbound"; readonly nth: number; readonly phase: "kill-before" | "kill-after" }
  | { readonly step: number; readonly on: "delay"; readonly ms: number }
  | { readonly step: number; readonly on: "after" };

export function describeKill(point: KillPoint): string {
  const step = `step ${point.step} (${STEPS[point.step]!.name})`;
  if (point.on === "after") return `after ${step}`;
  if (point.on === "delay") return `${point.ms} ms into ${step}`;
  return `${step}, ${point.on} request #${point.nth}, ${point.phase === "kill-before" ? "before it reached" : "after it was answered by"} ${point.on === "api" ? "the platform" : "the bot"}`;
}

export interface StepStats {
  readonly name: string;
  api: number;
  inbound: number;
  ms: number;
}

export interface RunResult {
  readonly dir: string;
  readonly dbFile: string;
  readonly platform: Platform;
  readonly steps: StepStats[];
  readonly fired: KillPoint[];
  readonly starts: number;
  /** the platform's deliveries of events (not card callbacks) that ended failed: lost */
  readonly lostEvents: string[];
  close(): Promise<void>;
}

interface World {
  readonly platform: Platform;
  readonly bot: BotProcess;
  setClock(local: string): Promise<void>;
  say(chat: string | "p2p", text: string): Promise<void>;
  click(user: string, label: string, act: () => Promise<CardActionResult>): Promise<CardActionResult>;
  runJobs(): Promise<void>;
}

/** 2024-10-08 09:00 in Shanghai → the UTC instant. */
function at(local: string): string {
  return new Date(`${local.replace(" ", "T")}:00+08:00`).toISOString();
}

function cards(platform: Platform, user: string) {
  return platform.messages({ p2p: user }).filter((message) => message.sender.type === "app" && message.msgType === "interactive");
}

function inputsOf(node: unknown, found: { name: string; placeholder: string }[] = []): { name: string; placeholder: string }[] {
  if (Array.isArray(node)) node.forEach((item) => inputsOf(item, found));
  else if (node && typeof node === "object") {
    const element = node as Record<string, unknown>;
    if (element["tag"] === "input" && typeof element["name"] === "string") {
      found.push({ name: element["name"], placeholder: String((element["placeholder"] as { content?: string } | undefined)?.content ?? "") });
    }
    Object.values(element).forEach((value) => inputsOf(value, found));
  }
  return found;
}

function buttonValues(node: unknown, found: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(node)) node.forEach((item) => buttonValues(item, found));
  else if (node && typeof node === "object") {
    const element = node as Record<string, unknown>;
    if (element["tag"] === "button" && Array.isArray(element["behaviors"])) {
      for (const behavior of element["behaviors"] as { type?: string; value?: Record<string, unknown> }[]) if (behavior.type === "callback" && behavior.value) found.push(behavior.value);
    }
    Object.values(element).forEach((value) => buttonValues(value, found));
  }
  return found;
}

/** Every field filled: the annual target times `share` where there is one, 10 otherwise. */
function formAt(platform: Platform, messageId: string, share: number, overrides: Record<string, string> = {}): Record<string, string> {
  const values: Record<string, string> = {};
  for (const input of inputsOf(platform.card(messageId))) {
    if (input.name === "remarks" || input.name.startsWith("explain__")) continue;
    const target = /年度任务([\d.]+)/.exec(input.placeholder);
    values[input.name] = target ? String(Math.max(1, Math.round(Number(target[1]) * share))) : "10";
  }
  return { ...values, ...overrides };
}

function formCard(platform: Platform, unit: string): string {
  const card = cards(platform, contactOf(unit))[0];
  if (!card) throw new Error(`${contactOf(unit)} has no form card`);
  return card.messageId;
}

async function submit(w: World, unit: string, share: number, overrides: Record<string, string> = {}): Promise<CardActionResult> {
  const messageId = formCard(w.platform, unit);
  const values = formAt(w.platform, messageId, share, overrides);
  return w.click(contactOf(unit), `${unit} submits`, () => w.platform.submitForm(contactOf(unit), messageId, values));
}

function expectReceipt(w: World, unit: string): void {
  const text = JSON.stringify(w.platform.card(formCard(w.platform, unit)));
  if (!text.includes("数据已提交")) throw new Error(`${unit}'s card is not a receipt after submitting: ${text.slice(0, 300)}`);
}

interface Step {
  readonly name: string;
  readonly at: string;
  run(w: World): Promise<void>;
}

export const STEPS: readonly Step[] = [
  {
    name: "the admin binds the work and leadership groups",
    at: "2024-09-20 10:00",
    async run(w) {
      await w.say(WORK_GROUP, `${BOT} 设为工作群`);
      await w.say(LEADERS_GROUP, `${BOT} 设为领导群`);
    },
  },
  { name: "the period opens: form cards fan out", at: "2024-09-25 09:00", run: async () => undefined },
  {
    name: "four units submit (one suspect value confirmed), one unit paused",
    at: "2024-09-26 10:00",
    async run(w) {
      await submit(w, "甘州区", 0.8);
      expectReceipt(w, "甘州区");
      await submit(w, "肃南县", 0.8);
      await submit(w, "临泽县", 0.1); // far behind the 75% the end of September expects
      // 2470 is ten times 民乐县's target of 247: asked about on the card, then confirmed
      await submit(w, "民乐县", 0.8, { bzf_kaigong: "2470" });
      const asked = JSON.stringify(w.platform.card(formCard(w.platform, "民乐县")));
      if (!asked.includes("上报说明")) throw new Error("民乐县's suspect value was not asked about");
      await submit(w, "民乐县", 0.8, { bzf_kaigong: "2470", explain__bzf_kaigong: "含2022年结转项目2223套" });
      expectReceipt(w, "民乐县");
      await w.say("p2p", "暂停 山丹县 催报 至 10月7日");
    },
  },
  { name: "reminders two working days before the deadline", at: "2024-09-29 09:00", run: async () => undefined },
  { name: "the paused unit's pause is over", at: "2024-10-08 08:00", run: async () => undefined },
  { name: "reminders on the deadline's morning", at: "2024-10-08 09:00", run: async () => undefined },
  {
    name: "the paused unit submits before the deadline",
    at: "2024-10-08 10:00",
    async run(w) {
      await submit(w, "山丹县", 0.9);
      expectReceipt(w, "山丹县");
    },
  },
  { name: "late units are chased privately", at: "2024-10-08 19:00", run: async () => undefined },
  { name: "the work group is told who is late; 督办 to the lagging unit", at: "2024-10-09 09:00", run: async () => undefined },
  {
    name: "the lagging unit answers its 督办 card; the admin asks for 进度",
    at: "2024-10-09 09:30",
    async run(w) {
      const duban = cards(w.platform, contactOf("临泽县")).find((message) => message.content.includes("督办"));
      if (!duban) throw new Error("临泽县 got no 督办 card");
      const answer = "受国庆假期影响，项目9月下旬集中开工，10月底前补齐进度。";
      await w.click(contactOf("临泽县"), "临泽县 answers the 督办 card", () => w.platform.submitForm(contactOf("临泽县"), duban.messageId, { explanation: answer }));
      await w.say("p2p", "进度");
    },
  },
  { name: "the admins are told the bulletin can be drafted", at: "2024-10-09 10:00", run: async () => undefined },
  { name: "the late unit's leader is told", at: "2024-10-10 09:00", run: async () => undefined },
  {
    name: "the late unit submits",
    at: "2024-10-10 10:00",
    async run(w) {
      await submit(w, "高台县", 0.5);
      expectReceipt(w, "高台县");
    },
  },
  {
    name: "the admin drafts the bulletin (通报): preview and files",
    at: "2024-10-10 11:00",
    async run(w) {
      await w.say("p2p", "通报");
    },
  },
  {
    name: "the admin publishes with the preview's button",
    at: "2024-10-10 11:30",
    async run(w) {
      const previews = cards(w.platform, ADMIN).filter((message) => buttonValues(w.platform.card(message.messageId)).some((value) => value["action"] === ACTIONS.publishBulletin));
      const preview = previews.at(-1);
      if (!preview) throw new Error("the admin got no preview card with a 发布 button");
      const value = buttonValues(w.platform.card(preview.messageId)).find((candidate) => candidate["action"] === ACTIONS.publishBulletin)!;
      await w.click(ADMIN, "the admin clicks 发布", () => w.platform.clickButton(ADMIN, preview.messageId, value));
    },
  },
];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Jobs a dead process left running (their lease has to run out), or that failed and wait to be retried. */
function unfinishedJobs(dbFile: string): number {
  const sqlite = new Database(dbFile, { fileMustExist: true, timeout: 10_000 });
  try {
    const row = sqlite.prepare(`SELECT count(*) AS n FROM "Job" WHERE "state" = 'running' OR ("state" = 'due' AND "lastError" IS NOT NULL)`).get() as { n: number };
    return row.n;
  } finally {
    sqlite.close();
  }
}

/** The kill points of a run, fired as the run reaches them; also counts what each step did. */
class KillSchedule {
  readonly steps: StepStats[] = STEPS.map((step) => ({ name: step.name, api: 0, inbound: 0, ms: 0 }));
  readonly fired: KillPoint[] = [];
  private readonly pending: KillPoint[];
  private current = -1;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    points: readonly KillPoint[],
    private readonly kill: () => Promise<void>,
    private readonly log: (line: string) => void,
  ) {
    this.pending = [...points];
  }

  /** What a relay does with a request: counted in the step, and killed through when it is a kill point. */
  readonly decide = (request: RelayedRequest): RelayDecision => {
    if (this.current < 0) return "pass";
    // Kill points are counted among the calls that do the month's work (sends, uploads), not the
    // token, lookup and connection calls every start makes.
    if (request.relay === "api" && !request.path.startsWith("/open-apis/im/")) return "pass";
    const stats = this.steps[this.current]!;
    const nth = request.relay === "api" ? ++stats.api : ++stats.inbound;
    const point = this.take((candidate) => candidate.on === request.relay && candidate.nth === nth);
    if (!point || (point.on !== "api" && point.on !== "inbound")) return "pass";
    this.log(`    kill: ${describeKill(point)} (${request.method} ${request.path})`);
    return point.phase;
  };

  begin(step: number): void {
    this.current = step;
    this.timers = this.pending.flatMap((point) =>
      point.step === step && point.on === "delay"
        ? [
            setTimeout(() => {
              if (!this.take((candidate) => candidate === point)) return;
              this.log(`    kill: ${describeKill(point)}`);
              void this.kill();
            }, point.ms),
          ]
        : [],
    );
  }

  /** Ends the step; true when the bot is to be killed before the next one. */
  end(step: number, ms: number): boolean {
    for (const timer of this.timers) clearTimeout(timer);
    this.steps[step]!.ms = ms;
    const point = this.take((candidate) => candidate.on === "after");
    if (point) this.log(`    kill: ${describeKill(point)}`);
    this.current = -1;
    return point !== null;
  }

  private take(matches: (point: KillPoint & { nth?: number }) => boolean): KillPoint | null {
    const index = this.pending.findIndex((point) => point.step === this.current && matches(point));
    if (index < 0) return null;
    const [point] = this.pending.splice(index, 1);
    this.fired.push(point!);
    return point!;
  }
}

/** The stand-in with the directory of the Zhangye contacts and the two groups, and the relays around the bot. */
async function startStandIn(mode: Mode, users: { name: string; mobile: string }[], schedule: KillSchedule, kill: () => Promise<void>) {
  const httpPort = mode === "http" ? await freePort() : 0;
  const inbound = mode === "http" ? await startRelay({ relay: "inbound", target: `http://127.0.0.1:${httpPort}`, decide: schedule.decide, kill, rewriteHost: false }) : null;
  const callbacks = inbound ? ({ mode: "webhook", url: `${inbound.url}/feishu/events` } as const) : null;
  const platform = await startPlatform({
    appId: APP_ID,
    appSecret: APP_SECRET,
    rateLimits: RAISED_LIMITS,
    // §4.4 retries for 7 hours (15 s, 5 min, 1 h, 6 h); compressed to every second for two minutes,
    // which outlasts a restart and the bot's wait before it takes over an event its dead process claimed
    retryScheduleMs: [250, 500, ...Array<number>(120).fill(1000)],
    // §5.5: a client that cannot connect waits up to ReconnectNonce, then tries every ReconnectInterval (30 s, 120 s)
    longConnection: { reconnectNonceSeconds: 1, reconnectIntervalSeconds: 2 },
    ...(callbacks ? { encryptKey: ENCRYPT_KEY, verificationToken: VERIFICATION_TOKEN, events: callbacks, callbacks } : {}),
    directory: {
      users,
      chats: [
        { name: WORK_GROUP, members: users.map((user) => user.name) },
        { name: LEADERS_GROUP, members: [ADMIN, ...users.filter((user) => user.name.endsWith("分管领导")).map((user) => user.name)] },
      ],
    },
  });
  const api = await startRelay({ relay: "api", target: platform.url, decide: schedule.decide, kill, rewriteHost: true });
  return {
    platform,
    api,
    httpPort,
    async close() {
      await api.close();
      await inbound?.close();
      await platform.close();
    },
  };
}

export async function runMonth(options: { mode: Mode; kills: readonly KillPoint[]; log?: (line: string) => void }): Promise<RunResult> {
  const log = options.log ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), "bzf-crash-"));
  const dbFile = join(dir, "bot.db");
  const { yaml, users } = zhangyeYaml(SCHEDULE);
  const workspaceFile = join(dir, "workspace.yaml");
  writeFileSync(workspaceFile, yaml.replace(/^year: 2023\n/m, ""));

  let bot: BotProcess | null = null;
  const kill = () => bot!.kill();
  const schedule = new KillSchedule(options.kills, kill, log);
  const standIn = await startStandIn(options.mode, users, schedule, kill);
  const { platform } = standIn;
  bot = new BotProcess(
    {
      DATABASE_URL: `file:${dbFile}`,
      WORKSPACE_FILE: workspaceFile,
      FEISHU_APP_ID: APP_ID,
      FEISHU_APP_SECRET: APP_SECRET,
      FEISHU_DOMAIN: standIn.api.url,
      FEISHU_EVENT_MODE: options.mode,
      ...(options.mode === "http" ? { HTTP_PORT: String(standIn.httpPort), FEISHU_ENCRYPT_KEY: ENCRYPT_KEY, FEISHU_VERIFICATION_TOKEN: VERIFICATION_TOKEN } : {}),
      LOG_LEVEL: process.env.CRASH_LOG_LEVEL ?? "warn",
      TZ: "UTC",
    },
    at(STEPS[0]!.at),
    async (started) => {
      if (options.mode !== "long_connection") return;
      // Up means listening: a long-connection client that connected since this process started (the
      // ones before were the dead processes') has sent its first ping. The SDK's start() also returns
      // when the first attempt failed and a reconnect is scheduled, so this may take a moment.
      for (;;) {
        if (platform.longConnectionClients().some((client) => client.connectedAt >= started.startedAt)) return;
        if (!started.isAlive()) return;
        if (Date.now() - started.startedAt > 120_000) throw new Error(`the bot's long connection never came up (clients: ${JSON.stringify(platform.longConnectionClients())})`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  );

  let clock = at(STEPS[0]!.at);
  const setClock = (iso: string) => {
    clock = iso;
    return bot!.setClock(iso);
  };
  const world: World = {
    platform,
    bot,
    setClock: (local) => setClock(at(local)),
    async say(chat, text) {
      const sent = await platform.sendText(ADMIN, chat, text);
      await platform.idle();
      const record = sent.delivery && platform.delivery.record(sent.delivery.eventId);
      if (!record || record.state !== "delivered") throw new Error(`the platform could not deliver “${text}”: ${JSON.stringify(record?.attempts ?? null)}`);
    },
    async click(user, label, act) {
      for (let attempt = 1; ; attempt++) {
        await bot!.ready();
        const result = await act();
        if (result.ok) {
          const toast = JSON.stringify(result.response["toast"] ?? null);
          if (toast.includes(GENERIC_ERROR_MESSAGE)) throw new Error(`${label}: the bot answered with its generic error`);
          return result;
        }
        // The bot died while the click was on its way: the user sees the client's error and clicks again.
        log(`    ${label}: the click failed (${result.errorCode}), clicking again`);
        if (attempt >= 10) throw new Error(`${label}: the click failed ${attempt} times (${result.errorCode} ${result.detail})`);
      }
    },
    async runJobs() {
      for (let round = 0; ; round++) {
        if (round > 200) throw new Error("the jobs never ran out");
        const done = await bot!.tick();
        if (done === 0) {
          // A job the dead process was running stays leased: the next beats after the lease take it over.
          if (unfinishedJobs(dbFile) === 0) return;
          await setClock(new Date(new Date(clock).getTime() + LEASE_MS + 1000).toISOString());
        }
      }
    },
  };

  try {
    bot.start();
    for (const [index, step] of STEPS.entries()) {
      const began = Date.now();
      schedule.begin(index);
      await bot.ready();
      await world.setClock(step.at);
      await step.run(world);
      await world.runJobs();
      await platform.idle();
      const killAfter = schedule.end(index, Date.now() - began);
      const stats = schedule.steps[index]!;
      log(`  ${index}. ${step.name} (${stats.ms} ms, ${stats.api} sends${options.mode === "http" ? `, ${stats.inbound} pushes` : ""})`);
      if (killAfter) {
        await bot.kill();
        await bot.ready();
      }
    }
    await platform.idle();
    await bot.stop();
  } catch (error) {
    await bot.stop();
    await standIn.close();
    rmSync(dir, { recursive: true, force: true });
    const output = bot.output.slice(-40).join("\n");
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- the bot's last output ---\n${output}`, { cause: error });
  }
  const lostEvents = platform
    .deliveries()
    .filter((record) => record.eventType !== "card.action.trigger" && record.state !== "delivered")
    .map((record) => `${record.eventType} ${record.eventId}: ${record.state} after ${record.attempts.map((attempt) => attempt.outcome).join(", ")}`);
  return {
    dir,
    dbFile,
    platform,
    steps: schedule.steps,
    fired: schedule.fired,
    starts: bot.starts,
    lostEvents,
    async close() {
      await standIn.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
