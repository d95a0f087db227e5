// The hot paths' plain SQL (src/platform/db/sql.ts) must mean exactly what Prisma's $queryRaw means:
// same rows, same JavaScript types, same stored text, on SQLite and PostgreSQL; and inside a
// transaction it must stay inside the transaction.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlOf } from "../../src/platform/db/sql.ts";
import { isUniqueViolation } from "../../src/store/event-repo.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

let database: TestDatabase;
let periodId: string;
let unitId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  const workspace = await db.workspace.create({ data: { key: "sql", name: "测试", office: "测试办", scope: "全市", settings: {} } });
  unitId = (await db.unit.create({ data: { workspaceId: workspace.id, name: "甲县", position: 1 } })).id;
  periodId = (await db.period.create({ data: { workspaceId: workspace.id, year: 2024, month: 10 } })).id;
});

afterAll(async () => {
  await database.destroy();
});

const submittedAt = new Date("2024-10-21T03:04:05.678Z");

describe("sqlOf(db)", () => {
  it("stores what Prisma's raw insert stores and reads back the same rows with the same types", async () => {
    const { db } = database;
    const values = JSON.stringify({ a: 1.5, b: 20 });
    await db.$executeRaw`INSERT INTO "Submission" ("id", "periodId", "unitId", "revision", "values", "explanations", "remarks", "source", "submittedBy", "submittedAt", "isLate")
      VALUES (${"s-prisma"}, ${periodId}, ${unitId}, ${1}, ${values}, ${"{}"}, ${null}, ${"card"}, ${"ou_1"}, ${submittedAt}, ${false})`;
    const changed = await sqlOf(db).execute`INSERT INTO "Submission" ("id", "periodId", "unitId", "revision", "values", "explanations", "remarks", "source", "submittedBy", "submittedAt", "isLate")
      VALUES (${"s-fast"}, ${periodId}, ${unitId}, ${2}, ${values}, ${"{}"}, ${"备注"}, ${"card"}, ${"ou_1"}, ${submittedAt}, ${true})`;
    expect(changed).toBe(1);

    // Both rows through both readers: identical objects, whichever wrote them.
    const viaPrisma = await db.$queryRaw<Record<string, unknown>[]>`
      SELECT "id", "revision", "values", "remarks", "submittedAt", "isLate", MAX("revision") OVER () AS "top" FROM "Submission" WHERE "periodId" = ${periodId} ORDER BY "revision"`;
    const viaFast = await sqlOf(db).query<Record<string, unknown>>`
      SELECT "id", "revision", "values", "remarks", "submittedAt", "isLate", MAX("revision") OVER () AS "top" FROM "Submission" WHERE "periodId" = ${periodId} ORDER BY "revision"`;
    expect(viaFast).toEqual(viaPrisma);
    expect(viaFast[1]!.submittedAt).toEqual(submittedAt);
    expect(viaFast.map((row) => row.id)).toEqual(["s-prisma", "s-fast"]);

    // And the models see the fast path's row as Prisma would have written it.
    const stored = await db.submission.findUniqueOrThrow({ where: { id: "s-fast" } });
    expect(stored).toMatchObject({ revision: 2, values: { a: 1.5, b: 20 }, remarks: "备注", submittedAt, isLate: true });
  });

  it("types expressions as Prisma does: counts, decimals, text, nulls, and values bound in", async () => {
    const { db } = database;
    const at = new Date("2024-11-01T00:00:00.000Z");
    const viaPrisma = await db.$queryRaw<Record<string, unknown>[]>`
      SELECT COUNT(*) AS "n", CAST(SUM("revision") AS REAL) / 4 AS "half", NULL AS "nothing", 'r' || MAX("revision") AS "label", ${at} AS "boundDate", ${true} AS "boundFlag", ${2.25} AS "boundNumber"
      FROM "Submission" WHERE "periodId" = ${periodId} GROUP BY "periodId"`;
    const viaFast = await sqlOf(db).query<Record<string, unknown>>`
      SELECT COUNT(*) AS "n", CAST(SUM("revision") AS REAL) / 4 AS "half", NULL AS "nothing", 'r' || MAX("revision") AS "label", ${at} AS "boundDate", ${true} AS "boundFlag", ${2.25} AS "boundNumber"
      FROM "Submission" WHERE "periodId" = ${periodId} GROUP BY "periodId"`;
    expect(viaFast).toEqual(viaPrisma);
    // The same statement again (prepared once on SQLite) with other values gives the other answer.
    const none = await sqlOf(db).query<Record<string, unknown>>`
      SELECT COUNT(*) AS "n", CAST(SUM("revision") AS REAL) / 4 AS "half", NULL AS "nothing", 'r' || MAX("revision") AS "label", ${at} AS "boundDate", ${true} AS "boundFlag", ${2.25} AS "boundNumber"
      FROM "Submission" WHERE "periodId" = ${"no-such-period"} GROUP BY "periodId"`;
    expect(none).toEqual([]);
  });

  it("binds values as parameters, never as SQL text", async () => {
    const { db } = database;
    const hostile = `x'); DELETE FROM "Submission"; --`;
    const rows = await sqlOf(db).query<{ id: string }>`SELECT "id" FROM "Submission" WHERE "remarks" = ${hostile}`;
    expect(rows).toEqual([]);
    expect(await db.submission.count()).toBe(2);
  });

  it("reports a unique violation the way the store recognises it", async () => {
    const { db } = database;
    const error = await sqlOf(db)
      .execute`INSERT INTO "Submission" ("id", "periodId", "unitId", "revision", "values", "explanations", "source", "submittedBy", "submittedAt") VALUES (${"s-again"}, ${periodId}, ${unitId}, ${2}, ${"{}"}, ${"{}"}, ${"card"}, ${"ou_1"}, ${submittedAt})`
      .then(() => null, (failure: unknown) => failure);
    expect(isUniqueViolation(error)).toBe(true);
  });

  it("stays inside the transaction it is given: a rolled-back write is gone", async () => {
    const { db } = database;
    await expect(
      db.$transaction(async (tx) => {
        await sqlOf(tx as typeof db).execute`UPDATE "Submission" SET "remarks" = ${"事务内"} WHERE "id" = ${"s-prisma"}`;
        const inside = await sqlOf(tx as typeof db).query<{ remarks: string }>`SELECT "remarks" FROM "Submission" WHERE "id" = ${"s-prisma"}`;
        expect(inside[0]!.remarks).toBe("事务内");
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    const after = await sqlOf(db).query<{ remarks: string | null }>`SELECT "remarks" FROM "Submission" WHERE "id" = ${"s-prisma"}`;
    expect(after[0]!.remarks).toBeNull();
  });
});
