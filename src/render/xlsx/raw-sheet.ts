// The 原始数据 sheet: every stored figure and target of the period, one row per unit and indicator
// (by its name, as the bulletin says it), under a bold header row that stays in view and carries the
// filter buttons. Each number shows the decimals it has, within what the indicator accepts.
import { decimalsOf } from "../../domain/decimal.ts";
import { decimalFormat } from "./number-formats.ts";
import type { RawFigure } from "./raw-figures.ts";
import { columnName, numberCell, rangeRef, rowXml, textCell } from "./sheet-xml.ts";
import type { WorkbookSheet, WorkbookTables } from "./workbook-parts.ts";

export const RAW_SHEET_NAME = "原始数据";
export const RAW_HEADERS = ["地区", "指标", "计量单位", "年度任务", "完成"] as const;
const WIDTHS = [12, 28, 10, 12, 12] as const;

export function rawSheet(figures: readonly RawFigure[], { strings, styles }: WorkbookTables): WorkbookSheet {
  const header = styles.cellStyle({ isBold: true });
  const plain = styles.cellStyle({});
  const numberStyles = new Map<number, number>();
  const numberStyle = (decimals: number) => {
    let style = numberStyles.get(decimals);
    if (style === undefined) numberStyles.set(decimals, (style = styles.cellStyle({ numFmt: decimalFormat(decimals) })));
    return style;
  };
  const shown = (figure: RawFigure, value: number | null) => numberStyle(value === null ? 0 : Math.min(figure.decimals, decimalsOf(value)));
  // Styles are filed before the rows are written, so styles.xml can be written at any point.
  for (const figure of figures) for (const value of [figure.target, figure.actual]) shown(figure, value);

  function* rows(): Generator<string> {
    yield rowXml(1, RAW_HEADERS.map((text, c) => textCell(`${columnName(c + 1)}1`, header, strings.indexOf(text))).join(""), { style: header });
    for (const [index, figure] of figures.entries()) {
      const row = index + 2;
      yield rowXml(
        row,
        textCell(`A${row}`, plain, strings.indexOf(figure.unit)) +
          textCell(`B${row}`, plain, strings.indexOf(figure.indicatorName)) +
          textCell(`C${row}`, plain, strings.indexOf(figure.measure)) +
          numberCell(`D${row}`, shown(figure, figure.target), figure.target) +
          numberCell(`E${row}`, shown(figure, figure.actual), figure.actual),
        { style: plain },
      );
    }
  }

  return {
    name: RAW_SHEET_NAME,
    frame: {
      lastRow: figures.length + 1,
      lastColumn: RAW_HEADERS.length,
      columnWidths: WIDTHS,
      frozen: { columns: 0, rows: 1 },
      merges: [],
      autoFilter: rangeRef(1, 1, 1, RAW_HEADERS.length),
    },
    rows: rows(),
  };
}
