// The office's text edited from the preview card, one part at a time: 下一步工作 (its items), the
// closing sentences of the groups, or one of the office's own sections. Each part is one form card
// whose inputs are prefilled with the text as it stands (last month's, until edited), plus blank inputs
// for new items; what is saved is read back from the inputs in the same order.
import { z } from "zod";
import { GROUP_NOTE_MAX_CHARS, ITEM_MAX_CHARS, PART_MAX_ITEMS, narrativeSchema, normalizeParagraphs, type Narrative } from "../../domain/bulletin/narrative.ts";
import { cardTemplate } from "../../render/card/templates.ts";
import { markdownText } from "../../render/card/markdown-text.ts";
import { ACTIONS } from "../../bot/actions.ts";

export const partIdSchema = z.union([z.literal("next"), z.literal("notes"), z.string().regex(/^section:\d$/)]);
export type PartId = z.infer<typeof partIdSchema>;

interface Field {
  readonly name: string;
  readonly label: string;
  readonly value: string;
  readonly maxLength: number;
  readonly placeholder: string;
}

interface Part {
  readonly id: PartId;
  /** 下一步工作重点, 各部分结尾句, 审计问题整改情况 */
  readonly title: string;
  readonly fields: readonly Field[];
}

/** Blank inputs offered after the items, for new ones. */
const BLANK_ITEMS = 2;

/** The parts an admin may edit: 下一步工作, the groups' closing sentences, each of the office's sections. */
export function editableParts(narrative: Narrative, groups: readonly string[]): Part[] {
  const itemFields = (items: readonly string[], blanks: number): Field[] =>
    [...items, ...Array<string>(Math.max(0, Math.min(blanks, PART_MAX_ITEMS - items.length))).fill("")].map((value, index) => ({
      name: `item_${index}`,
      label: `第${index + 1}项`,
      value,
      maxLength: ITEM_MAX_CHARS,
      placeholder: index < items.length ? "清空本框即删除这一项" : "新增一项（选填）",
    }));
  return [
    { id: "next", title: narrative.nextSteps.title, fields: itemFields(narrative.nextSteps.items, BLANK_ITEMS) },
    {
      id: "notes",
      title: "各部分结尾句",
      fields: groups.map((group, index) => ({ name: `note_${index}`, label: group, value: narrative.groupNotes[group] ?? "", maxLength: GROUP_NOTE_MAX_CHARS, placeholder: "接在该部分数据之后的一句话（选填），例如：六县区均实现了线上发放补贴。" })),
    },
    ...narrative.sections.map((section, index) => ({ id: `section:${index}` as PartId, title: section.title, fields: itemFields(section.items, 1) })),
  ];
}

export function findPart(narrative: Narrative, groups: readonly string[], id: PartId): Part | undefined {
  return editableParts(narrative, groups).find((part) => part.id === id);
}

/** An input's text: each line a paragraph of the bulletin, blank lines and edge spaces dropped. */
function paragraphs(value: unknown): string {
  return typeof value === "string" ? normalizeParagraphs(value) : "";
}

/** A closing sentence continues its group's paragraph: line breaks typed in it are dropped. */
function sentence(value: unknown): string {
  return paragraphs(value).replace(/\n/g, "");
}

export type ApplyOutcome = { readonly ok: true; readonly narrative: Narrative } | { readonly ok: false; readonly message: string };

/** The narrative with the part replaced by what the form holds; empty inputs drop their item. */
export function applyPart(narrative: Narrative, groups: readonly string[], part: Part, formValue: Readonly<Record<string, unknown>>): ApplyOutcome {
  const values = part.fields.map((field) => (part.id === "notes" ? sentence : paragraphs)(formValue[field.name]));
  let next: Narrative;
  if (part.id === "next") next = { ...narrative, nextSteps: { ...narrative.nextSteps, items: values.filter(Boolean) } };
  else if (part.id === "notes") {
    const notes: Record<string, string> = {};
    groups.forEach((group, index) => {
      if (values[index]) notes[group] = values[index]!;
    });
    next = { ...narrative, groupNotes: notes };
  } else {
    const index = Number(part.id.slice("section:".length));
    next = { ...narrative, sections: narrative.sections.map((section, i) => (i === index ? { ...section, items: values.filter(Boolean) } : section)) };
  }
  const checked = narrativeSchema.safeParse(next);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    const field = part.id === "notes" && typeof issue.path[1] === "string" ? `“${issue.path[1]}”` : typeof issue.path.at(-1) === "number" ? `第${Number(issue.path.at(-1)) + 1}项` : "";
    return { ok: false, message: `“${part.title}”${field}${issue.message}` };
  }
  return { ok: true, narrative: checked.data };
}

const formTemplate = cardTemplate<{ title: string; subtitle: string; intro: string; fields: unknown[]; saveValue: Record<string, string>; cancelValue: Record<string, string> }>("bulletin-preview/edit-form.json");
const fieldTemplate = cardTemplate<{ name: string; label: string; value: string; maxLength: number; rows: number; placeholder: string }>("bulletin-preview/edit-field.json");
const editButtonTemplate = cardTemplate<{ label: string; value: Record<string, string> }>("bulletin-preview/edit-button.json");
const savedTemplate = cardTemplate<{ title: string; text: string }>("bulletin-preview/edit-saved.json");

export interface FormState {
  readonly bulletinId: string;
  readonly periodLabel: string;
  /** the stored revision the inputs were filled from */
  readonly revision: number;
  /** what went wrong with the last save, shown above the inputs */
  readonly problem?: string;
  /** what the admin typed, when the card comes back after a refused save */
  readonly typed?: Readonly<Record<string, unknown>>;
}

export function narrativeFormCard(part: Part, state: FormState): Record<string, unknown> {
  const intro = [
    state.problem ? `<font color='red'>${markdownText(state.problem)}</font>` : null,
    part.id === "notes"
      ? "每个指标组一句，接在通报该部分的数据之后、“（详见附件）”之前；不需要的留空。"
      : "每个输入框为一项，按顺序编号印在通报中，框内换行即另起一段；清空一个输入框即删除这一项。这些文字会沿用到以后各月，直到再次修改。",
  ].filter(Boolean).join("\n");
  return formTemplate({
    title: `编辑“${part.title}”`,
    subtitle: `${state.periodLabel}通报`,
    intro,
    fields: part.fields.map((field) => {
      const value = state.typed ? paragraphs(state.typed[field.name]) : field.value;
      return fieldTemplate({ name: field.name, label: field.label, value, maxLength: field.maxLength, rows: Math.min(8, Math.max(2, Math.ceil([...value].length / 40))), placeholder: field.placeholder });
    }),
    saveValue: { action: ACTIONS.saveNarrative, bulletin: state.bulletinId, part: part.id, revision: String(state.revision) },
    cancelValue: { action: ACTIONS.cancelNarrative, bulletin: state.bulletinId },
  }) as Record<string, unknown>;
}

export function narrativeSavedCard(title: string, text: string): Record<string, unknown> {
  return savedTemplate({ title, text: markdownText(text) }) as Record<string, unknown>;
}

/** The preview card's buttons, one per part. */
export function editButtons(narrative: Narrative, groups: readonly string[], bulletinId: string): unknown[] {
  return editableParts(narrative, groups).map((part) => editButtonTemplate({ label: part.id === "notes" ? "编辑各部分结尾句" : `编辑“${part.title}”`, value: { action: ACTIONS.editNarrative, bulletin: bulletinId, part: part.id } }));
}
