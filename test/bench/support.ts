// What the benchmarks share: a bot on the stand-in with the demo province, on a temporary SQLite file.
import * as lark from "@larksuiteoapi/node-sdk";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { startPlatform, type Platform } from "../../src/sandbox/index.ts";
import { openDatabase, type Database } from "../../src/platform/db/client.ts";
import { createLarkMessenger } from "../../src/platform/lark/lark-messenger.ts";
import { createJobQueue } from "../../src/jobs/queue.ts";
import { createApp, type App } from "../../src/app.ts";
import { silentLogger } from "../../src/platform/logger.ts";
import { fixedClock } from "../../src/platform/time.ts";
import { bindPeople } from "../../src/features/setup/bind-people.ts";
import { importFiguresFile, importWorkspaceFile } from "../../src/features/setup/import-files.ts";
import { loadWorkspace } from "../../src/store/workspace-repo.ts";
import { listPeople } from "../../src/store/people-repo.ts";
import { startLongConnection } from "../../src/transport/long-connection.ts";
import { DEMO_FIGURES_FILE, DEMO_WORKSPACE_FILE } from "../../src/demo/files.ts";

export const BENCH_APP_ID = "cli_b0b0b0b0b0b0b0b0";

export interface BenchBot {
  readonly platform: Platform;
  /** milliseconds inside bot.handle for each card action, timed in-process (no stand-in, no SDK) */
  readonly handled: number[];
  readonly app: App;
  readonly database: Database;
  readonly clock: ReturnType<typeof fixedClock>;
  close(): Promise<void>;
}

export async function startBenchBot(now: string): Promise<BenchBot> {
  const dir = mkdtempSync(join(tmpdir(), "bzf-bench-"));
  const database = await openDatabase(`file:${join(dir, "bench.db")}`);
  const clock = fixedClock(now);
  const summary = await importWorkspaceFile(database.db, DEMO_WORKSPACE_FILE);
  const workspace = await loadWorkspace(database.db, summary.workspaceKey);
  await importFiguresFile(database.db, workspace, DEMO_FIGURES_FILE, clock.now());
  const people = await listPeople(database.db, workspace.id);
  const platform = await startPlatform({
    appId: BENCH_APP_ID,
    appSecret: "bench",
    directory: { users: people.map((person) => ({ name: person.name, ...(person.mobile ? { mobile: person.mobile } : {}) })) },
    // The bench measures our handling, not the stand-in's per-user limits on a burst of 50 submits.
    rateLimits: { perReceiverPerSecond: 1000, perAppPerSecond: 100_000, perAppPerMinute: 1_000_000 },
  });
  const client = new lark.Client({ appId: BENCH_APP_ID, appSecret: "bench", domain: platform.url, cache: new lark.DefaultCache(), loggerLevel: lark.LoggerLevel.error });
  const messenger = createLarkMessenger(client);
  const log = silentLogger();
  const deps = { db: database.db, messenger, jobs: createJobQueue(database.db), log, now: () => clock.now(), workspaceKey: summary.workspaceKey, appId: BENCH_APP_ID };
  const app = createApp(deps, { workerId: "bench" });
  await bindPeople(deps, workspace.id);
  const handled: number[] = [];
  const timedBot = {
    async handle(type: Parameters<typeof app.bot.handle>[0], raw: unknown) {
      const started = performance.now();
      try {
        return await app.bot.handle(type, raw);
      } finally {
        if (type === "card.action.trigger") handled.push(performance.now() - started);
      }
    },
  };
  const connection = await startLongConnection(timedBot, { appId: BENCH_APP_ID, appSecret: "bench", domain: platform.url });
  await platform.waitForLongConnection(1);
  return {
    platform,
    handled,
    app,
    database,
    clock,
    async close() {
      connection.close();
      await platform.close();
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

export function peakMemoryMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
