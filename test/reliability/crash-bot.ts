// The bot as its own process, for the crash test (crash-month.crash.ts), composed as src/main.ts does
// in Feishu mode: configuration from the environment, the SQLite file, the workspace file imported,
// people bound, the real SDK over the long connection or HTTP callbacks. Two differences, both the
// test's: the clock is the parent's (a fixed clock it moves over IPC, so two runs are the same month),
// and the heartbeat is the parent's `tick` message instead of node-cron, so the parent knows when the
// due jobs have run. Run with `node --import tsx` (not the tsx CLI, whose child would outlive a SIGKILL).
import { WorkspaceSnapshots } from "../../src/store/workspace-snapshot.ts";
import { learnBotOpenId } from "../../src/platform/lark/bot-identity.ts";
import * as lark from "@larksuiteoapi/node-sdk";
import { loadConfig } from "../../src/config.ts";
import { openDatabase } from "../../src/platform/db/client.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { fixedClock } from "../../src/platform/time.ts";
import { createLarkMessenger } from "../../src/platform/lark/lark-messenger.ts";
import { withRateLimits } from "../../src/platform/lark/rate-limited-messenger.ts";
import { FANOUT_CONCURRENCY } from "../../src/features/chase/index.ts";
import { createJobQueue } from "../../src/jobs/queue.ts";
import { createApp } from "../../src/app.ts";
import { bindPeople } from "../../src/features/admin/bind-people.ts";
import { importWorkspaceFile } from "../../src/features/admin/import-files.ts";
import { startLongConnection } from "../../src/transport/long-connection.ts";
import { startHttpCallbacks } from "../../src/transport/http-callback.ts";

/** Parent → child. */
export type ToBot = { readonly type: "clock"; readonly id: number; readonly at: string } | { readonly type: "tick"; readonly id: number };
/** Child → parent. */
export type FromBot =
  | { readonly type: "ready"; readonly pid: number }
  | { readonly type: "clock-set"; readonly id: number }
  | { readonly type: "ticked"; readonly id: number; readonly done: number }
  | { readonly type: "tick-failed"; readonly id: number; readonly error: string };

function send(message: FromBot): void {
  process.send?.(message);
}

async function start(): Promise<void> {
  const config = loadConfig(process.env);
  if (config.mode !== "feishu") throw new Error("crash-bot needs FEISHU_APP_ID, FEISHU_APP_SECRET and FEISHU_DOMAIN (the stand-in)");
  const startAt = process.env.CRASH_BOT_NOW;
  if (!startAt) throw new Error("crash-bot needs CRASH_BOT_NOW, the clock's time at start");
  const clock = fixedClock(startAt);
  // Messages from the parent that arrive while starting are kept, in order.
  const early: ToBot[] = [];
  let handle: ((message: ToBot) => void) | null = null;
  process.on("message", (message: ToBot) => (handle ? handle(message) : early.push(message)));

  const log = createLogger(config.env.LOG_LEVEL);
  const database = await openDatabase(config.env.DATABASE_URL);
  const { db } = database;
  const workspaceKey = (await importWorkspaceFile(db, config.env.WORKSPACE_FILE!)).workspaceKey;
  const { appId, appSecret, domain } = config;
  const client = new lark.Client({ appId, appSecret, domain, appType: lark.AppType.SelfBuild, loggerLevel: lark.LoggerLevel.error });
  const messenger = withRateLimits(createLarkMessenger(client));
  const deps = { db, messenger, jobs: createJobQueue(db), snapshots: new WorkspaceSnapshots(db), log, now: () => clock.now(), workspaceKey, appId, botOpenId: await learnBotOpenId(messenger, log) };
  const app = createApp(deps, { workerId: config.env.INSTANCE_ID ?? `crash-bot-${process.pid}` });
  app.runner.allowConcurrency(FANOUT_CONCURRENCY);
  const workspace = await db.workspace.findUniqueOrThrow({ where: { key: workspaceKey } });
  await bindPeople(deps, workspace.id);

  if (config.env.FEISHU_EVENT_MODE === "http") {
    await startHttpCallbacks(app.bot, {
      port: config.env.HTTP_PORT,
      path: config.env.HTTP_PATH,
      encryptKey: config.env.FEISHU_ENCRYPT_KEY!,
      ...(config.env.FEISHU_VERIFICATION_TOKEN ? { verificationToken: config.env.FEISHU_VERIFICATION_TOKEN } : {}),
      // The stand-in signs with the real time; the bot's clock is in the scenario's month.
      now: () => new Date(),
      log,
    });
  } else {
    await startLongConnection(app.bot, { appId, appSecret, domain });
  }

  handle = (message) => {
    if (message.type === "clock") {
      clock.set(message.at);
      // The parent waits for this before it acts: an event must not overtake the clock it is meant for.
      send({ type: "clock-set", id: message.id });
    } else if (message.type === "tick") {
      // What main.ts's heartbeat does on each beat, on the parent's beat.
      app.runner.runDue(clock.now(), () => clock.now()).then(
        (done) => send({ type: "ticked", id: message.id, done }),
        (error: unknown) => send({ type: "tick-failed", id: message.id, error: error instanceof Error ? error.message : String(error) }),
      );
    }
  };
  for (const message of early.splice(0)) handle(message);
  send({ type: "ready", pid: process.pid });
}

start().catch((error: unknown) => {
  console.error(`crash-bot failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
