// Prints the GB/T 9704 measurements of a rendered bulletin (test/tools/pdf-layout.ts):
//   npx tsx test/tools/measure-pdf.ts OUT_DIR     (reads OUT_DIR/bulletin.pdf and OUT_DIR/bulletin.md)
// The 署名 and 成文日期 are the Markdown's last lines before the first 附件 table.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { measureBulletin, readPdfLayout } from "./pdf-layout.ts";

const dir = process.argv[2] ?? "out/preview";
const markdown = readFileSync(join(dir, "bulletin.md"), "utf8").split("\n");
const dateAt = markdown.findIndex((line) => /^\d{4}年\d{1,2}月\d{1,2}日$/.test(line));
let signatureAt = dateAt - 2;
while (signatureAt > 0 && markdown[signatureAt - 1]!.endsWith("  ")) signatureAt--;
const signature = markdown[signatureAt]!.trim();
const office = /^\*\*(.+)文件\*\*$/.exec(markdown[0]!)?.[1] ?? signature;
const layout = measureBulletin(readPdfLayout(join(dir, "bulletin.pdf")), { office, signature, date: markdown[dateAt]! });
const mm = (value: number | null) => (value === null ? "无" : `${value.toFixed(1)}mm`);
console.log(`发文机关标志距版心上边缘：${mm(layout.redHeaderFromBlockTop)}（标准 35mm）`);
console.log(`发文字号在发文机关标志下空：${layout.docNumberLinesBelowHeader ?? "无"}行（标准 2 行）`);
console.log(`标题分行：${layout.titleLines.join(" / ")}`);
console.log(`正文每行最多：${layout.charactersPerLine}字（标准 28）；每页最多：${layout.linesPerPage}行（标准 22）`);
console.log(`附件说明：${layout.attachmentNote.join(" / ") || "无"}`);
console.log(`成文日期在第${layout.signedPage}页，其上正文${layout.bodyLinesOnSignedPage}行`);
console.log(`页码：${layout.pageNumbers.map((n) => `${n.page}${n.side === "right" ? "右" : n.side === "left" ? "左" : "中"}${n.inset.toFixed(1)}`).join(" ")}；距版心下边缘约 ${mm(layout.pageNumbers[0]?.below ?? null)}（标准一字线距 7mm）`);
console.log(layout.record ? `版记在第${layout.record.page}页：${layout.record.lines.join(" / ")}；末行距版心下边缘 ${mm(layout.record.footAboveBlockEnd)}` : "版记：无");
