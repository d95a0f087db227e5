// What the benchmarks share: the bot in a process of its own (bot-process.ts) on a temporary SQLite file
// with the demo province, and the stand-in with its simulated users in this one.
import { fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startPlatform, type Platform } from "../../src/sandbox/index.ts";
import { openDatabase } from "../../src/platform/db/client.ts";
import { importFiguresFile, importWorkspaceFile } from "../../src/features/admin/import-files.ts";
import { loadWorkspace } from "../../src/store/workspace-repo.ts";
import { listPeople } from "../../src/store/people-repo.ts";
import { DEMO_FIGURES_FILE, DEMO_WORKSPACE_FILE } from "../../src/demo/files.ts";
import type { FromBot, ToBot } from "./bot-process.ts";

export const BENCH_APP_ID = "cli_b0b0b0b0b0b0b0b0";

export interface BenchBot {
  readonly platform: Platform;
  /** runs the jobs due at the bot's (fixed) time */
  runDue(): Promise<number>;
  /** milliseconds inside bot.handle for each card action since the last call, timed in the bot's process, and its CPU time */
  takeTimings(): Promise<{ handled: number[]; cpuMs: number }>;
  countSubmissions(): Promise<number>;
  close(): Promise<void>;
}

export async function startBenchBot(now: string): Promise<BenchBot> {
  const dir = mkdtempSync(join(tmpdir(), "bzf-bench-"));
  const file = join(dir, "bench.db");
  const database = await openDatabase(`file:${file}`);
  const summary = await importWorkspaceFile(database.db, DEMO_WORKSPACE_FILE);
  const workspace = await loadWorkspace(database.db, summary.workspaceKey);
  await importFiguresFile(database.db, workspace, DEMO_FIGURES_FILE, new Date(now));
  const people = await listPeople(database.db, workspace.id);
  await database.close();
  const platform = await startPlatform({
    appId: BENCH_APP_ID,
    appSecret: "bench",
    directory: { users: people.map((person) => ({ name: person.name, ...(person.mobile ? { mobile: person.mobile } : {}) })) },
    // The bench measures our handling, not the stand-in's per-user limits on a burst of 50 submits.
    rateLimits: { perReceiverPerSecond: 1000, perAppPerSecond: 100_000, perAppPerMinute: 1_000_000 },
  });
  const child = fork(fileURLToPath(new URL("./bot-process.ts", import.meta.url)), [file, platform.url, BENCH_APP_ID, now], { execArgv: ["--import", "tsx"], stdio: "inherit" });
  const ask = <T extends FromBot["type"]>(message: ToBot | null, answer: T) => replyOf(child, answer, message);
  await ask(null, "ready");
  await platform.waitForLongConnection(1);
  return {
    platform,
    runDue: async () => (await ask({ type: "run-due" }, "ran")).done,
    takeTimings: async () => await ask({ type: "take-timings" }, "timings"),
    countSubmissions: async () => (await ask({ type: "count" }, "count")).submissions,
    async close() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.disconnect();
      await exited;
      await platform.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Sends a message (if any) and waits for the child's answer of the given type; a crash rejects. */
function replyOf<T extends FromBot["type"]>(child: ChildProcess, type: T, message: ToBot | null): Promise<Extract<FromBot, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (answer: FromBot) => {
      if (answer.type !== type) return;
      child.off("message", onMessage).off("exit", onExit);
      resolve(answer as Extract<FromBot, { type: T }>);
    };
    const onExit = (code: number | null) => {
      child.off("message", onMessage);
      reject(new Error(`the bot's process ended (exit code ${code}) before answering ${type}`));
    };
    child.on("message", onMessage).once("exit", onExit);
    if (message) child.send(message);
  });
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

export function peakMemoryMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
