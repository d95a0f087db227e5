// Bulletin → Markdown, for previews, tests and anyone without Word. Layout follows the seeds: header,
// 一、进展情况 with one paragraph per group, 二、存在的问题, the 附件 list, signature, then the tables.
import type { AttachmentTable, Bulletin } from "../domain/bulletin/types.ts";
import { attachmentItems, bodyBlocks, openingSentence, signatureLines } from "./outline.ts";
import { tableLeaves } from "./table-cells.ts";

export function renderMarkdown(bulletin: Bulletin): string {
  const { header } = bulletin;
  const lines: string[] = [];
  lines.push(`**${header.office}文件**`, "");
  if (header.docNumber) lines.push(header.docNumber, "");
  lines.push(`# ${header.title}`, "");
  lines.push(`${header.addressees}：`, "");
  lines.push(openingSentence(bulletin), "");
  for (const block of bodyBlocks(bulletin)) {
    if (block.kind === "heading") lines.push(`${block.level === 1 ? "##" : "###"} ${block.text}`, "");
    else lines.push(block.text, "");
  }
  if (bulletin.attachments.length > 0) lines.push(`附件：${attachmentItems(bulletin).join("；")}`, "");
  lines.push(signatureLines(bulletin).join("  \n"), "", header.issuedOnText, "");
  for (const table of bulletin.attachments) lines.push("---", "", ...renderTable(table), "");
  return lines.join("\n");
}

export function renderTable(table: AttachmentTable): string[] {
  const leaves = tableLeaves(table.columns);
  const headers = ["地区", ...leaves.map((leaf) => (leaf.group === leaf.title ? leaf.title : `${leaf.group}${leaf.title}`))];
  const lines = [`附件${table.number}`, "", `**${table.title}**`, "", table.measures, ""];
  lines.push(`| ${headers.join(" | ")} |`, `|${headers.map((_, i) => (i === 0 ? " --- " : " ---: ")).join("|")}|`);
  for (const row of table.rows) {
    lines.push(`| ${[row.label, ...leaves.map((leaf) => leaf.value(row).text)].join(" | ")} |`);
  }
  lines.push("", table.note);
  return lines;
}
