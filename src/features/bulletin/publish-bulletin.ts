// 发布 (the command or the preview's button): mark the draft published and lock its period in one short
// transaction, then queue the posting to the leadership chats. A second click or a redelivered event
// finds the version published and posts nothing; a preview whose figures changed since it was drafted
// is refused, so leaders never receive numbers the admin has not seen.
import { z } from "zod";
import { AppError } from "../../bot/errors.ts";
import type { CardContext, CardResponse } from "../../bot/context.ts";
import { diffBulletins } from "../../domain/bulletin/changes.ts";
import { claimPublication, findBulletin, latestBulletin, type BulletinRecord } from "../../store/bulletin-repo.ts";
import { listChats } from "../../store/chat-repo.ts";
import type { CardActionSpec } from "../../bot/card-guard.ts";
import { findPeriodById, setPeriodState } from "../../store/period-repo.ts";
import { findActor } from "../../store/people-repo.ts";
import type { StoredWorkspace } from "../../store/workspace-repo.ts";
import { formatLocal } from "../../platform/time.ts";
import { buildBulletin } from "./build-bulletin.ts";
import { previewCard } from "./bulletin-cards.ts";
import { cardInputOf, JOB_PUBLISH, PURPOSE_PREVIEW, type SendDeps } from "./send-bulletin.ts";

export type PublishOutcome =
  | { readonly kind: "published"; readonly record: BulletinRecord; readonly chats: number }
  | { readonly kind: "already"; readonly record: BulletinRecord };

export function versionLabel(record: BulletinRecord): string {
  return `第${record.version}版${record.changes ? "（更正）" : ""}`;
}

export async function publishBulletin(deps: SendDeps, workspace: StoredWorkspace, record: BulletinRecord, publisher: string): Promise<PublishOutcome> {
  const period = await findPeriodById(deps.db, record.periodId);
  if (!period) throw new AppError("NO_BULLETIN");
  const latest = await latestBulletin(deps.db, record.periodId);
  if (record.state === "published") {
    // Enqueuing again is a no-op for a job that exists; it heals a crash between the claim and the enqueue.
    await enqueuePosting(deps, workspace, record);
    return { kind: "already", record };
  }
  if (latest && latest.id !== record.id) {
    throw new AppError("CARD_STALE", `这是${period.period.month}月通报的第${record.version}版预览，之后已生成第${latest.version}版，请在最新的预览上发布。`);
  }
  const chats = await listChats(deps.db, workspace.id, "leaders");
  if (chats.length === 0) throw new AppError("NO_LEADER_CHAT");
  const now = deps.now();
  // The period is taken before the figures are read: from the lock on, the database refuses every
  // submission (migration submission_period_not_locked), so what is compiled next is all there is,
  // and a contact who submits a moment later is told so on the card instead of being left out unseen.
  const wasLocked = period.state === "locked";
  if (!wasLocked) await setPeriodState(deps.db, period.id, "locked", now);
  let moved: readonly { unit: string }[];
  try {
    // The figures may have moved since the preview (a unit revised before the lock).
    const current = await buildBulletin(deps.db, workspace, { period: period.period, issuedOn: record.model.header.issuedOn, docSequence: null });
    moved = diffBulletins(record.model, current);
  } catch (error) {
    if (!wasLocked) await setPeriodState(deps.db, period.id, "open", now);
    throw error;
  }
  if (moved.length > 0) {
    if (!wasLocked) await setPeriodState(deps.db, period.id, "open", now);
    throw new AppError("BULLETIN_OUTDATED", [...new Set(moved.map((change) => change.unit))].join("、"));
  }
  const claimed = await claimPublication(deps.db, { bulletinId: record.id, periodId: period.id, publishedBy: publisher, now, posting: postingJob(deps, workspace, record) });
  if (!claimed) return { kind: "already", record: (await findBulletin(deps.db, record.id)) ?? record };
  return { kind: "published", record: (await findBulletin(deps.db, record.id)) ?? record, chats: chats.length };
}

function postingJob(deps: SendDeps, workspace: StoredWorkspace, record: BulletinRecord) {
  return { workspaceId: workspace.id, kind: JOB_PUBLISH, key: `publish:${record.id}`, payload: { bulletinId: record.id }, runAt: deps.now() };
}

async function enqueuePosting(deps: SendDeps, workspace: StoredWorkspace, record: BulletinRecord): Promise<void> {
  await deps.jobs.enqueue(postingJob(deps, workspace, record));
}

/** The line that replaces the 发布 button once a version is out. */
export function publishedText(record: BulletinRecord, timezone: string, publisherName: string | null): string {
  const when = record.publishedAt ? formatLocal(record.publishedAt, timezone) : "";
  return `${versionLabel(record)}已于${when}${publisherName ? `由${publisherName}` : ""}发布到领导群，${record.model.period.year}年${record.model.period.month}月填报期已锁定。`;
}

/** Every button of an admin's preview names its version; the card must be the preview sent for it. */
export const previewValue = z.object({ bulletin: z.string().min(1) });

export const PREVIEW_CARD = { audience: "admin", purpose: PURPOSE_PREVIEW, sentKey: (value: { bulletin: string }) => `preview:${value.bulletin}:` } as const;

/** The version a preview's button names (the guard has checked the card was sent for it). */
export async function previewRecord(ctx: CardContext, bulletinId: string): Promise<BulletinRecord> {
  const record = await findBulletin(ctx.deps.db, bulletinId);
  if (!record) throw new AppError("CARD_FORGED");
  return record;
}

/** The preview card as it stands: with its 发布 button while a draft, with the line saying so once out. */
export async function previewCardOf(ctx: CardContext, record: BulletinRecord): Promise<Record<string, unknown>> {
  // The publisher as recorded, so a click repeated after the first one's answer was lost (the bot died
  // before answering) turns the card into the same line as the first would have.
  const { publishedBy } = record;
  const publisher = publishedBy === null ? null : publishedBy === ctx.actor.openId ? ctx.actor.name : (await findActor(ctx.deps.db, ctx.workspace.id, publishedBy)).name;
  const text = record.state === "published" ? publishedText(record, ctx.workspace.model.timezone, publisher) : null;
  return previewCard(cardInputOf(ctx.workspace, record), { bulletinId: record.id, publishedText: text });
}

/** bulletin.publish: the 发布 button on an admin's preview card. */
export const publishButton: CardActionSpec<z.infer<typeof previewValue>> = { ...PREVIEW_CARD, value: previewValue, handler: publishFromCard };

async function publishFromCard(ctx: CardContext, value: z.infer<typeof previewValue>): Promise<CardResponse> {
  const record = await previewRecord(ctx, value.bulletin);
  const outcome = await publishBulletin(ctx.deps, ctx.workspace, record, ctx.actor.openId);
  const card = await previewCardOf(ctx, outcome.record);
  return {
    toast: outcome.kind === "published" ? { type: "success", content: `已发布，正在发送到${outcome.chats}个领导群` } : { type: "info", content: `${versionLabel(outcome.record)}此前已发布，未重复发送` },
    card: { type: "raw", data: card },
  };
}
