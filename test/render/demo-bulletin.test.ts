// The 60-unit demo province's bulletin: fourteen problem paragraphs naming dozens of counties are the
// document's to carry. The card gives each its topic clause and sends the leader to the text; the text
// names every unit any finding names, each group's paragraph only its extremes, and stays within six
// pages (measured with LibreOffice when it is installed).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { importFiguresText, importWorkspaceText } from "../support/import-text.ts";
import { DEMO_FIGURES_FILE, DEMO_LAST_PERIOD, DEMO_WORKSPACE_FILE } from "../../src/demo/files.ts";
import { computeFindings } from "../../src/features/findings/compute-findings.ts";
import { buildBulletin } from "../../src/features/bulletin/build-bulletin.ts";
import { renderSummaryCard } from "../../src/render/card/summary-card.ts";
import { renderMarkdown } from "../../src/render/markdown.ts";
import { renderDocx } from "../../src/render/docx/render-docx.ts";
import { parsePeriod } from "../../src/domain/period.ts";
import type { Bulletin } from "../../src/domain/bulletin/types.ts";
import { hasTool } from "../support/has-tool.ts";

let database: TestDatabase;
let bulletin: Bulletin;

beforeAll(async () => {
  database = await createTestDatabase();
  const workspace = await importWorkspaceText(database.db, readFileSync(DEMO_WORKSPACE_FILE, "utf8"));
  await importFiguresText(database.db, workspace, readFileSync(DEMO_FIGURES_FILE, "utf8"));
  const period = parsePeriod(DEMO_LAST_PERIOD);
  const { findings, problems, loaded } = await computeFindings(database.db, workspace, period, new Date("2024-11-06T02:00:00Z"));
  bulletin = await buildBulletin(database.db, workspace, { period, issuedOn: "2024-11-06", docSequence: 1, findings, problems, loaded });
});

afterAll(() => database.destroy());

function problemsBlock(card: unknown): string {
  const element = (card as { body: { elements: { element_id?: string; content?: string }[] } }).body.elements.find((e) => e.element_id === "problems");
  return element?.content ?? "";
}

describe("the demo province's bulletin", () => {
  it("lists the problems by their topic clauses, short, and points to the text (bug: 1,743 characters)", () => {
    expect(bulletin.problems.join("").length).toBeGreaterThan(600);
    const block = problemsBlock(renderSummaryCard(bulletin));
    expect(block.length).toBeLessThan(600);
    const lines = block.split("\n").slice(1);
    expect(lines.at(-1)).toMatch(/各条的单位和数据详见通报正文“存在的问题”。$/);
    // each listed problem is the start of one of the text's, in order
    const listed = lines.filter((line) => /^[一二三四五六七八九十]+是/.test(line));
    expect(listed.length).toBe(Math.min(8, bulletin.problems.length));
    listed.forEach((line, index) => expect(bulletin.problems[index]!.startsWith(line.replace(/…$/, ""))).toBe(true));
  });

  it("names in each group's paragraph the units with the highest and the lowest rate, ties included, and sends the reader to the 附件", () => {
    for (const section of bulletin.sections) {
      const said = section.text.match(/其中，(\S+?)最高的是(.*?)；最低的是(.*?)。各市县情况详见附件(\d+)。$/);
      expect(said, section.group).not.toBeNull();
      const table = bulletin.attachments.find((attachment) => attachment.group === section.group)!;
      expect(Number(said![4])).toBe(table.number);
      // the lowest named are exactly the units at the lowest rate or among the three lowest, as the 附件 shows them
      const indicator = bulletin.indicators.find((i) => i.group === section.group && i.rateName === said![1] && i.units.some((row) => row.rate.value !== null));
      const rows = indicator ? indicator.units : bulletin.ratios.find((r) => r.group === section.group)!.units;
      const rated = rows.filter((row) => row.rate.value !== null).sort((a, b) => a.rate.value! - b.rate.value!);
      const cutoff = rated[2]!.rate.value!;
      const lowest = rated.filter((row) => row.rate.value! <= cutoff).map((row) => row.unit);
      for (const unit of lowest) expect(said![3], `${section.group} ${unit}`).toContain(unit);
      expect(section.text).not.toMatch(/其中：/);
    }
  });

  it("keeps the text within six pages of 28 characters by 22 lines (bug: 32 pages, 17 of them text)", () => {
    const text = renderMarkdown(bulletin);
    const body = text.slice(0, text.indexOf("\n---\n"));
    // every paragraph starts a line and its last line is counted whole
    const lines = body.split("\n").filter((line) => line.trim() !== "").reduce((sum, line) => sum + Math.ceil((line.replace(/^#+ |\*\*/g, "").length + 2) / 28), 0);
    expect(lines).toBeLessThanOrEqual(6 * 22);
  });

  it("still names in the text every unit any finding names", () => {
    const text = renderMarkdown(bulletin);
    const body = text.slice(text.indexOf("存在的问题"), text.indexOf("\n---\n"));
    for (const unit of new Set(bulletin.findings.map((finding) => finding.unit))) if (unit !== bulletin.scope) expect(body, unit).toContain(unit);
  });

  it.skipIf(!hasTool("soffice") || !hasTool("pdftotext"))("lays the text out on at most six pages, the 署名 on a page with 正文 (LibreOffice)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bzf-pages-"));
    try {
      writeFileSync(join(dir, "demo.docx"), await renderDocx(bulletin));
      execFileSync("bash", ["test/tools/render-pdf.sh", join(dir, "demo.docx"), dir], { stdio: "ignore", timeout: 120_000 });
      const pdf = join(dir, "demo.pdf");
      const pageCount = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf], { encoding: "utf8" }))![1]);
      const pages = Array.from({ length: pageCount }, (_, i) => execFileSync("pdftotext", ["-f", String(i + 1), "-l", String(i + 1), pdf, "-"], { encoding: "utf8" }).trim());
      const firstAttachment = pages.findIndex((text) => /^附件\s*1\b/.test(text));
      expect(firstAttachment).toBeGreaterThan(0);
      expect(firstAttachment).toBeLessThanOrEqual(6);
      const signed = pages.findIndex((text) => text.includes("2024 年 11 月 6 日") || text.includes("2024年11月6日"));
      expect(signed).toBe(firstAttachment - 1);
      expect(pages[signed]!.slice(0, pages[signed]!.indexOf("附件")).trim().length).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
