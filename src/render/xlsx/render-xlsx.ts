// Bulletin → Excel workbook: one sheet per 附件 table, then the period's raw figures. Every figure is a
// number cell with a number format, so the office can sum and sort without retyping.
import ExcelJS from "exceljs";
import type { Bulletin } from "../../domain/bulletin/types.ts";
import type { WorkspaceModel } from "../../domain/workspace.ts";
import { decimalsNeeded } from "./number-formats.ts";
import { fillAttachmentSheet } from "./attachment-sheet.ts";
import { fillRawSheet, RAW_SHEET_NAME } from "./raw-sheet.ts";
import type { RawFigure } from "./raw-figures.ts";
import { sheetName } from "./sheet-names.ts";
import { readZip, writeZip } from "../zip-parts.ts";

export interface XlsxOptions {
  /** the period's stored figures (rawFiguresOf); the 原始数据 sheet is left out without them */
  readonly rawFigures?: readonly RawFigure[];
  /** for the indicators' decimals and the rate digits; inferred from the figures without it */
  readonly workspace?: Pick<WorkspaceModel, "indicators" | "rate">;
}

export async function renderXlsx(bulletin: Bulletin, options: XlsxOptions = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = bulletin.header.office;
  workbook.title = bulletin.header.title;
  // A fixed date keeps the file the same for the same bulletin.
  workbook.created = workbook.modified = new Date(`${bulletin.header.issuedOn}T00:00:00Z`);
  const formats = {
    decimals: new Map((options.workspace?.indicators ?? []).map((indicator) => [indicator.key, indicator.decimals])),
    rateDigits: options.workspace?.rate.digits ?? rateDigitsOf(bulletin),
  };
  const taken = new Set<string>([RAW_SHEET_NAME.toLowerCase()]);
  for (const table of bulletin.attachments) {
    fillAttachmentSheet(workbook.addWorksheet(sheetName(`附件${table.number} ${table.group}`, taken)), table, formats);
  }
  if (options.rawFigures) fillRawSheet(workbook.addWorksheet(RAW_SHEET_NAME), options.rawFigures);
  // ExcelJS's own deflate is pure JavaScript and took seconds at province size: it only stores the
  // parts, and node's zlib compresses them.
  const stored = Buffer.from(await workbook.xlsx.writeBuffer({ zip: { compression: "STORE" } }));
  return writeZip(readZip(stored));
}

function rateDigitsOf(bulletin: Bulletin): number {
  const rates = [...bulletin.indicators, ...bulletin.ratios].flatMap((result) => [result.total.rate.value, ...result.units.map((row) => row.rate.value)]);
  return Math.min(2, decimalsNeeded(rates));
}
