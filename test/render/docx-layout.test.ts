// The Zhangye bulletin's Word file as LibreOffice lays it out, measured against GB/T 9704-2012 (the
// measurements are test/tools/pdf-layout.ts; test/tools/preview-docx.sh prints them). Skipped on a
// machine without LibreOffice and poppler; CI installs both. Page 1 and the last page are saved as
// pictures beside the browser test's screenshots, for people to look at.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Bulletin } from "../../src/domain/bulletin/types.ts";
import { renderDocx } from "../../src/render/docx/render-docx.ts";
import { signatureLines } from "../../src/render/outline.ts";
import { zhangyeBulletin } from "./support/fixture-bulletin.ts";
import { measureBulletin, readPdfLayout, type BulletinLayout } from "../tools/pdf-layout.ts";
import { hasTool } from "../support/has-tool.ts";

const canRender = hasTool("soffice") && hasTool("pdftotext") && hasTool("pdftoppm");
const SHOTS = join(process.cwd(), ".artifacts", "screenshots");
/** One character of 四号 (14pt), in mm: the page number's distance in from the edge. */
const ONE_SI_CHAR_MM = (14 * 25.4) / 72;

describe.skipIf(!canRender)("the Zhangye bulletin laid out by LibreOffice (GB/T 9704-2012)", () => {
  let dir: string;
  let bulletin: Bulletin;
  let layout: BulletinLayout;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "bzf-layout-"));
    const fixture = (await zhangyeBulletin()).bulletin;
    // the seed prints no 版记; the office's copies are made up here to lay out both of its lines
    bulletin = { ...fixture, header: { ...fixture.header, record: { copyTo: "市委办公室，市人大常委会办公室，市政府办公室，市政协办公室", printedBy: fixture.header.office } } };
    writeFileSync(join(dir, "bulletin.docx"), await renderDocx(bulletin));
    execFileSync("bash", ["test/tools/render-pdf.sh", join(dir, "bulletin.docx"), dir], { stdio: "ignore", timeout: 120_000 });
    const pdf = join(dir, "bulletin.pdf");
    const pages = readPdfLayout(pdf);
    layout = measureBulletin(pages, { office: bulletin.header.office, signature: signatureLines(bulletin)[0]!, date: bulletin.header.issuedOnText });
    mkdirSync(SHOTS, { recursive: true });
    for (const [page, name] of [[1, "bulletin-page-1"], [pages.length, "bulletin-last-page"]] as const) {
      execFileSync("pdftoppm", ["-r", "60", "-png", "-singlefile", "-f", String(page), "-l", String(page), pdf, join(dir, name)]);
      copyFileSync(join(dir, `${name}.png`), join(SHOTS, `${name}.png`));
    }
  }, 180_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("sets the 发文机关标志 35mm below the top of the text block and the 发文字号 two lines under it (bug: 39.6mm from the page's top)", () => {
    expect(layout.redHeaderFromBlockTop).toBeGreaterThan(33.5);
    expect(layout.redHeaderFromBlockTop).toBeLessThan(36.5);
    expect(layout.docNumberLinesBelowHeader).toBe(2);
  });

  it("breaks the title between words (bug: 进/展)", () => {
    expect(layout.titleLines.join("")).toBe(bulletin.header.title);
    expect(layout.titleLines.length).toBeGreaterThan(1);
    for (const word of ["保障性安居工程", "进展情况", "通报", "办公室"]) expect(layout.titleLines.some((line) => line.includes(word)), word).toBe(true);
  });

  it("sets the 正文 28 characters a line and 22 lines a page (bug: 27 a line)", () => {
    expect(layout.charactersPerLine).toBe(28);
    expect(layout.linesPerPage).toBe(22);
  });

  it("lists the 附件 without punctuation after their titles and keeps 正文 on the 署名's page", () => {
    expect(layout.attachmentNote[0]).toMatch(/^附件：1\./);
    // a long title wraps; no line of the list ends in punctuation
    for (const line of layout.attachmentNote) expect(line).not.toMatch(/[；。，]$/);
    expect(layout.bodyLinesOnSignedPage).toBeGreaterThan(0);
  });

  it("numbers odd pages on the right and even pages on the left, one character in, 7mm below the text block (bug: always centred)", () => {
    expect(layout.pageNumbers.length).toBeGreaterThan(4);
    for (const number of layout.pageNumbers) {
      expect(number.side, `page ${number.page}`).toBe(number.page % 2 === 1 ? "right" : "left");
      expect(Math.abs(number.inset - ONE_SI_CHAR_MM), `page ${number.page}`).toBeLessThan(1);
      expect(Math.abs(number.below - 7), `page ${number.page}`).toBeLessThan(1.5);
    }
  });

  it("ends with the 版记 at the foot of the last page: 抄送, then 印发机关 and 印发日期 (bug: no 版记)", () => {
    expect(layout.record).not.toBeNull();
    const text = layout.record!.lines.join("");
    expect(text).toContain("抄送：市委办公室，市人大常委会办公室，");
    expect(layout.record!.lines.at(-1)).toBe(`${bulletin.header.office}${bulletin.header.issuedOnText}印发`);
    expect(layout.record!.footAboveBlockEnd).toBeGreaterThanOrEqual(0);
    expect(layout.record!.footAboveBlockEnd).toBeLessThan(6);
  });
});
