// The bot with a `schedule:` for the schedule suites: the platform stand-in, the real SDK, a fresh
// database, a fixed clock the test moves, and one or more bot instances sharing that database (two
// processes in production). The Messenger goes through the rate limiter on a virtual clock, so its
// waits and back-offs take no real time.
import { WorkspaceSnapshots } from "../../src/store/workspace-snapshot.ts";
import { learnBotOpenId } from "../../src/platform/lark/bot-identity.ts";
import * as lark from "@larksuiteoapi/node-sdk";
import { readFileSync } from "node:fs";
import { parse, stringify } from "yaml";
import { startPlatform, type Platform } from "../../src/sandbox/index.ts";
import { createApp, type App } from "../../src/app.ts";
import { createLarkMessenger } from "../../src/platform/lark/lark-messenger.ts";
import { withRateLimits, type RateLimitEvent } from "../../src/platform/lark/rate-limited-messenger.ts";
import type { PlatformLimits, LimiterClock } from "../../src/platform/rate-limit.ts";
import type { Messenger } from "../../src/platform/lark/messenger.ts";
import { createJobQueue } from "../../src/jobs/queue.ts";
import { fixedClock } from "../../src/platform/time.ts";
import { silentLogger } from "../../src/platform/logger.ts";
import { openDatabase, type Database } from "../../src/platform/db/client.ts";
import { bindPeople } from "../../src/features/admin/bind-people.ts";
import { FANOUT_CONCURRENCY } from "../../src/features/chase/index.ts";
import { setChatRole } from "../../src/store/chat-repo.ts";
import { startLongConnection, type LongConnection } from "../../src/transport/long-connection.ts";
import { createTestDatabase, type TestDatabase } from "./database.ts";
import { importWorkspaceText } from "./import-text.ts";
import { loadWorkspace, type StoredWorkspace } from "../../src/store/workspace-repo.ts";

export const APP_ID = "cli_a1b2c3d4e5f60718";
const APP_SECRET = "test-secret";
export const ADMIN = "王主任";
export const WORK_GROUP = "保障房月报工作群";

const ZHANGYE = readFileSync(new URL("../fixtures/zhangye/workspace.yaml", import.meta.url), "utf8");

/** Limits high enough that nothing waits in a test (the bench uses the documented ones). */
export const RAISED_LIMITS: PlatformLimits = { perAppPerSecond: 100_000, perAppPerMinute: 1_000_000, perReceiverPerSecond: 1000, perMessagePerSecond: 1000 };

export function contactOf(unit: string): string {
  return `${unit}填报员`;
}
export function leaderOf(unit: string): string {
  return `${unit}分管领导`;
}

interface Person {
  name: string;
  mobile: string;
}

/** The Zhangye workspace with a contact and a leader per unit, and the given schedule. */
export function zhangyeYaml(schedule: Record<string, unknown> | null): { yaml: string; users: Person[] } {
  const file = parse(ZHANGYE) as Record<string, unknown> & { units: { name: string; contact?: unknown; leader?: unknown }[] };
  const users: Person[] = [{ name: ADMIN, mobile: "13900000001" }];
  file["admins"] = [{ name: ADMIN, mobile: "13900000001" }];
  file.units.forEach((unit, index) => {
    const contact = { name: contactOf(unit.name), mobile: `1380000000${index}` };
    const leader = { name: leaderOf(unit.name), mobile: `1370000000${index}` };
    unit.contact = contact;
    unit.leader = leader;
    users.push(contact, leader);
  });
  users.push({ name: "李副手", mobile: "13600000009" });
  if (schedule) file["schedule"] = schedule;
  return { yaml: stringify(file), users };
}

/**
 * A synthetic workspace of `count` units (单位0001…), one indicator, a contact each. The file names the
 * first unit; the rest are written straight to the tables (importing 3,000 units row by row would take
 * longer than the fan-out under test), with the contacts' open_ids as an office that exported them
 * would have them.
 */
export function manyUnits(count: number, schedule: Record<string, unknown>): { yaml: (openIdOf: (name: string) => string) => string; users: Person[]; afterImport: AfterImport } {
  const users: Person[] = [{ name: ADMIN, mobile: "13900000001" }];
  const names = Array.from({ length: count }, (_, i) => `单位${String(i + 1).padStart(4, "0")}`);
  names.forEach((name, i) => users.push({ name: contactOf(name), mobile: `15${String(i).padStart(9, "0")}` }));
  const yaml = (openIdOf: (name: string) => string) =>
    stringify({
      key: "many",
      name: "测试省",
      office: "测试省保障性安居工程领导小组办公室",
      scope: "全省",
      percentDigits: 1,
      percentTrailingZero: false,
      admins: [{ name: ADMIN, mobile: "13900000001", openId: openIdOf(ADMIN) }],
      units: [{ name: names[0], contact: { name: contactOf(names[0]!), mobile: users[1]!.mobile, openId: openIdOf(contactOf(names[0]!)) } }],
      indicators: [{ id: "zlbt_hu", group: "住房租赁补贴", name: "发放", unit: "户" }],
      schedule,
    });
  const afterImport: AfterImport = async (db, workspaceId, openIdOf) => {
    const rest = names.slice(1);
    for (let i = 0; i < rest.length; i += 500) {
      await db.unit.createMany({ data: rest.slice(i, i + 500).map((name, j) => ({ workspaceId, name, position: i + j + 1 })) });
    }
    const ids = new Map((await db.unit.findMany({ where: { workspaceId }, select: { id: true, name: true } })).map((row) => [row.name, row.id]));
    for (let i = 0; i < rest.length; i += 500) {
      await db.person.createMany({
        data: rest.slice(i, i + 500).map((name) => ({ workspaceId, unitId: ids.get(name)!, role: "contact", name: contactOf(name), openId: openIdOf(contactOf(name)) })),
      });
    }
  };
  return { yaml, users, afterImport };
}

type AfterImport = (db: Database["db"], workspaceId: string, openIdOf: (name: string) => string) => Promise<void>;

export interface Instance {
  readonly app: App;
  readonly messenger: Messenger;
  readonly database: Database;
  runJobs(): Promise<number>;
}

export interface ScheduleHarness {
  readonly platform: Platform;
  readonly database: TestDatabase;
  readonly clock: ReturnType<typeof fixedClock>;
  readonly workspace: StoredWorkspace;
  readonly instances: Instance[];
  readonly events: RateLimitEvent[];
  /** one more bot instance on the same database (its own client when `ownConnection`) */
  addInstance(options?: { workerId?: string; ownConnection?: boolean; lanes?: number; wrap?: (messenger: Messenger) => Messenger }): Promise<Instance>;
  runJobs(): Promise<number>;
  /** runs the jobs, moving the clock `stepMs` at a time, until nothing is due within `untilMs` */
  runUntilQuiet(stepMs: number, rounds: number): Promise<void>;
  close(): Promise<void>;
}

export async function startScheduleHarness(options: { now: string; yaml: string | ((openIdOf: (name: string) => string) => string); users: Person[]; afterImport?: AfterImport; listen?: boolean; workGroup?: boolean }): Promise<ScheduleHarness> {
  const clock = fixedClock(options.now);
  const platform = await startPlatform({
    appId: APP_ID,
    appSecret: APP_SECRET,
    rateLimits: RAISED_LIMITS,
    directory: {
      users: options.users,
      chats: options.workGroup === false ? [] : [{ name: WORK_GROUP, members: options.users.map((user) => user.name).slice(0, 50) }],
    },
  });
  const database = await createTestDatabase();
  const openIdOf = (name: string) => platform.directory.requireUser(name).openId;
  const yaml = typeof options.yaml === "string" ? options.yaml : options.yaml(openIdOf);
  let workspace = await importWorkspaceText(database.db, yaml);
  if (options.afterImport) {
    await options.afterImport(database.db, workspace.id, openIdOf);
    workspace = await loadWorkspace(database.db, workspace.model.key);
  }
  const log = silentLogger();
  const events: RateLimitEvent[] = [];
  // The limiter's own virtual time: sleeping moves it, so back-offs cost nothing real.
  let virtual = 0;
  const limiterClock: LimiterClock = { now: () => virtual, sleep: async (ms) => void (virtual += ms) };
  const instances: Instance[] = [];
  const extraDatabases: Database[] = [];
  let connection: LongConnection | null = null;

  async function addInstance(instanceOptions: { workerId?: string; ownConnection?: boolean; lanes?: number; wrap?: (messenger: Messenger) => Messenger } = {}): Promise<Instance> {
    const db = instanceOptions.ownConnection ? await openDatabase(database.url) : database;
    if (instanceOptions.ownConnection) extraDatabases.push(db);
    const client = new lark.Client({ appId: APP_ID, appSecret: APP_SECRET, domain: platform.url, cache: new lark.DefaultCache(), loggerLevel: lark.LoggerLevel.error });
    const limited = withRateLimits(createLarkMessenger(client), { limits: RAISED_LIMITS, clock: limiterClock, onEvent: (event) => events.push(event) });
    const messenger = instanceOptions.wrap ? instanceOptions.wrap(limited) : limited;
    const deps = { db: db.db, messenger, jobs: createJobQueue(db.db), snapshots: new WorkspaceSnapshots(db.db), log, now: () => clock.now(), workspaceKey: workspace.model.key, appId: APP_ID, botOpenId: await learnBotOpenId(messenger, log) };
    const app = createApp(deps, { workerId: instanceOptions.workerId ?? `worker-${instances.length + 1}` });
    app.runner.allowConcurrency(instanceOptions.lanes ?? FANOUT_CONCURRENCY);
    const instance = { app, messenger, database: db, runJobs: () => app.runner.runDue(clock.now()) };
    instances.push(instance);
    return instance;
  }

  const first = await addInstance({ workerId: "worker-1" });
  await bindPeople(first.app.deps, workspace.id);
  if (options.workGroup !== false) {
    const chat = platform.chats().find((candidate) => candidate.name === WORK_GROUP)!;
    await setChatRole(database.db, workspace.id, chat.chatId, "work", WORK_GROUP);
  }
  if (options.listen) {
    connection = await startLongConnection(first.app.bot, { appId: APP_ID, appSecret: APP_SECRET, domain: platform.url });
    await platform.waitForLongConnection(1);
  }

  const harness: ScheduleHarness = {
    platform,
    database,
    clock,
    workspace,
    instances,
    events,
    addInstance,
    runJobs: () => first.runJobs(),
    async runUntilQuiet(stepMs, rounds) {
      for (let i = 0; i < rounds; i++) {
        await first.runJobs();
        clock.advance(stepMs);
      }
    },
    async close() {
      connection?.close();
      await platform.close();
      for (const db of extraDatabases) await db.close();
      await database.destroy();
    },
  };
  return harness;
}
