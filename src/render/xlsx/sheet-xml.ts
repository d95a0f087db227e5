// A worksheet part (xl/worksheets/sheetN.xml) as text: cell and row markup, and the frame around the
// rows (size, frozen panes, column widths, merged ranges, filter, print setup) in the order the schema
// requires. The sheets themselves (attachment-sheet.ts, raw-sheet.ts) say what goes where.

/** A1-style column letters: 1 → A, 27 → AA. */
export function columnName(column: number): string {
  let name = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** "A1:J1" */
export function rangeRef(fromRow: number, fromColumn: number, toRow: number, toColumn: number): string {
  return `${columnName(fromColumn)}${fromRow}:${columnName(toColumn)}${toRow}`;
}

/** A cell of the shared string table's text number `index`. */
export function textCell(ref: string, style: number, index: number): string {
  return `<c r="${ref}" s="${style}" t="s"><v>${index}</v></c>`;
}

/** A cell with no value that still has its look (a border, the merged title's font). */
export function blankCell(ref: string, style: number): string {
  return `<c r="${ref}" s="${style}"/>`;
}

/** A number cell, or a blank one when there is no number. */
export function numberCell(ref: string, style: number, value: number | null): string {
  // Excel has no NaN or Infinity: such a value would make the whole file unreadable.
  return value === null || !Number.isFinite(value) ? blankCell(ref, style) : `<c r="${ref}" s="${style}"><v>${value}</v></c>`;
}

export function rowXml(row: number, cells: string, options: { readonly height?: number; readonly style?: number } = {}): string {
  const height = options.height === undefined ? "" : ` ht="${options.height}" customHeight="1"`;
  // A row style is what a cell typed into later, past the filled columns, gets.
  const style = options.style === undefined ? "" : ` s="${options.style}" customFormat="1"`;
  return `<row r="${row}"${height}${style}>${cells}</row>`;
}

export interface SheetFrame {
  readonly lastRow: number;
  readonly lastColumn: number;
  /** widths in characters, from column A */
  readonly columnWidths: readonly number[];
  /** columns and rows that stay in view when scrolling */
  readonly frozen: { readonly columns: number; readonly rows: number };
  readonly merges: readonly string[];
  readonly autoFilter?: string;
  /**
   * printed on A4 scaled to one page wide, with the spreadsheet program's own margins (as the workbook
   * always had); without it, Excel's "normal" margins and its default paper
   */
  readonly print?: { readonly isLandscape: boolean };
}

/** The sheet part: the frame's opening, the rows as given (read as the zip is written), the frame's close. */
export function* worksheetXml(frame: SheetFrame, rows: Iterable<string>): Generator<string> {
  yield `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`;
  if (frame.print) yield `<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>`;
  yield `<dimension ref="${rangeRef(1, 1, Math.max(1, frame.lastRow), Math.max(1, frame.lastColumn))}"/>`;
  yield `<sheetViews><sheetView workbookViewId="0">${frozenPane(frame.frozen)}</sheetView></sheetViews>`;
  yield `<sheetFormatPr defaultRowHeight="15"/>`;
  if (frame.columnWidths.length > 0) yield `<cols>${columnRuns(frame.columnWidths)}</cols>`;
  yield "<sheetData>";
  yield* rows;
  yield "</sheetData>";
  if (frame.autoFilter) yield `<autoFilter ref="${frame.autoFilter}"/>`;
  if (frame.merges.length > 0) yield `<mergeCells count="${frame.merges.length}">${frame.merges.map((ref) => `<mergeCell ref="${ref}"/>`).join("")}</mergeCells>`;
  if (!frame.print) yield `<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>`;
  yield frame.print ? `<pageSetup paperSize="9" orientation="${frame.print.isLandscape ? "landscape" : "portrait"}" fitToWidth="1" fitToHeight="0"/>` : `<pageSetup orientation="portrait"/>`;
  yield "</worksheet>";
}

function frozenPane({ columns, rows }: SheetFrame["frozen"]): string {
  if (columns === 0 && rows === 0) return "";
  const pane = columns > 0 && rows > 0 ? "bottomRight" : columns > 0 ? "topRight" : "bottomLeft";
  const split = `${columns > 0 ? ` xSplit="${columns}"` : ""}${rows > 0 ? ` ySplit="${rows}"` : ""}`;
  return `<pane${split} topLeftCell="${columnName(columns + 1)}${rows + 1}" activePane="${pane}" state="frozen"/><selection pane="${pane}"/>`;
}

/** Neighbouring columns of the same width as one <col> run. */
function columnRuns(widths: readonly number[]): string {
  const runs: string[] = [];
  for (let from = 0; from < widths.length; ) {
    let to = from;
    while (to + 1 < widths.length && widths[to + 1] === widths[from]) to++;
    runs.push(`<col min="${from + 1}" max="${to + 1}" width="${widths[from]}" customWidth="1"/>`);
    from = to + 1;
  }
  return runs.join("");
}
