// Bulletin → Word document laid out as an official document (GB/T 9704): optional red header with the
// document number and red rule, the title, 主送机关, the numbered body, 存在的问题, the 附件 list and the
// signature; then each 附件 table in a section of its own, so it starts on a new page (landscape when wide);
// last the 版记, at the foot of an even page of its own (the back of the last sheet).
// Page numbers: odd pages on the right, even pages on the left, one character in (GB/T 9704 7.5).
// The library lays out everything but the tables' rows: each table is a marker paragraph, replaced in
// word/document.xml by the table written directly (attachment-table.ts).
import { AlignmentType, Document, Footer, Packer, PageNumber, PageOrientation, Paragraph, SectionType, TextRun, type ISectionOptions } from "docx";
import type { AttachmentTable, Bulletin } from "../../domain/bulletin/types.ts";
import { attachmentItems, bodyBlocks, openingSentence, signatureLines } from "../outline.ts";
import { attachmentTableStyles, attachmentTableXml, isWideTable } from "./attachment-table.ts";
import { A4, FACE, font, halfPoints, MARGINS, SIZE_PT, TEXT_WIDTH_LANDSCAPE, TEXT_WIDTH_PORTRAIT, twips } from "./official-style.ts";
import {
  addresseesParagraph,
  attachmentLabel,
  attachmentList,
  blankLine,
  bodyParagraph,
  docNumberLine,
  headingParagraph,
  recordSheet,
  redHeader,
  signature,
  tableNoteLine,
  titleParagraph,
} from "./paragraphs.ts";
import { readZip, writeZip } from "../zip-parts.ts";

export interface DocxOptions {
  /** print the red 版头 (office + 文件, red rule); default true */
  readonly redHeader?: boolean;
}

export async function renderDocx(bulletin: Bulletin, options: DocxOptions = {}): Promise<Buffer> {
  const document = new Document({
    creator: bulletin.header.office,
    title: bulletin.header.title,
    evenAndOddHeaderAndFooters: true,
    styles: { default: { document: { run: { font: font(FACE.body), size: halfPoints(SIZE_PT.san) } } }, paragraphStyles: attachmentTableStyles() },
    sections: [
      mainSection(bulletin, options.redHeader ?? true),
      ...bulletin.attachments.map((table) => attachmentSection(table, titleKeeps(bulletin))),
      ...(bulletin.header.record ? [recordSection(bulletin.header.record, bulletin.header.issuedOnText)] : []),
    ],
  });
  const parts = await libraryParts(document);
  const text = (data: string | Uint8Array) => (typeof data === "string" ? data : Buffer.from(data).toString("utf8"));
  return writeZip(
    parts.map(({ name, data }) => {
      if (name === "word/document.xml") return { name, pieces: withTables(text(data), bulletin.attachments) };
      if (name === "docProps/core.xml") return { name, data: Buffer.from(datedOnIssue(text(data), bulletin.header.issuedOn)) };
      return { name, data: Buffer.from(data) };
    }),
  );
}

/**
 * The library stamps the document as created and modified now; it is dated on its issue date instead,
 * so the same bulletin always gives the same file (a preview and its publication, a re-render).
 */
function datedOnIssue(coreXml: string, issuedOn: string): string {
  return coreXml.replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g, `$1${issuedOn}T00:00:00Z$2`);
}

type LibraryPart = { readonly name: string; readonly data: string | Uint8Array };
type Compiler = { compile(document: Document, prettify: undefined, overrides: readonly never[]): Map<string, string | Uint8Array> };

/**
 * The package's parts as the docx library writes them. Its Packer zips them with a pure-JavaScript
 * deflate (half a second for a province's text) only for us to unzip and zip again, so the parts are
 * taken from the Packer's compiler before that. The compiler is not the library's public API: should an
 * upgrade move it, the package is unzipped as before.
 */
async function libraryParts(document: Document): Promise<LibraryPart[]> {
  const compiler = (Packer as unknown as { compiler?: Partial<Compiler> }).compiler;
  if (typeof compiler?.compile === "function") {
    return [...compiler.compile(document, undefined, [])].map(([name, data]) => ({ name, data }));
  }
  return readZip(await Packer.toBuffer(document));
}

/** Text no bulletin prints, standing for table N until the table is spliced in. */
const tableMarker = (number: number): string => `\u2063附件表格${number}\u2063`;

/** document.xml with each table's marker paragraph replaced by the table, in pieces. */
function* withTables(xml: string, tables: readonly AttachmentTable[]): Generator<string> {
  let from = 0;
  for (const table of tables) {
    const at = xml.indexOf(tableMarker(table.number), from);
    const start = xml.lastIndexOf("<w:p>", at);
    const end = xml.indexOf("</w:p>", at) + "</w:p>".length;
    if (at < 0 || start < from || xml.slice(start + 1, at).includes("<w:p>")) throw new Error(`附件${table.number}的表格位置未找到`);
    yield xml.slice(from, start);
    yield* attachmentTableXml(table, isWideTable(table) ? TEXT_WIDTH_LANDSCAPE : TEXT_WIDTH_PORTRAIT);
    from = end;
  }
  yield xml.slice(from);
}

/** Words a title is not broken inside: the office, the period, the subject, the groups' names. */
function titleKeeps(bulletin: Bulletin): string[] {
  const period = `${bulletin.period.year}年${bulletin.rangeLabel}`;
  return [bulletin.header.office, "工作领导小组办公室", "领导小组办公室", period, bulletin.subject, ...bulletin.groups.map((group) => group.name), "进展情况"];
}

function mainSection(bulletin: Bulletin, withRedHeader: boolean): ISectionOptions {
  const { header } = bulletin;
  const children: Paragraph[] = [];
  // 发文字号 two lines below the 发文机关标志, the title two lines below the red rule (GB/T 9704 7.2.3, 7.3.1)
  if (withRedHeader) children.push(redHeader(header.office), blankLine(), blankLine());
  if (header.docNumber) children.push(docNumberLine(header.docNumber, withRedHeader));
  else if (withRedHeader) children.push(docNumberLine("", true));
  children.push(blankLine(), ...(withRedHeader ? [blankLine()] : []), titleParagraph(header.title, { keep: titleKeeps(bulletin) }), blankLine());
  children.push(addresseesParagraph(header.addressees));
  const blocks = [{ kind: "paragraph", text: openingSentence(bulletin) } as const, ...bodyBlocks(bulletin)];
  blocks.forEach((block, index) => {
    children.push(block.kind === "heading" ? headingParagraph(block.text, block.level) : bodyParagraph(block.text, index === blocks.length - 1));
  });
  if (bulletin.attachments.length > 0) children.push(blankLine(true), ...attachmentList(attachmentItems(bulletin)));
  children.push(blankLine(true), blankLine(true), ...signature(signatureLines(bulletin), header.issuedOnText));
  return { properties: pageProperties(false), footers: pageNumberFooters(), children };
}

function attachmentSection(table: AttachmentTable, keep: readonly string[]): ISectionOptions {
  const isWide = isWideTable(table);
  return {
    properties: pageProperties(isWide),
    footers: pageNumberFooters(),
    children: [
      attachmentLabel(table.number),
      blankLine(),
      titleParagraph(table.title, { pt: SIZE_PT.xiaoEr, width: isWide ? TEXT_WIDTH_LANDSCAPE : TEXT_WIDTH_PORTRAIT, keep }),
      tableNoteLine(table.measures, "right"),
      new Paragraph({ children: [new TextRun(tableMarker(table.number))] }),
      tableNoteLine(table.note),
    ],
  };
}

/**
 * 版记 on an even page of its own (Word adds a blank page when needed; LibreOffice 7.4 does not), at its
 * foot; unnumbered, as the standard has a blank page before the 版记页 and both without numbers.
 */
function recordSection(record: NonNullable<Bulletin["header"]["record"]>, issuedOnText: string): ISectionOptions {
  return {
    properties: { ...pageProperties(false), type: SectionType.EVEN_PAGE },
    footers: { default: new Footer({ children: [] }), even: new Footer({ children: [] }) },
    children: recordSheet({ copyTo: record.copyTo, printedBy: record.printedBy, printedOn: issuedOnText }, A4.height - MARGINS.top - MARGINS.bottom),
  };
}

function pageProperties(isLandscape: boolean): ISectionOptions["properties"] {
  return {
    page: {
      size: { width: A4.width, height: A4.height, orientation: isLandscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
      margin: MARGINS,
    },
  };
}

/** 页码: "— 1 —" in 四号 宋体, one character in from the right on odd pages and from the left on even ones. */
function pageNumberFooters(): { default: Footer; even: Footer } {
  const oneChar = twips(SIZE_PT.si);
  const footer = (side: "right" | "left") =>
    new Footer({
      children: [
        new Paragraph({
          alignment: side === "right" ? AlignmentType.RIGHT : AlignmentType.LEFT,
          indent: side === "right" ? { right: oneChar } : { left: oneChar },
          children: [new TextRun({ children: ["— ", PageNumber.CURRENT, " —"], font: font(FACE.pageNumber), size: halfPoints(SIZE_PT.si) })],
        }),
      ],
    });
  return { default: footer("right"), even: footer("left") };
}
