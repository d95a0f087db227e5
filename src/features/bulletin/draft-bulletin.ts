// 通报: compile the period's bulletin from the stored figures and findings, store it as the next
// version (a draft), and queue the admin's preview. After a version was published, the new one is a
// correction (更正) carrying what changed; a draft that would change nothing is not stored.
import { periodName } from "../../domain/period.ts";
import { z } from "zod";
import { canonicalJson } from "../../store/json.ts";
import { currentWorkspace } from "../../bot/context.ts";
import { deliver } from "../../bot/deliver.ts";
import type { JobContext } from "../../jobs/runner.ts";
import { findPeriodById } from "../../store/period-repo.ts";
import { diffBulletins, type BulletinChanges } from "../../domain/bulletin/changes.ts";
import { changedParts, EMPTY_NARRATIVE } from "../../domain/bulletin/narrative.ts";
import type { PeriodRecord } from "../../store/period-repo.ts";
import { addBulletinVersion, docNumbersOfYear, latestPublishedBulletin, type BulletinRecord } from "../../store/bulletin-repo.ts";
import type { StoredWorkspace } from "../../store/workspace-repo.ts";
import { isoDateIn } from "../../platform/time.ts";
import { computeFindings } from "../findings/compute-findings.ts";
import { buildBulletin } from "./build-bulletin.ts";
import { JOB_SEND_PREVIEW, previewKey, type SendDeps } from "./send-bulletin.ts";

export type DraftOutcome =
  | { readonly kind: "drafted"; readonly record: BulletinRecord }
  /** nothing differs from the version already published: no correction to send */
  | { readonly kind: "unchanged"; readonly published: BulletinRecord };

/**
 * `requestKey` names the request (the 通报 command's event): drafting again for the same request — a
 * redelivered event whose first handling died — returns the version it drafted, and its preview is not
 * queued twice.
 */
export async function draftBulletin(deps: SendDeps, workspace: StoredWorkspace, period: PeriodRecord, requestedBy: string, requestKey: string | null): Promise<DraftOutcome> {
  const now = deps.now();
  const issuedOn = isoDateIn(now, workspace.model.timezone);
  const published = await latestPublishedBulletin(deps.db, period.id);
  const docSequence = published ? sequenceOf(published.docNumber) : await nextSequence(deps, workspace, Number(issuedOn.slice(0, 4)));
  const { findings, problems, loaded } = await computeFindings(deps.db, workspace, period.period, now);
  const model = await buildBulletin(deps.db, workspace, { period: period.period, issuedOn, docSequence, findings, problems, loaded });
  let changes: BulletinChanges | null = null;
  if (published) {
    const narrative = changedParts(published.model.narrative ?? EMPTY_NARRATIVE, model.narrative ?? EMPTY_NARRATIVE);
    changes = {
      againstVersion: published.version,
      figures: diffBulletins(published.model, model),
      problemsChanged: canonicalJson(published.model.problems) !== canonicalJson(model.problems),
      narrative,
    };
    if (changes.figures.length === 0 && !changes.problemsChanged && narrative.length === 0) return { kind: "unchanged", published };
  }
  const record = await addBulletinVersion(deps.db, { periodId: period.id, model, changes, now, requestKey });
  await deps.jobs.enqueue({ workspaceId: workspace.id, kind: JOB_SEND_PREVIEW, key: previewKey(record.id, requestedBy), payload: { bulletinId: record.id, openId: requestedBy }, runAt: now });
  return { kind: "drafted", record };
}

export const JOB_DRAFT = "bulletin.draft";
const draftPayload = z.object({ periodId: z.string(), openId: z.string(), requestKey: z.string(), tellUnchanged: z.boolean() });

/**
 * Drafting compiles the whole bulletin (for a province, longer than an event may take to answer), so
 * 通报 and a saved edit of the office's text queue it: the job drafts, and the preview follows as its
 * own job. `requestKey` names the request, so asking twice drafts once.
 */
export async function requestDraft(deps: SendDeps, workspace: StoredWorkspace, period: PeriodRecord, request: { openId: string; requestKey: string; tellUnchanged: boolean }): Promise<void> {
  await deps.jobs.enqueue({ workspaceId: workspace.id, kind: JOB_DRAFT, key: `draft:${period.id}:${request.requestKey}`, payload: { periodId: period.id, ...request }, runAt: deps.now() });
}

/** bulletin.draft: draft the period's bulletin; the preview is queued, or (asked by 通报) the admin told nothing changed. */
export function draftJob(deps: SendDeps) {
  return async ({ job, log }: JobContext) => {
    const { periodId, openId, requestKey, tellUnchanged } = draftPayload.parse(job.payload);
    const workspace = await currentWorkspace(deps);
    const period = await findPeriodById(deps.db, periodId);
    if (!period) throw new Error(`period ${periodId} not found`);
    const outcome = await draftBulletin(deps, workspace, period, openId, requestKey);
    if (outcome.kind !== "unchanged") return;
    log.info({ periodId, requestKey }, "nothing differs from the published bulletin: no new draft");
    if (!tellUnchanged) return;
    const label = periodName(period.period);
    const text = `${label}数据与已发布的第${outcome.published.version}版通报一致，无需更正。`;
    await deliver(deps, { workspaceId: workspace.id, key: `draft-result:${job.key}`, purpose: "reply", to: { type: "open_id", id: openId }, message: { msgType: "text", text } });
  };
}

/** A correction keeps the number of the document it corrects (张旧改办〔2024〕1号). */
function sequenceOf(docNumber: string | null): number | null {
  const match = docNumber ? /(\d+)号$/.exec(docNumber) : null;
  return match ? Number(match[1]) : null;
}

/** The next number in the issuing year: one more than the highest published so far. */
async function nextSequence(deps: SendDeps, workspace: StoredWorkspace, year: number): Promise<number | null> {
  const prefix = workspace.model.docPrefix;
  if (!prefix) return null;
  const used = (await docNumbersOfYear(deps.db, workspace.id, prefix, year)).map(sequenceOf).filter((n): n is number => n !== null);
  return Math.max(0, ...used) + 1;
}
