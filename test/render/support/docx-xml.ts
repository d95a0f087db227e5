// Reads a .docx back for the tests: word/document.xml unzipped with jszip, and the few structures we
// check (paragraph texts, tables with their rows and cells) picked out of our own, regular XML.
import JSZip from "jszip";

export interface DocxTableRow {
  readonly isHeader: boolean;
  readonly xml: string;
  readonly cells: readonly string[];
}

export async function documentXml(docx: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(docx);
  const file = zip.file("word/document.xml");
  if (!file) throw new Error("word/document.xml missing");
  return file.async("string");
}

const decode = (text: string) => text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");

export function textOf(xml: string): string {
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((match) => decode(match[1]!)).join("");
}

/** Paragraphs outside tables, as text. */
export function bodyParagraphs(xml: string): string[] {
  const outside = xml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, "");
  return [...outside.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((match) => textOf(match[0]));
}

export function tables(xml: string): DocxTableRow[][] {
  return [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((table) =>
    [...table[1]!.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((row) => ({
      isHeader: row[0].includes("<w:tblHeader"),
      xml: row[0],
      cells: [...row[0].matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((cell) => textOf(cell[1]!)),
    })),
  );
}
