// npm run test:crash — the bot killed at random points during a month's run restarts and finishes
// with the same database as a run that was never killed, and every message reaches the platform once.
//
// The month of crash-month.ts runs once with the bot never killed (the reference, shared by the seeds),
// then, for each seed, once with the bot SIGKILLed at CRASH_KILLS points drawn from the seed (in the
// middle of fan-outs, card submissions, commands, uploads and publishing, and between steps); the
// databases (every table, normalised) and what the stand-in delivered to each chat are compared with
// the reference's. Odd seeds use the long connection, even seeds HTTP callbacks.
//
//   CRASH_SEED=7 npm run test:crash        replays one seed (printed by every run)
//   CRASH_SEEDS=8                          seeds 1…8 (about 1.5 min each)
//   CRASH_KILLS=15, CRASH_MODE=http|long_connection, CRASH_LOG_LEVEL=info (the bot's log)
//   CRASH_PLAN='[{"step":14,"on":"inbound","nth":1,"phase":"kill-after"}]'   exactly these kill points
// Kills at a moment (`delay`) depend on the machine's speed, so a replay may land them a little apart.
import { describeKill, runMonth, STEPS, type KillPoint, type Mode, type RunResult, type StepStats } from "./crash-month.ts";
import { dumpDatabase, dumpPlatform, eventNames, listDifference, type DatabaseDump, type PlatformDump } from "./crash-compare.ts";

const DEFAULT_SEEDS = [1, 2];

/** mulberry32: a small seeded generator, so a seed names the same kill points every time. */
function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function modeOf(seed: number): Mode {
  const forced = process.env.CRASH_MODE;
  if (forced === "http" || forced === "long_connection") return forced;
  return seed % 2 === 1 ? "long_connection" : "http";
}

/** Step indices where a kill hurts most; each seed puts one kill in each. */
const FAN_OUT = STEPS.findIndex((step) => step.name.includes("fan out"));
const SUBMISSIONS = STEPS.findIndex((step) => step.name.includes("submit ("));
const PUBLISHING = STEPS.findIndex((step) => step.name.includes("publishes"));

/**
 * Kill points drawn from what the reference run did: each API call and each push of each step
 * (before or after), a moment inside each step, the gap after each step. One kill is always in the
 * opening fan-out, one among the card submissions and one in publishing.
 */
export function planKills(seed: number, reference: readonly StepStats[], mode: Mode, count: number): KillPoint[] {
  const random = randomFrom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const phase = () => (random() < 0.5 ? ("kill-before" as const) : ("kill-after" as const));
  const inside = (step: number): KillPoint[] => {
    const stats = reference[step]!;
    const points: KillPoint[] = [];
    for (let nth = 1; nth <= stats.api; nth++) points.push({ step, on: "api", nth, phase: phase() });
    if (mode === "http") for (let nth = 1; nth <= stats.inbound; nth++) points.push({ step, on: "inbound", nth, phase: phase() });
    // a moment of the step, as long as the reference took (the killed run's step takes longer)
    points.push({ step, on: "delay", ms: Math.floor(random() * Math.max(50, stats.ms)) });
    return points;
  };
  const candidates: KillPoint[] = reference.flatMap((_, step) => [...inside(step), { step, on: "after" as const }]);
  const same = (a: KillPoint, b: KillPoint) => a.step === b.step && a.on === b.on && ("nth" in a && "nth" in b ? a.nth === b.nth : true);
  const chosen: KillPoint[] = [];
  const submissionPoints = inside(SUBMISSIONS).filter((point) => (mode === "http" ? point.on === "inbound" : point.on === "delay"));
  for (const forced of [pick(inside(FAN_OUT).filter((point) => point.on === "api")), pick(submissionPoints), pick(inside(PUBLISHING).filter((point) => point.on !== "delay"))]) {
    chosen.push(forced);
  }
  while (chosen.length < count && chosen.length < candidates.length) {
    const candidate = pick(candidates);
    if (!chosen.some((point) => same(point, candidate))) chosen.push(candidate);
  }
  return chosen.sort((a, b) => a.step - b.step);
}

interface Compared {
  readonly problems: string[];
}

function compare(reference: { db: DatabaseDump; platform: PlatformDump }, killed: { db: DatabaseDump; platform: PlatformDump }): Compared {
  const problems: string[] = [];
  const tables = new Set([...Object.keys(reference.db.tables), ...Object.keys(killed.db.tables)]);
  for (const table of [...tables].sort()) problems.push(...listDifference(`table ${table}`, reference.db.tables[table] ?? [], killed.db.tables[table] ?? []));
  const chats = new Set([...Object.keys(reference.platform), ...Object.keys(killed.platform)]);
  for (const chat of [...chats].sort()) problems.push(...listDifference(`chat ${chat}`, reference.platform[chat] ?? [], killed.platform[chat] ?? []));
  // Seen events: the killed run saw more card callbacks (the clicks that failed and were repeated), but
  // every message event once, as in the reference.
  const messages = (dump: DatabaseDump) => dump.processedEvents.filter((event) => event.kind === "message").length;
  if (messages(reference.db) !== messages(killed.db)) problems.push(`seen message events: ${messages(reference.db)} in the run never killed, ${messages(killed.db)} in the killed run`);
  return { problems };
}

/** What must hold of any run, killed or not: every event delivered and handled, every message sent, no job given up. */
function sanity(label: string, run: RunResult, db: DatabaseDump): string[] {
  const problems = run.lostEvents.map((event) => `${label}: an event was never handled: ${event}`);
  // (a click whose process died stays unfinished: the user clicked again, a new event)
  for (const event of db.processedEvents) if (event.kind === "message" && event.response === null) problems.push(`${label}: the handling of ${event.eventId} never finished`);
  for (const row of db.tables["OutboundMessage"] ?? []) if (!row.includes(`"state":"sent"`)) problems.push(`${label}: a message was not sent: ${row.slice(0, 300)}`);
  for (const row of db.tables["Job"] ?? []) if (/"state":"(failed|running)"/.test(row)) problems.push(`${label}: a job did not finish: ${row.slice(0, 300)}`);
  return problems;
}

async function main(): Promise<void> {
  const seeds = process.env.CRASH_SEED ? [Number(process.env.CRASH_SEED)] : process.env.CRASH_SEEDS ? Array.from({ length: Number(process.env.CRASH_SEEDS) }, (_, i) => i + 1) : DEFAULT_SEEDS;
  if (seeds.some((seed) => !Number.isInteger(seed))) throw new Error("CRASH_SEED must be a whole number");
  const killsPerRun = Number(process.env.CRASH_KILLS ?? 10);
  const started = Date.now();
  // One reference for both delivery modes: past the transport nothing may differ. It runs over HTTP
  // callbacks, where the pushes can be counted too.
  console.log("\nreference run (HTTP callbacks), never killed:");
  const referenceRun = await runMonth({ mode: "http", kills: [], log: (line) => console.log(line) });
  const referenceDb = dumpDatabase(referenceRun.dbFile, eventNames(referenceRun.platform));
  const reference = { stats: referenceRun.steps, db: referenceDb, platform: dumpPlatform(referenceRun.platform, referenceDb) };
  const referenceProblems = sanity("the run never killed", referenceRun, referenceDb);
  await referenceRun.close();
  if (referenceProblems.length > 0) throw new Error(referenceProblems.join("\n"));
  let failed = 0;

  for (const seed of seeds) {
    const mode = modeOf(seed);
    const plan = process.env.CRASH_PLAN ? (JSON.parse(process.env.CRASH_PLAN) as KillPoint[]) : planKills(seed, reference.stats, mode, killsPerRun);
    console.log(`\nseed ${seed} (${mode}): ${plan.length} kills planned — replay with CRASH_SEED=${seed} npm run test:crash`);
    const runStarted = Date.now();
    let run: RunResult | null = null;
    let problems: string[];
    try {
      run = await runMonth({ mode, kills: plan, log: (line) => console.log(line) });
      const db = dumpDatabase(run.dbFile, eventNames(run.platform));
      problems = [...sanity("the killed run", run, db), ...compare(reference, { db, platform: dumpPlatform(run.platform, db) }).problems];
      const missed = plan.filter((point) => !run!.fired.includes(point));
      console.log(`  ${run.fired.length} kills, ${run.starts} starts, ${Math.round((Date.now() - runStarted) / 1000)} s${missed.length ? `; not reached: ${missed.map(describeKill).join("; ")}` : ""}`);
    } catch (error) {
      problems = [error instanceof Error ? (error.stack ?? error.message) : String(error)];
    } finally {
      await run?.close();
    }
    if (problems.length === 0) {
      console.log(`  seed ${seed}: same database, every message delivered once`);
    } else {
      failed += 1;
      console.log(`  seed ${seed} FAILED — replay with CRASH_SEED=${seed} npm run test:crash`);
      for (const problem of problems) console.log(`    ${problem}`);
    }
  }
  console.log(`\n${seeds.length - failed}/${seeds.length} seeds passed in ${Math.round((Date.now() - started) / 1000)} s`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
