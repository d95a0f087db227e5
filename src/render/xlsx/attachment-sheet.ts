// One 附件 table as a worksheet: the title merged across, the 单位 line, 地区 and the column groups over
// two merged header rows (frozen with the 地区 column, tall enough for their text), real numbers whose
// format shows exactly what the Word and Markdown tables print (25480, 15149.5, 54%, 33.4%), the
// whole-scope row bold, and the 备注 line. Titles, blanks and texts come from table-cells.ts, as
// everywhere. The header cells and their merges are laid out in headerLayout below.
import type { AttachmentTable } from "../../domain/bulletin/types.ts";
import { leafColumns, type LeafColumn } from "../table-cells.ts";
import { textCells } from "../title-lines.ts";
import { decimalFormat, percentFormat, percentToFraction } from "./number-formats.ts";
import { blankCell, columnName, numberCell, rangeRef, rowXml, textCell } from "./sheet-xml.ts";
import type { CellStyle } from "./style-sheet.ts";
import type { WorkbookSheet, WorkbookTables } from "./workbook-parts.ts";

export const LABEL_TITLE = "地区";

const TITLE_ROW = 1;
const MEASURES_ROW = 2;
const HEADER_TOP = 3;
const LABEL_WIDTH = 14;
const FIGURE_WIDTH = 12;
/** 宋体 11pt: a Chinese character takes about two of Excel's width units; a line of it is about 14pt high. */
const UNITS_PER_CELL = 2;
const HEADER_LINE_PT = 14.5;

interface Span {
  /** the indicator's or ratio's key */
  readonly key: string;
  readonly group: string;
  readonly leaves: readonly LeafColumn[];
}

const LOOK = {
  title: { size: 16, isBold: true, horizontal: "center", vertical: "center" },
  measures: { horizontal: "right" },
  header: { isBold: true, hasBorder: true, horizontal: "center", vertical: "center", wrapText: true },
  note: {},
} as const satisfies Record<string, CellStyle>;

export function attachmentSheet(name: string, table: AttachmentTable, book: WorkbookTables): WorkbookSheet {
  const spans: Span[] = table.columns.map((column) => {
    const leaves = leafColumns(column);
    return { key: column.key, group: leaves[0]!.group, leaves };
  });
  const leaves = spans.flatMap((span) => span.leaves);
  const lastColumn = leaves.length + 1;
  const header = headerLayout(spans);
  const firstDataRow = header.bottom + 1;
  const noteRow = firstDataRow + table.rows.length;

  const { styles, strings } = book;
  const style = {
    title: styles.cellStyle(LOOK.title),
    measures: styles.cellStyle(LOOK.measures),
    header: styles.cellStyle(LOOK.header),
    note: styles.cellStyle(LOOK.note),
    // [plain, bold]: the whole-scope row is bold
    label: [false, true].map((isBold) => styles.cellStyle({ isBold, hasBorder: true, horizontal: "center" })),
  };
  // Styles are filed before the rows are written, so styles.xml can be written at any point.
  const figures = table.rows.map((line) =>
    leaves.map((leaf) => {
      const { number, text } = leaf.value(line);
      const decimals = decimalsShown(text);
      const numFmt = leaf.kind === "rate" ? percentFormat(decimals) : decimalFormat(decimals);
      const value = number !== null && leaf.kind === "rate" ? percentToFraction(number, decimals) : number;
      return { value, style: styles.cellStyle({ isBold: line.isScope, hasBorder: true, horizontal: "right", numFmt }) };
    }),
  );
  const letters = Array.from({ length: lastColumn }, (_, i) => columnName(i + 1));

  /** A line merged across the table: its text in A, the other cells blank with the same look (as Excel keeps a merge). */
  const mergedLine = (row: number, text: string, look: number, height?: number) => {
    let cells = textCell(`A${row}`, look, strings.indexOf(text));
    for (let c = 1; c < lastColumn; c++) cells += blankCell(`${letters[c]}${row}`, look);
    return rowXml(row, cells, { height });
  };

  function* rows(): Generator<string> {
    yield mergedLine(TITLE_ROW, table.title, style.title, 30);
    yield mergedLine(MEASURES_ROW, table.measures, style.measures);
    for (const [offset, texts] of header.texts.entries()) {
      const row = HEADER_TOP + offset;
      // Every header cell is bordered, the merged-over ones too, so the merged box is outlined whole.
      const cells = texts.map((text, c) => (text === null ? blankCell(`${letters[c]}${row}`, style.header) : textCell(`${letters[c]}${row}`, style.header, strings.indexOf(text))));
      yield rowXml(row, cells.join(""), { height: header.heights[offset] });
    }
    for (const [index, line] of table.rows.entries()) {
      const row = firstDataRow + index;
      let cells = textCell(`A${row}`, style.label[line.isScope ? 1 : 0]!, strings.indexOf(line.label));
      figures[index]!.forEach(({ value, style: look }, l) => (cells += numberCell(`${letters[l + 1]}${row}`, look, value)));
      yield rowXml(row, cells);
    }
    yield mergedLine(noteRow, table.note, style.note);
  }

  return {
    name,
    frame: {
      lastRow: noteRow,
      lastColumn,
      columnWidths: [LABEL_WIDTH, ...leaves.map(() => FIGURE_WIDTH)],
      frozen: { columns: 1, rows: header.bottom },
      merges: [
        rangeRef(TITLE_ROW, 1, TITLE_ROW, lastColumn),
        rangeRef(MEASURES_ROW, 1, MEASURES_ROW, lastColumn),
        ...header.merges,
        rangeRef(noteRow, 1, noteRow, lastColumn),
      ],
      print: { isLandscape: leaves.length > 6 },
    },
    rows: rows(),
    printTitleRows: [HEADER_TOP, header.bottom],
  };
}

/** Decimals a table text shows: "15149.5" 1, "54%" 0, "33.40%" 2. */
function decimalsShown(text: string): number {
  return /\.(\d+)/.exec(text)?.[1]!.length ?? 0;
}

/**
 * The height a header row needs for its texts to wrap inside their cells. In the first row a group
 * merged across its leaves is as wide as they are; a cell merged down both rows is sized in the first.
 */
function headerHeight(texts: readonly (string | null)[], widths: readonly number[], mergesAcross: boolean): number {
  let lines = 1;
  texts.forEach((text, c) => {
    if (text === null) return;
    let width = widths[c]!;
    for (let next = c + 1; mergesAcross && next < texts.length && texts[next] === null; next++) width += widths[next]!;
    lines = Math.max(lines, Math.ceil(textCells(text) / Math.max(1, Math.floor((width - 1) / UNITS_PER_CELL))));
  });
  return lines * HEADER_LINE_PT + 4;
}

/**
 * The header rows from row 3: 地区 and each column group. When any group has leaves of its own
 * (年度任务/完成/开工率 under 开工（户）) there are two rows: the group merged across its leaves, and
 * 地区 and every single-leaf group merged down both rows. Otherwise one row. texts[row][column] is the
 * text of a cell, or null for a cell a merge covers.
 */
function headerLayout(spans: readonly Span[]): { bottom: number; texts: (string | null)[][]; heights: number[]; merges: string[] } {
  const standsAlone = (span: Span) => span.leaves.length === 1 && span.leaves[0]!.title === span.group;
  const isTwoRows = !spans.every(standsAlone);
  const bottom = isTwoRows ? HEADER_TOP + 1 : HEADER_TOP;
  const top: (string | null)[] = [LABEL_TITLE];
  const second: (string | null)[] = [null];
  const merges: string[] = [];
  if (isTwoRows) merges.push(rangeRef(HEADER_TOP, 1, bottom, 1));
  let column = 2;
  for (const span of spans) {
    const width = span.leaves.length;
    top.push(span.group, ...Array<null>(width - 1).fill(null));
    if (standsAlone(span)) {
      second.push(null);
      if (isTwoRows) merges.push(rangeRef(HEADER_TOP, column, bottom, column));
    } else {
      second.push(...span.leaves.map((leaf) => leaf.title));
      if (width > 1) merges.push(rangeRef(HEADER_TOP, column, HEADER_TOP, column + width - 1));
    }
    column += width;
  }
  const texts = isTwoRows ? [top, second] : [top];
  const widths = [LABEL_WIDTH, ...top.slice(1).map(() => FIGURE_WIDTH)];
  return { bottom, texts, heights: texts.map((row, r) => headerHeight(row, widths, r === 0)), merges };
}
