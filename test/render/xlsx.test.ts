// The workbook read back with exceljs: one sheet per 附件 with merged titles and headers, frozen header
// rows, every figure a number cell equal to the model's with a number format, rates as percentages, the
// scope row bold, the 备注 line; and the 原始数据 sheet with the period's stored figures.
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Bulletin } from "../../src/domain/bulletin/types.ts";
import { tableLeaves } from "../../src/render/table-cells.ts";
import type { RawFigure } from "../../src/render/xlsx/raw-figures.ts";
import { RAW_HEADERS, RAW_SHEET_NAME } from "../../src/render/xlsx/raw-sheet.ts";
import { renderXlsx } from "../../src/render/xlsx/render-xlsx.ts";
import { sheetName } from "../../src/render/xlsx/sheet-names.ts";
import { zhangyeBulletin } from "./support/fixture-bulletin.ts";
import { syntheticBulletin } from "./support/synthetic.ts";

/** What Excel displays for a number under the formats the workbook uses ("0", "0.00", "0%", "0.0%"). */
function excelShows(value: number, numFmt: string): string {
  const format = /^0(?:\.(0+))?(%?)$/.exec(numFmt);
  if (!format) throw new Error(`unexpected number format ${numFmt}`);
  const decimals = format[1]?.length ?? 0;
  return format[2] ? `${(value * 100).toFixed(decimals)}%` : value.toFixed(decimals);
}

async function readBack(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

/** The first row of data: after the title, the 单位 line and one or two header rows. */
const firstDataRow = (sheet: ExcelJS.Worksheet) => (sheet.getCell(4, 1).isMerged && sheet.getCell(4, 1).master.address === "A3" ? 5 : 4);

describe("renderXlsx (Zhangye 2023-12)", () => {
  let bulletin: Bulletin;
  let rawFigures: readonly RawFigure[];
  let workbook: ExcelJS.Workbook;
  beforeAll(async () => {
    ({ bulletin, rawFigures } = await zhangyeBulletin());
    workbook = await readBack(await renderXlsx(bulletin, { rawFigures }));
  });

  it("has one sheet per 附件 and the raw figures last", () => {
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([...bulletin.attachments.map((table) => `附件${table.number} ${table.group}`), RAW_SHEET_NAME]);
  });

  it("stores every figure as a number equal to the model's, shown as the Word table prints it (bug: 25480.00, 54.0%)", () => {
    bulletin.attachments.forEach((table, t) => {
      const sheet = workbook.worksheets[t]!;
      const first = firstDataRow(sheet);
      const leaves = tableLeaves(table.columns);
      table.rows.forEach((row, r) => {
        const line = sheet.getRow(first + r);
        expect(line.getCell(1).value).toBe(row.label);
        leaves.forEach((leaf, l) => {
          const cell = line.getCell(l + 2);
          const { number, text } = leaf.value(row);
          if (number === null) {
            expect(cell.value ?? null).toBeNull();
            return;
          }
          expect(typeof cell.value).toBe("number");
          // what Excel shows for the cell is the table's text
          expect(excelShows(cell.value as number, cell.numFmt)).toBe(text);
          if (leaf.kind === "rate") expect(Math.round((cell.value as number) * 1000) / 10).toBe(number);
          else expect(cell.value).toBe(number);
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
    // 到位资金 25480 and 支出率 54%: whole numbers shown whole
    expect(workbook.worksheets[4]!.getCell("B4").numFmt).toBe("0");
    expect(excelShows(workbook.worksheets[4]!.getCell("D5").value as number, workbook.worksheets[4]!.getCell("D5").numFmt)).toBe("54%");
  });

  it("makes the header rows tall enough for their text to wrap inside them (bug: headers ran into the first row)", () => {
    for (const sheet of workbook.worksheets.slice(0, bulletin.attachments.length)) {
      const headerRows = firstDataRow(sheet) === 5 ? [3, 4] : [3];
      for (const r of headerRows) {
        const row = sheet.getRow(r);
        let widest = 1;
        row.eachCell((cell, column) => {
          if (cell.isMerged && cell.master.address !== cell.address) return;
          const text = String(cell.value ?? "");
          let width = sheet.getColumn(column).width!;
          for (let next = column + 1; sheet.getCell(r, next).isMerged && sheet.getCell(r, next).master.address === cell.address; next++) width += sheet.getColumn(next).width!;
          widest = Math.max(widest, Math.ceil([...text].length / Math.floor((width - 1) / 2)));
        });
        expect(row.height, `${sheet.name} row ${r}`).toBeGreaterThanOrEqual(widest * 14);
      }
    }
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
      // the indicator by its name, never its id
      expect([row.getCell(1).value, row.getCell(2).value, row.getCell(3).value]).toEqual([figure.unit, figure.indicatorName, figure.measure]);
      expect(row.getCell(4).value ?? null).toBe(figure.target);
      expect(row.getCell(5).value ?? null).toBe(figure.actual);
      if (figure.actual !== null) expect(excelShows(figure.actual, row.getCell(5).numFmt)).toBe(String(figure.actual));
    });
    expect(sheet.getCell("A1").font?.bold).toBe(true);
    expect(sheet.getCell("A2").font).toMatchObject({ name: "宋体", size: 11 });
    expect(sheet.getCell("A2").font?.bold).toBeFalsy();
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.autoFilter).toBe("A1:E1");
    expect([1, 2, 3, 4, 5].map((column) => sheet.getColumn(column).width)).toEqual([12, 28, 10, 12, 12]);
    expect(rawFigures).toContainEqual(expect.objectContaining({ unit: "全市", indicatorKey: "pg_touzi", target: 32000, actual: 31500 }));
    expect(rawFigures).toContainEqual(expect.objectContaining({ unit: "甘州区", indicatorKey: "zj_zhichu", actual: 1092.28 }));
  });
});

describe("renderXlsx number formats and awkward text", () => {
  it("shows every cell as the table's text, whatever the rate digits and the trailing-zero style", async () => {
    for (const rate of [{ digits: 1, trailingZero: false }, { digits: 2, trailingZero: true }, { digits: 2, trailingZero: false }] as const) {
      const { bulletin } = syntheticBulletin(30, undefined, rate);
      const workbook = await readBack(await renderXlsx(bulletin));
      expect(workbook.worksheets.map((sheet) => sheet.name)).not.toContain(RAW_SHEET_NAME);
      let shown = 0;
      bulletin.attachments.forEach((table, t) => {
        const sheet = workbook.worksheets[t]!;
        const first = firstDataRow(sheet);
        const leaves = tableLeaves(table.columns);
        table.rows.forEach((row, r) => {
          leaves.forEach((leaf, l) => {
            const { number, text } = leaf.value(row);
            if (number === null) return;
            const cell = sheet.getCell(first + r, l + 2);
            expect(excelShows(cell.value as number, cell.numFmt), `${rate.digits}/${rate.trailingZero} ${sheet.name} ${cell.address}`).toBe(text);
            shown++;
          });
        });
      });
      expect(shown).toBeGreaterThan(100);
    }
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
    const { bulletin } = syntheticBulletin(30);
    const [first, second] = [await renderXlsx(bulletin), await renderXlsx(bulletin)];
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
