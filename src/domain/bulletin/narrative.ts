// The office's own words in the bulletin: what no figure produces. The seeds close with a 下一步工作
// section (一要……二要……), end a group's paragraph with a sentence of their own ("六县区均实现了线上发放
// 补贴。") and carry whole sections such as 审计问题整改 or 信访. The office writes these once, in the
// workspace file or from the preview card, and they stand from month to month until edited.
import { z } from "zod";
import { chineseNumeral } from "../chinese-numerals.ts";

/** How a list's items are numbered: 一要、二要 (Zhangye), 一是、二是 (Jilin), 1、2、 (Lvliang). */
export const ITEM_NUMBERINGS = ["一要", "一是", "1、"] as const;
export type ItemNumbering = (typeof ITEM_NUMBERINGS)[number];

/**
 * An item is edited in one input of a card form, and Card JSON 2.0 inputs hold at most 1,000
 * characters (src/platform/lark/README.md §2.4); a part's items together must fit one form card.
 */
export const ITEM_MAX_CHARS = 1000;
export const PART_MAX_CHARS = 6000;
export const PART_MAX_ITEMS = 10;
export const GROUP_NOTE_MAX_CHARS = 300;

export interface NarrativeList {
  readonly title: string;
  readonly numbering: ItemNumbering;
  readonly items: readonly string[];
}

export interface Narrative {
  /** the closing section: 下一步工作重点 with its items */
  readonly nextSteps: NarrativeList;
  /** a sentence closing a group's paragraph, by group name (城镇老旧小区改造) */
  readonly groupNotes: Readonly<Record<string, string>>;
  /** whole sections of the office's own, printed after the groups' sections under 一、 */
  readonly sections: readonly { readonly title: string; readonly items: readonly string[] }[];
}

export const EMPTY_NARRATIVE: Narrative = { nextSteps: { title: "下一步工作重点", numbering: "一要", items: [] }, groupNotes: {}, sections: [] };

/** An item's text: one paragraph per line, blank lines and edge spaces dropped (a YAML block keeps them). */
export function normalizeParagraphs(text: string): string {
  return text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean).join("\n");
}

const item = z
  .string()
  .transform(normalizeParagraphs)
  .pipe(z.string().min(1, "不能为空").max(ITEM_MAX_CHARS, `超过 ${ITEM_MAX_CHARS} 个字（飞书卡片输入框最多 ${ITEM_MAX_CHARS} 个字），请分成几项`));
const items = z
  .array(item)
  .max(PART_MAX_ITEMS, `最多 ${PART_MAX_ITEMS} 项`)
  .refine((list) => list.join("").length <= PART_MAX_CHARS, `合计不能超过 ${PART_MAX_CHARS} 个字（一张卡片放得下的编辑框）`);

/** The `narrative:` key of the workspace file; also how a Narrative is stored (src/store/narrative-repo.ts). */
export const narrativeSchema = z.strictObject({
  nextSteps: z
    .strictObject({
      title: z.string().trim().min(1).max(30).default("下一步工作重点"),
      numbering: z.enum(ITEM_NUMBERINGS, { error: `numbering 只能是 ${ITEM_NUMBERINGS.join("、")} 之一` }).default("一要"),
      items: items.default([]),
    })
    .default({ title: "下一步工作重点", numbering: "一要", items: [] }),
  groupNotes: z.record(z.string(), z.string().trim().min(1).regex(/^[^\n]*$/, "结尾句接在该部分正文之后，不能换行").max(GROUP_NOTE_MAX_CHARS, `每个指标组的结尾句不能超过 ${GROUP_NOTE_MAX_CHARS} 个字`)).default({}),
  sections: z.array(z.strictObject({ title: z.string().trim().min(1).max(60), items })).max(5, "最多 5 个自拟部分").default([]),
});

/** 一要 / 二是 / 3、: the prefix of the n-th item (from 1). */
export function itemPrefix(numbering: ItemNumbering, n: number): string {
  if (numbering === "1、") return `${n}、`;
  return `${chineseNumeral(n)}${numbering.slice(1)}`;
}

/**
 * The items as printed: each numbered, except an item the office already numbered itself (a pasted
 * "一要……"), which stays as written so no item reads "一要一要". An item may run over several
 * paragraphs, one per line; only its first is numbered.
 */
export function numberedItems(list: NarrativeList): string[] {
  return list.items.map((text, index) => (startsNumbered(text) ? text : `${itemPrefix(list.numbering, index + 1)}${text}`));
}

function startsNumbered(text: string): boolean {
  return /^(?:[一二三四五六七八九十]+[要是]|\d+[、.．]|[（(][一二三四五六七八九十\d]+[)）])/.test(text);
}

/** The first sentence of an item (its topic clause), for the card, which carries the narrative in short. */
export function topicClause(text: string, maxChars = 40): string {
  const end = text.search(/[。；！？]/);
  const clause = end === -1 ? text : text.slice(0, end);
  return [...clause].length > maxChars ? `${[...clause].slice(0, maxChars - 1).join("")}…` : clause;
}

export function isEmptyNarrative(narrative: Narrative): boolean {
  return narrative.nextSteps.items.length === 0 && Object.keys(narrative.groupNotes).length === 0 && narrative.sections.length === 0;
}

/** The names of the parts that differ between two narratives, for a 更正's list of changes. */
export function changedParts(before: Narrative, after: Narrative): string[] {
  const parts: string[] = [];
  const list = (l: NarrativeList) => [l.title, l.numbering, ...l.items].join("\u0000");
  if (list(before.nextSteps) !== list(after.nextSteps)) parts.push(`“${after.nextSteps.title}”`);
  const groups = new Set([...Object.keys(before.groupNotes), ...Object.keys(after.groupNotes)]);
  for (const group of groups) if (before.groupNotes[group] !== after.groupNotes[group]) parts.push(`“${group}”部分的结尾`);
  const titles = new Set([...before.sections.map((s) => s.title), ...after.sections.map((s) => s.title)]);
  for (const title of titles) {
    const a = before.sections.find((s) => s.title === title);
    const b = after.sections.find((s) => s.title === title);
    if ((a?.items ?? []).join("\u0000") !== (b?.items ?? []).join("\u0000")) parts.push(`“${title}”`);
  }
  return parts;
}
