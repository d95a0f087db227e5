// Where each line of a rendered PDF stands, in millimetres from the page's top left corner, read from
// poppler's `pdftotext -bbox-layout`; and the GB/T 9704-2012 measurements of a bulletin taken from it.
// Used by the layout test and printed by test/tools/measure-docx.ts.
import { execFileSync } from "node:child_process";

export interface PdfLine {
  readonly text: string;
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
}

export interface PdfPage {
  readonly number: number;
  readonly width: number;
  readonly height: number;
  readonly lines: readonly PdfLine[];
}

const MM_PER_PT = 25.4 / 72;

export function readPdfLayout(pdf: string): PdfPage[] {
  const html = execFileSync("pdftotext", ["-bbox-layout", pdf, "-"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return html
    .split("<page ")
    .slice(1)
    .map((page, index) => {
      const [, width, height] = /width="([\d.]+)" height="([\d.]+)"/.exec(page)!;
      const lines = [...page.matchAll(/<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([\s\S]*?)<\/line>/g)].map((m) => ({
        left: Number(m[1]) * MM_PER_PT,
        top: Number(m[2]) * MM_PER_PT,
        right: Number(m[3]) * MM_PER_PT,
        bottom: Number(m[4]) * MM_PER_PT,
        text: [...m[5]!.matchAll(/>([^<]*)<\/word>/g)].map((word) => decodeEntities(word[1]!)).join(""),
      }));
      return { number: index + 1, width: Number(width) * MM_PER_PT, height: Number(height) * MM_PER_PT, lines };
    });
}

function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
}

/** The text block of a portrait A4 page (GB/T 9704 5.2.1): 156mm × 225mm, 37mm from the top, 28mm from the left. */
export const TEXT_BLOCK = { top: 37, left: 28, width: 156, height: 225 } as const;

const isPageNumber = (line: PdfLine) => /^—\s*\d+\s*—$/.test(line.text);
const isPortrait = (page: PdfPage) => page.height > page.width;

export interface BulletinLayout {
  /** mm from the top of the text block to the top of the 发文机关标志 (standard: 35) */
  readonly redHeaderFromBlockTop: number | null;
  /** blank space between the 发文机关标志 and the 发文字号, in body lines (standard: 2) */
  readonly docNumberLinesBelowHeader: number | null;
  /** the title as printed, line by line */
  readonly titleLines: readonly string[];
  /** the most characters on a line of body text set without Latin letters or digits (standard: 28) */
  readonly charactersPerLine: number;
  /** the most body lines on a page of text (standard: 22) */
  readonly linesPerPage: number;
  /** the 附件说明 lines, as printed */
  readonly attachmentNote: readonly string[];
  /** the page with the 成文日期, and how many lines of 正文 stand above the 署名 on it */
  readonly signedPage: number;
  readonly bodyLinesOnSignedPage: number;
  /** per portrait page: which side its number is on, how far in from the text block's edge, and how far below it (mm) */
  readonly pageNumbers: readonly { page: number; side: "left" | "right" | "centre"; inset: number; below: number }[];
  /** the 版记's lines and how far its last line's foot is above the text block's foot (mm), when there is one */
  readonly record: { page: number; lines: readonly string[]; footAboveBlockEnd: number } | null;
}

export interface BulletinMarks {
  /** the office, as in the 发文机关标志 "…文件" */
  readonly office: string;
  /** the first line of the 署名 */
  readonly signature: string;
  /** the 成文日期 as printed, e.g. 2024年1月9日 */
  readonly date: string;
}

/**
 * Reads the standard's positions off a rendered bulletin. The title is the run of lines between the
 * 发文字号 (or the top) and the 主送机关, which ends with "：".
 */
export function measureBulletin(pages: readonly PdfPage[], marks: BulletinMarks): BulletinLayout {
  const squeeze = (text: string) => text.replace(/\s/g, "");
  const first = pages[0]!;
  const headerIndex = first.lines.findIndex((line) => line.text === `${marks.office}文件`);
  const header = headerIndex >= 0 ? first.lines[headerIndex]! : null;
  const docNumber = header ? first.lines[headerIndex + 1]! : null;
  const addresseesIndex = first.lines.findIndex((line) => line.text.endsWith("："));
  const titleLines = first.lines.slice(header ? headerIndex + 2 : 0, addresseesIndex).map((line) => line.text);

  const signedIndex = pages.findIndex((page) => page.lines.some((line) => squeeze(line.text) === squeeze(marks.date)));
  const signed = pages[signedIndex]!;
  const firstOf = (page: PdfPage, test: (line: PdfLine) => boolean) => page.lines.findIndex(test);
  const noteOnSigned = firstOf(signed, (line) => line.text.startsWith("附件："));
  const signatureOnSigned = firstOf(signed, (line) => squeeze(line.text).startsWith(squeeze(marks.signature)));
  const bodyLinesOnSignedPage = noteOnSigned >= 0 ? noteOnSigned : Math.max(0, signatureOnSigned);

  const textPages = pages.slice(0, signedIndex + 1).filter(isPortrait);
  const textLines = (page: PdfPage) => page.lines.filter((line, index) => !isPageNumber(line) && (page !== first || index > addresseesIndex));
  const flowing = textPages.flatMap(textLines);
  const noteStart = flowing.findIndex((line) => line.text.startsWith("附件："));
  const signatureStart = flowing.findIndex((line) => squeeze(line.text).startsWith(squeeze(marks.signature)));
  const attachmentNote = noteStart < 0 ? [] : flowing.slice(noteStart, signatureStart).map((line) => line.text);
  const charactersPerLine = Math.max(...flowing.filter((line) => !/[\x21-\x7e]/.test(line.text)).map((line) => [...line.text].length));
  const linesPerPage = Math.max(...textPages.map((page) => page.lines.filter((line) => !isPageNumber(line)).length));

  const pageNumbers = pages.filter(isPortrait).flatMap((page) => {
    const line = page.lines.find(isPageNumber);
    if (!line) return [];
    const fromLeft = line.left - TEXT_BLOCK.left;
    const fromRight = TEXT_BLOCK.left + TEXT_BLOCK.width - line.right;
    const side = Math.abs(fromLeft - fromRight) < 5 ? ("centre" as const) : fromLeft < fromRight ? ("left" as const) : ("right" as const);
    return [{ page: page.number, side, inset: side === "left" ? fromLeft : fromRight, below: (line.top + line.bottom) / 2 - (TEXT_BLOCK.top + TEXT_BLOCK.height) }];
  });

  const last = pages.at(-1)!;
  const recordLines = last.lines.filter((line) => line.text.startsWith("抄送") || line.text.endsWith("印发"));
  const record = recordLines.length === 0 ? null : { page: last.number, lines: recordLines.map((line) => line.text), footAboveBlockEnd: TEXT_BLOCK.top + TEXT_BLOCK.height - recordLines.at(-1)!.bottom };

  const bodyPitch = 10.2; // mm: the 28.9pt line
  return {
    redHeaderFromBlockTop: header ? header.top - TEXT_BLOCK.top : null,
    docNumberLinesBelowHeader: header && docNumber ? Math.round((docNumber.top - header.bottom) / bodyPitch) : null,
    titleLines,
    charactersPerLine,
    linesPerPage,
    attachmentNote,
    signedPage: signed.number,
    bodyLinesOnSignedPage,
    pageNumbers,
    record,
  };
}
