// The composition root: reads the configuration, opens the database, connects to Feishu (or starts the
// local stand-in), builds the bot and starts the heartbeat. Nothing below this file creates a client.
import { WorkspaceSnapshots } from "./store/workspace-snapshot.ts";
import { hostname } from "node:os";
import cron from "node-cron";
import * as lark from "@larksuiteoapi/node-sdk";
import { ConfigError, loadConfig } from "./config.ts";
import { openDatabase } from "./platform/db/client.ts";
import { createLogger, sdkLogger } from "./platform/logger.ts";
import { formatLocal, offsetClock, systemClock } from "./platform/time.ts";
import { createLarkMessenger } from "./platform/lark/lark-messenger.ts";
import { withRateLimits } from "./platform/lark/rate-limited-messenger.ts";
import { FEISHU_LIMITS, limitsForInstances } from "./platform/rate-limit.ts";
import { learnBotOpenId } from "./platform/lark/bot-identity.ts";
import { FANOUT_CONCURRENCY } from "./features/chase/index.ts";
import { createJobQueue } from "./jobs/queue.ts";
import { createApp } from "./app.ts";
import { bindPeopleAtStart } from "./features/admin/bind-people.ts";
import { importWorkspaceFileAtStart } from "./features/admin/import-files.ts";
import { loadWorkspace } from "./store/workspace-repo.ts";
import { startLongConnection } from "./transport/long-connection.ts";
import { startHttpCallbacks } from "./transport/http-callback.ts";
import { SANDBOX_APP_ID, SANDBOX_APP_SECRET, SANDBOX_LEADERS_GROUP, SANDBOX_WORK_GROUP, startSandbox } from "./sandbox-mode.ts";
import { DEMO_LAST_PERIOD } from "./demo/files.ts";
import { parsePeriod } from "./domain/period.ts";
import { demoStartsAt, registerDemoControls } from "./sandbox-demo.ts";

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const log = createLogger(config.env.LOG_LEVEL);
  const database = await openDatabase(config.env.DATABASE_URL);
  const { db } = database;
  // In the sandbox the bot's clock can be moved forward by the page's 跳到下一个时间点 (src/sandbox-demo.ts).
  const demoClock = config.mode === "sandbox" ? offsetClock(systemClock, demoStartsAt()) : null;
  const clock = demoClock ?? systemClock;

  const sandbox = config.mode === "sandbox" ? await startSandbox(db, config.env.SANDBOX_PORT, clock.now(), log) : null;
  const appId = config.mode === "feishu" ? config.appId : SANDBOX_APP_ID;
  const appSecret = config.mode === "feishu" ? config.appSecret : SANDBOX_APP_SECRET;
  const domain = config.mode === "feishu" ? config.domain : sandbox!.platform.url;

  let workspaceKey: string;
  if (sandbox) workspaceKey = sandbox.workspaceKey;
  else if (config.env.WORKSPACE_FILE) workspaceKey = (await importWorkspaceFileAtStart(db, config.env.WORKSPACE_FILE, log)).workspaceKey;
  else workspaceKey = config.env.WORKSPACE_KEY!;
  const workspace = await loadWorkspace(db, workspaceKey);

  const client = new lark.Client({ appId, appSecret, domain, appType: lark.AppType.SelfBuild, loggerLevel: lark.LoggerLevel.error, logger: sdkLogger(log) });
  // Every call keeps to the platform's rate limits (§7), so fan-outs can use more lanes.
  const messenger = withRateLimits(createLarkMessenger(client), { limits: limitsForInstances(FEISHU_LIMITS, config.env.INSTANCE_COUNT) });
  const deps = { db, messenger, jobs: createJobQueue(db), snapshots: new WorkspaceSnapshots(db), log, now: () => clock.now(), workspaceKey, appId, botOpenId: await learnBotOpenId(messenger, log) };
  const app = createApp(deps, { workerId: config.env.INSTANCE_ID ?? `${hostname()}-${process.pid}` });
  app.runner.allowConcurrency(FANOUT_CONCURRENCY);

  await bindPeopleAtStart(deps, workspace.id);
  await sandbox?.bindGroups(db);
  if (sandbox && demoClock) registerDemoControls({ db, platform: sandbox.platform, clock: demoClock, runner: app.runner, workspaceKey, snapshots: deps.snapshots, log });

  const stops: (() => Promise<void> | void)[] = [];
  if (config.mode === "feishu" && config.env.FEISHU_EVENT_MODE === "http") {
    const server = await startHttpCallbacks(app.bot, {
      port: config.env.HTTP_PORT,
      host: "0.0.0.0",
      path: config.env.HTTP_PATH,
      ...(config.env.FEISHU_ENCRYPT_KEY ? { encryptKey: config.env.FEISHU_ENCRYPT_KEY } : {}),
      ...(config.env.FEISHU_VERIFICATION_TOKEN ? { verificationToken: config.env.FEISHU_VERIFICATION_TOKEN } : {}),
      now: () => clock.now(),
      log,
    });
    stops.push(() => server.close());
    log.info({ url: server.url }, "listening for Feishu callbacks");
  } else {
    const connection = await startLongConnection(app.bot, { appId, appSecret, domain, log });
    stops.push(() => connection.close());
  }

  // node-cron is only the heartbeat: the jobs themselves are rows in the database.
  const heartbeat = cron.schedule(`*/${config.env.HEARTBEAT_SECONDS} * * * * *`, () => {
    // With the clock, a long fan-out claims each batch at the time it takes it (fresh leases).
    app.runner.runDue(clock.now(), () => clock.now()).catch((error: unknown) => log.error({ err: error }, "heartbeat run failed"));
  });
  stops.push(() => heartbeat.stop());
  stops.push(() => database.close());
  if (sandbox) stops.push(() => sandbox.platform.close());

  const shutdown = async (signal: string) => {
    log.info({ signal }, "shutting down");
    for (const stop of stops) await stop();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  // Started by another process (npm start), the bot ends with it: a SIGKILLed parent cannot pass the
  // signal on, and an orphaned bot would go on serving events beside the one started next.
  const parent = process.ppid;
  if (parent !== 1) {
    setInterval(() => {
      if (process.ppid !== parent) void shutdown("parent exited");
    }, 2000).unref();
  }

  if (sandbox) {
    const next = parsePeriod(DEMO_LAST_PERIOD);
    const open = `${next.year}-${String(next.month + 1).padStart(2, "0")}`;
    console.log(
      [
        "",
        "保障房月报机器人已在本地沙箱中启动（未配置飞书凭据，使用演示数据：示范省，60个市县）。",
        `  沙箱页面：        ${sandbox.platform.url}/`,
        `  演示时间：        ${formatLocal(clock.now(), workspace.model.timezone, "YYYY年M月D日 HH:mm")}（机器人的时钟；页面上“跳到下一个时间点”可快进）`,
        `  沙箱接口说明：    src/sandbox/README.md（${sandbox.platform.url}/_sandbox/state）`,
        `  数据库：          ${config.env.DATABASE_URL ?? "data/bot.db（SQLite）"}`,
        "",
        "试一试：",
        `  1. 以“省住房保障办管理员”身份私聊机器人，发送：开始填报 ${open}`,
        "  2. 以任一市县填报员身份（如“东山市填报员”）打开收到的填报卡片，填写并提交",
        "  3. 管理员发送：进度 → 通报 → 发布；在“" + SANDBOX_LEADERS_GROUP + "”查看领导收到的通报",
        `  工作群：${SANDBOX_WORK_GROUP}`,
        "",
        "连接真实飞书：设置 FEISHU_APP_ID、FEISHU_APP_SECRET 和 WORKSPACE_FILE 后重新启动（见 README）。按 Ctrl+C 退出。",
      ].join("\n"),
    );
  } else {
    // Not "connected": the long connection reports its own state (长连接已建立, or 长连接出错 with what to check).
    log.info({ workspace: workspaceKey, mode: config.env.FEISHU_EVENT_MODE }, "机器人已启动");
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(`启动失败：${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
