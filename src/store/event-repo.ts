// Seen events, recorded in the database under the platform's event id, so a redelivery (the platform
// retries, the long connection resends without an ack, two instances get the same event) changes
// nothing and gets the same answer.
import type { Db } from "../platform/db/client.ts";
import { sqlOf } from "../platform/db/sql.ts";

export type ClaimResult = { readonly claimed: true } | { readonly claimed: false; readonly response: unknown };

// Every event passes here twice, so these two statements are plain SQL on the fast path (sql.ts):
// Prisma's query compiler costs more per query than the insert itself. The text is the same on SQLite
// and PostgreSQL.
export async function claimEvent(db: Db, eventId: string, kind: string, now = new Date()): Promise<ClaimResult> {
  try {
    await sqlOf(db).execute`INSERT INTO "ProcessedEvent" ("eventId", "kind", "receivedAt") VALUES (${eventId}, ${kind}, ${now})`;
    return { claimed: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const seen = await db.processedEvent.findUnique({ where: { eventId } });
    return { claimed: false, response: seen?.response ?? null };
  }
}

export async function saveEventResponse(db: Db, eventId: string, response: unknown): Promise<void> {
  if (response === undefined) return;
  // The JSON goes in as text: SQLite stores it so, PostgreSQL casts the untyped parameter to jsonb.
  await sqlOf(db).execute`UPDATE "ProcessedEvent" SET "response" = ${JSON.stringify(response)} WHERE "eventId" = ${eventId}`;
}

/** After an unexpected failure the claim is released, so the platform's retry can try again. */
export async function releaseEvent(db: Db, eventId: string): Promise<void> {
  await db.processedEvent.deleteMany({ where: { eventId } });
}

export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, meta, name, cause } = error as { code?: string; meta?: { driverAdapterError?: { cause?: { kind?: string } } }; name?: string; cause?: { kind?: string } };
  if (code === "P2002") return true;
  // The fast path (sql.ts) gets the driver's or the adapter's own error.
  if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") return true;
  if (name === "DriverAdapterError") return cause?.kind === "UniqueConstraintViolation";
  // A raw statement reports the driver adapter's error (P2010), with the same kind on both databases.
  return code === "P2010" && meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation";
}
