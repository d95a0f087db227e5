// One 附件 table as a worksheet: the title merged across, the 单位 line, 地区 and the column groups over
// two merged header rows (frozen with the 地区 column), real numbers with number formats, the
// whole-scope row bold, and the 备注 line. Titles and blanks come from table-cells.ts, as everywhere.
import type { Style, Worksheet } from "exceljs";
import type { AttachmentTable } from "../../domain/bulletin/types.ts";
import { leafColumns, type LeafColumn } from "../table-cells.ts";
import { decimalFormat, decimalsNeeded, percentFormat, percentToFraction } from "./number-formats.ts";

export interface SheetFormats {
  /** indicator key → decimals accepted on input; unknown keys use the decimals their values need */
  readonly decimals: ReadonlyMap<string, number>;
  /** digits of a printed rate (Zhangye 1: 33.4%) */
  readonly rateDigits: number;
}

export const LABEL_TITLE = "地区";

interface Leaf {
  readonly leaf: LeafColumn;
  readonly numFmt: string;
}

const THIN = { style: "thin" } as const;
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const FONT = { name: "宋体", size: 11 };

export function fillAttachmentSheet(sheet: Worksheet, table: AttachmentTable, formats: SheetFormats): void {
  const spans = table.columns.map((column) => {
    const leaves = leafColumns(column);
    return { group: leaves[0]!.group, leaves: leaves.map((leaf): Leaf => ({ leaf, numFmt: formatOf(leaf, column.key, table, formats) })) };
  });
  const leaves = spans.flatMap((span) => span.leaves);
  const lastColumn = leaves.length + 1;
  const isTwoRows = spans.some((span) => span.leaves.length > 1 || span.leaves[0]!.leaf.title !== span.group);

  sheet.mergeCells(1, 1, 1, lastColumn);
  Object.assign(sheet.getCell(1, 1), { value: table.title, font: { ...FONT, size: 16, bold: true }, alignment: { horizontal: "center", vertical: "middle" } });
  sheet.getRow(1).height = 30;
  sheet.mergeCells(2, 1, 2, lastColumn);
  Object.assign(sheet.getCell(2, 1), { value: table.measures, font: FONT, alignment: { horizontal: "right" } });

  const headerTop = 3;
  const headerBottom = isTwoRows ? 4 : 3;
  const header = (row: number, column: number, text: string) => {
    const cell = sheet.getCell(row, column);
    Object.assign(cell, { value: text, font: { ...FONT, bold: true }, alignment: { horizontal: "center", vertical: "middle", wrapText: true } });
  };
  if (isTwoRows) sheet.mergeCells(headerTop, 1, headerBottom, 1);
  header(headerTop, 1, LABEL_TITLE);
  let column = 2;
  for (const span of spans) {
    const only = span.leaves.length === 1 && span.leaves[0]!.leaf.title === span.group;
    if (only) {
      if (isTwoRows) sheet.mergeCells(headerTop, column, headerBottom, column);
      header(headerTop, column, span.group);
    } else {
      if (span.leaves.length > 1) sheet.mergeCells(headerTop, column, headerTop, column + span.leaves.length - 1);
      header(headerTop, column, span.group);
      span.leaves.forEach((leaf, index) => header(headerBottom, column + index, leaf.leaf.title));
    }
    column += span.leaves.length;
  }

  // One style object per column (and bold or not), shared by its cells: ExcelJS files a style once per
  // object, not once per cell, which matters at 3,000 rows.
  const styles = [false, true].map((bold) => {
    const font = { ...FONT, bold };
    return {
      label: { font, alignment: { horizontal: "center" }, border: BORDER } as Partial<Style>,
      leaves: leaves.map(({ numFmt }) => ({ font, alignment: { horizontal: "right" }, numFmt, border: BORDER }) as Partial<Style>),
    };
  });
  table.rows.forEach((row, index) => {
    const line = sheet.getRow(headerBottom + 1 + index);
    const style = styles[row.isScope ? 1 : 0]!;
    const label = line.getCell(1);
    label.value = row.label;
    label.style = style.label;
    leaves.forEach(({ leaf }, leafIndex) => {
      const cell = line.getCell(leafIndex + 2);
      const { number } = leaf.value(row);
      cell.style = style.leaves[leafIndex]!;
      if (number !== null) cell.value = leaf.kind === "rate" ? percentToFraction(number, formats.rateDigits) : number;
    });
  });
  const lastRow = headerBottom + table.rows.length;
  for (let r = headerTop; r <= headerBottom; r++) {
    for (let c = 1; c <= lastColumn; c++) sheet.getCell(r, c).border = BORDER;
  }
  sheet.mergeCells(lastRow + 1, 1, lastRow + 1, lastColumn);
  Object.assign(sheet.getCell(lastRow + 1, 1), { value: table.note, font: FONT });

  sheet.getColumn(1).width = 14;
  for (let c = 2; c <= lastColumn; c++) sheet.getColumn(c).width = 12;
  sheet.views = [{ state: "frozen", xSplit: 1, ySplit: headerBottom }];
  sheet.pageSetup = { paperSize: 9, orientation: leaves.length > 6 ? "landscape" : "portrait", fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${headerTop}:${headerBottom}` };
}

function formatOf(leaf: LeafColumn, key: string, table: AttachmentTable, formats: SheetFormats): string {
  if (leaf.kind === "rate") return percentFormat(formats.rateDigits);
  const decimals = formats.decimals.get(key) ?? decimalsNeeded(table.rows.map((row) => leaf.value(row).number));
  return decimalFormat(decimals);
}
