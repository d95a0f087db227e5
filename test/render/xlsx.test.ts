// The workbook read back with exceljs: one sheet per 附件 with merged titles and headers, frozen header
// rows, every figure a number cell equal to the model's with a number format, rates as percentages, the
// scope row bold, the 备注 line; and the 原始数据 sheet with the period's stored figures.
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Bulletin } from "../../src/domain/bulletin/types.ts";
import type { WorkspaceModel } from "../../src/domain/workspace.ts";
import { tableLeaves } from "../../src/render/table-cells.ts";
import type { RawFigure } from "../../src/render/xlsx/raw-figures.ts";
import { RAW_HEADERS, RAW_SHEET_NAME } from "../../src/render/xlsx/raw-sheet.ts";
import { renderXlsx } from "../../src/render/xlsx/render-xlsx.ts";
import { sheetName } from "../../src/render/xlsx/sheet-names.ts";
import { zhangyeBulletin } from "./support/fixture-bulletin.ts";
import { syntheticBulletin } from "./support/synthetic.ts";

async function readBack(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

/** The first row of data: after the title, the 单位 line and one or two header rows. */
const firstDataRow = (sheet: ExcelJS.Worksheet) => (sheet.getCell(4, 1).isMerged && sheet.getCell(4, 1).master.address === "A3" ? 5 : 4);

describe("renderXlsx (Zhangye 2023-12)", () => {
  let bulletin: Bulletin;
  let workspace: WorkspaceModel;
  let rawFigures: readonly RawFigure[];
  let workbook: ExcelJS.Workbook;
  beforeAll(async () => {
    ({ bulletin, workspace, rawFigures } = await zhangyeBulletin());
    workbook = await readBack(await renderXlsx(bulletin, { rawFigures, workspace }));
  });

  it("has one sheet per 附件 and the raw figures last", () => {
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([...bulletin.attachments.map((table) => `附件${table.number} ${table.group}`), RAW_SHEET_NAME]);
  });

  it("stores every figure as a number equal to the model's, with the indicator's number format", () => {
    const decimals = new Map(workspace.indicators.map((indicator) => [indicator.key, indicator.decimals]));
    bulletin.attachments.forEach((table, t) => {
      const sheet = workbook.worksheets[t]!;
      const first = firstDataRow(sheet);
      const leafKeys = table.columns.flatMap((column) => tableLeaves([column]).map(() => column.key));
      const leaves = tableLeaves(table.columns);
      table.rows.forEach((row, r) => {
        const line = sheet.getRow(first + r);
        expect(line.getCell(1).value).toBe(row.label);
        leaves.forEach((leaf, l) => {
          const cell = line.getCell(l + 2);
          const { number } = leaf.value(row);
          if (number === null) {
            expect(cell.value ?? null).toBeNull();
            return;
          }
          expect(typeof cell.value).toBe("number");
          if (leaf.kind === "rate") {
            expect(cell.numFmt).toBe("0.0%");
            expect(cell.value).toBe(Number((number / 100).toFixed(3)));
            expect(Math.round((cell.value as number) * 1000) / 10).toBe(number);
          } else {
            expect(cell.value).toBe(number);
            expect(cell.numFmt).toBe(decimals.get(leafKeys[l]!) === 2 ? "0.00" : "0");
          }
        });
      });
      expect(sheet.getCell(first + table.rows.length - 1, 1).value).toBe(table.rows.at(-1)!.label);
      expect(sheet.getCell(first + table.rows.length, 1).value).toBe(table.note);
      expect(sheet.rowCount).toBe(first + table.rows.length);
    });
    // spot checks against the seed: 33.4% stored as 0.334, 1092.28万元 as 1092.28
    const investment = workbook.worksheets[0]!;
    expect(investment.getCell("J5").value).toBe(0.334);
    expect(workbook.worksheets[4]!.getCell("C4").value).toBe(15149.5);
    expect(workbook.worksheets[4]!.getCell("C5").value).toBe(1092.28);
  });

  it("merges the title across, 地区 over two rows and each group across its leaves", () => {
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getCell("A1").value).toBe(bulletin.attachments[0]!.title);
    expect(sheet.getCell("J1").master.address).toBe("A1");
    expect(sheet.getCell("A2").value).toBe("单位：个、户、万元");
    expect(sheet.getCell("A4").master.address).toBe("A3");
    expect(sheet.getCell("A3").value).toBe("地区");
    expect(["B3", "E3", "H3"].map((address) => sheet.getCell(address).value)).toEqual(["开工小区（个）", "开工（户）", "完成投资（万元）"]);
    expect(["C3", "D3"].map((address) => sheet.getCell(address).master.address)).toEqual(["B3", "B3"]);
    expect(sheet.getCell("J3").master.address).toBe("H3");
    expect(["B4", "C4", "D4"].map((address) => sheet.getCell(address).value)).toEqual(["年度任务", "完成", "小区开工率"]);
    // 附件4: 发放金额 has no target, so its header cell spans both rows.
    const subsidy = workbook.worksheets[3]!;
    expect(subsidy.getCell("E4").master.address).toBe("E3");
    expect(subsidy.getCell("E3").value).toBe("发放金额（万元）");
    // 附件5: every column stands alone, so one header row.
    expect(workbook.worksheets[4]!.getCell("A4").value).toBe("全市");
  });

  it("freezes the header rows and the 地区 column, and bolds only the scope row", () => {
    const sheet = workbook.worksheets[0]!;
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 4, xSplit: 1 });
    expect(workbook.worksheets[4]!.views[0]).toMatchObject({ state: "frozen", ySplit: 3 });
    expect(sheet.getCell("A5").font?.bold).toBe(true);
    expect(sheet.getCell("B5").font?.bold).toBe(true);
    expect(sheet.getCell("A6").font?.bold).toBeFalsy();
    expect(sheet.getCell("B6").font?.bold).toBeFalsy();
  });

  it("sets the column widths, the title row's height and the print layout: A4, one page wide, header rows on every page", () => {
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getColumn(1).width).toBe(14);
    expect([2, 5, 10].map((column) => sheet.getColumn(column).width)).toEqual([12, 12, 12]);
    expect(sheet.getRow(1).height).toBe(30);
    expect(sheet.getCell("A1").font).toMatchObject({ name: "宋体", size: 16, bold: true });
    expect(sheet.getCell("A1").alignment).toMatchObject({ horizontal: "center", vertical: "middle" });
    expect(sheet.getCell("A2").alignment).toMatchObject({ horizontal: "right" });
    expect(sheet.getCell("C3").border).toMatchObject({ top: { style: "thin" }, left: { style: "thin" }, bottom: { style: "thin" }, right: { style: "thin" } });
    expect(sheet.getCell("C3").alignment).toMatchObject({ horizontal: "center", vertical: "middle", wrapText: true });
    expect(sheet.getCell("B6").border?.left).toEqual({ style: "thin" });
    expect(sheet.getCell("B6").alignment).toMatchObject({ horizontal: "right" });
    // 甘州区 has no 完成投资 target: the cell is empty but keeps its border
    expect(sheet.getCell("H6").value ?? null).toBeNull();
    expect(sheet.getCell("H6").border?.left).toEqual({ style: "thin" });
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: "3:4" });
    expect(workbook.worksheets[4]!.pageSetup).toMatchObject({ orientation: "portrait", printTitlesRow: "3:3" });
  });

  it("lists the period's stored figures on the raw sheet, including the scope's own", () => {
    const sheet = workbook.getWorksheet(RAW_SHEET_NAME)!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([...RAW_HEADERS]);
    expect(sheet.rowCount).toBe(rawFigures.length + 1);
    rawFigures.forEach((figure, index) => {
      const row = sheet.getRow(index + 2);
      expect([row.getCell(1).value, row.getCell(2).value, row.getCell(3).value, row.getCell(4).value]).toEqual([figure.unit, figure.indicatorKey, figure.indicatorName, figure.measure]);
      expect(row.getCell(5).value ?? null).toBe(figure.target);
      expect(row.getCell(6).value ?? null).toBe(figure.actual);
      expect(row.getCell(6).numFmt).toBe(figure.decimals === 2 ? "0.00" : "0");
    });
    expect(sheet.getCell("A1").font?.bold).toBe(true);
    expect(sheet.getCell("A2").font).toMatchObject({ name: "宋体", size: 11 });
    expect(sheet.getCell("A2").font?.bold).toBeFalsy();
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.autoFilter).toBe("A1:F1");
    expect([1, 2, 3, 4, 5, 6].map((column) => sheet.getColumn(column).width)).toEqual([12, 16, 16, 10, 12, 12]);
    expect(rawFigures).toContainEqual(expect.objectContaining({ unit: "全市", indicatorKey: "pg_touzi", target: 32000, actual: 31500 }));
    expect(rawFigures).toContainEqual(expect.objectContaining({ unit: "甘州区", indicatorKey: "zj_zhichu", actual: 1092.28 }));
  });
});

describe("renderXlsx without the workspace", () => {
  it("infers decimals and rate digits from the figures, and leaves the raw sheet out", async () => {
    const { bulletin } = syntheticBulletin(30);
    const workbook = await readBack(await renderXlsx(bulletin));
    expect(workbook.worksheets.map((sheet) => sheet.name)).not.toContain(RAW_SHEET_NAME);
    const sheet = workbook.worksheets[0]!;
    const rateCells = [4, 7].map((column) => sheet.getCell(5, column));
    for (const cell of rateCells) expect(cell.numFmt).toBe("0.0%");
    expect(sheet.getCell(5, 2).numFmt).toBe("0");
    expect(sheet.getCell(6, 6).numFmt).toBe("0.00");
    expect(workbook.worksheets[0]!.rowCount).toBe(4 + 31 + 1);
  });
});

describe("renderXlsx number formats and awkward text", () => {
  it("writes rates with 2 digits and amounts with 3 decimals as their Excel formats", async () => {
    const { bulletin, workspace } = syntheticBulletin(10);
    const indicators = workspace.indicators.map((indicator) => (indicator.key === "pg_touzi" ? { ...indicator, decimals: 3 } : indicator));
    const sheet = (await readBack(await renderXlsx(bulletin, { workspace: { indicators, rate: { digits: 2, trailingZero: false } } }))).worksheets[0]!;
    const leaves = bulletin.attachments[0]!.columns.flatMap((column) => tableLeaves([column]).map((leaf) => ({ key: column.key, leaf })));
    const rate = leaves.findIndex(({ leaf }) => leaf.kind === "rate") + 2;
    expect(sheet.getCell(5, rate).numFmt).toBe("0.00%");
    expect(typeof sheet.getCell(5, rate).value).toBe("number");
    const investment = leaves.findIndex(({ key, leaf }) => key === "pg_touzi" && leaf.title === "完成") + 2;
    expect(sheet.getCell(5, investment).numFmt).toBe("0.000");
    expect(typeof sheet.getCell(5, investment).value).toBe("number");
  });

  it("keeps names with XML's special characters, control characters and apostrophes intact", async () => {
    const { bulletin } = syntheticBulletin(3);
    const odd = `A&B <县> "新"区 _x0041_ \u000b`;
    const table = bulletin.attachments[0]!;
    const renamed: Bulletin = {
      ...bulletin,
      attachments: [{ ...table, group: "棚户区'改造", title: `${table.title} & <附>`, rows: table.rows.map((row, i) => (i === 1 ? { ...row, label: odd } : row)) }],
    };
    const workbook = await readBack(await renderXlsx(renamed));
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe("附件1 棚户区'改造");
    expect(sheet.getCell("A1").value).toBe(`${table.title} & <附>`);
    expect(sheet.getCell(6, 1).value).toBe(odd);
    expect(sheet.pageSetup.printTitlesRow).toBe("3:4");
  });

  it("gives the same bytes for the same bulletin", async () => {
    const { bulletin, workspace } = syntheticBulletin(30);
    const [first, second] = [await renderXlsx(bulletin, { workspace }), await renderXlsx(bulletin, { workspace })];
    expect(first.equals(second)).toBe(true);
  });
});

describe("sheetName", () => {
  it("keeps names within Excel's rules and unique", () => {
    const taken = new Set<string>();
    const long = "附件1 2023年1--12月全市城镇老旧小区改造和保障性租赁住房进展情况";
    const first = sheetName(long, taken);
    expect([...first].length).toBeLessThanOrEqual(31);
    const second = sheetName(long, taken);
    expect(second).not.toBe(first);
    expect([...second].length).toBeLessThanOrEqual(31);
    expect(sheetName("资金[拨付]:率*?/\\", taken)).toBe("资金 拨付  率");
    expect(sheetName("   ", taken)).toBe("Sheet");
  });
});
