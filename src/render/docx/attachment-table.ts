// One 附件 table as Word draws it: 地区 and the column groups over two header rows (开工（户） spanning
// 年度任务/完成/开工率; a single-leaf group spanning both rows), header rows repeated on every page,
// the whole-scope row first and in bold. Titles and cell text come from table-cells.ts, as in Markdown.
import { AlignmentType, HeightRule, LineRuleType, Paragraph, Table, TableCell, TableLayoutType, TableRow, VerticalAlignTable, WidthType } from "docx";
import type { AttachmentTable } from "../../domain/bulletin/types.ts";
import { leafColumns, tableLeaves, type LeafColumn } from "../table-cells.ts";
import { FACE, SIZE_PT, twips } from "./official-style.ts";
import { run } from "./paragraphs.ts";

const CELL_PT = SIZE_PT.xiaoSi;
/** headers one size down, so 到位资金（万元） fits its column on one line */
const HEADER_PT = SIZE_PT.wu;
const ROW_HEIGHT = twips(CELL_PT * 2);
/** the 地区 column is this many times as wide as a figure column */
const LABEL_WEIGHT = 1.5;

export const LABEL_TITLE = "地区";

/** Wide tables (more than six figure columns) get a landscape page. */
export function isWideTable(table: AttachmentTable): boolean {
  return tableLeaves(table.columns).length > 6;
}

export function attachmentTable(table: AttachmentTable, width: number): Table {
  const leaves = tableLeaves(table.columns);
  const unit = width / (LABEL_WEIGHT + leaves.length);
  const columnWidths = [Math.floor(unit * LABEL_WEIGHT), ...leaves.map(() => Math.floor(unit))];
  const rows = [...headerRows(table, leaves), ...table.rows.map((row) => new TableRow({
    cantSplit: true,
    height: { value: ROW_HEIGHT, rule: HeightRule.ATLEAST },
    children: [cell(row.label, { bold: row.isScope }), ...leaves.map((leaf) => cell(leaf.value(row).text, { bold: row.isScope }))],
  }))];
  return new Table({ rows, columnWidths, width: { size: columnWidths.reduce((a, b) => a + b, 0), type: WidthType.DXA }, layout: TableLayoutType.FIXED, alignment: AlignmentType.CENTER });
}

/** One header row when every column stands alone, else two with the groups merged across their leaves. */
function headerRows(table: AttachmentTable, leaves: readonly LeafColumn[]): TableRow[] {
  const spans = columnSpans(table);
  const isTwoRows = spans.some((span) => span.leaves.length > 1 || span.leaves[0]!.title !== span.group);
  const header = (children: TableCell[]) => new TableRow({ tableHeader: true, cantSplit: true, height: { value: ROW_HEIGHT, rule: HeightRule.ATLEAST }, children });
  if (!isTwoRows) return [header([cell(LABEL_TITLE, { header: true }), ...leaves.map((leaf) => cell(leaf.title, { header: true }))])];
  const first = [cell(LABEL_TITLE, { header: true, rowSpan: 2 })];
  const second: TableCell[] = [];
  for (const span of spans) {
    const only = span.leaves.length === 1 && span.leaves[0]!.title === span.group;
    if (only) first.push(cell(span.group, { header: true, rowSpan: 2 }));
    else {
      first.push(cell(span.group, { header: true, columnSpan: span.leaves.length }));
      second.push(...span.leaves.map((leaf) => cell(leaf.title, { header: true })));
    }
  }
  return [header(first), header(second)];
}

/** Each column group with its leaves: one header cell over its leaves, or one cell over both rows. */
export function columnSpans(table: AttachmentTable): { group: string; leaves: LeafColumn[] }[] {
  return table.columns.map((column) => {
    const leaves = leafColumns(column);
    return { group: leaves[0]!.group, leaves };
  });
}

function cell(text: string, options: { header?: boolean; bold?: boolean; rowSpan?: number; columnSpan?: number }): TableCell {
  return new TableCell({
    rowSpan: options.rowSpan,
    columnSpan: options.columnSpan,
    verticalAlign: VerticalAlignTable.CENTER,
    margins: { left: twips(2), right: twips(2) },
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { line: twips(CELL_PT * 1.25), lineRule: LineRuleType.AT_LEAST, before: 0, after: 0 },
        children: [run(text, { face: options.header ? FACE.heading1 : FACE.body, pt: options.header ? HEADER_PT : CELL_PT, bold: options.bold })],
      }),
    ],
  });
}
