// Seen events are forgotten a week after they arrived, by one job a day, and nothing newer is touched.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobQueue } from "../../src/jobs/queue.ts";
import { JobRunner } from "../../src/jobs/runner.ts";
import { JOB_PRUNE_SEEN_EVENTS, pruneSeenEventsJob, pruneSeenEventsPlanner } from "../../src/jobs/prune-seen-events.ts";
import { silentLogger } from "../../src/platform/logger.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { importWorkspaceText } from "../support/import-text.ts";

const NOW = new Date("2024-12-10T02:00:00Z");
const DAY = 24 * 60 * 60 * 1000;

describe("pruning seen events", () => {
  let database: TestDatabase;
  let runner: JobRunner;
  beforeAll(async () => {
    database = await createTestDatabase();
    const workspace = await importWorkspaceText(database.db, "name: 示范市\noffice: 示范市住房保障办\nscope: 全市\npercentDigits: 1\npercentTrailingZero: false\nunits: [{ name: 东山区 }]\nindicators: [{ id: kaigong, group: 保障性租赁住房, name: 开工, unit: 套, targets: { 东山区: 100 } }]\n");
    const jobs = createJobQueue(database.db);
    runner = new JobRunner(jobs, "test", silentLogger(), async () => undefined)
      .register(JOB_PRUNE_SEEN_EVENTS, pruneSeenEventsJob({ db: database.db }))
      .addPlanner(pruneSeenEventsPlanner({ jobs, workspaceId: async () => workspace.id }));
    for (const [eventId, ageDays] of [["a-month-old", 30], ["eight-days", 8], ["six-days", 6], ["today", 0]] as const) {
      await database.db.processedEvent.create({ data: { eventId, kind: "message", receivedAt: new Date(NOW.getTime() - ageDays * DAY), response: {} } });
    }
  });
  afterAll(() => database.destroy());

  it("removes what is older than a week and keeps the rest", async () => {
    await runner.runDue(NOW);
    const left = await database.db.processedEvent.findMany({ orderBy: { eventId: "asc" }, select: { eventId: true } });
    expect(left.map((row) => row.eventId)).toEqual(["six-days", "today"]);
  });

  it("runs once a day, however many beats and instances plan it", async () => {
    await runner.runDue(new Date(NOW.getTime() + 60_000));
    await runner.runDue(new Date(NOW.getTime() + 2 * 60_000));
    expect(await database.db.job.count({ where: { kind: JOB_PRUNE_SEEN_EVENTS } })).toBe(1);
    await runner.runDue(new Date(NOW.getTime() + 2 * DAY));
    expect(await database.db.job.count({ where: { kind: JOB_PRUNE_SEEN_EVENTS } })).toBe(2);
    const left = await database.db.processedEvent.findMany({ select: { eventId: true } });
    expect(left.map((row) => row.eventId)).toEqual(["today"]);
  });
});
