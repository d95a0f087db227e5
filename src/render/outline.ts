// The body of the bulletin as every document renderer lays it out (Markdown, Word): the opening
// sentence, 一、进展情况 with one heading and paragraph per group and the office's own sections,
// 二、存在的问题, 三、下一步工作 (the office's items), the 附件 list and the 署名.
// Kept in one place so the Markdown preview and the Word document say exactly the same thing.
import type { Bulletin } from "../domain/bulletin/types.ts";
import { chineseNumeral } from "../domain/chinese-numerals.ts";
import { missingSentence } from "../domain/bulletin/completeness.ts";
import { EMPTY_NARRATIVE, numberedItems } from "../domain/bulletin/narrative.ts";

export type BodyBlock =
  | { readonly kind: "heading"; readonly level: 1 | 2; readonly text: string }
  | { readonly kind: "paragraph"; readonly text: string };

/** 现将1--12月份全市保障性安居工程进展情况通报如下： */
export function openingSentence(bulletin: Bulletin): string {
  return `现将${bulletin.rangeLabel}份${bulletin.scope}${bulletin.subject}进展情况通报如下：`;
}

export function bodyBlocks(bulletin: Bulletin): BodyBlock[] {
  const blocks: BodyBlock[] = [];
  let heading = 1;
  blocks.push({ kind: "heading", level: 1, text: `${chineseNumeral(heading++)}、目标任务及进展情况` });
  const missing = missingSentence(bulletin);
  if (missing) blocks.push({ kind: "paragraph", text: missing });
  for (const section of bulletin.sections) {
    blocks.push({ kind: "heading", level: 2, text: section.heading }, { kind: "paragraph", text: section.text });
  }
  const narrative = bulletin.narrative ?? EMPTY_NARRATIVE;
  narrative.sections.forEach((section, index) => {
    blocks.push({ kind: "heading", level: 2, text: `（${chineseNumeral(bulletin.sections.length + index + 1)}）${section.title}` });
    for (const item of section.items) blocks.push(...paragraphsOf(item));
  });
  if (bulletin.problems.length > 0) {
    blocks.push({ kind: "heading", level: 1, text: `${chineseNumeral(heading++)}、存在的问题` });
    for (const problem of bulletin.problems) blocks.push({ kind: "paragraph", text: problem });
  }
  if (narrative.nextSteps.items.length > 0) {
    blocks.push({ kind: "heading", level: 1, text: `${chineseNumeral(heading++)}、${narrative.nextSteps.title}` });
    for (const item of numberedItems(narrative.nextSteps)) blocks.push(...paragraphsOf(item));
  }
  return blocks;
}

/** An item of the office's text may run over several paragraphs, one per line. */
function paragraphsOf(item: string): BodyBlock[] {
  return item.split("\n").map((text) => ({ kind: "paragraph", text }));
}

/** 署名 as printed: the office in the lines the workspace gives, （代章） after the last. */
export function signatureLines(bulletin: Bulletin): string[] {
  const lines = [...(bulletin.header.signatureLines ?? [bulletin.header.office])];
  if (bulletin.header.seal) lines[lines.length - 1] += "（代章）";
  return lines;
}

/** The 附件 list's items: "1. 2023年1--12月全市城镇老旧小区改造进展情况". */
export function attachmentItems(bulletin: Bulletin): string[] {
  return bulletin.attachments.map((table) => `${table.number}. ${table.title}`);
}
