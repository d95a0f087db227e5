// The bot alone in a process of its own, as in production, where the platform is elsewhere: the
// stand-in and the simulated users stay in the bench's process (support.ts), so the bot's one
// JavaScript thread does only the bot's work. Composed as src/main.ts composes it, on a fixed clock,
// with the database the parent prepared. The parent asks over IPC:
//   { type: "run-due" }     → runs the jobs due now         → { type: "ran", done }
//   { type: "take-timings" } → milliseconds inside bot.handle for each card action since the last ask,
//                              and the CPU time this process used since then
//   { type: "count" }       → the number of stored submissions
// Run with `node --import tsx` and these arguments: <database file> <platform url> <app id> <now>.
import { WorkspaceSnapshots } from "../../src/store/workspace-snapshot.ts";
import { learnBotOpenId } from "../../src/platform/lark/bot-identity.ts";
import * as lark from "@larksuiteoapi/node-sdk";
import { performance } from "node:perf_hooks";
import { openDatabase } from "../../src/platform/db/client.ts";
import { createLarkMessenger } from "../../src/platform/lark/lark-messenger.ts";
import { createJobQueue } from "../../src/jobs/queue.ts";
import { createApp } from "../../src/app.ts";
import { silentLogger } from "../../src/platform/logger.ts";
import { fixedClock } from "../../src/platform/time.ts";
import { bindPeople } from "../../src/features/admin/bind-people.ts";
import { startLongConnection } from "../../src/transport/long-connection.ts";
import type { Bot } from "../../src/bot/bot.ts";
import { startProfile } from "./profile.ts";

export type ToBot = { readonly type: "run-due" } | { readonly type: "take-timings" } | { readonly type: "count" };
export type FromBot =
  | { readonly type: "ready" }
  | { readonly type: "ran"; readonly done: number }
  | { readonly type: "timings"; readonly handled: number[]; readonly cpuMs: number }
  | { readonly type: "count"; readonly submissions: number };

const [file, url, appId, now] = process.argv.slice(2);
if (!file || !url || !appId || !now) throw new Error("usage: bot-process.ts <database file> <platform url> <app id> <now>");

const database = await openDatabase(`file:${file}`);
const { db } = database;
const clock = fixedClock(now);
const client = new lark.Client({ appId, appSecret: "bench", domain: url, loggerLevel: lark.LoggerLevel.error });
const workspace = await db.workspace.findFirstOrThrow();
const messenger = createLarkMessenger(client);
const deps = { db, messenger, jobs: createJobQueue(db), snapshots: new WorkspaceSnapshots(db), log: silentLogger(), now: () => clock.now(), workspaceKey: workspace.key, appId, botOpenId: await learnBotOpenId(messenger, silentLogger()) };
const app = createApp(deps, { workerId: "bench" });
await bindPeople(deps, workspace.id);

let handled: number[] = [];
let cpuSince = process.cpuUsage();
const timedBot: Bot = {
  async handle(type, raw) {
    const started = performance.now();
    try {
      return await app.bot.handle(type, raw);
    } finally {
      if (type === "card.action.trigger") handled.push(performance.now() - started);
    }
  },
};
await startLongConnection(timedBot, { appId, appSecret: "bench", domain: url });

const send = (message: FromBot) => process.send!(message);
process.on("message", (message: ToBot) => {
  void (async () => {
    if (message.type === "run-due") send({ type: "ran", done: await app.runner.runDue(clock.now()) });
    else if (message.type === "take-timings") {
      stopProfile ??= startProfile("bot-process");
      const cpu = process.cpuUsage(cpuSince);
      send({ type: "timings", handled, cpuMs: (cpu.user + cpu.system) / 1000 });
      handled = [];
      cpuSince = process.cpuUsage();
    } else send({ type: "count", submissions: await db.submission.count() });
  })();
});
// The parent going away (or killing us) ends the process; the database is closed with it.
// BENCH_PROFILE: the profile covers the card actions, from the first ask for timings on.
let stopProfile: Promise<() => Promise<void>> | null = null;
process.on("disconnect", () => void (stopProfile ?? Promise.resolve(async () => undefined)).then((stop) => stop()).then(() => database.close()).finally(() => process.exit(0)));
send({ type: "ready" });
