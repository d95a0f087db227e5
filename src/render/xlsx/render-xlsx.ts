// Bulletin → Excel workbook: one sheet per 附件 table, then the period's raw figures. Every figure is a
// number cell with a number format, so the office can sum and sort without retyping.
//
// The SpreadsheetML is written here directly and each sheet's rows are produced while the zip deflates
// them: a province's workbook (370,000 cells) built as a library's cell objects took seconds and a
// gigabyte. Where things are: the package and workbook.xml in workbook-parts.ts, a sheet's frame (frozen
// panes, widths, merges, print setup) in sheet-xml.ts, the 附件 header and its merges in
// attachment-sheet.ts, fonts, borders and number formats in style-sheet.ts.
import type { Bulletin } from "../../domain/bulletin/types.ts";
import { writeZip } from "../zip-parts.ts";
import { attachmentSheet } from "./attachment-sheet.ts";
import type { RawFigure } from "./raw-figures.ts";
import { RAW_SHEET_NAME, rawSheet } from "./raw-sheet.ts";
import { SharedStrings } from "./shared-strings.ts";
import { sheetName } from "./sheet-names.ts";
import { worksheetXml } from "./sheet-xml.ts";
import { StyleSheet } from "./style-sheet.ts";
import { appPropertiesXml, contentTypesXml, corePropertiesXml, packageRelsXml, sheetPartName, workbookRelsXml, workbookXml, type WorkbookTables } from "./workbook-parts.ts";

export interface XlsxOptions {
  /** the period's stored figures (rawFiguresOf); the 原始数据 sheet is left out without them */
  readonly rawFigures?: readonly RawFigure[];
}

export async function renderXlsx(bulletin: Bulletin, options: XlsxOptions = {}): Promise<Buffer> {
  const book: WorkbookTables = { strings: new SharedStrings(), styles: new StyleSheet() };
  const taken = new Set<string>([RAW_SHEET_NAME.toLowerCase()]);
  const sheets = bulletin.attachments.map((table) => attachmentSheet(sheetName(`附件${table.number} ${table.group}`, taken), table, book));
  if (options.rawFigures) sheets.push(rawSheet(options.rawFigures, book));
  const text = (name: string, xml: string) => ({ name, data: Buffer.from(xml, "utf8") });
  return writeZip([
    text("[Content_Types].xml", contentTypesXml(sheets.length)),
    text("_rels/.rels", packageRelsXml()),
    text("docProps/core.xml", corePropertiesXml({ creator: bulletin.header.office, title: bulletin.header.title, created: bulletin.header.issuedOn })),
    text("docProps/app.xml", appPropertiesXml(sheets.map((sheet) => sheet.name))),
    text("xl/workbook.xml", workbookXml(sheets)),
    text("xl/_rels/workbook.xml.rels", workbookRelsXml(sheets.length)),
    text("xl/styles.xml", book.styles.xml()),
    ...sheets.map((sheet, index) => ({ name: sheetPartName(index), pieces: worksheetXml(sheet.frame, sheet.rows) })),
    // After the sheets: their texts are numbered as their rows are written.
    { name: "xl/sharedStrings.xml", pieces: book.strings.xml() },
  ]);
}
