// 发布 (the command or the preview's button): mark the draft published and lock its period in one short
// transaction, then queue the posting to the leadership chats. A second click or a redelivered event
// finds the version published and posts nothing; a preview whose figures changed since it was drafted
// is refused, so leaders never receive numbers the admin has not seen.
import { periodName } from "../../domain/period.ts";
import { z } from "zod";
import { AppError } from "../../bot/errors.ts";
import { currentWorkspace, type CardContext, type CardResponse } from "../../bot/context.ts";
import type { JobContext } from "../../jobs/runner.ts";
import { deliver } from "../../bot/deliver.ts";
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
import { contradictionsText } from "../../domain/bulletin/scope-totals.ts";
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
  if (record.state === "published") {
    // Enqueuing again is a no-op for a job that exists; it heals a crash between the claim and the enqueue.
    await enqueuePosting(deps, workspace, record);
    return { kind: "already", record };
  }
  const chats = await checkPublishable(deps, workspace, record);
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

/** A draft may be published if it is the period's latest version and a leadership chat is bound; returns the chats. */
async function checkPublishable(deps: SendDeps, workspace: StoredWorkspace, record: BulletinRecord) {
  const latest = await latestBulletin(deps.db, record.periodId);
  if (latest && latest.id !== record.id) {
    throw new AppError("CARD_STALE", `这是${record.model.period.month}月通报的第${record.version}版预览，之后已生成第${latest.version}版，请在最新的预览上发布。`);
  }
  const contradicted = record.model.contradictedTotals ?? [];
  if (contradicted.length > 0) throw new AppError("TOTALS_CONTRADICTED", contradictionsText(record.model));
  const chats = await listChats(deps.db, workspace.id, "leaders");
  if (chats.length === 0) throw new AppError("NO_LEADER_CHAT");
  return chats;
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
  return `${versionLabel(record)}已于${when}${publisherName ? `由${publisherName}` : ""}发布到领导群，${periodName(record.model.period)}填报期已锁定。`;
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
  return previewCardFor(ctx.deps.db, ctx.workspace, record);
}

async function previewCardFor(db: SendDeps["db"], workspace: StoredWorkspace, record: BulletinRecord, refusal?: string): Promise<Record<string, unknown>> {
  // The publisher as recorded, so a click repeated after the first one's answer was lost (the bot died
  // before answering) turns the card into the same line as the first would have.
  const { publishedBy } = record;
  const publisher = publishedBy === null ? null : (await findActor(db, workspace.id, publishedBy)).name;
  const text = record.state === "published" ? publishedText(record, workspace.model.timezone, publisher) : null;
  return previewCard(cardInputOf(workspace, record), { bulletinId: record.id, publishedText: text, ...(refusal ? { refusal } : {}) });
}

/**
 * bulletin.publish: the 发布 button on an admin's preview card. Publishing takes the period, compiles
 * the bulletin again and compares it with the preview, which for a province can take longer than the
 * callback's 3 seconds (§3.2): the click is answered at once with a card that says it is being
 * published, and a job publishes and then updates the card (or puts the button back, saying why not).
 */
export const publishButton: CardActionSpec<z.infer<typeof previewValue>> = { ...PREVIEW_CARD, value: previewValue, handler: publishFromCard };

export const JOB_PUBLISH_REQUEST = "bulletin.publish-request";
/** Who asked, and where the answer goes: the preview card they pressed (messageId), or a private message (the command). */
const publishRequest = z.object({ bulletinId: z.string(), openId: z.string(), messageId: z.string().nullable() });

/** Queues the publishing of a draft; `request` names the click or message, so asking twice queues once. */
export async function requestPublication(deps: SendDeps, workspace: StoredWorkspace, record: BulletinRecord, request: { requestId: string; openId: string; messageId: string | null }): Promise<void> {
  const payload = { bulletinId: record.id, openId: request.openId, messageId: request.messageId };
  await deps.jobs.enqueue({ workspaceId: workspace.id, kind: JOB_PUBLISH_REQUEST, key: `publish-request:${record.id}:${request.requestId}`, payload, runAt: deps.now() });
}

async function publishFromCard(ctx: CardContext, value: z.infer<typeof previewValue>): Promise<CardResponse> {
  const record = await previewRecord(ctx, value.bulletin);
  if (record.state === "published") {
    await enqueuePosting(ctx.deps, ctx.workspace, record);
    return { toast: { type: "info", content: `${versionLabel(record)}此前已发布，未重复发送` }, card: { type: "raw", data: await previewCardOf(ctx, record) } };
  }
  // What can be refused at once is refused at once; the rest is the job's.
  await checkPublishable(ctx.deps, ctx.workspace, record);
  // One job per click (the event id): a second click after a refusal asks again.
  await requestPublication(ctx.deps, ctx.workspace, record, { requestId: ctx.event.eventId, openId: ctx.actor.openId, messageId: ctx.event.messageId });
  const publishingText = `正在发布${versionLabel(record)}到领导群，完成后本卡片会更新。`;
  return {
    toast: { type: "info", content: "正在发布，完成后卡片会更新" },
    card: { type: "raw", data: previewCard(cardInputOf(ctx.workspace, record), { bulletinId: record.id, publishedText: null, publishingText }) },
  };
}

/**
 * bulletin.publish-request: publish the version the admin asked for, then update the preview they
 * pressed, or (for the command) tell them in a private message.
 */
export function publishRequestJob(deps: SendDeps) {
  return async ({ job, log }: JobContext) => {
    const { bulletinId, openId, messageId } = publishRequest.parse(job.payload);
    const workspace = await currentWorkspace(deps);
    const record = await findBulletin(deps.db, bulletinId);
    if (!record) return;
    let outcome: PublishOutcome | null = null;
    let refusal: string | undefined;
    try {
      outcome = await publishBulletin(deps, workspace, record, openId);
    } catch (error) {
      // A refusal (the figures moved, a newer version, no leadership chat) is an answer, not a failure.
      if (!(error instanceof AppError)) throw error;
      log.info({ code: error.code }, "publish refused");
      refusal = error.message;
    }
    if (messageId) {
      const now = outcome?.record ?? (await findBulletin(deps.db, bulletinId)) ?? record;
      await deps.messenger.updateCard(messageId, await previewCardFor(deps.db, workspace, now, refusal));
      return;
    }
    const label = periodName(record.model.period);
    const text = !outcome
      ? `${label}通报${versionLabel(record)}未发布：${refusal}`
      : outcome.kind === "already"
        ? `${label}通报${versionLabel(outcome.record)}此前已发布，未重复发送。`
        : `已发布${label}通报${versionLabel(outcome.record)}，正在发送到${outcome.chats}个领导群；${label}填报期已锁定。`;
    await deliver(deps, { workspaceId: workspace.id, key: `publish-result:${job.key}`, purpose: "reply", to: { type: "open_id", id: openId }, message: { msgType: "text", text } });
  };
}

