// Seen events, recorded in the database under the platform's event id, so a redelivery (the platform
// retries, the long connection resends without an ack, two instances get the same event) changes
// nothing and gets the same answer.
import type { Db } from "../platform/db/client.ts";
import { toJson } from "./json.ts";

export type ClaimResult = { readonly claimed: true } | { readonly claimed: false; readonly response: unknown };

export async function claimEvent(db: Db, eventId: string, kind: string): Promise<ClaimResult> {
  try {
    await db.processedEvent.create({ data: { eventId, kind } });
    return { claimed: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const seen = await db.processedEvent.findUnique({ where: { eventId } });
    return { claimed: false, response: seen?.response ?? null };
  }
}

export async function saveEventResponse(db: Db, eventId: string, response: unknown): Promise<void> {
  if (response === undefined) return;
  await db.processedEvent.update({ where: { eventId }, data: { response: toJson(response) } });
}

/** After an unexpected failure the claim is released, so the platform's retry can try again. */
export async function releaseEvent(db: Db, eventId: string): Promise<void> {
  await db.processedEvent.deleteMany({ where: { eventId } });
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}
