// Exactly-once sending: the message is claimed in the database under its key before the platform is
// called, and the platform's uuid (derived from the same key) makes a resend after a crash between
// "sent" and "recorded" a no-op there too (§1.1: one message per uuid within an hour).
import { createHash } from "node:crypto";
import type { Db } from "../../platform/db/client.ts";
import { PlatformError, type Messenger, type OutgoingMessage, type Recipient } from "../../platform/lark/messenger.ts";
import { claimOutbound, markFailed, markSent } from "../../store/outbox-repo.ts";

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

export async function deliver(deps: { db: Db; messenger: Messenger; now: () => Date }, request: DeliveryRequest): Promise<Delivery> {
  const record = await claimOutbound(deps.db, {
    workspaceId: request.workspaceId,
    key: request.key,
    purpose: request.purpose,
    to: request.to,
    msgType: request.message.msgType,
    periodKey: request.periodKey ?? null,
    unitId: request.unitId ?? null,
    version: request.version ?? 1,
  });
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
