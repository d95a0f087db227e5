// Seed Zhangye 2023-12: 甘州区、高台县、肃南县补助资金拨付率低于全市平均水平 (golden belowAverage).
import { describe, expect, it } from "vitest";
import { computeRate } from "../../../src/domain/rate.ts";
import { describeProblems, findFindings } from "../../../src/domain/rules/index.ts";
import { readGolden } from "../../support/golden.ts";
import { zhangyeInput } from "./builders.ts";

const golden = readGolden();

describe("Zhangye 2023-12 (golden)", () => {
  const input = zhangyeInput(golden);
  const findings = findFindings(input);
  const belowAverage = findings.filter((f) => f.rule === "below-average" && f.indicator === "zj_zhichulv");

  it("names exactly the golden below-average units for 支出率", () => {
    expect(belowAverage.map((f) => f.unit)).toEqual(golden.expected.belowAverage.zj_zhichulv);
    expect(belowAverage.every((f) => f.state === "lagging")).toBe(true);
  });

  it("prints each unit's rate and the city's as the bulletin does", () => {
    const style = input.workspace.rate;
    for (const f of belowAverage) {
      const expectedRate = golden.expected.units.zj_zhichulv![f.unit]!;
      expect(f.figures.rate).toBe(expectedRate);
      expect(f.text).toContain(f.unit);
      expect(f.text).toContain(expectedRate);
      expect(f.text).toContain(`${f.figures.numerator}万元`);
      expect(f.text).toContain(`${f.figures.denominator}万元`);
      expect(f.text).toContain(`全市平均水平（${golden.expected.totals.zj_zhichulv!.rate}）`);
      expect(computeRate(f.figures.numerator as number, f.figures.denominator as number, style).text).toBe(expectedRate);
    }
    const ganzhou = belowAverage.find((f) => f.unit === "甘州区")!;
    // The seed's 54.1% was wrong; 1092.28 / 2021 = 54.05% → 54.0% → printed 54%.
    expect(ganzhou.text).toBe("甘州区保障性安居工程资金支出率54%（支出1092.28万元，到位资金2021万元），低于全市平均水平（59.5%）。");
  });

  it("words the problem as the seed does, units joined with 、", () => {
    const problems = describeProblems(findings, input.workspace);
    const paragraph = problems.find((p) => p.includes("支出率"));
    expect(paragraph).toBeDefined();
    expect(paragraph).toMatch(/^[一二三四五六七八九十]+是/);
    expect(paragraph).toContain("甘州区、高台县、肃南县支出率低于全市平均水平（59.5%），分别为54%、52.4%、55%。");
  });

  it("reports the city's 完成投资率 33.4% as a missed annual target, with the amounts as printed", () => {
    const scope = findings.find((f) => f.level === "scope" && f.indicator === "lgxq_touzi");
    expect(scope?.rule).toBe("missed-annual-target");
    expect(scope?.unit).toBe("全市");
    expect(scope?.text).toContain("7.11亿元");
    expect(scope?.text).toContain("23730万元");
    expect(scope?.text).toContain("33.4%");
  });

  it("uses the scope's own figure when only the total is known (棚改投资 3.15亿元 of 3.2亿元)", () => {
    const scope = findings.find((f) => f.level === "scope" && f.indicator === "pg_touzi");
    expect(scope?.figures.rate).toBe("98.4%");
    expect(scope?.text).toContain("3.2亿元");
    expect(scope?.text).toContain("3.15亿元");
  });

  it("gives units without a task for an indicator no rate finding for it", () => {
    const rateRules = new Set(["behind-schedule", "below-threshold", "zero-progress", "missed-annual-target", "subsidy-not-paid"]);
    for (const f of findings.filter((x) => rateRules.has(x.rule) && x.level === "unit")) {
      const indicator = golden.indicators.find((i) => i.id === f.indicator)!;
      expect(indicator.targets?.[f.unit] ?? 0).toBeGreaterThan(0);
    }
    // 甘州区 paid 1078 of 1100 households: the only unit short of its subsidy task.
    const missed = findings.filter((f) => f.rule === "missed-annual-target" && f.level === "unit");
    expect(missed.map((f) => [f.unit, f.indicator, f.figures.rate])).toEqual([["甘州区", "zlbt_hu", "98%"]]);
  });

  it("has no late findings when submissions are not tracked (figures from a CSV)", () => {
    expect(findings.some((f) => f.state === "late")).toBe(false);
  });
});
