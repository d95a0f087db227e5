// Exactly-once sending: the message is claimed in the database under its key before the platform is
// called, and the platform's uuid (derived from the same key) makes a resend after a crash between
// "sent" and "recorded" a no-op there too (§1.1: one message per uuid within an hour).
import { createHash } from "node:crypto";
import type { Db } from "../platform/db/client.ts";
import { PlatformError, type Messenger, type OutgoingMessage, type Recipient } from "../platform/lark/messenger.ts";
import { claimOutbound, claimOutboundMany, markFailed, markSent, type OutboundClaim } from "../store/outbox-repo.ts";

export interface DeliveryRequest {
  readonly workspaceId: string;
  readonly key: string;
  readonly purpose: string;
  readonly to: Recipient;
  readonly message: OutgoingMessage;
  readonly periodKey?: string | null;
  readonly unitId?: string | null;
  readonly version?: number;
}

export interface Delivery {
  readonly messageId: string;
  readonly chatId: string | null;
  /** false when it had been sent before and nothing was sent now */
  readonly sentNow: boolean;
}

export function platformUuid(key: string): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 40);
}

function claimOf(request: DeliveryRequest): OutboundClaim {
  const { workspaceId, key, purpose, to, periodKey, unitId, version } = request;
  return { workspaceId, key, purpose, to, msgType: request.message.msgType, periodKey: periodKey ?? null, unitId: unitId ?? null, version: version ?? 1 };
}

export async function deliver(deps: { db: Db; messenger: Messenger; now: () => Date }, request: DeliveryRequest): Promise<Delivery> {
  const record = await claimOutbound(deps.db, claimOf(request));
  if (record.state === "sent" && record.messageId) return { messageId: record.messageId, chatId: record.chatId, sentNow: false };
  try {
    const sent = await deps.messenger.send(request.to, request.message, platformUuid(request.key));
    await markSent(deps.db, record.id, sent.messageId, sent.chatId, deps.now());
    return { ...sent, sentNow: true };
  } catch (error) {
    // Retryable failures stay pending for the job's next try; the others are recorded as failed.
    if (error instanceof PlatformError && !error.isRetryable) await markFailed(deps.db, record.id, error.message);
    throw error;
  }
}

/**
 * deliver() for a batch (a fan-out's part): the outbox records are claimed in a few statements, then
 * each message is sent in order under the same uuid. A retryable failure is thrown (what was sent
 * before it is recorded, so the job's next try sends only the rest); a message the platform refuses
 * for good (a contact outside the app's availability) is recorded as failed and the others still go.
 */
export async function deliverMany(deps: { db: Db; messenger: Messenger; now: () => Date }, requests: readonly DeliveryRequest[]): Promise<{ delivered: Delivery[]; refused: { key: string; error: string }[] }> {
  const delivered: Delivery[] = [];
  const refused: { key: string; error: string }[] = [];
  if (requests.length === 0) return { delivered, refused };
  const records = await claimOutboundMany(deps.db, requests.map(claimOf));
  for (const request of requests) {
    const record = records.get(request.key)!;
    if (record.state === "sent" && record.messageId) {
      delivered.push({ messageId: record.messageId, chatId: record.chatId, sentNow: false });
      continue;
    }
    try {
      const sent = await deps.messenger.send(request.to, request.message, platformUuid(request.key));
      await markSent(deps.db, record.id, sent.messageId, sent.chatId, deps.now());
      delivered.push({ ...sent, sentNow: true });
    } catch (error) {
      if (!(error instanceof PlatformError) || error.isRetryable) throw error;
      await markFailed(deps.db, record.id, error.message);
      refused.push({ key: request.key, error: error.message });
    }
  }
  return { delivered, refused };
}
