// The bulletin's cards: what the leadership chats receive (the summary card, titled 更正 and listing
// what changed when it corrects a published version), and the admin's preview of it with a 发布 button.
import { periodName } from "../../domain/period.ts";
import type { Bulletin } from "../../domain/bulletin/types.ts";
import { describeChanges, type BulletinChanges } from "../../domain/bulletin/changes.ts";
import { missingList } from "../../domain/bulletin/completeness.ts";
import { renderSummaryCard } from "../../render/card/summary-card.ts";
import { CARD_BYTE_BUDGET, cardSizeBytes, validateCard, type SummaryCard } from "../../render/card/card-schema.ts";
import { cardTemplate } from "../../render/card/templates.ts";
import { ACTIONS } from "../../bot/actions.ts";
import { EMPTY_NARRATIVE, isEmptyNarrative } from "../../domain/bulletin/narrative.ts";
import { editButtons } from "./narrative-form.ts";
import { contradictionsText } from "../../domain/bulletin/scope-totals.ts";
import { markdownText } from "../../render/card/markdown-text.ts";

const correctionTemplate = cardTemplate<{ intro: string; lines: string }>("bulletin-preview/correction.json");
const previewNoteTemplate = cardTemplate<{ version: string; hint: string }>("bulletin-preview/preview-note.json");
const publishTemplate = cardTemplate<{ label: string; confirm: string; value: Record<string, string> }>("bulletin-preview/publish.json");
const publishedTemplate = cardTemplate<{ text: string }>("bulletin-preview/published.json");

/** Changes listed on the card; the rest are counted (the .docx and .xlsx carry every figure). */
const CHANGE_LINES = 15;
export const CORRECTION_MARK = "【更正】";

export interface BulletinCardInput {
  readonly bulletin: Bulletin;
  readonly version: number;
  readonly changes: BulletinChanges | null;
  /** the workspace's schedule curve, so the card colours rates as the findings judge */
  readonly curve?: readonly number[];
}

/** The card the leadership chats receive. */
export function bulletinCard(input: BulletinCardInput, extraBytes = 0): SummaryCard {
  const correction = input.changes ? correctionElement(input.changes, input.version) : null;
  const reserved = extraBytes + (correction ? cardSizeBytes(correction) + 200 : 0);
  const card = renderSummaryCard(input.bulletin, { curve: input.curve, byteBudget: CARD_BYTE_BUDGET - reserved });
  if (!correction) return card;
  const tag = { tag: "text_tag" as const, text: { tag: "plain_text" as const, content: "更正" }, color: "red" as const };
  return validateCard({
    ...card,
    config: { ...card.config, summary: { content: `${CORRECTION_MARK}${card.config.summary?.content ?? card.header.title.content}` } },
    header: { ...card.header, title: { tag: "plain_text", content: `${CORRECTION_MARK}${card.header.title.content}` }, text_tag_list: [tag, ...(card.header.text_tag_list ?? [])].slice(0, 3) },
    body: { elements: [correction as SummaryCard["body"]["elements"][number], ...card.body.elements] },
  });
}

function correctionElement(changes: BulletinChanges, version: number): unknown {
  const lines = describeChanges(changes, CHANGE_LINES);
  return correctionTemplate({
    intro: `本通报为第${version}版，更正第${changes.againstVersion}版中的以下内容：`,
    lines: lines.length > 0 ? lines.map((line) => `· ${line}`).join("\n") : "· 无数据变化。",
  });
}

export interface PreviewState {
  /** null while it is a draft; the line that replaces the button once published */
  readonly publishedText: string | null;
  readonly bulletinId: string;
  /** while the 发布 just pressed is being carried out: the line that stands in for the button */
  readonly publishingText?: string;
  /** why the last 发布 was not carried out, shown above the button */
  readonly refusal?: string;
}

/** The admin's preview: the same card with a note on top and the 发布 button (or, once published, a line saying so). */
export function previewCard(input: BulletinCardInput, state: PreviewState): Record<string, unknown> {
  const note = previewNoteTemplate({
    version: `第${input.version}版${input.changes ? "，更正" : ""}${state.publishedText !== null ? "" : state.publishingText ? "，正在发布" : "，尚未发布"}`,
    hint: `${contradictedNote(input.bulletin)}${state.refusal ? `未发布：${state.refusal}` : ""}${state.publishedText !== null ? "以下是已发送到领导群的卡片。" : state.publishingText ? "以下是正在发送到领导群的卡片。" : "以下是领导群将收到的卡片；Word 正文和 Excel 附件随后发送。核对无误后点击“发布”。"}${narrativeHint(input.bulletin)}`,
  });
  const edits = editButtons(input.bulletin.narrative ?? EMPTY_NARRATIVE, input.bulletin.groups.map((group) => group.name), state.bulletinId);
  const line = state.publishedText ?? state.publishingText ?? null;
  const tail = [...(line === null
    ? publishTemplate({
        label: input.changes ? "发布更正" : "发布",
        confirm: `${input.bulletin.missing.length > 0 ? `${missingList(input.bulletin.missing, input.bulletin.scope)}尚未报送，合计数仅含已报送的单位。仍` : ""}将把《${input.bulletin.header.title}》${input.changes ? "更正版" : ""}发送到领导群，并锁定${periodName(input.bulletin.period)}填报期。`,
        value: publishButtonValue(state.bulletinId),
      })
    : publishedTemplate({ text: line })) as unknown[], ...(state.publishingText ? [] : edits)];
  const card = bulletinCard(input, cardSizeBytes(note) + cardSizeBytes(tail));
  return { ...card, body: { elements: [note, ...card.body.elements, ...tail] } };
}

/** A total its units contradict stops publishing: the preview says so first, in red. */
function contradictedNote(bulletin: Bulletin): string {
  if ((bulletin.contradictedTotals ?? []).length === 0) return "";
  return `<font color='red'>合计数与各单位数据不一致：${markdownText(contradictionsText(bulletin))}。核对一致前不能发布。</font>\n`;
}

/** 下一步工作 and the other text the office writes stand from month to month: the preview says so. */
function narrativeHint(bulletin: Bulletin): string {
  const narrative = bulletin.narrative ?? EMPTY_NARRATIVE;
  return isEmptyNarrative(narrative)
    ? `如需在通报中写入“${narrative.nextSteps.title}”等文字，请点击卡片下方的“编辑”按钮。`
    : `“${narrative.nextSteps.title}”等办公室撰写的文字沿用上次保存的内容，请核对是否需要更新；修改请点击卡片下方的“编辑”按钮。`;
}

export function publishButtonValue(bulletinId: string): Record<string, string> {
  return { action: ACTIONS.publishBulletin, bulletin: bulletinId };
}
