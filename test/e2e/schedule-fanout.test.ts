// A reminder fan-out to thousands of contacts survives what production throws at it: the bot dies in
// the middle (some sends reached the platform but were never recorded) and another instance takes
// over when the leases run out; the platform answers 429 and 5xx for a while; two instances share the
// database and run at the same time. Every contact ends with exactly one reminder.
import { afterEach, describe, expect, it } from "vitest";
import { manyUnits, startScheduleHarness, type ScheduleHarness } from "../support/schedule-harness.ts";
import { openPeriodRecord } from "../../src/store/period-repo.ts";
import type { Messenger } from "../../src/platform/lark/messenger.ts";
import { UNITS_PER_PART } from "../../src/features/chase/ladder.ts";

const SCHEDULE = { deadline: { day: 5, time: "18:00" }, reminders: [{ daysBefore: 1, time: "09:00" }], chase: [{ action: "private", afterHours: 1 }], lagging: { enabled: false }, draft: { enabled: false } };
const OPENED = "2024-01-02T01:00:00Z"; // 1月2日 09:00
const REMINDER = "2024-01-04T01:00:00Z"; // 1月4日 09:00, one working day before the 5th
const LEASE_MS = 60_000;

async function monthWith(units: number): Promise<ScheduleHarness> {
  const { yaml, users, afterImport } = manyUnits(units, SCHEDULE);
  const h = await startScheduleHarness({ now: OPENED, yaml, users, afterImport, workGroup: false });
  // The period opens without the form fan-out: this suite counts reminders only.
  await openPeriodRecord(h.database.db, h.workspace.id, { year: 2023, month: 12 }, h.clock.now(), new Date("2024-01-05T10:00:00Z"));
  await h.runJobs(); // plans the period's jobs
  expect(await h.database.db.job.count({ where: { kind: "schedule.step" } })).toBe(2);
  h.clock.set(REMINDER);
  return h;
}

/** How many reminder messages each contact holds on the platform. */
function remindersPerContact(h: ScheduleHarness): Map<string, number> {
  const counts = new Map<string, number>();
  for (const user of h.platform.directory.allUsers()) {
    if (!user.name.endsWith("填报员")) continue;
    counts.set(user.name, h.platform.messages({ p2p: user.openId }).filter((message) => message.content.includes("【填报提醒】")).length);
  }
  return counts;
}

function expectExactlyOneEach(h: ScheduleHarness, units: number): void {
  const counts = remindersPerContact(h);
  expect(counts.size).toBe(units);
  const wrong = [...counts].filter(([, count]) => count !== 1);
  expect(wrong.slice(0, 5)).toEqual([]);
}

/** A process that dies: after `afterSends` sends its calls never return (some after reaching the platform). */
function dyingMessenger(inner: Messenger, afterSends: number): Messenger {
  let sends = 0;
  const never = new Promise<never>(() => undefined);
  return {
    ...inner,
    async send(to, message, uuid) {
      sends++;
      if (sends <= afterSends) return inner.send(to, message, uuid);
      // Half of the in-flight sends reached the platform before the process died, unrecorded.
      if (sends % 2 === 0) await inner.send(to, message, uuid);
      return never;
    },
  };
}

describe("the reminder fan-out", () => {
  let h: ScheduleHarness | null = null;
  afterEach(async () => {
    await h?.close();
    h = null;
  });

  it("survives a crash in the middle of 3,000 messages: every contact gets exactly one", async () => {
    const units = 3000;
    h = await monthWith(units);
    const doomed = await h.addInstance({ workerId: "doomed", wrap: (messenger) => dyingMessenger(messenger, 1200) });
    // The doomed instance never finishes its run: its process is gone. Wait until it is stuck.
    void doomed.runJobs();
    for (let i = 0; i < 200; i++) {
      const sent = await h.database.db.outboundMessage.count({ where: { purpose: "remind", state: "sent" } });
      const pending = await h.database.db.outboundMessage.count({ where: { purpose: "remind", state: "pending" } });
      if (sent >= 1200 && pending > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const stuck = await h.database.db.job.count({ where: { state: "running" } });
    expect(stuck).toBeGreaterThan(0);
    const before = [...remindersPerContact(h).values()].filter((count) => count > 0).length;
    expect(before).toBeGreaterThanOrEqual(1200);
    expect(before).toBeLessThan(units);

    // Restarted (another instance): the dead one's leases run out, and the rest goes out once.
    h.clock.set(new Date(new Date(REMINDER).getTime() + LEASE_MS + 1000));
    await h.runJobs();
    expectExactlyOneEach(h, units);
    expect(await h.database.db.outboundMessage.count({ where: { purpose: "remind", state: "sent" } })).toBe(units);
    expect(await h.database.db.job.count({ where: { state: { in: ["due", "running", "failed"] }, kind: "schedule.step-units" } })).toBe(0);
  }, 120_000);

  it("loses nothing to rate limits and server errors", async () => {
    const units = 300;
    h = await monthWith(units);
    h.platform.injectFault({ path: "/open-apis/im/v1/messages", method: "POST", times: 40, fault: { kind: "error", code: 99991400, httpStatus: 429 } });
    h.platform.injectFault({ path: "/open-apis/im/v1/messages", method: "POST", times: 25, fault: { kind: "status", status: 503 } });
    h.platform.injectFault({ path: "/open-apis/im/v1/messages", method: "POST", times: 10, fault: { kind: "error", code: 230020, httpStatus: 400 } });
    // Deferred and retried jobs come back later: keep the heartbeat going on the fake clock.
    for (let round = 0; round < 20; round++) {
      await h.runJobs();
      h.clock.advance(60_000);
    }
    expect(h.platform.state.faults.pending()).toHaveLength(0);
    expectExactlyOneEach(h, units);
    expect(h.events.some((event) => event.kind === "throttled")).toBe(true);
    expect(h.events.some((event) => event.kind === "transient")).toBe(true);
    expect(await h.database.db.job.count({ where: { state: "failed" } })).toBe(0);
  }, 60_000);

  it("is shared by two instances running at once on one database", async () => {
    const units = 1000;
    h = await monthWith(units);
    // On PostgreSQL each instance has its own connection pool, as two processes would. Two processes
    // on one SQLite file are not a deployment we support, so there they share the client.
    const second = await h.addInstance({ workerId: "worker-2", ownConnection: h.database.provider === "postgres", lanes: 4 });
    // Two heartbeats, each instance's own, beating until the work is done.
    const beat = async (instance: { runJobs(): Promise<number> }) => {
      let ran = 0;
      for (let idle = 0; idle < 5; ) {
        const n = await instance.runJobs();
        ran += n;
        idle = n === 0 ? idle + 1 : 0;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return ran;
    };
    // Four lanes each: an instance claims 16 parts at a time, so neither can take all 40 at once.
    const first = await h.addInstance({ workerId: "worker-1b", lanes: 4 });
    const [a, b] = await Promise.all([beat(first), beat(second)]);
    // Each job ran once, in one instance or the other: the fan-out and its parts, and the day's
    // pruning of seen events (src/jobs/prune-seen-events.ts).
    expect(a + b).toBe(1 + Math.ceil(units / UNITS_PER_PART) + 1);
    expect(Math.min(a, b)).toBeGreaterThan(0);
    expectExactlyOneEach(h, units);
    const leased = await h.database.db.job.groupBy({ by: ["leasedBy"], where: { kind: "schedule.step-units" }, _count: true });
    expect(leased.map((row) => row.leasedBy).sort()).toEqual(["worker-1b", "worker-2"]);
  }, 60_000);
});
