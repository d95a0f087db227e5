// The record of everything the bot sends (OutboundMessage), keyed by what the message is for.
import type { Db } from "../platform/db/client.ts";
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

/** Creates the record (pending) or returns the existing one for the key. */
export async function claimOutbound(db: Db, claim: OutboundClaim): Promise<OutboundRecord> {
  try {
    return await db.outboundMessage.create({
      data: {
        workspaceId: claim.workspaceId,
        key: claim.key,
        purpose: claim.purpose,
        receiveIdType: claim.to.type,
        receiveId: claim.to.id,
        msgType: claim.msgType,
        periodKey: claim.periodKey ?? null,
        unitId: claim.unitId ?? null,
        version: claim.version ?? 1,
      },
    });
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

export async function listOutbound(db: Db, workspaceId: string, where: { purpose?: string; periodKey?: string; unitId?: string }): Promise<OutboundRecord[]> {
  return db.outboundMessage.findMany({ where: { workspaceId, ...where }, orderBy: { createdAt: "asc" } });
}
