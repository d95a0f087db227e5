// Suspect values (数据存疑): asked about on the card before storing, and reported apart from lagging.
import { describe, expect, it } from "vitest";
import { checkSubmission, defaultRulesSettings, describeProblems, findFindings, rulesSettingsSchema } from "../../../src/domain/rules/index.ts";
import { makeFigures, makeHistory, makeInput, makeTargets, makeWorkspace } from "./builders.ts";

const workspace = makeWorkspace({
  units: ["甘州区", "山丹县"],
  indicators: [
    { key: "zlbt_hu", group: "住房租赁补贴", name: "发放", measure: "户" },
    { key: "zj_daowei", group: "保障性安居工程资金", name: "到位资金", measure: "万元" },
    { key: "zj_zhichu", group: "保障性安居工程资金", name: "支出", measure: "万元" },
  ],
});
const settings = rulesSettingsSchema.parse({ anomalies: { spendPairs: [{ spend: "zj_zhichu", funds: "zj_daowei" }] } }).anomalies;
const [hu, daowei, zhichu] = workspace.indicators;

describe("checkSubmission", () => {
  it("asks about a cumulative figure below last month's, naming the field and both numbers", () => {
    const suspects = checkSubmission({
      indicators: workspace.indicators,
      values: new Map([["zlbt_hu", 1050]]),
      previous: new Map([["zlbt_hu", { month: 11, value: 1078 }]]),
      targets: new Map([["zlbt_hu", 1100]]),
      settings,
    });
    expect(suspects).toHaveLength(1);
    expect(suspects[0]).toMatchObject({ rule: "anomaly-decrease", indicator: "zlbt_hu", value: 1050 });
    expect(suspects[0]!.reason).toBe("「住房租赁补贴发放」填写累计1050户，少于11月底累计1078户，本项为全年累计数，不应少于上月，请核实后更正，或确认并说明原因。");
  });

  it("asks about a value many times the target, or many times last month's", () => {
    const suspects = checkSubmission({
      indicators: [hu!, daowei!],
      values: new Map([["zlbt_hu", 3400], ["zj_daowei", 25000]]),
      previous: new Map([["zj_daowei", { month: 5, value: 2000 }]]),
      targets: new Map([["zlbt_hu", 1100]]),
      settings,
    });
    expect(suspects.map((s) => [s.rule, s.indicator, s.figures.multiple])).toEqual([
      ["anomaly-spike", "zlbt_hu", "3"],
      ["anomaly-spike", "zj_daowei", "12.5"],
    ]);
    expect(suspects[1]!.reason).toContain("2.5亿元");
    expect(suspects[1]!.reason).toContain("5月底累计2000万元");
  });

  it("asks about spend above the funds arrived", () => {
    const suspects = checkSubmission({
      indicators: workspace.indicators,
      values: new Map([["zj_daowei", 8419], ["zj_zhichu", 9000]]),
      previous: new Map(),
      targets: new Map(),
      settings,
    });
    expect(suspects.map((s) => s.rule)).toEqual(["anomaly-spend-exceeds-funds"]);
    expect(suspects[0]!.reason).toContain("9000万元，超过到位资金8419万元");
  });

  it("accepts ordinary figures, and asks nothing when switched off", () => {
    const ordinary = { indicators: [hu!, zhichu!, daowei!], values: new Map([["zlbt_hu", 1100], ["zj_daowei", 2021], ["zj_zhichu", 1092.28]]), previous: new Map([["zlbt_hu", { month: 11, value: 1000 }]]), targets: new Map([["zlbt_hu", 1100]]) };
    expect(checkSubmission({ ...ordinary, settings })).toEqual([]);
    const off = { ...defaultRulesSettings.anomalies, enabled: false };
    expect(checkSubmission({ ...ordinary, values: new Map([["zlbt_hu", 10]]), settings: off })).toEqual([]);
  });
});

describe("anomalies in the engine", () => {
  const targets = makeTargets({ zlbt_hu: { 甘州区: 1100, 山丹县: 600 } });
  const history = makeHistory(2023, {
    11: makeFigures({ 甘州区: { zlbt_hu: 1078 }, 山丹县: { zlbt_hu: 580 } }),
    12: makeFigures({ 甘州区: { zlbt_hu: 1050 }, 山丹县: { zlbt_hu: 608, zj_daowei: 8419, zj_zhichu: 9000 } }),
  });
  const base = { workspace, targets, history, period: { year: 2023, month: 12 }, settings: { anomalies: { spendPairs: [{ spend: "zj_zhichu", funds: "zj_daowei" }] } } };

  it("reports suspect values as suspect, naming the unit and the numbers", () => {
    const suspect = findFindings(makeInput(base)).filter((f) => f.state === "suspect");
    expect(suspect.map((f) => [f.rule, f.unit])).toEqual([
      ["anomaly-decrease", "甘州区"],
      ["anomaly-spend-exceeds-funds", "山丹县"],
    ]);
    expect(suspect[0]!.text).toBe("甘州区住房租赁补贴发放累计1050户，少于11月底累计1078户，数据存疑，请核实。");
  });

  it("keeps a confirmed value's explanation with the finding", () => {
    const explanations = new Map([["甘州区", new Map([["zlbt_hu", "28户退出保障，已追回补贴"]])]]);
    const f = findFindings(makeInput({ ...base, explanations })).find((x) => x.rule === "anomaly-decrease")!;
    expect(f.explanation).toBe("28户退出保障，已追回补贴");
    expect(f.text).toContain("甘州区已确认并说明：28户退出保障，已追回补贴");
  });

  it("puts suspect values in their own paragraph (数据存疑), never among the lagging", () => {
    const findings = findFindings(makeInput(base));
    const problems = describeProblems(findings, workspace);
    const suspectParagraphs = problems.filter((p) => p.includes("数据存疑"));
    expect(suspectParagraphs).toHaveLength(1);
    expect(suspectParagraphs[0]).toMatch(/^[一二三四五六七八九十]+是部分上报数据存疑，请相关县区核实。甘州区.*山丹县.*$/);
    expect(problems.filter((p) => !p.includes("数据存疑")).some((p) => p.includes("1050户"))).toBe(false);
  });
});
