// `npm run cli -- bulletin … --out DIR` writes the Word document, the workbook and the card next to the
// Markdown, and all three carry the same numbers as bulletin.json.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { summaryCardSchema } from "../../src/render/card/card-schema.ts";
import { checkCard } from "../../src/sandbox/card-check.ts";
import { documentXml, tables } from "./support/docx-xml.ts";

const run = promisify(execFile);
const TSX = join(process.cwd(), "node_modules/.bin/tsx");

describe("npm run cli -- bulletin (files)", () => {
  it("writes bulletin.docx, bulletin.xlsx and card.json that agree with bulletin.json", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bzf-files-"));
    const out = join(dir, "out");
    const { stdout } = await run(
      TSX,
      ["src/cli.ts", "bulletin", "--workspace", "test/fixtures/zhangye/workspace.yaml", "--figures", "test/fixtures/zhangye/figures.csv", "--period", "2023-12", "--out", out, "--issued", "2024-01-09", "--number", "1"],
      { env: { ...process.env, DATABASE_URL: `file:${join(dir, "cli.db")}` } },
    );
    expect(stdout).toContain("bulletin.docx、bulletin.xlsx、card.json");
    const json = JSON.parse(readFileSync(join(out, "bulletin.json"), "utf8"));
    const total = json.indicators.lgxq_touzi.total;

    const card = JSON.parse(readFileSync(join(out, "card.json"), "utf8"));
    expect(summaryCardSchema.safeParse(card).success).toBe(true);
    expect(checkCard(card).ok).toBe(true);
    expect(JSON.stringify(card)).toContain(`完成投资率 <font color='red'>**${total.rate}**</font>`);

    const [investment] = tables(await documentXml(readFileSync(join(out, "bulletin.docx"))));
    const scopeRow = investment!.find((row) => !row.isHeader)!;
    expect(scopeRow.cells.slice(-3)).toEqual([String(total.target), String(total.actual), total.rate]);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(out, "bulletin.xlsx"));
    const sheet = workbook.worksheets[0]!;
    expect([sheet.getCell("H5").value, sheet.getCell("I5").value, sheet.getCell("J5").value]).toEqual([total.target, total.actual, 0.334]);
    expect(workbook.getWorksheet("原始数据")!.rowCount).toBeGreaterThan(1);
  });
});
