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

export async function findOutbound(db: Db, key: string): Promise<OutboundRecord | null> {
  return db.outboundMessage.findUnique({ where: { key } });
}

/** What a card we sent was for: the record its callbacks are checked against (src/bot/card-guard.ts). */
export interface CardOrigin {
  readonly workspaceId: string;
  readonly purpose: string;
  readonly key: string;
  readonly unitId: string | null;
  readonly periodKey: string | null;
}

/** The card a callback's message id names, if we sent it (one indexed lookup). */
export async function findCardOrigin(db: Db, messageId: string): Promise<CardOrigin | null> {
  const rows = await sqlOf(db).query<CardOrigin>`SELECT "workspaceId", "purpose", "key", "unitId", "periodKey" FROM "OutboundMessage" WHERE "messageId" = ${messageId} LIMIT 1`;
  return rows[0] ?? null;
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
