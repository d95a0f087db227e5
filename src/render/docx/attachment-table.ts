// One 附件 table as Word draws it: 地区 and the column groups over two header rows (开工（户） spanning
// 年度任务/完成/开工率; a single-leaf group spanning both rows), header rows repeated on every page,
// the whole-scope row first and in bold. Titles and cell text come from table-cells.ts, as in Markdown.
//
// A province's tables hold some 200,000 cells. Built as the library's objects they took minutes and
// gigabytes, so the table is written here as WordprocessingML and spliced into the document
// (render-docx.ts). Each cell names a paragraph style (face, size, centring, line spacing) instead of
// repeating that formatting, and the cell margins are the table's: the same layout in a fifth of the bytes.
import { AlignmentType, LineRuleType, type IParagraphStyleOptions } from "docx";
import type { AttachmentTable } from "../../domain/bulletin/types.ts";
import { leafColumns, tableLeaves, type LeafColumn } from "../table-cells.ts";
import { FACE, font, halfPoints, SIZE_PT, twips } from "./official-style.ts";

const CELL_PT = SIZE_PT.xiaoSi;
/** headers one size down, so 到位资金（万元） fits its column on one line */
const HEADER_PT = SIZE_PT.wu;
const ROW_HEIGHT = twips(CELL_PT * 2);
/** the 地区 column is this many times as wide as a figure column */
const LABEL_WEIGHT = 1.5;
const CELL_MARGIN = twips(2);

export const LABEL_TITLE = "地区";

const CELL_STYLE = "AttachmentCell";
const HEADER_STYLE = "AttachmentHeader";

/** The two paragraph styles the cells name, for the document's styles. */
export function attachmentTableStyles(): IParagraphStyleOptions[] {
  const paragraph = { alignment: AlignmentType.CENTER, spacing: { line: twips(CELL_PT * 1.25), lineRule: LineRuleType.AT_LEAST, before: 0, after: 0 } };
  return [
    { id: CELL_STYLE, name: "附件表格", basedOn: "Normal", quickFormat: false, paragraph, run: { font: font(FACE.body), size: halfPoints(CELL_PT) } },
    { id: HEADER_STYLE, name: "附件表头", basedOn: "Normal", quickFormat: false, paragraph, run: { font: font(FACE.heading1), size: halfPoints(HEADER_PT) } },
  ];
}

/** Wide tables (more than six figure columns) get a landscape page. */
export function isWideTable(table: AttachmentTable): boolean {
  return tableLeaves(table.columns).length > 6;
}

/** The table's `<w:tbl>`, a row at a time (render-docx.ts zips it as it comes). */
export function* attachmentTableXml(table: AttachmentTable, width: number): Generator<string> {
  const leaves = tableLeaves(table.columns);
  const unit = width / (LABEL_WEIGHT + leaves.length);
  const columnWidths = [Math.floor(unit * LABEL_WEIGHT), ...leaves.map(() => Math.floor(unit))];
  const total = columnWidths.reduce((a, b) => a + b, 0);
  const line = (edge: string) => `<w:${edge} w:val="single" w:color="auto" w:sz="4"/>`;
  yield `<w:tbl><w:tblPr><w:tblW w:type="dxa" w:w="${total}"/><w:jc w:val="center"/>` +
    `<w:tblBorders>${["top", "left", "bottom", "right", "insideH", "insideV"].map(line).join("")}</w:tblBorders>` +
    `<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:type="dxa" w:w="${CELL_MARGIN}"/><w:right w:type="dxa" w:w="${CELL_MARGIN}"/></w:tblCellMar></w:tblPr>` +
    `<w:tblGrid>${columnWidths.map((w) => `<w:gridCol w:w="${w}"/>`).join("")}</w:tblGrid>`;
  yield* headerRows(table, columnWidths);
  // Everything but the text is the same in every body cell of a column: written once, joined per row.
  const opening = columnWidths.map((w) => `<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="${w}"/><w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="${CELL_STYLE}"/></w:pPr>`);
  const bodyRow = `<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="${ROW_HEIGHT}" w:hRule="atLeast"/></w:trPr>`;
  for (const row of table.rows) {
    const run = row.isScope ? `<w:r><w:rPr><w:b/><w:bCs/></w:rPr>` : `<w:r>`;
    // xml:space only where a blank at either end must be kept: figures and rates never have one, and
    // leaving it out of 300,000 cells is a tenth of the document.
    const cell = (column: number, text: string) =>
      `${opening[column]}${text === "" ? "" : `${run}${/^\s|\s$/.test(text) ? `<w:t xml:space="preserve">` : "<w:t>"}${escapeXml(text)}</w:t></w:r>`}</w:p></w:tc>`;
    let xml = bodyRow + cell(0, row.label);
    for (let l = 0; l < leaves.length; l++) xml += cell(l + 1, leaves[l]!.value(row).text);
    yield `${xml}</w:tr>`;
  }
  yield "</w:tbl>";
}

/** One header row when every column stands alone, else two with the groups merged across their leaves. */
function headerRows(table: AttachmentTable, widths: readonly number[]): string[] {
  const spans = columnSpans(table);
  const isTwoRows = spans.some((span) => span.leaves.length > 1 || span.leaves[0]!.title !== span.group);
  const row = (cells: string[]) => `<w:tr><w:trPr><w:cantSplit/><w:tblHeader/><w:trHeight w:val="${ROW_HEIGHT}" w:hRule="atLeast"/></w:trPr>${cells.join("")}</w:tr>`;
  if (!isTwoRows) return [row([headerCell(LABEL_TITLE, widths[0]!), ...spans.map((span, i) => headerCell(span.leaves[0]!.title, widths[i + 1]!))])];
  const first = [headerCell(LABEL_TITLE, widths[0]!, { merge: "restart" })];
  const second = [headerCell("", widths[0]!, { merge: "continue" })];
  let column = 1;
  for (const span of spans) {
    const only = span.leaves.length === 1 && span.leaves[0]!.title === span.group;
    if (only) {
      first.push(headerCell(span.group, widths[column]!, { merge: "restart" }));
      second.push(headerCell("", widths[column]!, { merge: "continue" }));
    } else {
      const spanWidth = widths.slice(column, column + span.leaves.length).reduce((a, b) => a + b, 0);
      first.push(headerCell(span.group, spanWidth, { columns: span.leaves.length }));
      span.leaves.forEach((leaf, i) => second.push(headerCell(leaf.title, widths[column + i]!)));
    }
    column += span.leaves.length;
  }
  return [row(first), row(second)];
}

function headerCell(text: string, width: number, options: { merge?: "restart" | "continue"; columns?: number } = {}): string {
  const span = options.columns && options.columns > 1 ? `<w:gridSpan w:val="${options.columns}"/>` : "";
  const merge = options.merge ? `<w:vMerge w:val="${options.merge}"/>` : "";
  const content = text === "" ? "" : `<w:r><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r>`;
  return `<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="${width}"/>${span}${merge}<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="${HEADER_STYLE}"/></w:pPr>${content}</w:p></w:tc>`;
}

/** Each column group with its leaves: one header cell over its leaves, or one cell over both rows. */
export function columnSpans(table: AttachmentTable): { group: string; leaves: LeafColumn[] }[] {
  return table.columns.map((column) => {
    const leaves = leafColumns(column);
    return { group: leaves[0]!.group, leaves };
  });
}

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

function escapeXml(text: string): string {
  return /[&<>]/.test(text) ? text.replace(/[&<>]/g, (char) => XML_ESCAPES[char]!) : text;
}
