// The workspace file's `rules:` key: every rule switchable and tunable, defaults from the README's "What counts as lagging".
import { describe, expect, it } from "vitest";
import { checkRulesSettings, defaultRulesSettings, rulesSettingsSchema } from "../../../src/domain/rules/index.ts";
import { makeWorkspace } from "./builders.ts";

describe("rulesSettingsSchema", () => {
  it("has every rule on by default, with the design's thresholds", () => {
    expect(defaultRulesSettings.late).toMatchObject({ enabled: true, revisions: true });
    expect(defaultRulesSettings.behindSchedule).toMatchObject({ enabled: true, tolerance: 0, scope: true });
    expect(defaultRulesSettings.behindSchedule.curve).toBeUndefined();
    expect(defaultRulesSettings.belowThreshold.thresholds).toEqual([{ rateNames: ["开工率"], minRate: 60, fromMonth: 9 }]);
    expect(defaultRulesSettings.zeroProgress).toMatchObject({ enabled: true, fromMonth: 3 });
    expect(defaultRulesSettings.subsidyNotPaid).toMatchObject({ enabled: true, cadence: "quarter", groupKeyword: "租赁补贴" });
    expect(defaultRulesSettings.missedAnnualTarget).toMatchObject({ enabled: true, month: 12 });
    expect(defaultRulesSettings.anomalies).toMatchObject({ enabled: true, decrease: true, targetMultiple: 3, lastMonthMultiple: 10, spendPairs: [] });
  });

  it("fills what a workspace file leaves out", () => {
    const settings = rulesSettingsSchema.parse({ behindSchedule: { tolerance: 5 }, belowAverage: { subjects: ["zj_zhichulv"] } });
    expect(settings.behindSchedule).toMatchObject({ enabled: true, tolerance: 5, fromMonth: 1 });
    expect(settings.belowAverage.subjects).toEqual(["zj_zhichulv"]);
    expect(settings.late.enabled).toBe(true);
  });

  it("refuses a misspelt rule or key, a bad curve and a threshold without indicators", () => {
    expect(rulesSettingsSchema.safeParse({ behindSchedul: {} }).success).toBe(false);
    expect(rulesSettingsSchema.safeParse({ late: { enable: false } }).success).toBe(false);
    expect(rulesSettingsSchema.safeParse({ behindSchedule: { curve: [0.5, 0.4, 0.6, 0.7, 0.8, 0.9, 0.9, 0.9, 0.9, 1, 1, 1] } }).success).toBe(false);
    expect(rulesSettingsSchema.safeParse({ behindSchedule: { curve: [0.5] } }).success).toBe(false);
    expect(rulesSettingsSchema.safeParse({ belowThreshold: { thresholds: [{ minRate: 60 }] } }).success).toBe(false);
    expect(rulesSettingsSchema.safeParse({ zeroProgress: { fromMonth: 13 } }).success).toBe(false);
  });

  it("names settings keys the workspace does not define", () => {
    const workspace = makeWorkspace({
      units: ["甲县"],
      indicators: [{ key: "kaigong", group: "棚户区改造", name: "开工", measure: "套" }],
      ratios: [{ key: "lv", name: "支出率", numerator: "kaigong", denominator: "kaigong" }],
    });
    const settings = rulesSettingsSchema.parse({
      zeroProgress: { indicators: ["kaigong", "kaigon"] },
      belowAverage: { subjects: ["lv", "nope"] },
      anomalies: { spendPairs: [{ spend: "kaigong", funds: "daowei" }] },
    });
    expect(checkRulesSettings(settings, workspace).map((i) => i.path)).toEqual([
      ["zeroProgress", "indicators", 1],
      ["belowAverage", "subjects", 1],
      ["anomalies", "spendPairs", 0, "funds"],
    ]);
    expect(checkRulesSettings(defaultRulesSettings, workspace)).toEqual([]);
  });
});
