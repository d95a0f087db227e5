// The workbook's package around its sheets: [Content_Types].xml, the relationships, xl/workbook.xml
// (sheet names and the print titles) and the document properties. Each worksheet part and the shared
// strings and styles it refers to are written elsewhere; this file only lists and links them.
import type { SharedStrings } from "./shared-strings.ts";
import type { SheetFrame } from "./sheet-xml.ts";
import type { StyleSheet } from "./style-sheet.ts";
import { xmlText } from "./xml-text.ts";

/** What every sheet files its texts and looks in while it is written. */
export interface WorkbookTables {
  readonly strings: SharedStrings;
  readonly styles: StyleSheet;
}

export interface WorkbookSheet {
  readonly name: string;
  readonly frame: SheetFrame;
  /** the <row> elements, produced as the part is zipped */
  readonly rows: Iterable<string>;
  /** the header rows printed again at the top of every page */
  readonly printTitleRows?: readonly [number, number];
}

export interface WorkbookProperties {
  readonly creator: string;
  readonly title: string;
  /** ISO date; a fixed date keeps the file the same for the same bulletin */
  readonly created: string;
}

const XML_HEAD = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n`;
const RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml";

export const sheetPartName = (index: number): string => `xl/worksheets/sheet${index + 1}.xml`;

export function contentTypesXml(sheetCount: number): string {
  const sheets = Array.from({ length: sheetCount }, (_, i) => `<Override PartName="/${sheetPartName(i)}" ContentType="${CONTENT_TYPE}.worksheet+xml"/>`);
  return (
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
    `<Override PartName="/xl/workbook.xml" ContentType="${CONTENT_TYPE}.sheet.main+xml"/>${sheets.join("")}` +
    `<Override PartName="/xl/styles.xml" ContentType="${CONTENT_TYPE}.styles+xml"/>` +
    `<Override PartName="/xl/sharedStrings.xml" ContentType="${CONTENT_TYPE}.sharedStrings+xml"/>` +
    `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
    `<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
    `</Types>`
  );
}

export function packageRelsXml(): string {
  return relationships([
    [`${RELATIONSHIP}/officeDocument`, "xl/workbook.xml"],
    ["http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", "docProps/core.xml"],
    [`${RELATIONSHIP}/extended-properties`, "docProps/app.xml"],
  ]);
}

/** rId1 styles, rId2 shared strings, then rId3… the sheets in order (workbookXml refers to them so). */
export function workbookRelsXml(sheetCount: number): string {
  return relationships([
    [`${RELATIONSHIP}/styles`, "styles.xml"],
    [`${RELATIONSHIP}/sharedStrings`, "sharedStrings.xml"],
    ...Array.from({ length: sheetCount }, (_, i): [string, string] => [`${RELATIONSHIP}/worksheet`, sheetPartName(i).slice("xl/".length)]),
  ]);
}

export function workbookXml(sheets: readonly Pick<WorkbookSheet, "name" | "printTitleRows">[]): string {
  const listed = sheets.map((sheet, i) => `<sheet name="${xmlText(sheet.name)}" sheetId="${i + 1}" r:id="rId${i + 3}"/>`);
  // Print titles are workbook-level names scoped to their sheet: 'Sheet name'!$3:$4.
  const printTitles = sheets.flatMap((sheet, i) =>
    sheet.printTitleRows ? [`<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${xmlText(`'${sheet.name.replace(/'/g, "''")}'!$${sheet.printTitleRows[0]}:$${sheet.printTitleRows[1]}`)}</definedName>`] : [],
  );
  return (
    `${XML_HEAD}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${RELATIONSHIP}">` +
    `<workbookPr/><sheets>${listed.join("")}</sheets>` +
    (printTitles.length > 0 ? `<definedNames>${printTitles.join("")}</definedNames>` : "") +
    `<calcPr calcId="171027"/></workbook>`
  );
}

export function corePropertiesXml(properties: WorkbookProperties): string {
  const date = `${properties.created}T00:00:00Z`;
  return (
    `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `<dc:creator>${xmlText(properties.creator)}</dc:creator><dc:title>${xmlText(properties.title)}</dc:title>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${date}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${date}</dcterms:modified>` +
    `</cp:coreProperties>`
  );
}

export function appPropertiesXml(sheetNames: readonly string[]): string {
  return (
    `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
    `<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>` +
    `<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>${sheetNames.length}</vt:i4></vt:variant></vt:vector></HeadingPairs>` +
    `<TitlesOfParts><vt:vector size="${sheetNames.length}" baseType="lpstr">${sheetNames.map((name) => `<vt:lpstr>${xmlText(name)}</vt:lpstr>`).join("")}</vt:vector></TitlesOfParts>` +
    `<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0300</AppVersion></Properties>`
  );
}

function relationships(targets: readonly (readonly [type: string, target: string])[]): string {
  const listed = targets.map(([type, target], i) => `<Relationship Id="rId${i + 1}" Type="${type}" Target="${target}"/>`);
  return `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${listed.join("")}</Relationships>`;
}
