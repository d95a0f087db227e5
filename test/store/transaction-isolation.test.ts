// Guards against a hazard of the SQLite driver adapter: it has one connection, and its transactions
// only lock out other transactions. A plain query from another event (a card submission, a job) that
// ran while an interactive transaction was open ran inside it: its write was lost when the transaction
// rolled back, and its read saw the transaction's uncommitted rows. src/platform/db/sqlite-gate.ts makes
// such work wait for the transaction to end. Runs on SQLite, and on PostgreSQL (pool, real isolation)
// with npm run test:pg.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "../../src/platform/db/client.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const ROLLED_BACK = "rolled back on purpose";

/**
 * Opens an interactive transaction, runs `work` in it and keeps it open until `rollBack` is called,
 * then makes it throw. `afterHeld` runs in the transaction after the hold, before the throw.
 */
async function holdTransaction(db: Db, work: (tx: Tx) => Promise<void>, afterHeld?: (tx: Tx) => Promise<void>) {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let opened!: () => void;
  const isOpen = new Promise<void>((resolve) => (opened = resolve));
  const ended = db
    .$transaction(async (tx) => {
      await work(tx);
      opened();
      await held;
      await afterHeld?.(tx);
      throw new Error(ROLLED_BACK);
    })
    .then(
      () => "committed",
      (error: Error) => error.message,
    );
  await isOpen;
  return {
    async rollBack(): Promise<string> {
      release();
      return ended;
    },
  };
}

/** Gives work from another event time to reach the database (or to be held back), without racing it. */
async function letRun(...work: Promise<unknown>[]): Promise<void> {
  await Promise.race([Promise.allSettled(work), sleep(250)]);
}

function jobData(key: string) {
  return { workspaceId: "w", kind: "test", key, payload: {}, runAt: new Date("2024-11-03T02:00:00Z") };
}

describe("work outside an open interactive transaction", () => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(async () => {
    await database.destroy();
  });

  it("keeps a plain write from another event when the transaction rolls back (lost write on the shared SQLite connection)", async () => {
    const transaction = await holdTransaction(db, async (tx) => {
      await tx.job.create({ data: jobData("in-transaction-1") });
    });
    const plain = db.job.create({ data: jobData("other-event-1") });
    await letRun(plain);
    expect(await transaction.rollBack()).toBe(ROLLED_BACK);
    await plain;
    expect(await db.job.findUnique({ where: { key: "other-event-1" } })).not.toBeNull();
    expect(await db.job.findUnique({ where: { key: "in-transaction-1" } })).toBeNull();
  });

  it("keeps a raw write from another event when the transaction rolls back (lost $executeRaw on the shared SQLite connection)", async () => {
    const transaction = await holdTransaction(db, async (tx) => {
      await tx.$executeRaw`INSERT INTO "ProcessedEvent" ("eventId", "kind", "receivedAt") VALUES (${"in-transaction-2"}, ${"test"}, ${new Date()})`;
    });
    const plain = db.$executeRaw`INSERT INTO "ProcessedEvent" ("eventId", "kind", "receivedAt") VALUES (${"other-event-2"}, ${"test"}, ${new Date()})`;
    await letRun(plain);
    expect(await transaction.rollBack()).toBe(ROLLED_BACK);
    expect(await plain).toBe(1);
    const kept = await db.$queryRaw<{ eventId: string }[]>`SELECT "eventId" FROM "ProcessedEvent" WHERE "eventId" IN (${"other-event-2"}, ${"in-transaction-2"})`;
    expect(kept.map((row) => row.eventId)).toEqual(["other-event-2"]);
  });

  it("does not let a plain read see the transaction's uncommitted rows (dirty read on the shared SQLite connection)", async () => {
    const transaction = await holdTransaction(db, async (tx) => {
      await tx.job.create({ data: jobData("in-transaction-3") });
    });
    const read = db.job.findUnique({ where: { key: "in-transaction-3" } });
    const rawRead = db.$queryRaw<{ key: string }[]>`SELECT "key" FROM "Job" WHERE "key" = ${"in-transaction-3"}`;
    await letRun(read, rawRead);
    expect(await transaction.rollBack()).toBe(ROLLED_BACK);
    expect(await read).toBeNull();
    expect(await rawRead).toEqual([]);
  });

  it("lets the transaction's own queries run while other events wait for it", async () => {
    let ownRows = -1;
    const transaction = await holdTransaction(
      db,
      async (tx) => {
        await tx.job.create({ data: jobData("in-transaction-4") });
      },
      async (tx) => {
        ownRows = await tx.job.count({ where: { key: "in-transaction-4" } });
      },
    );
    const plain = db.job.create({ data: jobData("other-event-4") });
    await letRun(plain);
    expect(await transaction.rollBack()).toBe(ROLLED_BACK);
    await plain;
    expect(ownRows).toBe(1);
    const kept = await db.job.findMany({ where: { key: { in: ["in-transaction-4", "other-event-4"] } }, select: { key: true } });
    expect(kept).toEqual([{ key: "other-event-4" }]);
  });

  it("commits a transaction and the waiting work of many events, each once", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let opened!: () => void;
    const isOpen = new Promise<void>((resolve) => (opened = resolve));
    const committed = db.$transaction(async (tx) => {
      await tx.job.create({ data: jobData("in-transaction-5") });
      opened();
      await held;
      await tx.job.update({ where: { key: "in-transaction-5" }, data: { state: "done" } });
    });
    await isOpen;
    const others = Array.from({ length: 20 }, (_, i) =>
      i % 2 === 0
        ? db.job.create({ data: jobData(`other-event-5-${i}`) })
        : db.$executeRaw`INSERT INTO "ProcessedEvent" ("eventId", "kind", "receivedAt") VALUES (${`other-event-5-${i}`}, ${"test"}, ${new Date()})`,
    );
    await letRun(...others);
    release();
    await Promise.all([committed, ...others]);
    expect(await db.job.findUnique({ where: { key: "in-transaction-5" } })).toMatchObject({ state: "done" });
    expect(await db.job.count({ where: { key: { startsWith: "other-event-5-" } } })).toBe(10);
    expect(await db.processedEvent.count({ where: { eventId: { startsWith: "other-event-5-" } } })).toBe(10);
  });

  // SQLite keeps a transaction open when its COMMIT fails, and Prisma then never tells the adapter the
  // transaction ended: the connection would stay held and every later query would wait forever.
  it.skipIf(Boolean(process.env.TEST_DATABASE_URL))("frees the connection when COMMIT fails (SQLite: a deferred foreign key)", async () => {
    const failed = await db
      .$transaction(async (tx) => {
        await tx.$executeRawUnsafe("PRAGMA defer_foreign_keys = ON");
        await tx.unit.create({ data: { workspaceId: "no-such-workspace", name: "孤儿", position: 1 } });
      })
      .then(
        () => "committed",
        (error: Error) => error.message,
      );
    expect(failed).toMatch(/foreign ?key/i);
    const later = db.job.create({ data: jobData("after-failed-commit") });
    await letRun(later);
    await expect(Promise.race([later.then(() => "done"), sleep(1_000).then(() => "still waiting")])).resolves.toBe("done");
    expect(await db.unit.count({ where: { workspaceId: "no-such-workspace" } })).toBe(0);
    expect(await db.$transaction(async (tx) => tx.job.count({ where: { key: "after-failed-commit" } }))).toBe(1);
  });
});
