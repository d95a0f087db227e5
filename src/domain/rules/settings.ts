// The workspace file's optional `rules:` key. Every rule can be switched off and tuned; an omitted key
// takes the default below. Unknown keys are refused so a misspelt rule name is not silently ignored.
import { z } from "zod";

const severity = z.enum(["info", "warning", "critical"]);
const keys = z.array(z.string().trim().min(1)).min(1, "至少列出一个指标");
const month = z.number().int().min(1, "月份应在 1 到 12 之间").max(12, "月份应在 1 到 12 之间");
const percent = z.number().min(0, "比例不能为负数").max(10_000);

const lateSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** also report a revision made after the deadline (late-revision) */
  revisions: z.boolean().default(true),
  severity: severity.default("warning"),
  revisionSeverity: severity.default("info"),
});

const curveSchema = z
  .array(z.number().min(0).max(1))
  .length(12, "进度曲线应有 12 个月的值")
  .refine((curve) => curve.every((share, i) => i === 0 || share >= (curve[i - 1] ?? 0)), "进度曲线应逐月不减");

const behindScheduleSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** indicator keys; omitted = every indicator with unit targets */
  indicators: keys.optional(),
  /** cumulative share of the year expected by the end of each month; omitted = N/12 */
  curve: curveSchema.optional(),
  /** percentage points a rate may fall short of the expectation before it is reported */
  tolerance: z.number().min(0).max(100).default(0),
  fromMonth: month.default(1),
  /** also report the whole scope when it is behind (全市开工率低于时序进度) */
  scope: z.boolean().default(true),
  severity: severity.default("warning"),
});

const thresholdSchema = z
  .strictObject({
    indicators: keys.optional(),
    /** match indicators by the name of their rate, e.g. 开工率 */
    rateNames: keys.optional(),
    /** percent: a rate below it is reported (60 = 60%) */
    minRate: percent,
    fromMonth: month.default(1),
  })
  .refine((t) => t.indicators !== undefined || t.rateNames !== undefined, "应给出 indicators 或 rateNames");

const belowThresholdSchema = z.strictObject({
  enabled: z.boolean().default(true),
  // Jilin's 1-9月 bulletin: 开工率不到60%. Earlier in the year behind-schedule says it better.
  thresholds: z.array(thresholdSchema).default([{ rateNames: ["开工率"], minRate: 60, fromMonth: 9 }]),
  severity: severity.default("warning"),
});

const zeroProgressSchema = z.strictObject({
  enabled: z.boolean().default(true),
  indicators: keys.optional(),
  /** nothing at the end of January is normal; from this month a zero is reported */
  fromMonth: month.default(3),
  severity: severity.default("critical"),
});

const subsidyNotPaidSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** the subsidy indicators (paid households and/or amount); omitted = those whose group contains groupKeyword */
  indicators: keys.optional(),
  groupKeyword: z.string().trim().min(1).default("租赁补贴"),
  /** quarter: checked at the end of March, June, September, December; month: every month */
  cadence: z.enum(["quarter", "month"]).default("quarter"),
  severity: severity.default("warning"),
});

const belowAverageSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** ratio or indicator keys; omitted = every ratio */
  subjects: keys.optional(),
  severity: severity.default("warning"),
});

const missedAnnualTargetSchema = z.strictObject({
  enabled: z.boolean().default(true),
  indicators: keys.optional(),
  month: month.default(12),
  scope: z.boolean().default(true),
  severity: severity.default("critical"),
});

const spendPairSchema = z.strictObject({ spend: z.string().trim().min(1), funds: z.string().trim().min(1) });

const anomaliesSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** a cumulative figure smaller than the last one reported this year */
  decrease: z.boolean().default(true),
  /** a value above this many times the annual target (0 = off) */
  targetMultiple: z.number().min(0).default(3),
  /** a value above this many times last month's cumulative figure (0 = off) */
  lastMonthMultiple: z.number().min(0).default(10),
  /** spend above funds arrived, as pairs of indicator keys */
  spendPairs: z.array(spendPairSchema).default([]),
  severity: severity.default("warning"),
});

const wordingSchema = z.strictObject({
  /** what the units are called when counted: 县区 (Zhangye), 市县 (Jilin); omitted = from the scope */
  unitNoun: z.string().trim().min(1).optional(),
  /**
   * more units than this: their rates are not listed one by one (分别为54%、52.4%…). The units
   * themselves are always all named: a problem names every unit it is about.
   */
  listLimit: z.number().int().min(1).default(10),
  /** 存在的问题 quotes the units' 情况说明 (answers to 督办 cards) after the problem they explain */
  quoteExplanations: z.boolean().default(false),
});

export const rulesSettingsSchema = z.strictObject({
  late: lateSchema.prefault({}),
  behindSchedule: behindScheduleSchema.prefault({}),
  belowThreshold: belowThresholdSchema.prefault({}),
  zeroProgress: zeroProgressSchema.prefault({}),
  subsidyNotPaid: subsidyNotPaidSchema.prefault({}),
  belowAverage: belowAverageSchema.prefault({}),
  missedAnnualTarget: missedAnnualTargetSchema.prefault({}),
  anomalies: anomaliesSchema.prefault({}),
  wording: wordingSchema.prefault({}),
});

export type RulesSettings = z.infer<typeof rulesSettingsSchema>;
/** What a workspace file may write under `rules:` (every key optional). */
export type RulesSettingsInput = z.input<typeof rulesSettingsSchema>;
export type AnomalySettings = RulesSettings["anomalies"];

export const defaultRulesSettings: RulesSettings = rulesSettingsSchema.parse({});

/** Where a settings problem is, relative to the `rules:` key: ["zeroProgress", "indicators", 1]. */
export interface RulesSettingsIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * Keys in the settings that the workspace does not define. The schema cannot know the workspace, so
 * the workspace file's validation calls this with its indicators and ratios (a WorkspaceModel fits).
 */
export function checkRulesSettings(
  settings: RulesSettings,
  workspace: { readonly indicators: readonly { readonly key: string }[]; readonly ratios: readonly { readonly key: string }[] },
): RulesSettingsIssue[] {
  const indicatorKeys = new Set(workspace.indicators.map((i) => i.key));
  const ratioKeys = new Set(workspace.ratios.map((r) => r.key));
  const issues: RulesSettingsIssue[] = [];
  const checkIndicators = (path: readonly (string | number)[], list: readonly string[] | undefined): void => {
    list?.forEach((key, i) => {
      if (!indicatorKeys.has(key)) issues.push({ path: [...path, i], message: `指标“${key}”不在 indicators 中` });
    });
  };
  checkIndicators(["behindSchedule", "indicators"], settings.behindSchedule.indicators);
  settings.belowThreshold.thresholds.forEach((t, i) => checkIndicators(["belowThreshold", "thresholds", i, "indicators"], t.indicators));
  checkIndicators(["zeroProgress", "indicators"], settings.zeroProgress.indicators);
  checkIndicators(["subsidyNotPaid", "indicators"], settings.subsidyNotPaid.indicators);
  checkIndicators(["missedAnnualTarget", "indicators"], settings.missedAnnualTarget.indicators);
  settings.belowAverage.subjects?.forEach((key, i) => {
    if (!indicatorKeys.has(key) && !ratioKeys.has(key)) {
      issues.push({ path: ["belowAverage", "subjects", i], message: `“${key}”既不是指标也不是比率` });
    }
  });
  settings.anomalies.spendPairs.forEach((pair, i) => {
    for (const side of ["spend", "funds"] as const) {
      if (!indicatorKeys.has(pair[side])) issues.push({ path: ["anomalies", "spendPairs", i, side], message: `指标“${pair[side]}”不在 indicators 中` });
    }
  });
  return issues;
}
