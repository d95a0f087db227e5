// Bulletin → Markdown, for previews, tests and anyone without Word. Layout follows the seeds: header,
// 一、进展情况 with one paragraph per group, 二、存在的问题, the 附件 list, signature, then the tables.
import type { AttachmentTable, Bulletin } from "../domain/bulletin/types.ts";
import { chineseNumeral } from "../domain/chinese-numerals.ts";
import { tableLeaves } from "./table-cells.ts";

export function renderMarkdown(bulletin: Bulletin): string {
  const { header } = bulletin;
  const lines: string[] = [];
  lines.push(`**${header.office}文件**`, "");
  if (header.docNumber) lines.push(header.docNumber, "");
  lines.push(`# ${header.title}`, "");
  lines.push(`${header.addressees}：`, "");
  lines.push(`现将${bulletin.rangeLabel}份${bulletin.scope}${bulletin.subject}进展情况通报如下：`, "");

  let heading = 1;
  lines.push(`## ${chineseNumeral(heading++)}、目标任务及进展情况`, "");
  for (const section of bulletin.sections) {
    lines.push(`### ${section.heading}`, "", section.text, "");
  }
  if (bulletin.problems.length > 0) {
    lines.push(`## ${chineseNumeral(heading++)}、存在的问题`, "");
    for (const problem of bulletin.problems) lines.push(problem, "");
  }
  if (bulletin.attachments.length > 0) {
    lines.push(`附件：${bulletin.attachments.map((table) => `${table.number}. ${table.title}`).join("；")}`, "");
  }
  lines.push(header.office, "", header.issuedOnText, "");
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
