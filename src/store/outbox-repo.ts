// The record of everything the bot sends (OutboundMessage), keyed by what the message is for.
import type { Db } from "../platform/db/client.ts";
import { sqlOf } from "../platform/db/sql.ts";
import { isUniqueViolation } from "./event-repo.ts";
import type { Recipient } from "../platform/lark/messenger.ts";

export interface OutboundClaim {
  readonly workspaceId: string;
  readonly key: string;
  readonly purpose: string;
  readonly to: Recipient;
  readonly msgType: string;
  readonly periodKey?: string | null;
  readonly unitId?: string | null;
  readonly version?: number;
}

export interface OutboundRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly key: string;
  readonly purpose: string;
  readonly state: string;
  readonly messageId: string | null;
  readonly chatId: string | null;
  readonly periodKey: string | null;
  readonly unitId: string | null;
  readonly receiveId: string;
  readonly sentAt: Date | null;
  readonly version: number;
}

function outboundRow(claim: OutboundClaim) {
  return {
    workspaceId: claim.workspaceId,
    key: claim.key,
    purpose: claim.purpose,
    receiveIdType: claim.to.type,
    receiveId: claim.to.id,
    msgType: claim.msgType,
    periodKey: claim.periodKey ?? null,
    unitId: claim.unitId ?? null,
    version: claim.version ?? 1,
  };
}

/** Creates the record (pending) or returns the existing one for the key. */
export async function claimOutbound(db: Db, claim: OutboundClaim): Promise<OutboundRecord> {
  try {
    return await db.outboundMessage.create({ data: outboundRow(claim) });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return db.outboundMessage.findUniqueOrThrow({ where: { key: claim.key } });
  }
}

export async function markSent(db: Db, id: string, messageId: string, chatId: string | null, now: Date): Promise<void> {
  await db.outboundMessage.update({ where: { id }, data: { state: "sent", messageId, chatId, sentAt: now, error: null } });
}

export async function markFailed(db: Db, id: string, error: string): Promise<void> {
  await db.outboundMessage.update({ where: { id }, data: { state: "failed", error: error.slice(0, 2000) } });
}

export async function findOutboundByMessageId(db: Db, messageId: string): Promise<OutboundRecord | null> {
  return db.outboundMessage.findFirst({ where: { messageId } });
}

export async function findOutbound(db: Db, key: string): Promise<OutboundRecord | null> {
  return db.outboundMessage.findUnique({ where: { key } });
}

export interface CardOrigin {
  readonly workspaceId: string;
  readonly unitId: string | null;
  readonly periodKey: string | null;
}

const originsByClient = new WeakMap<Db, Map<string, CardOrigin>>();
const ORIGINS_KEPT = 20_000;

/**
 * What a card we sent was for, by its message id: the check every click on a unit's card passes. Once
 * a message id is recorded its workspace, unit and period never change, so a found origin is kept in
 * this process; a miss is not (the record may be marked sent a moment later).
 */
export async function findCardOrigin(db: Db, messageId: string): Promise<CardOrigin | null> {
  let origins = originsByClient.get(db);
  if (!origins) originsByClient.set(db, (origins = new Map()));
  const known = origins.get(messageId);
  if (known) return known;
  const rows = await sqlOf(db).query<CardOrigin>`SELECT "workspaceId", "unitId", "periodKey" FROM "OutboundMessage" WHERE "messageId" = ${messageId} LIMIT 1`;
  const row = rows[0];
  if (!row) return null;
  const origin = { workspaceId: row.workspaceId, unitId: row.unitId, periodKey: row.periodKey };
  if (origins.size >= ORIGINS_KEPT) origins.delete(origins.keys().next().value!);
  origins.set(messageId, origin);
  return origin;
}

/**
 * Claims many messages in a few statements (a fan-out's part): creates the records that do not exist
 * yet and returns every record, by key. Same meaning as claimOutbound, one row at a time.
 */
export async function claimOutboundMany(db: Db, claims: readonly OutboundClaim[]): Promise<Map<string, OutboundRecord>> {
  const keys = claims.map((claim) => claim.key);
  const existing = new Set((await db.outboundMessage.findMany({ where: { key: { in: keys } }, select: { key: true } })).map((row) => row.key));
  const fresh = claims.filter((claim) => !existing.has(claim.key));
  if (fresh.length > 0) {
    try {
      await db.outboundMessage.createMany({ data: fresh.map(outboundRow) });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Another instance claimed some of them meanwhile: one by one, each idempotent.
      for (const claim of fresh) await claimOutbound(db, claim);
    }
  }
  const rows = await db.outboundMessage.findMany({ where: { key: { in: keys } } });
  return new Map(rows.map((row) => [row.key, row]));
}
