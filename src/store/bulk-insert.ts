// Many rows in one statement, for imports: a province's workspace file is 3,000 units, 6,000 people and
// 70,000 targets, and its figures file 30,000 revisions. Through Prisma's createMany each batch costs
// more in the query compiler than in the database; a plain multi-row INSERT (the same text on SQLite
// and PostgreSQL) does not. Table and column names come from our code, never from input.
import { randomUUID } from "node:crypto";
import { Prisma } from "../generated/sqlite/client.ts";
import type { Db } from "../platform/db/client.ts";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** A JSON column's value for insertRows: text, which SQLite stores and PostgreSQL casts to jsonb. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * Inserts rows (each with a new id) in batches. Values are bound as parameters; a batch stays well
 * under both databases' parameter limits. Unique constraints apply as for any insert.
 */
export async function insertRows(db: Db | Tx, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void> {
  const perBatch = Math.max(1, Math.floor(5000 / (columns.length + 1)));
  const head = Prisma.raw(`INSERT INTO "${table}" ("id", ${columns.map((column) => `"${column}"`).join(", ")}) VALUES `);
  for (let start = 0; start < rows.length; start += perBatch) {
    const values = rows.slice(start, start + perBatch).map((row) => Prisma.sql`(${Prisma.join([randomUUID(), ...row])})`);
    await db.$executeRaw(Prisma.sql`${head}${Prisma.join(values)}`);
  }
}
