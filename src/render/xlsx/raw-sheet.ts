// The 原始数据 sheet: every stored figure and target of the period, one row per unit and indicator.
import type { Row, Style, Worksheet } from "exceljs";
import { decimalFormat } from "./number-formats.ts";
import type { RawFigure } from "./raw-figures.ts";

export const RAW_SHEET_NAME = "原始数据";
export const RAW_HEADERS = ["地区", "指标代码", "指标名称", "计量单位", "年度任务", "完成"] as const;

export function fillRawSheet(sheet: Worksheet, figures: readonly RawFigure[]): void {
  sheet.addRow([...RAW_HEADERS]).font = { name: "宋体", size: 11, bold: true };
  // Style objects shared by every row and cell they fit: ExcelJS files a style once per object, and
  // this sheet has a row per unit and indicator (90,000 at province size).
  const font = { name: "宋体", size: 11 };
  const plain: Partial<Style> = { font };
  const numbers = new Map<number, Partial<Style>>();
  for (const figure of figures) {
    const row = sheet.addRow([figure.unit, figure.indicatorKey, figure.indicatorName, figure.measure, figure.target ?? null, figure.actual ?? null]);
    let number = numbers.get(figure.decimals);
    if (!number) numbers.set(figure.decimals, (number = { font, numFmt: decimalFormat(figure.decimals) }));
    // A row has a style object like its cells, which ExcelJS's typings leave out.
    (row as Row & { style: Partial<Style> }).style = plain;
    for (const column of [1, 2, 3, 4]) row.getCell(column).style = plain;
    for (const column of [5, 6]) row.getCell(column).style = number;
  }
  [12, 16, 16, 10, 12, 12].forEach((width, index) => (sheet.getColumn(index + 1).width = width));
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: RAW_HEADERS.length } };
}
