// Reminder fan-out at the platform's documented limits (§7: 50/s and 1000/min per app and API, 5/s per
// receiver), through the whole bot: the schedule's step job, its parts, the outbox, the rate-limited
// Messenger, the real SDK and the stand-in enforcing the same limits. Prints the throughput as a share
// of what the limits allow, the 429s met, and checks every contact got exactly one message.
//   npm run bench                              (3,000 contacts, a province: three minutes' windows, about 2.5 min)
//   BENCH_FANOUT_CONTACTS=1000 npm run bench   (the first minute's window only, about 20 s)
import { WorkspaceSnapshots } from "../../src/store/workspace-snapshot.ts";
import { learnBotOpenId } from "../../src/platform/lark/bot-identity.ts";
import * as lark from "@larksuiteoapi/node-sdk";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { stringify } from "yaml";
import { startPlatform } from "../../src/sandbox/index.ts";
import { openDatabase } from "../../src/platform/db/client.ts";
import { createLarkMessenger } from "../../src/platform/lark/lark-messenger.ts";
import { withRateLimits, type RateLimitEvent } from "../../src/platform/lark/rate-limited-messenger.ts";
import { FEISHU_LIMITS } from "../../src/platform/rate-limit.ts";
import { createJobQueue } from "../../src/jobs/queue.ts";
import { createApp } from "../../src/app.ts";
import { silentLogger } from "../../src/platform/logger.ts";
import { fixedClock } from "../../src/platform/time.ts";
import { FANOUT_CONCURRENCY } from "../../src/features/chase/index.ts";
import { parseWorkspaceFile } from "../../src/import/workspace-file.ts";
import { loadWorkspace } from "../../src/store/workspace-repo.ts";
import { saveWorkspaceFile } from "../../src/store/workspace-import.ts";
import { openPeriodRecord } from "../../src/store/period-repo.ts";

const APP_ID = "cli_f0f0f0f0f0f0f0f0";

export interface FanoutFigures {
  readonly contacts: number;
  readonly seconds: number;
  readonly perSecond: number;
  /** the least time the documented limits allow for this many messages */
  readonly idealSeconds: number;
  /** idealSeconds / seconds: 1 = as fast as the limits allow */
  readonly shareOfLimit: number;
  /** messages per second against the per-second limit (50/s) */
  readonly shareOfPerSecondLimit: number;
  readonly throttled: number;
  readonly deferred: number;
  readonly exactlyOnce: boolean;
}

/** Sliding windows from the first send: 50 a second until 1000 a minute are used, then the next minute. */
export function idealSeconds(messages: number, perSecond = FEISHU_LIMITS.perAppPerSecond, perMinute = FEISHU_LIMITS.perAppPerMinute): number {
  if (messages <= 0) return 0;
  const fullMinutes = Math.floor((messages - 1) / perMinute);
  return fullMinutes * 60 + ((messages - 1) % perMinute) / perSecond + 1 / perSecond;
}

export async function benchFanout(options: { contacts?: number } = {}): Promise<FanoutFigures> {
  const contacts = options.contacts ?? Number(process.env["BENCH_FANOUT_CONTACTS"] ?? 3000);
  const names = Array.from({ length: contacts }, (_, i) => `单位${String(i + 1).padStart(4, "0")}`);
  const users = [{ name: "王主任", mobile: "13900000001" }, ...names.map((name, i) => ({ name: `${name}填报员`, mobile: `15${String(i).padStart(9, "0")}` }))];
  // The stand-in with the documented limits and the real clock.
  const platform = await startPlatform({ appId: APP_ID, appSecret: "bench", directory: { users } });
  const dir = mkdtempSync(join(tmpdir(), "bzf-fanout-"));
  const database = await openDatabase(`file:${join(dir, "bench.db")}`);
  try {
    const openIdOf = (name: string) => platform.directory.requireUser(name).openId;
    const file = parseWorkspaceFile(
      stringify({
        key: "bench",
        name: "测试省",
        office: "测试省保障性安居工程领导小组办公室",
        scope: "全省",
        percentDigits: 1,
        percentTrailingZero: false,
        admins: [{ name: "王主任", openId: openIdOf("王主任") }],
        units: [{ name: names[0], contact: { name: `${names[0]}填报员`, openId: openIdOf(`${names[0]}填报员`) } }],
        indicators: [{ id: "zlbt_hu", group: "住房租赁补贴", name: "发放", unit: "户" }],
        schedule: { reminders: [{ daysBefore: 1, time: "09:00" }], lagging: { enabled: false }, draft: { enabled: false } },
      }),
      "bench.yaml",
    );
    await saveWorkspaceFile(database.db, file);
    let workspace = await loadWorkspace(database.db, "bench");
    // The other units straight to the tables (the bench measures sending, not importing).
    const rest = names.slice(1);
    for (let i = 0; i < rest.length; i += 500) await database.db.unit.createMany({ data: rest.slice(i, i + 500).map((name, j) => ({ workspaceId: workspace.id, name, position: i + j + 1 })) });
    const ids = new Map((await database.db.unit.findMany({ where: { workspaceId: workspace.id } })).map((row) => [row.name, row.id]));
    for (let i = 0; i < rest.length; i += 500) {
      await database.db.person.createMany({ data: rest.slice(i, i + 500).map((name) => ({ workspaceId: workspace.id, unitId: ids.get(name)!, role: "contact", name: `${name}填报员`, openId: openIdOf(`${name}填报员`) })) });
    }
    workspace = await loadWorkspace(database.db, "bench");

    const clock = fixedClock("2024-01-02T01:00:00Z");
    const events: RateLimitEvent[] = [];
    const client = new lark.Client({ appId: APP_ID, appSecret: "bench", domain: platform.url, cache: new lark.DefaultCache(), loggerLevel: lark.LoggerLevel.fatal });
    const messenger = withRateLimits(createLarkMessenger(client), { limits: FEISHU_LIMITS, onEvent: (event) => events.push(event) });
    const deps = { db: database.db, messenger, jobs: createJobQueue(database.db), snapshots: new WorkspaceSnapshots(database.db), log: silentLogger(), now: () => clock.now(), workspaceKey: "bench", appId: APP_ID, botOpenId: await learnBotOpenId(messenger, silentLogger()) };
    const app = createApp(deps, { workerId: "bench" });
    app.runner.allowConcurrency(FANOUT_CONCURRENCY);
    await openPeriodRecord(database.db, workspace.id, { year: 2023, month: 12 }, clock.now(), new Date("2024-01-05T10:00:00Z"));
    await app.runner.runDue(clock.now());
    clock.set("2024-01-04T01:00:00Z");

    // The heartbeat: jobs deferred by the per-minute limit come back when their slot opens. The bot's
    // clock follows real time from the reminder's moment so deferrals fall due as they would.
    const start = performance.now();
    const base = clock.now().getTime();
    let sent = 0;
    while (sent < contacts) {
      clock.set(new Date(base + (performance.now() - start)));
      await app.runner.runDue(clock.now());
      sent = await database.db.outboundMessage.count({ where: { purpose: "remind", state: "sent" } });
      if (sent < contacts) await new Promise((resolve) => setTimeout(resolve, 250));
      if (performance.now() - start > 20 * 60_000) throw new Error("fan-out did not finish in 20 minutes");
    }
    const seconds = (performance.now() - start) / 1000;
    // The last send's time, not the heartbeat's: measured from the platform's records.
    const perUser = users.slice(1).map((user) => platform.messages({ p2p: user.name }).length);
    const ideal = idealSeconds(contacts);
    return {
      contacts,
      seconds,
      perSecond: contacts / seconds,
      idealSeconds: ideal,
      shareOfLimit: ideal / seconds,
      shareOfPerSecondLimit: contacts / seconds / FEISHU_LIMITS.perAppPerSecond,
      throttled: events.filter((event) => event.kind === "throttled").length,
      deferred: events.filter((event) => event.kind === "deferred").length,
      exactlyOnce: perUser.every((count) => count === 1),
    };
  } finally {
    await database.close();
    await platform.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printFanout(figures: FanoutFigures): void {
  console.log(`reminder fan-out to ${figures.contacts} contacts at the documented limits (50/s, 1000/min per app; 5/s per receiver)`);
  console.log(`  ${figures.seconds.toFixed(1)} s, ${figures.perSecond.toFixed(1)} messages/s`);
  console.log(`  the limits allow it in ${figures.idealSeconds.toFixed(1)} s: ${(figures.shareOfLimit * 100).toFixed(1)}% of the platform's limit (${(figures.shareOfPerSecondLimit * 100).toFixed(1)}% of 50/s)`);
  console.log(`  429s from the platform: ${figures.throttled}; sends deferred to a later window: ${figures.deferred}; every contact exactly one message: ${figures.exactlyOnce ? "yes" : "NO"}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printFanout(await benchFanout());
}
