// Seen events, recorded in the database under the platform's event id, so a redelivery (the platform
// retries, the long connection resends without an ack, two instances get the same event) changes
// nothing and gets the same answer.
import type { Db } from "../platform/db/client.ts";
import { sqlOf } from "../platform/db/sql.ts";

export type ClaimResult =
  | { readonly claimed: true }
  /**
   * Seen before. `isHandled`: its handling finished and `response` is what was answered. Otherwise it
   * is still being handled, or the process handling it died: it started at `startedAt`, `pendingMs` ago.
   */
  | { readonly claimed: false; readonly isHandled: boolean; readonly response: unknown; readonly startedAt: Date; readonly pendingMs: number };

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
    // Gone meanwhile: its handler failed and released it. The platform's next try will claim it.
    if (!seen) return { claimed: false, isHandled: false, response: null, startedAt: now, pendingMs: 0 };
    return { claimed: false, isHandled: seen.response !== null, response: seen.response, startedAt: seen.receivedAt, pendingMs: now.getTime() - seen.receivedAt.getTime() };
  }
}

/**
 * Takes over an event whose handling never finished (its process died): claimed again, row by row, so
 * of two redeliveries only one handles it.
 */
export async function takeOverEvent(db: Db, eventId: string, startedAt: Date, now = new Date()): Promise<boolean> {
  const count = await sqlOf(db).execute`UPDATE "ProcessedEvent" SET "receivedAt" = ${now} WHERE "eventId" = ${eventId} AND "receivedAt" = ${startedAt} AND "response" IS NULL`;
  return count === 1;
}

/**
 * Marks the event handled, with the answer a redelivery gets again: a click's toast/card, or `{}` for
 * an event that has nothing to answer (a message). A claim without a response is one whose handling
 * has not finished.
 */
export async function saveEventResponse(db: Db, eventId: string, response: unknown): Promise<void> {
  // The JSON goes in as text: SQLite stores it so, PostgreSQL casts the untyped parameter to jsonb.
  await sqlOf(db).execute`UPDATE "ProcessedEvent" SET "response" = ${JSON.stringify(response ?? {})} WHERE "eventId" = ${eventId}`;
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

/** Forgets the events seen before `before`: the platform delivers none of them again. Returns how many. */
export async function pruneSeenEvents(db: Db, before: Date): Promise<number> {
  const { count } = await db.processedEvent.deleteMany({ where: { receivedAt: { lt: before } } });
  return count;
}
