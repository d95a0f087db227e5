// The office's text edited from the preview card. 编辑 turns the preview into a form for one part,
// filled with the text as it stands; 保存 stores it over the revision the form was filled from and
// queues a new draft, whose preview (with the text in the card, the Word file and, after publishing, a
// 更正) comes as its own message; 返回 puts the preview back. Nothing is stored from a refused form,
// and what was typed stays on the card.
import { periodName } from "../../domain/period.ts";
import { z } from "zod";
import { AppError } from "../../bot/errors.ts";
import type { CardContext, CardResponse } from "../../bot/context.ts";
import { findPeriodById } from "../../store/period-repo.ts";
import { loadNarrative, saveNarrative } from "../../store/narrative-repo.ts";
import { findActor } from "../../store/people-repo.ts";
import { formatLocal } from "../../platform/time.ts";
import type { BulletinRecord } from "../../store/bulletin-repo.ts";
import type { StoredWorkspace } from "../../store/workspace-repo.ts";
import { applyPart, findPart, narrativeFormCard, narrativeSavedCard, partIdSchema } from "./narrative-form.ts";
import { PREVIEW_CARD, previewCardOf, previewRecord, previewValue } from "./publish-bulletin.ts";
import type { CardActionSpec } from "../../bot/card-guard.ts";
import { requestDraft } from "./draft-bulletin.ts";

const editValue = previewValue.extend({ part: partIdSchema });
const saveValue = editValue.extend({ revision: z.string().regex(/^\d+$/) });

export const editTextButton: CardActionSpec<z.infer<typeof editValue>> = { ...PREVIEW_CARD, value: editValue, handler: editNarrativeFromCard };
export const saveTextButton: CardActionSpec<z.infer<typeof saveValue>> = { ...PREVIEW_CARD, value: saveValue, handler: saveNarrativeFromCard };
export const cancelTextButton: CardActionSpec<z.infer<typeof previewValue>> = { ...PREVIEW_CARD, value: previewValue, handler: cancelNarrativeFromCard };

function groupsOf(workspace: StoredWorkspace): string[] {
  return [...new Set(workspace.model.indicators.map((indicator) => indicator.group))];
}

function periodLabelOf(record: BulletinRecord): string {
  return periodName(record.model.period);
}

/** bulletin.edit-text: the form for one part, filled with the stored text. */
async function editNarrativeFromCard(ctx: CardContext, value: z.infer<typeof editValue>): Promise<CardResponse> {
  const record = await previewRecord(ctx, value.bulletin);
  const stored = await loadNarrative(ctx.deps.db, ctx.workspace.id);
  const part = findPart(stored.narrative, groupsOf(ctx.workspace), value.part);
  if (!part) throw new AppError("CARD_STALE", "这部分文字已不存在（工作区文件已修改），请发送“通报”生成新的预览后再编辑。");
  return { card: { type: "raw", data: narrativeFormCard(part, { bulletinId: record.id, periodLabel: periodLabelOf(record), revision: stored.revision }) } };
}

/** bulletin.save-text: store the part and queue a new draft of the period's bulletin. */
async function saveNarrativeFromCard(ctx: CardContext, value: z.infer<typeof saveValue>): Promise<CardResponse> {
  const record = await previewRecord(ctx, value.bulletin);
  const revision = Number(value.revision);
  const { db } = ctx.deps;
  const groups = groupsOf(ctx.workspace);
  const stored = await loadNarrative(db, ctx.workspace.id);
  const part = findPart(stored.narrative, groups, value.part);
  if (!part) throw new AppError("CARD_STALE", "这部分文字已不存在（工作区文件已修改），请发送“通报”生成新的预览后再编辑。");
  const formState = { bulletinId: record.id, periodLabel: periodLabelOf(record), typed: ctx.event.formValue };
  const again = (problem: string, atRevision: number): CardResponse => ({
    toast: { type: "error", content: "未保存，请按卡片上的提示修改" },
    card: { type: "raw", data: narrativeFormCard(part, { ...formState, revision: atRevision, problem }) },
  });

  if (stored.revision !== revision) {
    // Someone saved since this form was filled: say who and when, keep what was typed, and let a
    // second click save it over theirs knowingly.
    const who = stored.updatedBy === "file" ? "工作区文件" : stored.updatedBy ? ((await findActor(db, ctx.workspace.id, stored.updatedBy)).name ?? "其他管理员") : "其他管理员";
    const when = stored.updatedAt ? formatLocal(stored.updatedAt, ctx.workspace.model.timezone) : "";
    return again(`这部分文字已由${who}于${when}修改，您的修改尚未保存。下方仍是您填写的内容；再次点击“保存”将以您的内容为准。`, stored.revision);
  }
  const applied = applyPart(stored.narrative, groups, part, ctx.event.formValue);
  if (!applied.ok) return again(applied.message, stored.revision);

  const saved = await saveNarrative(db, ctx.workspace.id, applied.narrative, revision, ctx.actor.openId);
  if (saved.kind === "conflict") return again("这部分文字刚被其他管理员修改，您的修改尚未保存；再次点击“保存”将以您的内容为准。", saved.current.revision);
  if (saved.kind === "unchanged") {
    return { toast: { type: "info", content: "文字没有改动，预览不变" }, card: { type: "raw", data: await previewCardOf(ctx, record) } };
  }
  const period = await findPeriodById(db, record.periodId);
  if (!period) throw new AppError("NO_BULLETIN");
  // One draft per saved revision and period, however often the job is retried.
  await requestDraft(ctx.deps, ctx.workspace, period, { openId: ctx.actor.openId, requestKey: `narrative:${period.id}:${saved.revision}`, tellUnchanged: false });
  return {
    toast: { type: "success", content: "已保存，正在重新生成预览" },
    card: { type: "raw", data: narrativeSavedCard(`已保存“${part.title}”`, `${periodLabelOf(record)}通报将按修改后的文字重新生成，新的预览卡片和 Word、Excel 文件稍后发给您，请在新的预览上核对并发布。此后各月的通报沿用这段文字，直到再次修改。`) },
  };
}

/** bulletin.cancel-text: the preview as it was. */
async function cancelNarrativeFromCard(ctx: CardContext, value: z.infer<typeof previewValue>): Promise<CardResponse> {
  const record = await previewRecord(ctx, value.bulletin);
  return { card: { type: "raw", data: await previewCardOf(ctx, record) } };
}
