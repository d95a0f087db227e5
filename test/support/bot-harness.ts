// The whole bot, for end-to-end tests: the platform stand-in, the real SDK (long connection or HTTP
// callbacks), a fresh database, the Zhangye workspace with contacts, and a clock the test moves.
// Nothing of ours is replaced: the test acts as people through the stand-in and reads what they see.
import { WorkspaceSnapshots } from "../../src/store/workspace-snapshot.ts";
import { learnBotOpenId } from "../../src/platform/lark/bot-identity.ts";
import * as lark from "@larksuiteoapi/node-sdk";
import { readFileSync } from "node:fs";
import { parse, stringify } from "yaml";
import { startPlatform, type Platform } from "../../src/sandbox/index.ts";
import { createApp, type App } from "../../src/app.ts";
import { createLarkMessenger } from "../../src/platform/lark/lark-messenger.ts";
import { createJobQueue } from "../../src/jobs/queue.ts";
import { fixedClock } from "../../src/platform/time.ts";
import { silentLogger } from "../../src/platform/logger.ts";
import { bindPeople } from "../../src/features/admin/bind-people.ts";
import { startLongConnection, type LongConnection } from "../../src/transport/long-connection.ts";
import { startHttpCallbacks, type HttpCallbackServer } from "../../src/transport/http-callback.ts";
import { createTestDatabase, type TestDatabase } from "./database.ts";
import { importWorkspaceText } from "./import-text.ts";

export const APP_ID = "cli_a1b2c3d4e5f60718";
export const APP_SECRET = "test-secret";
export const ADMIN = "王主任";
export const WORK_GROUP = "保障房月报工作群";
export const LEADERS_GROUP = "市住房保障领导群";

const ZHANGYE = readFileSync(new URL("../fixtures/zhangye/workspace.yaml", import.meta.url), "utf8");

/** The contact of each Zhangye unit: 甘州区填报员 … with mobiles 1380000000N. */
export function contactOf(unit: string): string {
  return `${unit}填报员`;
}

function zhangyeWithPeople(): { yaml: string; users: { name: string; mobile: string }[] } {
  const file = parse(ZHANGYE) as { units: { name: string; contact?: unknown; leader?: unknown }[]; admins?: unknown[] };
  const users: { name: string; mobile: string }[] = [{ name: ADMIN, mobile: "13900000001" }];
  file.admins = [{ name: ADMIN, mobile: "13900000001" }];
  file.units.forEach((unit, index) => {
    const contact = { name: contactOf(unit.name), mobile: `1380000000${index}` };
    const leader = { name: `${unit.name}分管领导`, mobile: `1370000000${index}` };
    unit.contact = contact;
    unit.leader = leader;
    users.push(contact, leader);
  });
  users.push({ name: "路人甲", mobile: "13600000000" });
  return { yaml: stringify(file), users };
}

export interface Harness {
  readonly platform: Platform;
  /** the bot's callback URL in webhook mode */
  readonly callbacksUrl: string | null;
  readonly app: App;
  readonly database: TestDatabase;
  readonly clock: ReturnType<typeof fixedClock>;
  /** runs every job due now (the heartbeat, by hand) */
  runJobs(): Promise<number>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly mode: "long_connection" | "webhook";
  readonly now?: string;
  /** §4.2: "all" grants the sensitive scope under which every group message reaches the bot */
  readonly groupMessageScope?: "at_bot_only" | "all";
}

/** A 话题群 with the admin and every contact, beside the work and leadership groups. */
export const TOPIC_GROUP = "保障房月报话题群";

export async function startHarness(options: HarnessOptions = { mode: "long_connection" }): Promise<Harness> {
  const clock = fixedClock(options.now ?? "2024-01-02T01:00:00Z");
  const { yaml, users } = zhangyeWithPeople();
  const encryptKey = options.mode === "webhook" ? "test-encrypt-key" : undefined;
  const platform = await startPlatform({
    appId: APP_ID,
    appSecret: APP_SECRET,
    ...(encryptKey ? { encryptKey, verificationToken: "test-verification-token" } : {}),
    directory: {
      users,
      chats: [
        { name: WORK_GROUP, members: users.map((user) => user.name).filter((name) => name !== "路人甲") },
        { name: LEADERS_GROUP, members: [ADMIN, ...users.filter((user) => user.name.endsWith("分管领导")).map((user) => user.name)] },
        { name: TOPIC_GROUP, topic: true, members: users.map((user) => user.name).filter((name) => name !== "路人甲") },
      ],
    },
    ...(options.groupMessageScope ? { groupMessageScope: options.groupMessageScope } : {}),
  });
  const database = await createTestDatabase();
  const workspace = await importWorkspaceText(database.db, yaml);
  const client = new lark.Client({ appId: APP_ID, appSecret: APP_SECRET, domain: platform.url, cache: new lark.DefaultCache(), loggerLevel: lark.LoggerLevel.error });
  const messenger = createLarkMessenger(client);
  const log = silentLogger();
  const deps = { db: database.db, messenger, jobs: createJobQueue(database.db), snapshots: new WorkspaceSnapshots(database.db), log, now: () => clock.now(), workspaceKey: workspace.model.key, appId: APP_ID, botOpenId: await learnBotOpenId(messenger, log) };
  const app = createApp(deps, { workerId: "test-worker" });
  await bindPeople(deps, workspace.id);

  let connection: LongConnection | null = null;
  let callbacks: HttpCallbackServer | null = null;
  if (options.mode === "long_connection") {
    connection = await startLongConnection(app.bot, { appId: APP_ID, appSecret: APP_SECRET, domain: platform.url });
    await platform.waitForLongConnection(1);
  } else {
    // The stand-in signs with the real clock's timestamp; the replay check compares with real time too.
    callbacks = await startHttpCallbacks(app.bot, { port: 0, path: "/feishu/events", encryptKey: encryptKey!, verificationToken: "test-verification-token", now: () => new Date(), log });
    await platform.subscribe({ events: { mode: "webhook", url: callbacks.url }, callbacks: { mode: "webhook", url: callbacks.url } });
  }

  return {
    platform,
    callbacksUrl: callbacks?.url ?? null,
    app,
    database,
    clock,
    runJobs: () => app.runner.runDue(clock.now()),
    async close() {
      connection?.close();
      await callbacks?.close();
      await platform.close();
      await database.destroy();
    },
  };
}

/** The admin opens the period and the form cards go out: where most month tests begin. */
export async function openPeriod(h: Harness, key: string): Promise<void> {
  await h.platform.sendText(ADMIN, "p2p", `开始填报 ${key}`);
  await h.platform.idle();
  await h.runJobs();
}
