// The Zhangye 2023-12 bulletin, recompiled from the figures read off it (test/fixtures/zhangye/golden.json): every
// expected value is printed, and none of the hand-made bulletin's four errors is reproduced.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { goldenFiguresCsv, goldenWorkspaceYaml, readGolden, type Golden } from "../support/golden.ts";
import { importFiguresText, importWorkspaceText } from "../support/import-text.ts";
import { buildBulletin } from "../../src/features/bulletin/build-bulletin.ts";
import { renderMarkdown } from "../../src/render/markdown.ts";
import { toBulletinJson, type BulletinJson } from "../../src/render/bulletin-json.ts";
import { formatQuantity } from "../../src/domain/amount.ts";
import type { Bulletin } from "../../src/domain/bulletin/types.ts";

let database: TestDatabase;
let golden: Golden;
let bulletin: Bulletin;
let json: BulletinJson;
let markdown: string;

beforeAll(async () => {
  database = await createTestDatabase();
  golden = readGolden();
  const workspace = await importWorkspaceText(database.db, goldenWorkspaceYaml(golden));
  await importFiguresText(database.db, workspace, goldenFiguresCsv(golden));
  bulletin = await buildBulletin(database.db, workspace, { period: { year: 2023, month: 12 }, issuedOn: golden.issuedOn, docSequence: 1 });
  json = toBulletinJson(bulletin);
  markdown = renderMarkdown(bulletin);
});

afterAll(() => database.destroy());

/** The body text (before the 附件 tables) and the tables, so a number can be checked in each. */
function bodyAndTables() {
  const cut = markdown.indexOf("\n---\n");
  return { body: markdown.slice(0, cut), tables: markdown.slice(cut) };
}

describe("Zhangye 2023-12 from the golden figures", () => {
  it("prints the header as the seed does", () => {
    expect(bulletin.header.docNumber).toBe(golden.docNumber);
    expect(bulletin.header.title).toBe("张掖市城镇老旧小区改造工作领导小组办公室关于2023年1--12月全市保障性安居工程进展情况的通报");
    expect(markdown).toContain("2024年1月9日");
    expect(markdown).toContain("截止12月底");
  });

  it("computes every expected whole-scope total", () => {
    for (const [id, expected] of Object.entries(golden.expected.totals)) {
      if (id in json.indicators) {
        const total = json.indicators[id]!.total;
        expect({ id, target: total.target, actual: total.actual, rate: total.rate }).toEqual({ id, target: expected.target, actual: expected.actual, rate: expected.rate });
        if (expected.targetText) expect(markdown).toContain(expected.targetText);
        if (expected.actualText) expect(markdown).toContain(expected.actualText);
        if (expected.targetText) expect(formatQuantity(total.target!, "万元")).toBe(expected.targetText);
      } else {
        const total = json.ratios[id]!.total;
        expect({ id, numerator: total.numerator, denominator: total.denominator, rate: total.rate }).toEqual({ id, numerator: expected.numerator, denominator: expected.denominator, rate: expected.rate });
      }
      expect(markdown).toContain(expected.rate);
    }
  });

  it("computes every expected unit rate, in the text and in the table", () => {
    const { body, tables } = bodyAndTables();
    for (const [id, units] of Object.entries(golden.expected.units)) {
      const rows = id in json.indicators ? json.indicators[id]!.units : json.ratios[id]!.units;
      for (const [unit, rate] of Object.entries(units)) {
        expect({ id, unit, rate: rows[unit]?.rate }).toEqual({ id, unit, rate });
        expect(body).toMatch(new RegExp(`${unit}[^；。]*${rate.replace(".", "\\.")}`));
        expect(tables).toMatch(new RegExp(`\\| ${unit} \\|[^\\n]*\\| ${rate.replace(".", "\\.")} \\|`));
      }
    }
  });

  it("never reproduces the seed's errors", () => {
    const { body, tables } = bodyAndTables();
    // 山丹县 到位资金: 8419 in the seed's text, 13459 in its table; only 13459 sums to 25480.
    expect(body).toContain("山丹县到位资金13459万元");
    expect(tables).toMatch(/\| 山丹县 \| 13459 \|/);
    expect(markdown).not.toContain("8419");
    // 33.3% was truncated; 23730/71100 = 33.376%
    expect(body).toContain("完成投资23730万元，完成投资率33.4%");
    expect(markdown).not.toContain("33.3%");
    // 高台县 294/260 = 113.08% → 113.1%, not 113%
    expect(body).toContain("高台县发放294户，完成率113.1%");
    expect(markdown).not.toMatch(/113%/);
    // 甘州区 1092.28/2021 = 54.05% → 54.0% → printed 54% in Zhangye's style, never 54.1%
    expect(body).toContain("甘州区到位资金2021万元，支出1092.28万元，支出率54%");
    expect(markdown).not.toContain("54.1%");
  });

  it("ranks units by rate, equal rates sharing a rank", () => {
    const ratio = json.ratios.zj_zhichulv!.units;
    expect(ratio["民乐县"]!.rank).toBe(1);
    expect(ratio["高台县"]!.rank).toBe(6);
    const households = json.indicators.lgxq_hu!.units;
    expect(Object.values(households).map((row) => row.rank)).toEqual([1, 1, 1, 1]);
  });

  it("gives no rate where there is no target", () => {
    expect(json.indicators.zj_daowei!.total.rate).toBeNull();
    expect(json.indicators.lgxq_touzi!.units["甘州区"]!.rate).toBeNull();
    expect(markdown).not.toMatch(/NaN|Infinity|undefined|null/);
  });

  it("derives the text and the tables from the same numbers", () => {
    const { body, tables } = bodyAndTables();
    for (const indicator of bulletin.indicators) {
      for (const row of indicator.units) {
        if (row.actual === null) continue;
        expect(body).toContain(`${indicator.name}${formatQuantity(row.actual, indicator.measure)}`);
        expect(tables).toContain(`| ${row.actual} |`);
      }
    }
  });
});
