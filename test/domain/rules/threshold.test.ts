// Seed Jilin: 梨树县、靖宇县开工进展缓慢，开工率不到60%. And: no target, no rate, no rate finding.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeRate } from "../../../src/domain/rate.ts";
import { describeProblems, findFindings } from "../../../src/domain/rules/index.ts";
import { makeFigures, makeHistory, makeInput, makeTargets, makeWorkspace } from "./builders.ts";

const indicators = [{ key: "pg_kaigong", group: "棚户区改造", name: "开工", measure: "套" }];

describe("开工率 below 60% (default threshold, from September)", () => {
  const units = ["长春市", "梨树县", "通化市", "靖宇县", "延吉市", "白城市", "抚松县"];
  const workspace = makeWorkspace({ scope: "全省", units, indicators });
  // 通化市 59.96% prints 60% and is not below it; 白城市 has target 0 and 抚松县 none.
  const targets = makeTargets({ pg_kaigong: { 长春市: 1000, 梨树县: 1000, 通化市: 2500, 靖宇县: 500, 延吉市: 400, 白城市: 0 } });
  const figures = makeFigures({
    长春市: { pg_kaigong: 1100 },
    梨树县: { pg_kaigong: 523 },
    通化市: { pg_kaigong: 1499 },
    靖宇县: { pg_kaigong: 240 },
    延吉市: { pg_kaigong: 240 },
    白城市: { pg_kaigong: 0 },
    抚松县: { pg_kaigong: 0 },
  });
  const history = makeHistory(2022, { 9: figures });
  const findings = findFindings(makeInput({ workspace, targets, history, period: { year: 2022, month: 9 } }));
  const below = findings.filter((f) => f.rule === "below-threshold");

  it("flags exactly the units below 60%", () => {
    expect(below.map((f) => f.unit)).toEqual(["梨树县", "靖宇县"]);
  });

  it("prints the unit's figures and rate as computeRate does", () => {
    const lishu = below[0]!;
    const rate = computeRate(523, 1000, workspace.rate).text!;
    expect(rate).toBe("52.3%");
    expect(lishu.text).toBe(`梨树县棚户区改造开工年度任务1000套，截至9月底开工523套，开工率${rate}，不到60%。`);
  });

  it("does not also report them as behind schedule", () => {
    // 通化市 (60%) and 延吉市 (60%) are behind 75% but not below 60%; 梨树县 and 靖宇县 are named once.
    expect(findings.filter((f) => f.level === "unit" && f.rule === "behind-schedule").map((f) => f.unit)).toEqual(["通化市", "延吉市"]);
  });

  it("words the paragraph as the seed does", () => {
    expect(describeProblems(below, workspace)).toEqual(["一是梨树县、靖宇县棚户区改造开工进展缓慢，开工率不到60%，分别为52.3%、48%。"]);
  });

  it("is quiet before its first month", () => {
    const june = findFindings(makeInput({ workspace, targets, history: makeHistory(2022, { 6: figures }), period: { year: 2022, month: 6 } }));
    expect(june.some((f) => f.rule === "below-threshold")).toBe(false);
  });

  it("can name indicators by key and set its own minimum", () => {
    const found = findFindings(
      makeInput({ workspace, targets, history, period: { year: 2022, month: 9 }, settings: { belowThreshold: { thresholds: [{ indicators: ["pg_kaigong"], minRate: 100 }] } } }),
    );
    expect(found.filter((f) => f.rule === "below-threshold").map((f) => f.unit)).toEqual(["梨树县", "通化市", "靖宇县", "延吉市"]);
  });
});

describe("property: rate rules only ever name units with a positive target", () => {
  const units = ["甲县", "乙县", "丙县", "丁县", "戊县"];
  const rateRules = new Set(["behind-schedule", "below-threshold", "zero-progress", "missed-annual-target", "subsidy-not-paid"]);
  const workspace = makeWorkspace({
    units,
    indicators: [
      { key: "kaigong", group: "棚户区改造", name: "开工", measure: "套" },
      { key: "zlbt_hu", group: "住房租赁补贴", name: "发放", measure: "户" },
    ],
    ratios: [{ key: "lv", name: "发放率", numerator: "zlbt_hu", denominator: "kaigong" }],
  });
  const target = fc.option(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5000 })), { nil: undefined });
  const value = fc.option(fc.integer({ min: 0, max: 6000 }), { nil: undefined });

  it("holds for any targets and figures, every month", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ kaigong: target, zlbt_hu: target }), { minLength: 5, maxLength: 5 }),
        fc.array(fc.record({ kaigong: value, zlbt_hu: value }), { minLength: 5, maxLength: 5 }),
        fc.integer({ min: 1, max: 12 }),
        (targetRows, valueRows, month) => {
          const byIndicator: Record<string, Record<string, number>> = { kaigong: {}, zlbt_hu: {} };
          targetRows.forEach((row, i) => {
            for (const key of ["kaigong", "zlbt_hu"] as const) if (row[key] !== undefined) byIndicator[key]![units[i]!] = row[key];
          });
          const figures: Record<string, Record<string, number>> = {};
          valueRows.forEach((row, i) => {
            for (const key of ["kaigong", "zlbt_hu"] as const) if (row[key] !== undefined) (figures[units[i]!] ??= {})[key] = row[key];
          });
          const found = findFindings(
            makeInput({ workspace, targets: makeTargets(byIndicator), history: makeHistory(2023, { [month]: makeFigures(figures) }), period: { year: 2023, month } }),
          );
          for (const f of found) {
            if (!rateRules.has(f.rule) || f.level !== "unit") continue;
            expect(byIndicator[f.indicator!]![f.unit] ?? 0).toBeGreaterThan(0);
          }
          // A rate finding always prints a rate: never NaN, Infinity or an empty rate.
          for (const f of found) expect(f.text).not.toMatch(/NaN|Infinity|undefined|null/);
        },
      ),
    );
  });
});
