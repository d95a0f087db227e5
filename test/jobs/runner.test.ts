// The job runner on its own, over a real queue in a test database: handlers that fail in each way the
// platform fails, and what becomes of the row. Nothing of the bot is involved.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { backoffMs, createJobQueue, type JobQueue } from "../../src/jobs/queue.ts";
import { JobRunner, type JobFailureReport } from "../../src/jobs/runner.ts";
import { PlatformError } from "../../src/platform/lark/messenger.ts";
import { silentLogger } from "../../src/platform/logger.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { importWorkspaceText } from "../support/import-text.ts";

const NOW = new Date("2024-12-10T02:00:00Z");
const later = (ms: number) => new Date(NOW.getTime() + ms);

describe("JobRunner", () => {
  let database: TestDatabase;
  let queue: JobQueue;
  let workspaceId: string;
  let givenUp: JobFailureReport[];
  let serial = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    workspaceId = (await importWorkspaceText(database.db, "name: 示范市\noffice: 示范市住房保障办\nscope: 全市\npercentDigits: 1\npercentTrailingZero: false\nunits: [{ name: 东山区 }]\nindicators: [{ id: kaigong, group: 保障性租赁住房, name: 开工, unit: 套 }]\n")).id;
    queue = createJobQueue(database.db);
  });
  afterAll(() => database.destroy());
  beforeEach(() => {
    givenUp = [];
  });

  /** A runner with one kind whose handler is `handler`, and one job of it due now. */
  async function oneJob(handler: () => Promise<void>, maxAttempts = 3) {
    serial += 1;
    const kind = `test.kind-${serial}`;
    const key = `test:${serial}`;
    const runner = new JobRunner(queue, "worker", silentLogger(), async (report) => void givenUp.push(report)).register(kind, handler);
    await queue.enqueue({ workspaceId, kind, key, payload: {}, runAt: NOW, maxAttempts });
    const row = () => database.db.job.findUniqueOrThrow({ where: { key } });
    return { runner, row };
  }

  it("completes a job whose handler returns", async () => {
    const { runner, row } = await oneJob(async () => undefined);
    expect(await runner.runDue(NOW)).toBe(1);
    expect((await row()).state).toBe("done");
  });

  it("defers a rate-limited job to the time the platform names, without spending a try", async () => {
    let calls = 0;
    const { runner, row } = await oneJob(async () => {
      calls += 1;
      if (calls <= 5) throw new PlatformError(99991400, "request trigger frequency limit", 429, 7);
    }, 2);
    for (let beat = 0; beat < 5; beat++) await runner.runDue(later(beat * 10_000));
    const deferred = await row();
    expect(deferred.state).toBe("due");
    expect(deferred.attempts).toBe(0);
    expect(deferred.runAt).toEqual(later(4 * 10_000 + 7_000));
    await runner.runDue(later(60_000));
    expect((await row()).state).toBe("done");
    expect(givenUp).toEqual([]);
  });

  it("backs off after an ordinary failure, then gives up after the last try and reports it once", async () => {
    const { runner, row } = await oneJob(async () => {
      throw new Error("database went away");
    }, 2);
    await runner.runDue(NOW);
    const first = await row();
    expect(first).toMatchObject({ state: "due", attempts: 1, lastError: "database went away" });
    expect(first.runAt).toEqual(later(backoffMs(1)));
    // Not due yet: nothing runs.
    expect(await runner.runDue(later(backoffMs(1) - 1))).toBe(0);
    await runner.runDue(later(backoffMs(1)));
    expect((await row()).state).toBe("failed");
    await runner.runDue(later(backoffMs(1) + backoffMs(2)));
    expect(givenUp.map((report) => report.error)).toEqual(["database went away"]);
  });

  it("gives up at once on a refusal that retrying cannot change", async () => {
    const { runner, row } = await oneJob(async () => {
      throw new PlatformError(230002, "Bot/User can NOT be out of the chat.", 400);
    }, 5);
    await runner.runDue(NOW);
    expect((await row()).state).toBe("failed");
    expect(givenUp).toHaveLength(1);
  });

  it("retries server trouble when the platform says, not on the back-off", async () => {
    let calls = 0;
    const { runner, row } = await oneJob(async () => {
      calls += 1;
      if (calls === 1) throw new PlatformError(-1, "internal error", 503, 20);
    });
    await runner.runDue(NOW);
    expect(await row()).toMatchObject({ state: "due", attempts: 1, runAt: later(20_000) });
    await runner.runDue(later(20_000));
    expect((await row()).state).toBe("done");
  });

  it("records why a job nobody handles failed, and retries it (another instance may know its kind)", async () => {
    serial += 1;
    const runner = new JobRunner(queue, "worker", silentLogger());
    await queue.enqueue({ workspaceId, kind: "test.unknown", key: `test:${serial}`, payload: {}, runAt: NOW });
    await runner.runDue(NOW);
    expect(await database.db.job.findUniqueOrThrow({ where: { key: `test:${serial}` } })).toMatchObject({ state: "due", lastError: "no handler for job kind test.unknown" });
  });

  it("runs the planned jobs when a planner fails, and plans again on the next beat", async () => {
    let plans = 0;
    const { runner, row } = await oneJob(async () => undefined);
    runner.addPlanner(async () => {
      plans += 1;
      throw new Error("planning failed");
    });
    await runner.runDue(NOW);
    expect((await row()).state).toBe("done");
    await runner.runDue(later(1000));
    expect(plans).toBe(2);
  });

  it("queues a key once, however often it is asked", async () => {
    serial += 1;
    const request = { workspaceId, kind: "test.once", key: `test:${serial}`, payload: {}, runAt: NOW };
    expect(await queue.enqueue(request)).toBe(true);
    expect(await queue.enqueue(request)).toBe(false);
    expect(await queue.enqueueMany([request, request])).toBe(0);
    expect(await database.db.job.count({ where: { key: request.key } })).toBe(1);
  });
});
