// One 附件 table as a worksheet: the title merged across, the 单位 line, 地区 and the column groups over
// two merged header rows (frozen with the 地区 column), real numbers with number formats, the
// whole-scope row bold, and the 备注 line. Titles and blanks come from table-cells.ts, as everywhere.
// The header cells and their merges are laid out in headerLayout below.
import type { AttachmentTable } from "../../domain/bulletin/types.ts";
import { leafColumns, type LeafColumn } from "../table-cells.ts";
import { decimalFormat, decimalsNeeded, percentFormat, percentToFraction } from "./number-formats.ts";
import { blankCell, columnName, numberCell, rangeRef, rowXml, textCell } from "./sheet-xml.ts";
import type { CellStyle } from "./style-sheet.ts";
import type { WorkbookSheet, WorkbookTables } from "./workbook-parts.ts";

export interface SheetFormats {
  /** indicator key → decimals accepted on input; unknown keys use the decimals their values need */
  readonly decimals: ReadonlyMap<string, number>;
  /** digits of a printed rate (Zhangye 1: 33.4%) */
  readonly rateDigits: number;
}

export const LABEL_TITLE = "地区";

const TITLE_ROW = 1;
const MEASURES_ROW = 2;
const HEADER_TOP = 3;
const LABEL_WIDTH = 14;
const FIGURE_WIDTH = 12;

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

export function attachmentSheet(name: string, table: AttachmentTable, formats: SheetFormats, book: WorkbookTables): WorkbookSheet {
  const spans: Span[] = table.columns.map((column) => {
    const leaves = leafColumns(column);
    return { key: column.key, group: leaves[0]!.group, leaves };
  });
  const leaves = spans.flatMap((span) => span.leaves.map((leaf) => ({ leaf, numFmt: formatOf(leaf, span, table, formats) })));
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
    figures: [false, true].map((isBold) => leaves.map(({ numFmt }) => styles.cellStyle({ isBold, hasBorder: true, horizontal: "right", numFmt }))),
  };
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
      yield rowXml(row, texts.map((text, c) => (text === null ? blankCell(`${letters[c]}${row}`, style.header) : textCell(`${letters[c]}${row}`, style.header, strings.indexOf(text)))).join(""));
    }
    for (const [index, line] of table.rows.entries()) {
      const row = firstDataRow + index;
      const look = line.isScope ? 1 : 0;
      const figureStyles = style.figures[look]!;
      let cells = textCell(`A${row}`, style.label[look]!, strings.indexOf(line.label));
      for (let l = 0; l < leaves.length; l++) {
        const { leaf } = leaves[l]!;
        const number = leaf.number(line);
        const value = number !== null && leaf.kind === "rate" ? percentToFraction(number, formats.rateDigits) : number;
        cells += numberCell(`${letters[l + 1]}${row}`, figureStyles[l]!, value);
      }
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

/**
 * The header rows from row 3: 地区 and each column group. When any group has leaves of its own
 * (年度任务/完成/开工率 under 开工（户）) there are two rows: the group merged across its leaves, and
 * 地区 and every single-leaf group merged down both rows. Otherwise one row. texts[row][column] is the
 * text of a cell, or null for a cell a merge covers.
 */
function headerLayout(spans: readonly Span[]): { bottom: number; texts: (string | null)[][]; merges: string[] } {
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
  return { bottom, texts: isTwoRows ? [top, second] : [top], merges };
}

function formatOf(leaf: LeafColumn, span: Span, table: AttachmentTable, formats: SheetFormats): string {
  if (leaf.kind === "rate") return percentFormat(formats.rateDigits);
  const decimals = formats.decimals.get(span.key) ?? decimalsNeeded(table.rows.map((row) => leaf.number(row)));
  return decimalFormat(decimals);
}
